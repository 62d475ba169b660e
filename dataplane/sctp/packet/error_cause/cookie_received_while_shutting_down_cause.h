#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Cookie Received While Shutting Down, RFC 9260 section 3.3.10.10: a
// COOKIE ECHO arrived in SHUTDOWN-ACK-SENT; there is no cause-specific
// information.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 10        |        Cause Length = 4       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct CookieReceivedWhileShuttingDownCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kCookieReceivedWhileShuttingDown;
  static constexpr size_t kHeaderSize = 4;

  static ParseResult<CookieReceivedWhileShuttingDownCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const CookieReceivedWhileShuttingDownCause&,
                         const CookieReceivedWhileShuttingDownCause&) = default;
};

}  // namespace sctpdp
