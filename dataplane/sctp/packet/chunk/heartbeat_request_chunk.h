#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// HEARTBEAT chunk, RFC 9260 section 3.3.5.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 4    |  Chunk Flags  |       Heartbeat Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /          Heartbeat Information TLV (Variable-Length)          /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Sent to probe a destination address (section 8.3).
// The value is a parameter list holding the Heartbeat Info parameter
// (type 1); whether it is there is checked by the engine, which reads it
// with parameters.Find<HeartbeatInfoParameter>().
struct HeartbeatRequestChunk {
  static constexpr ChunkType kType = ChunkType::kHeartbeat;
  static constexpr size_t kHeaderSize = 4;

  TlvList parameters{};  // WireKind::kParameter

  static ParseResult<HeartbeatRequestChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + parameters.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const HeartbeatRequestChunk&, const HeartbeatRequestChunk&) = default;
};

}  // namespace sctpdp
