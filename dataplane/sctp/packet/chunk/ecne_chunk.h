#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// ECNE (ECN Echo) chunk. RFC 9260 section 3.2 (Table 1) reserves type 12
// for ECN; the layout is the one of RFC 4960 appendix A.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 12   |  Chunk Flags  |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Lowest TSN Number                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Tells the data sender that a packet whose lowest TSN is lowest_tsn arrived
// with the CE codepoint set (RFC 3168); it repeats until a CWR answers it.
// Exactly 8 bytes, as RFC 4960 appendix A draws it.
struct EcneChunk {
  static constexpr ChunkType kType = ChunkType::kEcne;
  static constexpr size_t kHeaderSize = 8;

  Tsn lowest_tsn{};

  static ParseResult<EcneChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const EcneChunk&, const EcneChunk&) = default;
};

}  // namespace sctpdp
