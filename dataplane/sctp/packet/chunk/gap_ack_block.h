#pragma once

#include <cstddef>
#include <cstdint>

namespace sctpdp {

// One Gap Ack Block of a SACK chunk, RFC 9260 section 3.3.4: the TSNs from
// cumulative TSN ack + start to cumulative TSN ack + end (inclusive) were
// received. Offsets, not TSNs, so the block is 4 bytes on the wire.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// A WireList element (see wire_list.h). Blocks with start > end or that
// overlap are kept as received; judging them is the engine's job.
struct GapAckBlock {
  static constexpr size_t kWireSize = 4;

  uint16_t start = 0;
  uint16_t end = 0;

  static GapAckBlock Decode(const uint8_t* p) {
    return GapAckBlock{.start = static_cast<uint16_t>((p[0] << 8) | p[1]),
                       .end = static_cast<uint16_t>((p[2] << 8) | p[3])};
  }
  void Encode(uint8_t* p) const {
    p[0] = static_cast<uint8_t>(start >> 8);
    p[1] = static_cast<uint8_t>(start);
    p[2] = static_cast<uint8_t>(end >> 8);
    p[3] = static_cast<uint8_t>(end);
  }

  friend constexpr bool operator==(GapAckBlock, GapAckBlock) = default;
};

}  // namespace sctpdp
