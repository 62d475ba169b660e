#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// SHUTDOWN chunk, RFC 9260 section 3.3.8.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 7    |  Chunk Flags  |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Cumulative TSN Ack                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Starts a graceful close and acknowledges in-order data up to the TSN. It
// has no gap blocks, so its receiver must not read their absence as
// reneging (section 3.3.8).
struct ShutdownChunk {
  static constexpr ChunkType kType = ChunkType::kShutdown;
  static constexpr size_t kHeaderSize = 8;

  Tsn cumulative_tsn_ack{};

  static ParseResult<ShutdownChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const ShutdownChunk&, const ShutdownChunk&) = default;
};

}  // namespace sctpdp
