#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/error_cause/opaque_cause.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Request to Delete Source IP Address, RFC 5061 section 4.3.3.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Cause Code = 0x00A2      |          Cause Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                     TLV-Copied-From-ASCONF                    /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The information views the parsed bytes (or the caller's, when building) and
// is kept raw: see opaque_cause.h.
struct DeleteSourceAddressCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kDeleteSourceAddress;
  static constexpr size_t kHeaderSize = kOpaqueCauseHeaderSize;

  // The Delete IP Address parameter that named the source address of the
  // ASCONF chunk.
  std::span<const uint8_t> asconf_parameter;

  static ParseResult<DeleteSourceAddressCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + asconf_parameter.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const DeleteSourceAddressCause& a, const DeleteSourceAddressCause& b);
};

}  // namespace sctpdp
