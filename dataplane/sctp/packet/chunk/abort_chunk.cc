#include "dataplane/sctp/packet/chunk/abort_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/chunk/tlv_list_names.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<AbortChunk> AbortChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  auto causes = TlvList::Parse(reader.variable_data(), WireKind::kErrorCause);
  if (!causes.ok()) return causes.error().At(kHeaderSize);
  // The seven reserved flag bits are ignored on receipt.
  return AbortChunk{.tag_reflected = (reader.Load8<1>() & kTagReflectedFlag) != 0,
                    .error_causes = *causes};
}

void AbortChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), tag_reflected ? kTagReflectedFlag : 0,
                   WireSize());
  error_causes.SerializeTo(writer.variable_data());
}

std::string AbortChunk::ToString() const {
  return fmt::format("ABORT T={} causes=[{}]", tag_reflected ? 1 : 0, TlvListNames(error_causes));
}

}  // namespace sctpdp
