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

// The layout INIT (RFC 9260 section 3.3.2) and INIT ACK (section 3.3.3)
// share: after the chunk header, five fixed fields and a parameter list.
// InitChunk and InitAckChunk keep their own fields (so both are plain
// aggregates) and go through InitFields for parsing, writing and printing.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Type = 1/2   |  Chunk Flags  |         Chunk Length          |
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
struct InitFields {
  static constexpr size_t kHeaderSize = 20;

  VerificationTag initiate_tag{};
  uint32_t a_rwnd = 0;
  uint16_t outbound_streams = 0;
  uint16_t inbound_streams = 0;
  Tsn initial_tsn{};
  TlvList parameters{};

  friend bool operator==(const InitFields&, const InitFields&) = default;
};

// Parses an INIT (type kInit) or INIT ACK (kInitAck); `data` as for any
// wire object's Parse. Zero streams or a zero tag parse: rejecting them is
// the engine's job (RFC 9260 section 3.3.2).
ParseResult<InitFields> ParseInitFields(ChunkType type, std::span<const uint8_t> data);

// Writes the chunk, kHeaderSize + parameters.WireSize() bytes, flags zero.
void SerializeInitFields(ChunkType type, const InitFields& fields, std::span<uint8_t> out);

// "tag=0x0000abcd a_rwnd=... out_streams=... in_streams=... initial_tsn=... params=[...]".
std::string InitFieldsToString(const InitFields& fields);

// Conversions for InitChunk and InitAckChunk, which have the same fields.
template <typename Chunk>
InitFields ToInitFields(const Chunk& chunk) {
  return InitFields{.initiate_tag = chunk.initiate_tag,
                    .a_rwnd = chunk.a_rwnd,
                    .outbound_streams = chunk.outbound_streams,
                    .inbound_streams = chunk.inbound_streams,
                    .initial_tsn = chunk.initial_tsn,
                    .parameters = chunk.parameters};
}

template <typename Chunk>
Chunk FromInitFields(const InitFields& fields) {
  return Chunk{.initiate_tag = fields.initiate_tag,
               .a_rwnd = fields.a_rwnd,
               .outbound_streams = fields.outbound_streams,
               .inbound_streams = fields.inbound_streams,
               .initial_tsn = fields.initial_tsn,
               .parameters = fields.parameters};
}

}  // namespace sctpdp
