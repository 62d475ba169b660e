#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Unsupported HMAC Identifier, RFC 4895 section 4.1: an AUTH chunk named an
// HMAC the receiver does not support.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Cause Code = 0x0105      |       Cause Length = 6        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         HMAC Identifier       |            Padding            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The Cause Length MUST be 6: the two bytes of padding are the ordinary TLV
// padding, outside the length, so Parse sees six bytes and SerializeTo writes
// six (the enclosing list adds the padding).
struct UnsupportedHmacIdentifierCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kUnsupportedHmacIdentifier;
  static constexpr size_t kHeaderSize = 6;

  uint16_t hmac_id = 0;

  static ParseResult<UnsupportedHmacIdentifierCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const UnsupportedHmacIdentifierCause&,
                         const UnsupportedHmacIdentifierCause&) = default;
};

}  // namespace sctpdp
