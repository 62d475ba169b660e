#include "dataplane/sctp/packet/chunk/cookie_ack_chunk.h"

#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<CookieAckChunk> CookieAckChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  return CookieAckChunk{};
}

void CookieAckChunk::SerializeTo(std::span<uint8_t> out) const {
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, kHeaderSize);
}

}  // namespace sctpdp
