#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Association Aborted Due to Illegal ASCONF-ACK, RFC 5061 section 4.3.4:
// sent in the ABORT that answers an unexpected ASCONF-ACK (rule F0 of
// section 5.3); there is no cause-specific information.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Cause Code = 0x00A3      |        Cause Length = 4       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct IllegalAsconfAckCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kIllegalAsconfAck;
  static constexpr size_t kHeaderSize = 4;

  static ParseResult<IllegalAsconfAckCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const IllegalAsconfAckCause&, const IllegalAsconfAckCause&) = default;
};

}  // namespace sctpdp
