#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/error_cause/opaque_cause.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Unresolvable Address, RFC 9260 section 3.3.10.5.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Cause Code = 5        |          Cause Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                      Unresolvable Address                     /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The information views the parsed bytes (or the caller's, when building) and
// is kept raw: see opaque_cause.h.
struct UnresolvableAddressCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kUnresolvableAddress;
  static constexpr size_t kHeaderSize = kOpaqueCauseHeaderSize;

  // The complete address parameter (or Host Name Address parameter) that
  // could not be resolved, type and length included.
  std::span<const uint8_t> address;

  static ParseResult<UnresolvableAddressCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + address.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const UnresolvableAddressCause& a, const UnresolvableAddressCause& b);
};

}  // namespace sctpdp
