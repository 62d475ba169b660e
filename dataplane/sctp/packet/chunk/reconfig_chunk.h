#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// RE-CONFIG chunk, RFC 6525 section 3.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 130    |  Chunk Flags  |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                  Re-configuration Parameter                   /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /             Re-configuration Parameter (optional)             /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The parser checks only the framing of the parameters. Which one or two
// request/response parameters may appear together is a protocol rule, and a
// chunk that breaks it (including one with no parameter) is answered with a
// Protocol Violation error by the engine (RFC 6525 section 3.1), so such a
// chunk still parses.
struct ReconfigChunk {
  static constexpr ChunkType kType = ChunkType::kReconfig;
  static constexpr size_t kHeaderSize = 4;

  TlvList parameters{};  // WireKind::kParameter

  static ParseResult<ReconfigChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + parameters.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  // "RE-CONFIG params=[Outgoing SSN Reset Request,Re-configuration Response]";
  // a type without a name prints as hex.
  std::string ToString() const;

  friend bool operator==(const ReconfigChunk&, const ReconfigChunk&) = default;
};

}  // namespace sctpdp
