#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Stale Cookie, RFC 9260 section 3.3.10.3: a valid State Cookie arrived
// after it expired.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 3         |       Cause Length = 8        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 Measure of Staleness (usec.)                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct StaleCookieCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kStaleCookie;
  static constexpr size_t kHeaderSize = 8;

  // How long past its expiration the cookie was, rounded up in microseconds;
  // zero when the sender chose not to say (section 3.3.10.3).
  uint32_t staleness_us = 0;

  static ParseResult<StaleCookieCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const StaleCookieCause&, const StaleCookieCause&) = default;
};

}  // namespace sctpdp
