#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// CWR (Congestion Window Reduced) chunk. RFC 9260 section 3.2 (Table 1)
// reserves type 13 for ECN; the layout is the one of RFC 4960 appendix A.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 13   |  Chunk Flags  |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Lowest TSN Number                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Answers an ECNE: the sender has reduced its congestion window, and
// lowest_tsn repeats the TSN the ECNE carried.
// Exactly 8 bytes, as RFC 4960 appendix A draws it.
struct CwrChunk {
  static constexpr ChunkType kType = ChunkType::kCwr;
  static constexpr size_t kHeaderSize = 8;

  Tsn lowest_tsn{};

  static ParseResult<CwrChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const CwrChunk&, const CwrChunk&) = default;
};

}  // namespace sctpdp
