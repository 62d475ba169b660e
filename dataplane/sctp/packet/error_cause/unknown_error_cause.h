#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// An error cause of a code this stack does not know (RFC 9260 section 15.4
// lets IANA assign more), kept whole so it can be reported or relayed.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Cause Code           |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                  Cause-Specific Information                   /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Parse accepts any code, known ones included: it is the raw view of a
// cause, and ParseErrorCause (any_error_cause.h) is what picks this type only
// for codes without a typed struct. There is no kType for the same reason.
struct UnknownErrorCause {
  static constexpr size_t kHeaderSize = 4;

  uint16_t code = 0;
  std::span<const uint8_t> info;

  static ParseResult<UnknownErrorCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + info.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const UnknownErrorCause& a, const UnknownErrorCause& b);
};

}  // namespace sctpdp
