#pragma once

#include <netinet/in.h>
#include <netinet/sctp.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <span>

#include "api/sockaddr.h"
#include "api/stack.h"

namespace sctpdp::testing {

// An IPv4 socket address, as a program would pass one to bind or connect.
inline sockaddr_in Ipv4SocketAddress(const IpAddress& ip, uint16_t port) {
  sockaddr_storage storage{};
  api::ToSockaddr(ip, Port(port), AF_INET, storage);
  sockaddr_in out{};
  std::memcpy(&out, &storage, sizeof out);
  return out;
}

// sendmsg of `bytes` with one SCTP_SNDINFO control message (RFC 6458
// section 5.3.4), as the tests and the API benchmark send.
inline ssize_t SendWithSndinfo(api::Stack& stack, int sd, std::span<const uint8_t> bytes,
                               const sctp_sndinfo& info) {
  iovec iov{.iov_base = const_cast<uint8_t*>(bytes.data()), .iov_len = bytes.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(sctp_sndinfo))] = {};
  msghdr message{};
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  cmsghdr* cmsg = CMSG_FIRSTHDR(&message);
  cmsg->cmsg_level = IPPROTO_SCTP;
  cmsg->cmsg_type = SCTP_SNDINFO;
  cmsg->cmsg_len = CMSG_LEN(sizeof info);
  std::memcpy(CMSG_DATA(cmsg), &info, sizeof info);
  return stack.SendMsg(sd, &message, 0);
}

}  // namespace sctpdp::testing
