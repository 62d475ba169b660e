#include "dataplane/sctp/packet/chunk/cwr_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<CwrChunk> CwrChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return CwrChunk{.lowest_tsn = Tsn(reader.Load32<4>())};
}

void CwrChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, kHeaderSize);
  writer.Store32<4>(lowest_tsn.value());
}

std::string CwrChunk::ToString() const {
  return fmt::format("CWR lowest_tsn={}", lowest_tsn.value());
}

}  // namespace sctpdp
