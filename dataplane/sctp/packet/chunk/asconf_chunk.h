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

// ASCONF chunk, RFC 5061 section 4.1.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0xC1   |  Chunk Flags  |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Sequence Number                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Address Parameter                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     ASCONF Parameter #1                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                             ....                              /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     ASCONF Parameter #N                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// `parameters` holds everything after the sequence number: the mandatory
// Address Parameter first, then the ASCONF parameters. The Address
// Parameter is part of the chunk's layout (RFC 5061 section 4.1.1: it "MUST
// be present in every ASCONF"), so Parse rejects a chunk whose first field is
// not an IPv4 (5) or IPv6 (6) Address Parameter with kBadValue at that
// field's offset (8, also when the list is empty). The address itself and the
// request parameters are parsed by their own wire objects, through
// address() and the list. When building, the caller's list must start with
// the Address Parameter.
struct AsconfChunk {
  static constexpr ChunkType kType = ChunkType::kAsconf;
  static constexpr size_t kHeaderSize = 8;

  AsconfSerial serial_number{};
  TlvList parameters{};  // WireKind::kParameter, Address Parameter first

  static ParseResult<AsconfChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + parameters.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  // "ASCONF serial=5 params=[IPv4 Address,Add IP Address]"; a type without a
  // name prints as hex.
  std::string ToString() const;

  // The Address Parameter: the first field of `parameters`. Aborts if the
  // list is empty, which a parsed chunk never is.
  TlvList::Field address() const;

  friend bool operator==(const AsconfChunk&, const AsconfChunk&) = default;
};

}  // namespace sctpdp
