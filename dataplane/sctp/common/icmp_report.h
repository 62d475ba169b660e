#pragma once

#include <cstdint>
#include <span>

#include "dataplane/sctp/common/ip_address.h"

namespace sctpdp {

// An ICMP or ICMPv6 error about an SCTP packet we sent, as the network
// layer decodes it for the engine (RFC 9260 section 10). The network layer
// has already dropped what ICMP1 to ICMP4 let an implementation ignore:
// other message types, and port unreachable.
struct IcmpReport {
  enum class Kind : uint8_t {
    // ICMPv4 fragmentation needed, ICMPv6 packet too big (ICMP7).
    kPacketTooBig,
    // ICMPv4 protocol unreachable, ICMPv6 parameter problem with
    // unrecognized next header (ICMP8).
    kProtocolUnreachable,
    // Any other destination unreachable (ICMP9).
    kUnreachable,
  };

  Kind kind = Kind::kUnreachable;
  // Where the quoted packet was going: one of the peer's addresses.
  IpAddress destination{};
  // kPacketTooBig: the MTU of the next hop (0 where a router left it out).
  uint32_t mtu = 0;
  // The quoted SCTP packet from its common header on, as much as the ICMP
  // message carries (at least the ports and the verification tag).
  std::span<const uint8_t> quoted{};
};

}  // namespace sctpdp
