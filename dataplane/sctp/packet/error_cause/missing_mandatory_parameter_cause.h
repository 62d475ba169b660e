#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Missing Mandatory Parameter, RFC 9260 section 3.3.10.2: an INIT or INIT ACK
// chunk lacked one or more mandatory parameters.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 2         |   Cause Length = 8 + N * 2    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 Number of missing params = N                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Missing Param Type #1     |     Missing Param Type #2     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Missing Param Type #N-1    |     Missing Param Type #N     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The count is not stored: it is derived from the list, and Parse rejects a
// count that disagrees with the Cause Length (kBadLength at the length
// field), since the two cannot both be right. With N odd the cause ends two
// bytes short of a word and is padded like any TLV.
struct MissingMandatoryParameterCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kMissingMandatoryParameter;
  static constexpr size_t kHeaderSize = 8;

  // Parameter types as numbers: a peer may name types this stack does not
  // know.
  WireList<uint16_t> missing_types;

  static ParseResult<MissingMandatoryParameterCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + missing_types.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const MissingMandatoryParameterCause&,
                         const MissingMandatoryParameterCause&) = default;
};

}  // namespace sctpdp
