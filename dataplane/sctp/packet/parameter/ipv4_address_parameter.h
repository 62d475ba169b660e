#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// IPv4 Address parameter, RFC 9260 section 3.3.2.1.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 5            |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         IPv4 Address                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The address is kept in network byte order, as it is on the wire.
struct Ipv4AddressParameter {
  static constexpr ParameterType kType = ParameterType::kIpv4Address;
  static constexpr size_t kHeaderSize = 8;

  std::array<uint8_t, 4> address{};

  static ParseResult<Ipv4AddressParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  // Dotted decimal, e.g. "192.0.2.1".
  std::string AddressString() const;
  std::string ToString() const;

  friend bool operator==(const Ipv4AddressParameter&, const Ipv4AddressParameter&) = default;
};

}  // namespace sctpdp
