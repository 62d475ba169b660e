#include "dataplane/sctp/packet/chunk/shutdown_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<ShutdownChunk> ShutdownChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return ShutdownChunk{.cumulative_tsn_ack = Tsn(reader.Load32<4>())};
}

void ShutdownChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, kHeaderSize);
  writer.Store32<4>(cumulative_tsn_ack.value());
}

std::string ShutdownChunk::ToString() const {
  return fmt::format("SHUTDOWN cum_tsn={}", cumulative_tsn_ack.value());
}

}  // namespace sctpdp
