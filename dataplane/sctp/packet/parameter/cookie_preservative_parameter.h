#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Cookie Preservative parameter, RFC 9260 section 3.3.2.1.3.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 9            |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Suggested Cookie Life-Span Increment (msec.)          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Sent in an INIT retried after a Stale Cookie error; the receiver may
// ignore the suggestion (section 3.3.2.1.3).
struct CookiePreservativeParameter {
  static constexpr ParameterType kType = ParameterType::kCookiePreservative;
  static constexpr size_t kHeaderSize = 8;

  uint32_t increment_ms = 0;

  static ParseResult<CookiePreservativeParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const CookiePreservativeParameter&,
                         const CookiePreservativeParameter&) = default;
};

}  // namespace sctpdp
