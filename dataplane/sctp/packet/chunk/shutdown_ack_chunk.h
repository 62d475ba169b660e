#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// SHUTDOWN ACK chunk, RFC 9260 section 3.3.9.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 8    |  Chunk Flags  |          Length = 4           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Acknowledges a SHUTDOWN once all outstanding data is acked (section
// 9.2). No value; the flags are written as zero and ignored on receipt.
struct ShutdownAckChunk {
  static constexpr ChunkType kType = ChunkType::kShutdownAck;
  static constexpr size_t kHeaderSize = 4;

  static ParseResult<ShutdownAckChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const { return "SHUTDOWN ACK"; }

  friend bool operator==(const ShutdownAckChunk&, const ShutdownAckChunk&) = default;
};

}  // namespace sctpdp
