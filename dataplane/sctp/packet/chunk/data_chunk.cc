#include "dataplane/sctp/packet/chunk/data_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

std::string DataChunk::ToString() const {
  return fmt::format("DATA tsn={} sid={} ssn={} ppid={} len={} flags={}", tsn.value(),
                     stream_id.value(), ssn.value(), ppid.value(), payload.size(),
                     flags.ToString());
}

bool operator==(const DataChunk& a, const DataChunk& b) {
  return a.flags == b.flags && a.tsn == b.tsn && a.stream_id == b.stream_id && a.ssn == b.ssn &&
         a.ppid == b.ppid && BytesEqual(a.payload, b.payload);
}

}  // namespace sctpdp
