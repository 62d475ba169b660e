#include "dataplane/sctp/common/ip_address.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>

namespace sctpdp {

IpAddress IpAddress::FromIpv4(const Ipv4Address& address) {
  IpAddress ip;
  ip.family = Family::kIpv4;
  std::copy(address.begin(), address.end(), ip.bytes.begin());
  return ip;
}

IpAddress IpAddress::FromIpv6(const Ipv6Address& address) {
  IpAddress ip;
  ip.family = Family::kIpv6;
  ip.bytes = address;
  return ip;
}

std::span<const uint8_t> IpAddress::address() const {
  return std::span<const uint8_t>(bytes).first(family == Family::kIpv4 ? 4 : 16);
}

std::string IpAddress::ToString() const {
  // inet_ntop only formats the bytes (no lookups); glibc follows RFC 5952
  // (lower case, longest run of two or more zero groups shortened to ::).
  char text[INET6_ADDRSTRLEN] = {};
  const int af = family == Family::kIpv4 ? AF_INET : AF_INET6;
  if (inet_ntop(af, bytes.data(), text, sizeof(text)) == nullptr) return "?";
  return text;
}

}  // namespace sctpdp
