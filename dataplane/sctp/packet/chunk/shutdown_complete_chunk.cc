#include "dataplane/sctp/packet/chunk/shutdown_complete_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<ShutdownCompleteChunk> ShutdownCompleteChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  // The seven reserved flag bits are ignored on receipt.
  return ShutdownCompleteChunk{.tag_reflected = (reader.Load8<1>() & kTagReflectedFlag) != 0};
}

void ShutdownCompleteChunk::SerializeTo(std::span<uint8_t> out) const {
  WriteChunkHeader(out, static_cast<uint8_t>(kType), tag_reflected ? kTagReflectedFlag : 0,
                   kHeaderSize);
}

std::string ShutdownCompleteChunk::ToString() const {
  return fmt::format("SHUTDOWN COMPLETE T={}", tag_reflected ? 1 : 0);
}

}  // namespace sctpdp
