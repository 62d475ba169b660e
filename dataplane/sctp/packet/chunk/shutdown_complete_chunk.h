#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// SHUTDOWN COMPLETE chunk, RFC 9260 section 3.3.13.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 14   |  Reserved   |T|          Length = 4           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Acknowledges a SHUTDOWN ACK. T set means the packet reflects the
// verification tag of the SHUTDOWN ACK it answers (section 8.5.1).
struct ShutdownCompleteChunk {
  static constexpr ChunkType kType = ChunkType::kShutdownComplete;
  static constexpr size_t kHeaderSize = 4;
  static constexpr uint8_t kTagReflectedFlag = 0x01;

  bool tag_reflected = false;

  static ParseResult<ShutdownCompleteChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const ShutdownCompleteChunk&, const ShutdownCompleteChunk&) = default;
};

}  // namespace sctpdp
