#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Unrecognized Parameter parameter, RFC 9260 section 3.3.3.1.2.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 8            |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    Unrecognized Parameter                     /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// An INIT ACK returns in it a parameter of our INIT that the peer did not
// recognize, "complete with Parameter Type, Length, and Value fields". The
// bytes are kept as the peer sent them and not parsed further: peers differ
// on whether the copy includes the inner parameter's padding, and the copy
// only serves reporting (section 3.2.2).
struct UnrecognizedParameter {
  static constexpr ParameterType kType = ParameterType::kUnrecognizedParameter;
  static constexpr size_t kHeaderSize = 4;

  std::span<const uint8_t> parameter;

  static ParseResult<UnrecognizedParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + parameter.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const UnrecognizedParameter& a, const UnrecognizedParameter& b);
};

}  // namespace sctpdp
