#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// A parameter of a type this stack does not implement, RFC 9260 section
// 3.2.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Parameter Type         |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                        Parameter Value                        /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Any type parses (ParseParameter sends only the unknown ones here). The two
// highest bits of the type tell the receiver whether to stop or skip, and
// whether to report it (section 3.2.1, table 3): see action().
struct UnknownParameter {
  static constexpr size_t kHeaderSize = 4;

  uint16_t type = 0;
  std::span<const uint8_t> value;

  static ParseResult<UnknownParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + value.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  UnknownParameterAction action() const { return ActionOf(static_cast<ParameterType>(type)); }
  std::string ToString() const;

  friend bool operator==(const UnknownParameter& a, const UnknownParameter& b);
};

}  // namespace sctpdp
