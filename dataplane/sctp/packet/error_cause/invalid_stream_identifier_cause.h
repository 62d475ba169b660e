#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Invalid Stream Identifier, RFC 9260 section 3.3.10.1: a DATA chunk was
// sent on a stream that does not exist.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 1         |       Cause Length = 8        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       Stream Identifier       |          (Reserved)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The reserved field is ignored on receipt and written as zero.
struct InvalidStreamIdentifierCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kInvalidStreamIdentifier;
  static constexpr size_t kHeaderSize = 8;

  StreamId stream_id;

  static ParseResult<InvalidStreamIdentifierCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const InvalidStreamIdentifierCause&,
                         const InvalidStreamIdentifierCause&) = default;
};

}  // namespace sctpdp
