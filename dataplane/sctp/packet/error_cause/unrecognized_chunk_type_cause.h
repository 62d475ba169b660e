#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/error_cause/opaque_cause.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Unrecognized Chunk Type, RFC 9260 section 3.3.10.6.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Cause Code = 6        |          Cause Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                       Unrecognized Chunk                      /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The information views the parsed bytes (or the caller's, when building) and
// is kept raw: see opaque_cause.h.
struct UnrecognizedChunkTypeCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kUnrecognizedChunkType;
  static constexpr size_t kHeaderSize = kOpaqueCauseHeaderSize;

  // The unrecognized chunk as it was received, chunk header included.
  std::span<const uint8_t> chunk;

  static ParseResult<UnrecognizedChunkTypeCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + chunk.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const UnrecognizedChunkTypeCause& a, const UnrecognizedChunkTypeCause& b);
};

}  // namespace sctpdp
