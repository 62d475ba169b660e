#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace sctpdp {

using Ipv4Address = std::array<uint8_t, 4>;
using Ipv6Address = std::array<uint8_t, 16>;

// An IPv4 or IPv6 address as it sits in a header, network byte order.
struct IpAddress {
  enum class Family : uint8_t {
    kIpv4,
    kIpv6,
  };

  Family family = Family::kIpv4;
  std::array<uint8_t, 16> bytes{};  // an IPv4 address fills the first four, the rest stay zero

  static IpAddress FromIpv4(const Ipv4Address& address);
  static IpAddress FromIpv6(const Ipv6Address& address);

  // The four or sixteen address bytes.
  std::span<const uint8_t> address() const;
  // Dotted quad for IPv4, RFC 5952 text for IPv6.
  std::string ToString() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

}  // namespace sctpdp
