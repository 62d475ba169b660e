#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Invalid Mandatory Parameter, RFC 9260 section 3.3.10.7: a mandatory
// parameter of an INIT or INIT ACK chunk holds an invalid value; there is
// no cause-specific information.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Cause Code = 7        |        Cause Length = 4       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct InvalidMandatoryParameterCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kInvalidMandatoryParameter;
  static constexpr size_t kHeaderSize = 4;

  static ParseResult<InvalidMandatoryParameterCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const InvalidMandatoryParameterCause&,
                         const InvalidMandatoryParameterCause&) = default;
};

}  // namespace sctpdp
