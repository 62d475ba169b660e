#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/error_cause/opaque_cause.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Unrecognized Parameters, RFC 9260 section 3.3.10.8.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Cause Code = 8        |          Cause Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    Unrecognized Parameters                    /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The information views the parsed bytes (or the caller's, when building) and
// is kept raw: see opaque_cause.h.
struct UnrecognizedParametersCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kUnrecognizedParameters;
  static constexpr size_t kHeaderSize = kOpaqueCauseHeaderSize;

  // The unrecognized parameters copied from the INIT or INIT ACK chunk,
  // complete with their TLV headers.
  std::span<const uint8_t> parameters;

  static ParseResult<UnrecognizedParametersCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + parameters.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const UnrecognizedParametersCause& a,
                         const UnrecognizedParametersCause& b);
};

}  // namespace sctpdp
