#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// COOKIE ACK chunk, RFC 9260 section 3.3.12.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 11   |  Chunk Flags  |          Length = 4           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Acknowledges a COOKIE ECHO: the association is established. No value;
// the flags are written as zero and ignored on receipt.
struct CookieAckChunk {
  static constexpr ChunkType kType = ChunkType::kCookieAck;
  static constexpr size_t kHeaderSize = 4;

  static ParseResult<CookieAckChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const { return "COOKIE ACK"; }

  friend bool operator==(const CookieAckChunk&, const CookieAckChunk&) = default;
};

}  // namespace sctpdp
