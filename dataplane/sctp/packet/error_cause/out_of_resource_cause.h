#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Out of Resource, RFC 9260 section 3.3.10.4: the sender is out of
// resource; there is no cause-specific information.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Cause Code = 4        |        Cause Length = 4       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct OutOfResourceCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kOutOfResource;
  static constexpr size_t kHeaderSize = 4;

  static ParseResult<OutOfResourceCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const OutOfResourceCause&, const OutOfResourceCause&) = default;
};

}  // namespace sctpdp
