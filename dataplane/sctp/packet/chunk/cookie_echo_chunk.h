#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// COOKIE ECHO chunk, RFC 9260 section 3.3.11.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 10   |  Chunk Flags  |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                            Cookie                             /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The cookie is the value of the State Cookie parameter of the INIT ACK,
// echoed unchanged; it is opaque here and views the parsed bytes (or, when
// building, the stored cookie). An empty cookie is well framed and parses;
// the engine rejects it when it fails to validate.
struct CookieEchoChunk {
  static constexpr ChunkType kType = ChunkType::kCookieEcho;
  static constexpr size_t kHeaderSize = 4;

  std::span<const uint8_t> cookie{};

  static ParseResult<CookieEchoChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + cookie.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const CookieEchoChunk& a, const CookieEchoChunk& b);
};

}  // namespace sctpdp
