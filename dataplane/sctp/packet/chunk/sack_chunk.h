#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/chunk/gap_ack_block.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// SACK chunk, RFC 9260 section 3.3.4.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 3    |  Chunk Flags  |         Chunk Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Cumulative TSN Ack                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Advertised Receiver Window Credit (a_rwnd)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                              ...                              /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Gap Ack Block #N Start     |     Gap Ack Block #N End      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                        Duplicate TSN 1                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                              ...                              /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                        Duplicate TSN M                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Both lists view the parsed bytes (or the caller's arrays when building),
// so handling a SACK does not allocate. The two counts must account for the
// whole chunk: a length other than 16 + 4 * (N + M) is kBadLength.
struct SackChunk {
  static constexpr ChunkType kType = ChunkType::kSack;
  static constexpr size_t kHeaderSize = 16;

  Tsn cumulative_tsn_ack{};
  uint32_t a_rwnd = 0;
  WireList<GapAckBlock> gap_ack_blocks{};
  WireList<Tsn> duplicate_tsns{};

  static ParseResult<SackChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const {
    return kHeaderSize + gap_ack_blocks.WireSize() + duplicate_tsns.WireSize();
  }
  void SerializeTo(std::span<uint8_t> out) const;
  // "SACK cum_tsn=5 a_rwnd=1500 gaps=[2-3,5-5] dups=[7]".
  std::string ToString() const;

  friend bool operator==(const SackChunk&, const SackChunk&) = default;
};

}  // namespace sctpdp
