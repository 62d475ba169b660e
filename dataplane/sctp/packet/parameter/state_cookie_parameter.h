#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// State Cookie parameter, RFC 9260 section 3.3.3.1.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 7            |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                            Cookie                             /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The cookie is opaque to everyone but its creator (section 5.1.3), which
// gets it back in COOKIE ECHO; a view of the wire bytes.
struct StateCookieParameter {
  static constexpr ParameterType kType = ParameterType::kStateCookie;
  static constexpr size_t kHeaderSize = 4;

  std::span<const uint8_t> cookie;

  static ParseResult<StateCookieParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + cookie.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const StateCookieParameter& a, const StateCookieParameter& b);
};

}  // namespace sctpdp
