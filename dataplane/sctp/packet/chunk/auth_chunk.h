#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// AUTH chunk, RFC 4895 section 5.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0x0F   |   Flags=0     |             Length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Shared Key Identifier      |        HMAC Identifier        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// /                             HMAC                              /
// /                                                               /
// /                               +-------------------------------/
// |                               |           Padding             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The length is the HMAC length plus 8. The HMAC views the parsed packet;
// whether its length fits the HMAC identifier, and whether the identifier is
// known, is checked by the authentication code (RFC 4895 section 6.3), not
// here. To compute the HMAC, the sender serializes the chunk with an all-zero
// HMAC of the right length (RFC 4895 section 6.2).
struct AuthChunk {
  static constexpr ChunkType kType = ChunkType::kAuth;
  static constexpr size_t kHeaderSize = 8;

  uint16_t shared_key_id = 0;
  uint16_t hmac_id = 0;
  std::span<const uint8_t> hmac{};

  static ParseResult<AuthChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + hmac.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  // "AUTH key_id=0 hmac_id=1 hmac=<hex, first 16 bytes>..."
  std::string ToString() const;

  friend bool operator==(const AuthChunk& a, const AuthChunk& b);
};

}  // namespace sctpdp
