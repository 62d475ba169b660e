#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// IPv6 Address parameter, RFC 9260 section 3.3.2.1.2.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 6            |          Length = 20          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                         IPv6 Address                          |
// |                                                               |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The address is kept in network byte order. An IPv4-mapped address parses:
// the RFC forbids sending one, and rejecting it is the engine's call.
struct Ipv6AddressParameter {
  static constexpr ParameterType kType = ParameterType::kIpv6Address;
  static constexpr size_t kHeaderSize = 20;

  std::array<uint8_t, 16> address{};

  static ParseResult<Ipv6AddressParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  // The RFC 5952 text form, e.g. "2001:db8::1".
  std::string AddressString() const;
  std::string ToString() const;

  friend bool operator==(const Ipv6AddressParameter&, const Ipv6AddressParameter&) = default;
};

}  // namespace sctpdp
