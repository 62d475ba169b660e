#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Host Name Address parameter, RFC 9260 section 3.3.2.1.4.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 11           |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                           Host Name                           /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Deprecated: a receiver MUST answer it with an ABORT, optionally carrying
// an "Unresolvable Address" cause that quotes it. So `host_name` keeps the
// bytes as sent, NUL terminator(s) included, and a missing terminator still
// parses: the engine aborts either way and needs the parameter to quote.
struct HostNameAddressParameter {
  static constexpr ParameterType kType = ParameterType::kHostNameAddress;
  static constexpr size_t kHeaderSize = 4;

  std::span<const uint8_t> host_name;

  static ParseResult<HostNameAddressParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + host_name.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  // The name up to its first NUL (or all of it if there is none).
  std::string_view Name() const;
  std::string ToString() const;

  friend bool operator==(const HostNameAddressParameter& a, const HostNameAddressParameter& b);
};

}  // namespace sctpdp
