#include "api/sockaddr.h"

#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace sctpdp::api {

bool FromSockaddr(const sockaddr* address, socklen_t length, IpAddress& ip, Port& port) {
  if (address == nullptr || length < static_cast<socklen_t>(sizeof(sa_family_t))) return false;
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4{};
    std::memcpy(&v4, address, sizeof v4);
    Ipv4Address bytes{};
    std::memcpy(bytes.data(), &v4.sin_addr, bytes.size());
    ip = IpAddress::FromIpv4(bytes);
    port = Port(ntohs(v4.sin_port));
    return true;
  }
  if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6{};
    std::memcpy(&v6, address, sizeof v6);
    port = Port(ntohs(v6.sin6_port));
    if (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr)) {
      Ipv4Address bytes{};
      std::memcpy(bytes.data(), v6.sin6_addr.s6_addr + 12, bytes.size());
      ip = IpAddress::FromIpv4(bytes);
    } else {
      Ipv6Address bytes{};
      std::memcpy(bytes.data(), v6.sin6_addr.s6_addr, bytes.size());
      ip = IpAddress::FromIpv6(bytes);
    }
    return true;
  }
  return false;
}

socklen_t ToSockaddr(const IpAddress& ip, Port port, int family, sockaddr_storage& out) {
  out = {};
  if (ip.family == IpAddress::Family::kIpv4 && family == AF_INET) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port.value());
    std::memcpy(&v4->sin_addr, ip.bytes.data(), 4);
    return sizeof(sockaddr_in);
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  v6->sin6_family = AF_INET6;
  v6->sin6_port = htons(port.value());
  if (ip.family == IpAddress::Family::kIpv4) {
    v6->sin6_addr.s6_addr[10] = 0xff;
    v6->sin6_addr.s6_addr[11] = 0xff;
    std::memcpy(v6->sin6_addr.s6_addr + 12, ip.bytes.data(), 4);
  } else {
    std::memcpy(v6->sin6_addr.s6_addr, ip.bytes.data(), 16);
  }
  return sizeof(sockaddr_in6);
}

}  // namespace sctpdp::api
