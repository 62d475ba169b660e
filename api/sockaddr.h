#pragma once

#include <sys/socket.h>

#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/types.h"

namespace sctpdp::api {

// A sockaddr_in or sockaddr_in6 (an IPv4-mapped IPv6 address as IPv4);
// false if it is neither or shorter than its family's structure.
bool FromSockaddr(const sockaddr* address, socklen_t length, IpAddress& ip, Port& port);

// The address as the socket's `family` shows it (IPv4 on an AF_INET6
// socket as IPv4-mapped, RFC 6458 section 3.1.1); returns its length.
socklen_t ToSockaddr(const IpAddress& ip, Port port, int family, sockaddr_storage& out);

}  // namespace sctpdp::api
