#include "dataplane/net/net_stack.h"

#include <algorithm>
#include <cstring>

#include "dataplane/net/ipv4.h"
#include "dataplane/net/ipv6.h"

namespace sctpdp::net {
namespace {

constexpr uint16_t kEtherTypeArp = 0x0806;
constexpr uint8_t kIpProtocolIcmp = 1;
constexpr uint8_t kIpProtocolIcmpv6 = 58;
constexpr MacAddress kBroadcastMac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// RFC 826: Ethernet and IPv4 only.
constexpr size_t kArpSize = 28;
constexpr uint16_t kArpRequest = 1;
constexpr uint16_t kArpReply = 2;

// ICMP (RFC 792) and ICMPv6 (RFC 4443, RFC 4861) types acted on.
constexpr uint8_t kIcmpEchoReply = 0;
constexpr uint8_t kIcmpDestinationUnreachable = 3;
constexpr uint8_t kIcmpEchoRequest = 8;
constexpr uint8_t kIcmpTimeExceeded = 11;
constexpr uint8_t kIcmpParameterProblem = 12;
constexpr uint8_t kIcmpv6DestinationUnreachable = 1;
constexpr uint8_t kIcmpv6PacketTooBig = 2;
constexpr uint8_t kIcmpv6TimeExceeded = 3;
constexpr uint8_t kIcmpv6ParameterProblem = 4;
constexpr uint8_t kIcmpv6EchoRequest = 128;
constexpr uint8_t kIcmpv6EchoReply = 129;
constexpr uint8_t kNeighborSolicitation = 135;
constexpr uint8_t kNeighborAdvertisement = 136;
constexpr uint8_t kOptionSourceLinkLayer = 1;
constexpr uint8_t kOptionTargetLinkLayer = 2;
// RFC 4861 sections 7.1.1 and 7.1.2: ND messages from off-link are refused.
constexpr uint8_t kNdHopLimit = 255;

uint16_t Read16(std::span<const uint8_t> bytes, size_t at) {
  return static_cast<uint16_t>(bytes[at] << 8 | bytes[at + 1]);
}

void Write16(std::span<uint8_t> bytes, size_t at, uint16_t value) {
  bytes[at] = static_cast<uint8_t>(value >> 8);
  bytes[at + 1] = static_cast<uint8_t>(value);
}

void Write32(std::span<uint8_t> bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<uint8_t>(value >> (24 - 8 * i));
}

void Copy(std::span<uint8_t> to, size_t at, std::span<const uint8_t> from) {
  std::copy(from.begin(), from.end(), to.begin() + static_cast<ptrdiff_t>(at));
}

MacAddress ReadMac(std::span<const uint8_t> bytes, size_t at) {
  MacAddress mac{};
  std::copy_n(bytes.begin() + static_cast<ptrdiff_t>(at), mac.size(), mac.begin());
  return mac;
}

size_t WriteEthernet(std::span<uint8_t> frame, const MacAddress& destination,
                     const MacAddress& source, uint16_t ether_type) {
  Copy(frame, 0, destination);
  Copy(frame, 6, source);
  Write16(frame, 12, ether_type);
  return EthernetFrame::kHeaderSize;
}

// An ARP packet for Ethernet and IPv4 in its frame (RFC 826); returns the
// frame's length.
size_t WriteArp(std::span<uint8_t> frame, const MacAddress& to, uint16_t operation,
                const MacAddress& sender_mac, const IpAddress& sender, const MacAddress& target_mac,
                const IpAddress& target) {
  const size_t at = WriteEthernet(frame, to, sender_mac, kEtherTypeArp);
  Write16(frame, at, 1);  // hardware: Ethernet
  Write16(frame, at + 2, kEtherTypeIpv4);
  frame[at + 4] = 6;
  frame[at + 5] = 4;
  Write16(frame, at + 6, operation);
  Copy(frame, at + 8, sender_mac);
  Copy(frame, at + 14, sender.address());
  Copy(frame, at + 18, target_mac);
  Copy(frame, at + 24, target.address());
  return at + kArpSize;
}

// The ones' complement sum of RFC 1071 over several pieces, folded.
uint16_t ChecksumOf(std::initializer_list<std::span<const uint8_t>> pieces) {
  uint32_t sum = 0;
  size_t offset = 0;  // bytes summed so far: an odd piece shifts the next
  for (std::span<const uint8_t> piece : pieces) {
    for (uint8_t byte : piece) {
      sum += (offset % 2 == 0) ? uint32_t{byte} << 8 : byte;
      ++offset;
    }
  }
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

// RFC 8200 section 8.1: the upper-layer checksum covers a pseudo-header.
uint16_t Icmpv6Checksum(const IpAddress& source, const IpAddress& destination,
                        std::span<const uint8_t> message) {
  std::array<uint8_t, 8> tail{};
  Write32(tail, 0, static_cast<uint32_t>(message.size()));
  tail[7] = kIpProtocolIcmpv6;
  return ChecksumOf({source.address(), destination.address(), tail, message});
}

size_t WriteIpv4(std::span<uint8_t> out, const IpAddress& source, const IpAddress& destination,
                 uint8_t protocol, size_t payload_length, uint8_t ttl) {
  out[0] = 0x45;
  out[1] = 0;
  Write16(out, 2, static_cast<uint16_t>(Ipv4Packet::kMinHeaderSize + payload_length));
  // RFC 6864 section 4.1: an atomic datagram (DF, unfragmented) may carry
  // any identification; RFC 9260 appendix C wants DF set for SCTP.
  Write16(out, 4, 0);
  Write16(out, 6, 0x4000);
  out[8] = ttl;
  out[9] = protocol;
  Write16(out, 10, 0);
  Copy(out, 12, source.address());
  Copy(out, 16, destination.address());
  Write16(out, 10, InternetChecksum(out.first(Ipv4Packet::kMinHeaderSize)));
  return Ipv4Packet::kMinHeaderSize;
}

size_t WriteIpv6(std::span<uint8_t> out, const IpAddress& source, const IpAddress& destination,
                 uint8_t next_header, size_t payload_length, uint8_t hop_limit) {
  Write32(out, 0, 0x6000'0000);
  Write16(out, 4, static_cast<uint16_t>(payload_length));
  out[6] = next_header;
  out[7] = hop_limit;
  Copy(out, 8, source.address());
  Copy(out, 24, destination.address());
  return Ipv6Packet::kHeaderSize;
}

bool IsIpv4(const IpAddress& address) { return address.family == IpAddress::Family::kIpv4; }

// The link-layer address option of an ND message, if present and well formed.
std::optional<MacAddress> LinkLayerOption(std::span<const uint8_t> options, uint8_t type) {
  size_t at = 0;
  while (at + 2 <= options.size()) {
    const size_t length = size_t{options[at + 1]} * 8;
    if (length == 0 || at + length > options.size()) return std::nullopt;  // RFC 4861 4.6
    if (options[at] == type && length >= 8) return ReadMac(options, at + 2);
    at += length;
  }
  return std::nullopt;
}

const IpAddress kAllNodes =
    IpAddress::FromIpv6({0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

}  // namespace

std::string_view NetDropName(NetDrop drop) {
  switch (drop) {
    case NetDrop::kTruncatedFrame:
      return "truncated_frame";
    case NetDrop::kNotOurMac:
      return "not_our_mac";
    case NetDrop::kVlanTagged:
      return "vlan_tagged";
    case NetDrop::kUnknownEtherType:
      return "unknown_ethertype";
    case NetDrop::kBadArp:
      return "bad_arp";
    case NetDrop::kBadIpHeader:
      return "bad_ip_header";
    case NetDrop::kBadIpChecksum:
      return "bad_ip_checksum";
    case NetDrop::kNotOurAddress:
      return "not_our_address";
    case NetDrop::kIpFragment:
      return "ip_fragment";
    case NetDrop::kUnsupportedProtocol:
      return "unsupported_protocol";
    case NetDrop::kBadIcmp:
      return "bad_icmp";
    case NetDrop::kIcmpError:
      return "icmp_error";
    case NetDrop::kNoRoute:
      return "no_route";
    case NetDrop::kNeighborUnresolved:
      return "neighbor_unresolved";
    case NetDrop::kHoldQueueFull:
      return "hold_queue_full";
    case NetDrop::kCount:
      break;
  }
  return "unknown";
}

bool IpPrefix::Contains(const IpAddress& other) const {
  if (other.family != address.family) return false;
  const std::span<const uint8_t> a = address.address();
  const std::span<const uint8_t> b = other.address();
  const size_t bits = std::min<size_t>(length, a.size() * 8);
  for (size_t i = 0; i < bits / 8; ++i) {
    if (a[i] != b[i]) return false;
  }
  if (bits % 8 == 0) return true;
  const auto mask = static_cast<uint8_t>(0xff << (8 - bits % 8));
  return (a[bits / 8] & mask) == (b[bits / 8] & mask);
}

IpAddress SolicitedNodeAddress(const IpAddress& address) {
  Ipv6Address bytes = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0};
  std::copy_n(address.address().begin() + 13, 3, bytes.begin() + 13);
  return IpAddress::FromIpv6(bytes);
}

MacAddress MulticastMac(const IpAddress& ipv6_multicast) {
  const std::span<const uint8_t> a = ipv6_multicast.address();
  return {0x33, 0x33, a[12], a[13], a[14], a[15]};
}

size_t NetStack::NeighborKeyHash::operator()(const NeighborKey& key) const {
  uint64_t hash = key.port;
  for (uint8_t byte : key.address.bytes) hash = hash * 0x100000001b3ull ^ byte;
  return static_cast<size_t>(hash);
}

NetStack::NetStack(std::vector<InterfaceConfig> interfaces, std::vector<RouteConfig> routes,
                   const std::vector<NeighborConfig>& neighbors, const NetStackOptions& options)
    : interfaces_(std::move(interfaces)), routes_(std::move(routes)), options_(options) {
  for (const NeighborConfig& neighbor : neighbors) {
    for (const InterfaceConfig& interface : interfaces_) {
      const bool connected =
          std::any_of(interface.addresses.begin(), interface.addresses.end(),
                      [&](const IpPrefix& prefix) { return prefix.Contains(neighbor.address); });
      if (!connected) continue;
      Neighbor& entry = neighbors_[NeighborKey{interface.port, neighbor.address}];
      entry.state = Neighbor::State::kStatic;
      entry.mac = neighbor.mac;
    }
  }
}

const InterfaceConfig* NetStack::InterfaceOf(uint16_t port) const {
  for (const InterfaceConfig& interface : interfaces_) {
    if (interface.port == port) return &interface;
  }
  return nullptr;
}

bool NetStack::OwnsAddress(const InterfaceConfig& interface, const IpAddress& address) const {
  return std::any_of(interface.addresses.begin(), interface.addresses.end(),
                     [&](const IpPrefix& prefix) { return prefix.address == address; });
}

NetStack::Inbound NetStack::Handled() { return Inbound{.kind = Inbound::Kind::kHandled}; }

NetStack::Inbound NetStack::Ipv4IcmpError(std::span<const uint8_t> icmp) {
  const uint8_t code = icmp[1];
  if (code == 3) return Drop(NetDrop::kIcmpError);  // ICMP3: port unreachable
  const std::span<const uint8_t> quoted = icmp.subspan(8);
  const size_t header = quoted.empty() ? 0 : size_t{quoted[0] & 0x0fu} * 4;
  if (quoted.size() < 20 || (quoted[0] >> 4) != 4 || header < 20) return Drop(NetDrop::kBadIcmp);
  // Ports and tag at least (ICMP5, ICMP6), of an SCTP packet.
  if (quoted[9] != kIpProtocolSctp || quoted.size() < header + 8) {
    return Drop(NetDrop::kIcmpError);
  }
  Inbound inbound{.kind = Inbound::Kind::kIcmpError};
  inbound.icmp.kind = code == 4   ? IcmpReport::Kind::kPacketTooBig
                      : code == 2 ? IcmpReport::Kind::kProtocolUnreachable
                                  : IcmpReport::Kind::kUnreachable;
  inbound.icmp.mtu = code == 4 ? Read16(icmp, 6) : 0;  // RFC 1191 section 4
  inbound.icmp.destination = IpAddress::FromIpv4({quoted[16], quoted[17], quoted[18], quoted[19]});
  inbound.icmp.quoted = quoted.subspan(header);
  return inbound;
}

NetStack::Inbound NetStack::Ipv6IcmpError(std::span<const uint8_t> icmp) {
  const uint8_t type = icmp[0];
  const uint8_t code = icmp[1];
  IcmpReport report;
  if (type == kIcmpv6PacketTooBig) {
    report.kind = IcmpReport::Kind::kPacketTooBig;
    report.mtu = uint32_t{Read16(icmp, 4)} << 16 | Read16(icmp, 6);
  } else if (type == kIcmpv6ParameterProblem) {
    // ICMP4: only "unrecognized Next Header type encountered".
    if (code != 1) return Drop(NetDrop::kIcmpError);
    report.kind = IcmpReport::Kind::kProtocolUnreachable;
  } else {
    if (code == 4) return Drop(NetDrop::kIcmpError);  // ICMP3: port unreachable
    report.kind = IcmpReport::Kind::kUnreachable;
  }
  // The quoted IPv6 header, then SCTP directly (no extension headers: we
  // send none).
  const std::span<const uint8_t> quoted = icmp.subspan(8);
  if (quoted.size() < Ipv6Packet::kHeaderSize || (quoted[0] >> 4) != 6) {
    return Drop(NetDrop::kBadIcmp);
  }
  if (quoted[6] != kIpProtocolSctp || quoted.size() < Ipv6Packet::kHeaderSize + 8) {
    return Drop(NetDrop::kIcmpError);
  }
  Ipv6Address destination{};
  std::copy_n(quoted.begin() + 24, 16, destination.begin());
  report.destination = IpAddress::FromIpv6(destination);
  report.quoted = quoted.subspan(Ipv6Packet::kHeaderSize);
  return Inbound{.kind = Inbound::Kind::kIcmpError, .icmp = report};
}

NetStack::Inbound NetStack::Drop(NetDrop drop) {
  ++counters_.drops[static_cast<size_t>(drop)];
  return Inbound{.kind = Inbound::Kind::kDropped, .drop = drop};
}

NetStack::Inbound NetStack::Receive(TimePoint now, uint16_t port, std::span<const uint8_t> bytes,
                                    LinkOutput& out) {
  const InterfaceConfig* interface = InterfaceOf(port);
  DecodeResult<EthernetFrame> frame = EthernetFrame::Decode(bytes);
  if (!frame || interface == nullptr) return Drop(NetDrop::kTruncatedFrame);
  const MacAddress& to = frame->destination;
  // Unicast to us, broadcast (ARP) or multicast (bit 0 of the first byte:
  // ND's solicited-node groups); promiscuous devices deliver the rest too.
  if (to != interface->mac && (to[0] & 1) == 0) return Drop(NetDrop::kNotOurMac);
  if (!frame->vlan_tags.empty()) return Drop(NetDrop::kVlanTagged);
  switch (frame->ether_type) {
    case kEtherTypeArp:
      return ReceiveArp(now, *interface, frame->payload, out);
    case kEtherTypeIpv4:
      return ReceiveIpv4(now, *interface, *frame, out);
    case kEtherTypeIpv6:
      return ReceiveIpv6(now, *interface, *frame, out);
    default:
      return Drop(NetDrop::kUnknownEtherType);
  }
}

// RFC 826, "Packet Reception".
NetStack::Inbound NetStack::ReceiveArp(TimePoint now, const InterfaceConfig& interface,
                                       std::span<const uint8_t> arp, LinkOutput& out) {
  if (arp.size() < kArpSize || Read16(arp, 0) != 1 || Read16(arp, 2) != kEtherTypeIpv4 ||
      arp[4] != 6 || arp[5] != 4) {
    return Drop(NetDrop::kBadArp);
  }
  const uint16_t operation = Read16(arp, 6);
  const MacAddress sender_mac = ReadMac(arp, 8);
  const IpAddress sender = IpAddress::FromIpv4({arp[14], arp[15], arp[16], arp[17]});
  const IpAddress target = IpAddress::FromIpv4({arp[24], arp[25], arp[26], arp[27]});
  const bool for_us = OwnsAddress(interface, target);
  // "Merge_flag": an entry for the sender is updated if it exists, and
  // made if we are the target.
  Learn(now, interface.port, sender, sender_mac, for_us, out);
  if (for_us && operation == kArpRequest) {
    std::span<uint8_t> reply(scratch_);
    const size_t at =
        WriteArp(reply, sender_mac, kArpReply, interface.mac, target, sender_mac, sender);
    out.SendFrame(interface.port, reply.first(at));
    ++counters_.arp_replies_sent;
  }
  return Handled();
}

NetStack::Inbound NetStack::ReceiveIpv4(TimePoint, const InterfaceConfig& interface,
                                        const EthernetFrame& frame, LinkOutput& out) {
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(frame.payload);
  if (!ip) return Drop(NetDrop::kBadIpHeader);
  if (!ip->header_checksum_valid) return Drop(NetDrop::kBadIpChecksum);
  const IpAddress source = IpAddress::FromIpv4(ip->source);
  const IpAddress destination = IpAddress::FromIpv4(ip->destination);
  if (!OwnsAddress(interface, destination)) return Drop(NetDrop::kNotOurAddress);
  if (ip->is_fragment()) return Drop(NetDrop::kIpFragment);
  if (ip->protocol == kIpProtocolSctp) {
    return Inbound{.kind = Inbound::Kind::kSctp,
                   .source = source,
                   .destination = destination,
                   .sctp = ip->payload};
  }
  if (ip->protocol != kIpProtocolIcmp) return Drop(NetDrop::kUnsupportedProtocol);
  const std::span<const uint8_t> icmp = ip->payload;
  if (icmp.size() < 8 || InternetChecksum(icmp) != 0) return Drop(NetDrop::kBadIcmp);
  switch (icmp[0]) {
    case kIcmpEchoRequest: {
      const size_t size = EthernetFrame::kHeaderSize + Ipv4Packet::kMinHeaderSize + icmp.size();
      if (size > scratch_.size()) return Drop(NetDrop::kBadIcmp);  // beyond a small ping
      std::span<uint8_t> reply(scratch_);
      size_t at = WriteEthernet(reply, frame.source, interface.mac, kEtherTypeIpv4);
      at += WriteIpv4(reply.subspan(at), destination, source, kIpProtocolIcmp, icmp.size(),
                      options_.hop_limit);
      Copy(reply, at, icmp);
      reply[at] = kIcmpEchoReply;
      Write16(reply, at + 2, 0);
      Write16(reply, at + 2, InternetChecksum(reply.subspan(at, icmp.size())));
      out.SendFrame(interface.port, reply.first(size));
      ++counters_.echo_replies_sent;
      return Handled();
    }
    case kIcmpDestinationUnreachable:
      return Ipv4IcmpError(icmp);
    case kIcmpTimeExceeded:
    case kIcmpParameterProblem:
      return Drop(NetDrop::kIcmpError);  // RFC 9260 section 10 ICMP1
    default:
      return Handled();
  }
}

NetStack::Inbound NetStack::ReceiveIpv6(TimePoint now, const InterfaceConfig& interface,
                                        const EthernetFrame& frame, LinkOutput& out) {
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(frame.payload);
  if (!ip) return Drop(NetDrop::kBadIpHeader);
  const IpAddress source = IpAddress::FromIpv6(ip->source);
  const IpAddress destination = IpAddress::FromIpv6(ip->destination);
  const bool to_us =
      OwnsAddress(interface, destination) || destination == kAllNodes ||
      std::any_of(
          interface.addresses.begin(), interface.addresses.end(), [&](const IpPrefix& prefix) {
            return !IsIpv4(prefix.address) && SolicitedNodeAddress(prefix.address) == destination;
          });
  if (!to_us) return Drop(NetDrop::kNotOurAddress);
  if (ip->is_fragment()) return Drop(NetDrop::kIpFragment);
  if (ip->protocol == kIpProtocolSctp) {
    if (!OwnsAddress(interface, destination)) return Drop(NetDrop::kNotOurAddress);
    return Inbound{.kind = Inbound::Kind::kSctp,
                   .source = source,
                   .destination = destination,
                   .sctp = ip->payload};
  }
  if (ip->protocol != kIpProtocolIcmpv6) return Drop(NetDrop::kUnsupportedProtocol);
  return ReceiveIcmpv6(now, interface, frame, source, destination, ip->payload, ip->hop_limit, out);
}

NetStack::Inbound NetStack::ReceiveIcmpv6(TimePoint now, const InterfaceConfig& interface,
                                          const EthernetFrame& frame, const IpAddress& source,
                                          const IpAddress& destination,
                                          std::span<const uint8_t> icmp, uint8_t hop_limit,
                                          LinkOutput& out) {
  if (icmp.size() < 8 || Icmpv6Checksum(source, destination, icmp) != 0) {
    return Drop(NetDrop::kBadIcmp);
  }
  switch (icmp[0]) {
    case kNeighborSolicitation: {
      // RFC 4861 section 7.1.1.
      if (hop_limit != kNdHopLimit || icmp[1] != 0 || icmp.size() < 24) {
        return Drop(NetDrop::kBadIcmp);
      }
      Ipv6Address target_bytes{};
      std::copy_n(icmp.begin() + 8, 16, target_bytes.begin());
      const IpAddress target = IpAddress::FromIpv6(target_bytes);
      if (!OwnsAddress(interface, target)) return Handled();
      const std::optional<MacAddress> source_mac =
          LinkLayerOption(icmp.subspan(24), kOptionSourceLinkLayer);
      const bool unspecified = source == IpAddress::FromIpv6({});
      // Duplicate address detection: our addresses are configured, not
      // autoconfigured, so there is nothing to defend.
      if (unspecified) return Handled();
      // Section 7.2.3: the solicitation's source becomes a neighbour.
      if (source_mac) Learn(now, interface.port, source, *source_mac, true, out);
      // Section 7.2.4: a solicited advertisement with our link-layer address.
      std::span<uint8_t> reply(scratch_);
      constexpr size_t kNaSize = 32;
      size_t at =
          WriteEthernet(reply, source_mac.value_or(frame.source), interface.mac, kEtherTypeIpv6);
      at += WriteIpv6(reply.subspan(at), target, source, kIpProtocolIcmpv6, kNaSize, kNdHopLimit);
      const std::span<uint8_t> na = reply.subspan(at, kNaSize);
      std::fill(na.begin(), na.end(), 0);
      na[0] = kNeighborAdvertisement;
      na[4] = 0x60;  // S (solicited) and O (override)
      Copy(na, 8, target.address());
      na[24] = kOptionTargetLinkLayer;
      na[25] = 1;
      Copy(na, 26, interface.mac);
      Write16(na, 2, Icmpv6Checksum(target, source, na));
      out.SendFrame(interface.port, reply.first(at + kNaSize));
      ++counters_.neighbor_advertisements_sent;
      return Handled();
    }
    case kNeighborAdvertisement: {
      // RFC 4861 section 7.1.2 and 7.2.5.
      if (hop_limit != kNdHopLimit || icmp[1] != 0 || icmp.size() < 24) {
        return Drop(NetDrop::kBadIcmp);
      }
      Ipv6Address target_bytes{};
      std::copy_n(icmp.begin() + 8, 16, target_bytes.begin());
      const std::optional<MacAddress> mac =
          LinkLayerOption(icmp.subspan(24), kOptionTargetLinkLayer);
      Learn(now, interface.port, IpAddress::FromIpv6(target_bytes), mac.value_or(frame.source),
            false, out);
      return Handled();
    }
    case kIcmpv6EchoRequest: {
      if (!OwnsAddress(interface, destination)) return Handled();
      const size_t size = EthernetFrame::kHeaderSize + Ipv6Packet::kHeaderSize + icmp.size();
      if (size > scratch_.size()) return Drop(NetDrop::kBadIcmp);
      std::span<uint8_t> reply(scratch_);
      size_t at = WriteEthernet(reply, frame.source, interface.mac, kEtherTypeIpv6);
      at += WriteIpv6(reply.subspan(at), destination, source, kIpProtocolIcmpv6, icmp.size(),
                      options_.hop_limit);
      const std::span<uint8_t> echo = reply.subspan(at, icmp.size());
      Copy(echo, 0, icmp);
      echo[0] = kIcmpv6EchoReply;
      Write16(echo, 2, 0);
      Write16(echo, 2, Icmpv6Checksum(destination, source, echo));
      out.SendFrame(interface.port, reply.first(size));
      ++counters_.echo_replies_sent;
      return Handled();
    }
    case kIcmpv6DestinationUnreachable:
    case kIcmpv6PacketTooBig:
    case kIcmpv6ParameterProblem:
      return Ipv6IcmpError(icmp);
    case kIcmpv6TimeExceeded:
      return Drop(NetDrop::kIcmpError);  // RFC 9260 section 10 ICMP2
    default:
      return Handled();  // router advertisements, MLD, ...
  }
}

std::optional<IpAddress> NetStack::SourceFor(const InterfaceConfig& interface,
                                             const IpAddress& destination) const {
  std::optional<IpAddress> any;
  for (const IpPrefix& prefix : interface.addresses) {
    if (prefix.address.family != destination.family) continue;
    if (prefix.Contains(destination)) return prefix.address;
    if (!any) any = prefix.address;
  }
  return any;
}

std::optional<NetStack::Egress> NetStack::Route(const std::optional<IpAddress>& source,
                                                const IpAddress& destination) {
  // With a source address, only its port may carry the packet (the strong
  // host model): two stacks' ports on one link each speak for their own.
  const InterfaceConfig* bound = nullptr;
  if (source) {
    for (const InterfaceConfig& interface : interfaces_) {
      if (OwnsAddress(interface, *source)) bound = &interface;
    }
  }
  const InterfaceConfig* best = nullptr;
  IpAddress next_hop{};
  int best_length = -1;
  for (const InterfaceConfig& interface : interfaces_) {
    if (bound != nullptr && bound != &interface) continue;
    for (const IpPrefix& prefix : interface.addresses) {
      if (prefix.length > best_length && prefix.Contains(destination)) {
        best = &interface;
        next_hop = destination;
        best_length = prefix.length;
      }
    }
  }
  for (const RouteConfig& route : routes_) {
    if (route.prefix.length <= best_length || !route.prefix.Contains(destination)) continue;
    for (const InterfaceConfig& interface : interfaces_) {
      if (bound != nullptr && bound != &interface) continue;
      const bool gateway_connected =
          std::any_of(interface.addresses.begin(), interface.addresses.end(),
                      [&](const IpPrefix& prefix) { return prefix.Contains(route.gateway); });
      if (!gateway_connected) continue;
      best = &interface;
      next_hop = route.gateway;
      best_length = route.prefix.length;
      break;
    }
  }
  std::optional<IpAddress> from;
  if (best != nullptr) from = bound != nullptr ? source : SourceFor(*best, next_hop);
  if (best == nullptr || !from) {
    ++counters_.drops[static_cast<size_t>(NetDrop::kNoRoute)];
    return std::nullopt;
  }
  return Egress{.port = best->port, .source = *from, .next_hop = next_hop, .source_mac = best->mac};
}

size_t NetStack::HeaderSize(const IpAddress& destination) {
  return EthernetFrame::kHeaderSize +
         (IsIpv4(destination) ? Ipv4Packet::kMinHeaderSize : Ipv6Packet::kHeaderSize);
}

void NetStack::WriteHeaders(std::span<uint8_t> headers, const Egress& egress,
                            const IpAddress& destination, size_t sctp_length,
                            const MacAddress& destination_mac) const {
  const bool v4 = IsIpv4(destination);
  const size_t at = WriteEthernet(headers, destination_mac, egress.source_mac,
                                  v4 ? kEtherTypeIpv4 : kEtherTypeIpv6);
  if (v4) {
    WriteIpv4(headers.subspan(at), egress.source, destination, kIpProtocolSctp, sctp_length,
              options_.hop_limit);
  } else {
    WriteIpv6(headers.subspan(at), egress.source, destination, kIpProtocolSctp, sctp_length,
              options_.hop_limit);
  }
}

NetStack::Resolution NetStack::Resolve(TimePoint now, const Egress& egress, uintptr_t handle,
                                       MacAddress& mac, LinkOutput& out) {
  auto [found, created] = neighbors_.try_emplace(NeighborKey{egress.port, egress.next_hop});
  Neighbor& neighbor = found->second;
  const InterfaceConfig& interface = *InterfaceOf(egress.port);
  if (created) {
    neighbor.held.reserve(options_.hold_per_neighbor);
    neighbor.tries = 1;
    neighbor.deadline = now + options_.resolve_interval;
    Solicit(interface, egress.next_hop, out);
  }
  switch (neighbor.state) {
    case Neighbor::State::kStatic:
      mac = neighbor.mac;
      return Resolution::kResolved;
    case Neighbor::State::kReachable:
      if (now >= neighbor.deadline) {
        // Stale: keep using it while asking again (RFC 4861 section 7.3.3);
        // Poll forgets it if nobody answers.
        neighbor.deadline = now + options_.resolve_interval;
        ++neighbor.tries;
        Solicit(interface, egress.next_hop, out);
      }
      mac = neighbor.mac;
      return Resolution::kResolved;
    case Neighbor::State::kIncomplete:
      if (neighbor.held.size() >= options_.hold_per_neighbor) {
        ++counters_.drops[static_cast<size_t>(NetDrop::kHoldQueueFull)];
        return Resolution::kDropped;
      }
      neighbor.held.push_back(handle);
      return Resolution::kHeld;
  }
  return Resolution::kDropped;
}

void NetStack::Poll(TimePoint now, LinkOutput& out) {
  for (auto it = neighbors_.begin(); it != neighbors_.end();) {
    Neighbor& neighbor = it->second;
    const bool asking = neighbor.state == Neighbor::State::kIncomplete ||
                        (neighbor.state == Neighbor::State::kReachable && neighbor.tries > 0);
    if (!asking || now < neighbor.deadline) {
      ++it;
      continue;
    }
    if (neighbor.tries >= options_.resolve_tries) {
      for (uintptr_t handle : neighbor.held) {
        ++counters_.drops[static_cast<size_t>(NetDrop::kNeighborUnresolved)];
        out.DropHeld(handle);
      }
      it = neighbors_.erase(it);
      continue;
    }
    ++neighbor.tries;
    neighbor.deadline = now + options_.resolve_interval;
    Solicit(*InterfaceOf(it->first.port), it->first.address, out);
    ++it;
  }
}

void NetStack::Learn(TimePoint now, uint16_t port, const IpAddress& address, const MacAddress& mac,
                     bool create, LinkOutput& out) {
  auto found = neighbors_.find(NeighborKey{port, address});
  if (found == neighbors_.end()) {
    if (!create) return;
    found = neighbors_.try_emplace(NeighborKey{port, address}).first;
  }
  Neighbor& neighbor = found->second;
  if (neighbor.state == Neighbor::State::kStatic) return;
  neighbor.state = Neighbor::State::kReachable;
  neighbor.mac = mac;
  neighbor.deadline = now + options_.reachable_time;
  neighbor.tries = 0;
  for (uintptr_t handle : neighbor.held) out.SendHeld(handle, mac);
  neighbor.held.clear();
}

void NetStack::Solicit(const InterfaceConfig& interface, const IpAddress& target, LinkOutput& out) {
  const std::optional<IpAddress> source = SourceFor(interface, target);
  if (!source) return;
  std::span<uint8_t> frame(scratch_);
  if (IsIpv4(target)) {
    const size_t at =
        WriteArp(frame, kBroadcastMac, kArpRequest, interface.mac, *source, MacAddress{}, target);
    out.SendFrame(interface.port, frame.first(at));
    ++counters_.arp_requests_sent;
    return;
  }
  // RFC 4861 section 7.2.2: to the solicited-node group, with our
  // link-layer address.
  const IpAddress group = SolicitedNodeAddress(target);
  constexpr size_t kNsSize = 32;
  size_t at = WriteEthernet(frame, MulticastMac(group), interface.mac, kEtherTypeIpv6);
  at += WriteIpv6(frame.subspan(at), *source, group, kIpProtocolIcmpv6, kNsSize, kNdHopLimit);
  const std::span<uint8_t> ns = frame.subspan(at, kNsSize);
  std::fill(ns.begin(), ns.end(), 0);
  ns[0] = kNeighborSolicitation;
  Copy(ns, 8, target.address());
  ns[24] = kOptionSourceLinkLayer;
  ns[25] = 1;
  Copy(ns, 26, interface.mac);
  Write16(ns, 2, Icmpv6Checksum(*source, group, ns));
  out.SendFrame(interface.port, frame.first(at + kNsSize));
  ++counters_.neighbor_solicitations_sent;
}

void NetStack::DropAllHeld(LinkOutput& out) {
  for (auto& [key, neighbor] : neighbors_) {
    for (uintptr_t handle : neighbor.held) out.DropHeld(handle);
    neighbor.held.clear();
  }
}

}  // namespace sctpdp::net
