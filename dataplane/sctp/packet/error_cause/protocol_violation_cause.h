#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/error_cause/opaque_cause.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Protocol Violation, RFC 9260 section 3.3.10.13.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 13        |          Cause Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                     Additional Information                    /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The information views the parsed bytes (or the caller's, when building) and
// is kept raw: see opaque_cause.h.
struct ProtocolViolationCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kProtocolViolation;
  static constexpr size_t kHeaderSize = kOpaqueCauseHeaderSize;

  // What kind of protocol violation was detected, in a form the RFC leaves
  // to the implementation.
  std::span<const uint8_t> additional_information;

  static ParseResult<ProtocolViolationCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + additional_information.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const ProtocolViolationCause& a, const ProtocolViolationCause& b);
};

}  // namespace sctpdp
