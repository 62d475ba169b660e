#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/net/udp.h"

namespace sctpdp::net {

// The link layer a frame starts with: one per capture file link type
// (tcpdump.org LINKTYPE_ values) that can carry SCTP.
enum class LinkType : uint8_t {
  kEthernet,   // LINKTYPE_ETHERNET: Ethernet II, VLAN tags allowed
  kLinuxSll,   // LINKTYPE_LINUX_SLL: Linux cooked capture v1
  kLinuxSll2,  // LINKTYPE_LINUX_SLL2: Linux cooked capture v2
  kRawIp,      // LINKTYPE_RAW: IPv4 or IPv6, told apart by the version field
  kRawIpv4,    // LINKTYPE_IPV4
  kRawIpv6,    // LINKTYPE_IPV6
  kNull,       // LINKTYPE_NULL: BSD loopback, address family in host byte order
  kLoopback,   // LINKTYPE_LOOP: BSD loopback, address family in network byte order
};

std::string_view LinkTypeName(LinkType link_type);

// An SCTP packet found in a frame, with where it was going. `sctp` views the
// frame: exactly the SCTP packet, without link padding.
struct SctpSegment {
  std::span<const uint8_t> sctp;
  IpAddress source;
  IpAddress destination;
  bool udp_encapsulated = false;  // RFC 6951
  uint16_t udp_source_port = 0;
  uint16_t udp_destination_port = 0;

  // "10.0.0.1 > 10.0.0.2", with " udp 9899 > 9899" when encapsulated.
  std::string ToString() const;
};

// Why a frame holds no SCTP packet that can be checked on its own.
enum class FrameSkipReason : uint8_t {
  kTruncated,      // the capture ends inside a header or before the length it gives (snaplen)
  kNotIp,          // the link layer carries something else (ARP, LLDP, ...)
  kBadIpHeader,    // IP version, header length or extension headers malformed
  kBadIpChecksum,  // IPv4 header checksum wrong
  kIpFragment,     // a fragment of a datagram that may be SCTP; nothing is reassembled
  kNotSctp,        // IP carrying another protocol, or UDP on other ports
  kBadUdpHeader,   // UDP length below the UDP header size
};

std::string_view FrameSkipReasonName(FrameSkipReason reason);

struct ExtractOptions {
  // Skip IPv4 packets whose header checksum is wrong (kBadIpChecksum). Turn
  // off for captures from systems that offload the IPv4 header checksum.
  bool verify_ipv4_header_checksum = true;
  // UDP packets from or to this port carry SCTP (RFC 6951 section 5.1 allows
  // ports other than 9899). Zero: decode no UDP encapsulation.
  uint16_t udp_encapsulation_port = kSctpUdpEncapsulationPort;
};

// Finds the SCTP packet in a captured frame: link header (and VLAN tags),
// IPv4 or IPv6 (and extension headers), and for RFC 6951 the UDP header.
// Never reads outside `frame`.
std::variant<SctpSegment, FrameSkipReason> ExtractSctp(LinkType link_type,
                                                       std::span<const uint8_t> frame,
                                                       const ExtractOptions& options = {});

}  // namespace sctpdp::net
