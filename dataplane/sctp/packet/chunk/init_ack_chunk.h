#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// INIT ACK chunk, RFC 9260 section 3.3.3.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 2    |  Chunk Flags  |         Chunk Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Initiate Tag                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Advertised Receiver Window Credit (a_rwnd)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Number of Outbound Streams   |   Number of Inbound Streams   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                          Initial TSN                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /              Optional/Variable-Length Parameters              /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Same layout as INIT; the parameters add the State Cookie and Unrecognized
// Parameter (section 3.3.3.1), looked up with parameters.Find<T>().
// Parsing and writing are shared with InitChunk (init_fields.h).
struct InitAckChunk {
  static constexpr ChunkType kType = ChunkType::kInitAck;
  static constexpr size_t kHeaderSize = 20;

  VerificationTag initiate_tag{};
  uint32_t a_rwnd = 0;
  uint16_t outbound_streams = 0;
  uint16_t inbound_streams = 0;
  Tsn initial_tsn{};
  TlvList parameters{};  // WireKind::kParameter

  static ParseResult<InitAckChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + parameters.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const InitAckChunk&, const InitAckChunk&) = default;
};

}  // namespace sctpdp
