#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/error_cause/opaque_cause.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// User-Initiated Abort, RFC 9260 section 3.3.10.12.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 12        |          Cause Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    Upper Layer Abort Reason                   /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The information views the parsed bytes (or the caller's, when building) and
// is kept raw: see opaque_cause.h.
struct UserInitiatedAbortCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kUserInitiatedAbort;
  static constexpr size_t kHeaderSize = kOpaqueCauseHeaderSize;

  // The Upper Layer Abort Reason, carried transparently for the upper layer.
  std::span<const uint8_t> reason;

  static ParseResult<UserInitiatedAbortCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + reason.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const UserInitiatedAbortCause& a, const UserInitiatedAbortCause& b);
};

}  // namespace sctpdp
