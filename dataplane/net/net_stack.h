#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dataplane/net/ethernet.h"
#include "dataplane/sctp/common/icmp_report.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/time.h"

namespace sctpdp::net {

// An address with its prefix length: "198.18.0.1/24".
struct IpPrefix {
  IpAddress address{};
  uint8_t length = 0;

  bool Contains(const IpAddress& other) const;
  friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

struct InterfaceConfig {
  uint16_t port = 0;
  MacAddress mac{};
  std::vector<IpPrefix> addresses;  // ours, and the connected networks
  uint16_t mtu = 1500;
};

// A network reached through a gateway (0.0.0.0/0 or ::/0: the default).
struct RouteConfig {
  IpPrefix prefix{};
  IpAddress gateway{};
};

struct NeighborConfig {
  IpAddress address{};
  MacAddress mac{};
};

struct NetStackOptions {
  // How long a learnt neighbour is used before it is asked again.
  Duration reachable_time = std::chrono::seconds(30);
  Duration resolve_interval = std::chrono::seconds(1);
  int resolve_tries = 3;
  // Packets waiting for one neighbour's address; more are dropped. A
  // shard opening hundreds of associations at once sends that many INITs
  // to one next hop before its first ARP reply.
  size_t hold_per_neighbor = 1024;
  uint8_t hop_limit = 64;
};

// Why a frame was not handed up, or a packet not sent: each has a counter.
enum class NetDrop : uint8_t {
  kTruncatedFrame,
  kNotOurMac,
  kVlanTagged,  // no VLANs are configured
  kUnknownEtherType,
  kBadArp,
  kBadIpHeader,
  kBadIpChecksum,
  kNotOurAddress,
  kIpFragment,  // fragments of SCTP packets are not reassembled
  kUnsupportedProtocol,
  kBadIcmp,
  kIcmpError,  // an ICMP error section 10 lets us ignore, or not about SCTP
  kNoRoute,
  kNeighborUnresolved,  // the next hop never answered ARP or ND
  kHoldQueueFull,
  kCount,
};
std::string_view NetDropName(NetDrop drop);

struct NetCounters {
  std::array<uint64_t, static_cast<size_t>(NetDrop::kCount)> drops{};
  uint64_t arp_requests_sent = 0;
  uint64_t arp_replies_sent = 0;
  uint64_t neighbor_solicitations_sent = 0;
  uint64_t neighbor_advertisements_sent = 0;
  uint64_t echo_replies_sent = 0;
};

// What the stack needs from the port side: frames of its own to send (ARP,
// ND, echo replies; copied), and the fate of packets it held while
// resolving their next hop. Handles are the caller's (an rte_mbuf*).
class LinkOutput {
 public:
  virtual ~LinkOutput() = default;
  virtual void SendFrame(uint16_t port, std::span<const uint8_t> frame) = 0;
  // The held packet's frame is complete but for its destination MAC
  // (the first six bytes): write it and send the frame.
  virtual void SendHeld(uintptr_t handle, const MacAddress& destination) = 0;
  virtual void DropHeld(uintptr_t handle) = 0;
};

// The link and network layers between a port and the SCTP engine, for one
// shard: Ethernet, ARP (RFC 826), IPv4 (RFC 791), IPv6 (RFC 8200) with
// Neighbor Discovery (RFC 4861), ICMP echo, routes and a neighbour cache.
// Sans-IO like the engine: frames and the time come in, frames go out
// through LinkOutput; no DPDK, no allocation per packet once a neighbour
// is known.
//
// Receive: Receive() classifies a frame: an SCTP packet for us (handed up
// as a span into the frame), handled here (ARP, ND, ping), or dropped with
// a reason. Transmit: Route() picks the port, source address and next hop;
// WriteHeaders() writes Ethernet and IP headers in front of the SCTP bytes;
// Resolve() finds the next hop's MAC or holds the packet until ARP or ND
// answers.
class NetStack {
 public:
  struct Inbound {
    enum class Kind : uint8_t {
      kSctp,
      kIcmpError,  // about SCTP we sent, for the engine (RFC 9260 section 10)
      kHandled,
      kDropped,
    };
    Kind kind = Kind::kDropped;
    NetDrop drop = NetDrop::kTruncatedFrame;
    IpAddress source{};
    IpAddress destination{};
    std::span<const uint8_t> sctp{};  // common header onwards
    IcmpReport icmp{};                // kIcmpError; its span points into the frame
  };

  struct Egress {
    uint16_t port = 0;
    IpAddress source{};
    IpAddress next_hop{};
    MacAddress source_mac{};
  };

  enum class Resolution : uint8_t {
    kResolved,  // `mac` is set: send now
    kHeld,      // the stack keeps the handle until LinkOutput hears of it
    kDropped,   // counted; the caller frees the packet
  };

  NetStack(std::vector<InterfaceConfig> interfaces, std::vector<RouteConfig> routes,
           const std::vector<NeighborConfig>& neighbors, const NetStackOptions& options);

  Inbound Receive(TimePoint now, uint16_t port, std::span<const uint8_t> frame, LinkOutput& out);

  // The way to `destination`, sent from `source` if given (and out of the
  // port that owns it); nullopt (counted) if there is none.
  std::optional<Egress> Route(const std::optional<IpAddress>& source, const IpAddress& destination);
  // Ethernet and IP header bytes in front of an SCTP packet to `destination`.
  static size_t HeaderSize(const IpAddress& destination);
  // Writes them into `headers` (HeaderSize bytes); the destination MAC is
  // left zero when not yet known.
  void WriteHeaders(std::span<uint8_t> headers, const Egress& egress, const IpAddress& destination,
                    size_t sctp_length, const MacAddress& destination_mac) const;
  Resolution Resolve(TimePoint now, const Egress& egress, uintptr_t handle, MacAddress& mac,
                     LinkOutput& out);

  // Retries and expiries of neighbour resolution; call now and then (every
  // few milliseconds is plenty).
  void Poll(TimePoint now, LinkOutput& out);

  const NetCounters& counters() const { return counters_; }
  // Every held packet is handed back as dropped (before the shard stops).
  void DropAllHeld(LinkOutput& out);

 private:
  struct Neighbor {
    enum class State : uint8_t {
      kIncomplete,
      kReachable,
      kStatic,
    };
    State state = State::kIncomplete;
    MacAddress mac{};
    TimePoint deadline{};  // kIncomplete: next try; kReachable: refresh after
    int tries = 0;
    std::vector<uintptr_t> held;
  };
  struct NeighborKey {
    uint16_t port = 0;
    IpAddress address{};
    friend bool operator==(const NeighborKey&, const NeighborKey&) = default;
  };
  struct NeighborKeyHash {
    size_t operator()(const NeighborKey& key) const;
  };

  const InterfaceConfig* InterfaceOf(uint16_t port) const;
  bool OwnsAddress(const InterfaceConfig& interface, const IpAddress& address) const;
  static Inbound Handled();
  // The quoted header and SCTP bytes of an ICMP error (after its first 8
  // bytes), as section 10 wants them; what ICMP1 to ICMP4 let us ignore, or
  // what is not about SCTP, is dropped as icmp_error.
  Inbound Ipv4IcmpError(std::span<const uint8_t> icmp);
  Inbound Ipv6IcmpError(std::span<const uint8_t> icmp);
  Inbound Drop(NetDrop drop);
  Inbound ReceiveArp(TimePoint now, const InterfaceConfig& interface,
                     std::span<const uint8_t> payload, LinkOutput& out);
  Inbound ReceiveIpv4(TimePoint now, const InterfaceConfig& interface, const EthernetFrame& frame,
                      LinkOutput& out);
  Inbound ReceiveIpv6(TimePoint now, const InterfaceConfig& interface, const EthernetFrame& frame,
                      LinkOutput& out);
  Inbound ReceiveIcmpv6(TimePoint now, const InterfaceConfig& interface, const EthernetFrame& frame,
                        const IpAddress& source, const IpAddress& destination,
                        std::span<const uint8_t> icmp, uint8_t hop_limit, LinkOutput& out);
  // A neighbour's address, learnt from ARP or ND: sends what waited for it.
  void Learn(TimePoint now, uint16_t port, const IpAddress& address, const MacAddress& mac,
             bool create, LinkOutput& out);
  void Solicit(const InterfaceConfig& interface, const IpAddress& target, LinkOutput& out);
  std::optional<IpAddress> SourceFor(const InterfaceConfig& interface,
                                     const IpAddress& destination) const;

  std::vector<InterfaceConfig> interfaces_;
  std::vector<RouteConfig> routes_;
  NetStackOptions options_;
  std::unordered_map<NeighborKey, Neighbor, NeighborKeyHash> neighbors_;
  NetCounters counters_;
  // Frames the stack originates: ARP, ND, and echo replies up to a full
  // 1500-byte packet (larger pings are dropped as bad_icmp).
  std::array<uint8_t, 1536> scratch_{};
};

// RFC 4861 section 2.3: the solicited-node group of an IPv6 address
// (ff02::1:ff00:0/104 with the address's last 24 bits), and the MAC it
// maps to (RFC 2464 section 7).
IpAddress SolicitedNodeAddress(const IpAddress& address);
MacAddress MulticastMac(const IpAddress& ipv6_multicast);

}  // namespace sctpdp::net
