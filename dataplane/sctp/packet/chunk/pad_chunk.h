#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// PAD chunk, RFC 4820 section 3.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0x84   |   Flags=0     |             Length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// /                         Padding Data                          /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The receiver ignores the Padding Data, so its bytes are kept as they are
// (not required to be zero) and round-trip unchanged; any length from the
// bare header up parses.
struct PadChunk {
  static constexpr ChunkType kType = ChunkType::kPad;
  static constexpr size_t kHeaderSize = 4;

  std::span<const uint8_t> padding{};

  static ParseResult<PadChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + padding.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  // "PAD len=12" (the Padding Data length).
  std::string ToString() const;

  friend bool operator==(const PadChunk& a, const PadChunk& b);
};

}  // namespace sctpdp
