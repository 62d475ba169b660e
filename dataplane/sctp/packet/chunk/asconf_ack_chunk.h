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

// ASCONF-ACK chunk, RFC 5061 section 4.1.2.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0x80   |  Chunk Flags  |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     Sequence Number                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 ASCONF Parameter Response#1                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                             ....                              /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 ASCONF Parameter Response#N                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The list of responses may be empty: an ASCONF-ACK of length 8 reports
// success for every request of the acknowledged ASCONF (RFC 5061 section
// 4.1.2).
struct AsconfAckChunk {
  static constexpr ChunkType kType = ChunkType::kAsconfAck;
  static constexpr size_t kHeaderSize = 8;

  AsconfSerial serial_number{};
  TlvList parameters{};  // WireKind::kParameter

  static ParseResult<AsconfAckChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + parameters.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  // "ASCONF ACK serial=5 params=[Success Indication]"; a type without a name
  // prints as hex.
  std::string ToString() const;

  friend bool operator==(const AsconfAckChunk&, const AsconfAckChunk&) = default;
};

}  // namespace sctpdp
