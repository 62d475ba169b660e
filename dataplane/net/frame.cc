#include "dataplane/net/frame.h"

#include <fmt/format.h>

#include <type_traits>

#include "dataplane/net/ethernet.h"
#include "dataplane/net/ipv4.h"
#include "dataplane/net/ipv6.h"
#include "dataplane/net/linux_sll.h"
#include "dataplane/net/null_loopback.h"
#include "dataplane/sctp/packet/bounded_byte_reader.h"

namespace sctpdp::net {

namespace {

enum class Network : uint8_t {
  kIpv4,
  kIpv6,
  kByVersion,  // raw IP: the version field decides
  kOther,
};

struct LinkPayload {
  Network network = Network::kOther;
  std::span<const uint8_t> packet;
};

Network FromEtherType(uint16_t ether_type) {
  if (ether_type == kEtherTypeIpv4) return Network::kIpv4;
  if (ether_type == kEtherTypeIpv6) return Network::kIpv6;
  return Network::kOther;
}

template <typename T>
std::variant<LinkPayload, FrameSkipReason> FromTypedFrame(std::span<const uint8_t> frame) {
  DecodeResult<T> decoded = T::Decode(frame);
  if (!decoded.ok()) return FrameSkipReason::kTruncated;  // link decoders only fail that way
  if constexpr (std::is_same_v<T, EthernetFrame>) {
    return LinkPayload{FromEtherType(decoded->ether_type), decoded->payload};
  } else {
    return LinkPayload{FromEtherType(decoded->protocol), decoded->payload};
  }
}

std::variant<LinkPayload, FrameSkipReason> FromLoopback(std::span<const uint8_t> frame,
                                                        NullLoopbackFrame::ByteOrder order) {
  DecodeResult<NullLoopbackFrame> decoded = NullLoopbackFrame::Decode(frame, order);
  if (!decoded.ok()) return FrameSkipReason::kTruncated;
  Network network = Network::kOther;
  if (decoded->is_ipv4()) network = Network::kIpv4;
  if (decoded->is_ipv6()) network = Network::kIpv6;
  return LinkPayload{network, decoded->payload};
}

std::variant<LinkPayload, FrameSkipReason> DecodeLink(LinkType link_type,
                                                      std::span<const uint8_t> frame) {
  switch (link_type) {
    case LinkType::kEthernet:
      return FromTypedFrame<EthernetFrame>(frame);
    case LinkType::kLinuxSll:
      return FromTypedFrame<LinuxSllFrame>(frame);
    case LinkType::kLinuxSll2:
      return FromTypedFrame<LinuxSll2Frame>(frame);
    case LinkType::kRawIp:
      return LinkPayload{Network::kByVersion, frame};
    case LinkType::kRawIpv4:
      return LinkPayload{Network::kIpv4, frame};
    case LinkType::kRawIpv6:
      return LinkPayload{Network::kIpv6, frame};
    case LinkType::kNull:
      return FromLoopback(frame, NullLoopbackFrame::ByteOrder::kCapturingHost);
    case LinkType::kLoopback:
      return FromLoopback(frame, NullLoopbackFrame::ByteOrder::kNetwork);
  }
  return FrameSkipReason::kNotIp;
}

FrameSkipReason FromDecodeError(DecodeError error) {
  return error == DecodeError::kTruncated ? FrameSkipReason::kTruncated
                                          : FrameSkipReason::kBadIpHeader;
}

// What the IP layer found: the protocol of `payload` and, for fragments,
// whether this is the first one (which starts with the upper-layer header).
struct IpPayload {
  uint8_t protocol = 0;
  std::span<const uint8_t> payload;
  IpAddress source;
  IpAddress destination;
  bool is_fragment = false;
  bool is_first_fragment = false;
};

bool IsEncapsulationPort(uint16_t port, const ExtractOptions& options) {
  return options.udp_encapsulation_port != 0 && port == options.udp_encapsulation_port;
}

std::variant<SctpSegment, FrameSkipReason> FromIpPayload(const IpPayload& ip,
                                                         const ExtractOptions& options) {
  if (ip.protocol == kIpProtocolSctp) {
    if (ip.is_fragment) return FrameSkipReason::kIpFragment;
    return SctpSegment{.sctp = ip.payload, .source = ip.source, .destination = ip.destination};
  }
  if (ip.protocol == kIpProtocolUdp) {
    if (ip.is_fragment) {
      // A first fragment shows the ports; the others could be anyone's.
      if (ip.is_first_fragment && ip.payload.size() >= 4) {
        BoundedByteReader<4> ports(ip.payload);
        if (!IsEncapsulationPort(ports.Load16<0>(), options) &&
            !IsEncapsulationPort(ports.Load16<2>(), options)) {
          return FrameSkipReason::kNotSctp;
        }
      }
      return FrameSkipReason::kIpFragment;
    }
    DecodeResult<UdpDatagram> udp = UdpDatagram::Decode(ip.payload);
    if (!udp.ok()) {
      return udp.error() == DecodeError::kTruncated ? FrameSkipReason::kTruncated
                                                    : FrameSkipReason::kBadUdpHeader;
    }
    if (!IsEncapsulationPort(udp->source_port, options) &&
        !IsEncapsulationPort(udp->destination_port, options)) {
      return FrameSkipReason::kNotSctp;
    }
    return SctpSegment{.sctp = udp->payload,
                       .source = ip.source,
                       .destination = ip.destination,
                       .udp_encapsulated = true,
                       .udp_source_port = udp->source_port,
                       .udp_destination_port = udp->destination_port};
  }
  // A later IPv6 fragment names the first header of the fragmentable part,
  // which may be an extension header with SCTP behind it.
  if (ip.is_fragment && !ip.is_first_fragment && IsIpv6ExtensionHeader(ip.protocol)) {
    return FrameSkipReason::kIpFragment;
  }
  return FrameSkipReason::kNotSctp;
}

std::variant<SctpSegment, FrameSkipReason> FromIpv4(std::span<const uint8_t> packet,
                                                    const ExtractOptions& options) {
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(packet);
  if (!ip.ok()) return FromDecodeError(ip.error());
  if (options.verify_ipv4_header_checksum && !ip->header_checksum_valid) {
    return FrameSkipReason::kBadIpChecksum;
  }
  return FromIpPayload(IpPayload{.protocol = ip->protocol,
                                 .payload = ip->payload,
                                 .source = IpAddress::FromIpv4(ip->source),
                                 .destination = IpAddress::FromIpv4(ip->destination),
                                 .is_fragment = ip->is_fragment(),
                                 .is_first_fragment = ip->fragment_offset == 0},
                       options);
}

std::variant<SctpSegment, FrameSkipReason> FromIpv6(std::span<const uint8_t> packet,
                                                    const ExtractOptions& options) {
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(packet);
  if (!ip.ok()) return FromDecodeError(ip.error());
  return FromIpPayload(
      IpPayload{.protocol = ip->protocol,
                .payload = ip->payload,
                .source = IpAddress::FromIpv6(ip->source),
                .destination = IpAddress::FromIpv6(ip->destination),
                .is_fragment = ip->is_fragment(),
                .is_first_fragment = ip->fragment && ip->fragment->fragment_offset == 0},
      options);
}

}  // namespace

std::string_view LinkTypeName(LinkType link_type) {
  switch (link_type) {
    case LinkType::kEthernet:
      return "ethernet";
    case LinkType::kLinuxSll:
      return "linux-sll";
    case LinkType::kLinuxSll2:
      return "linux-sll2";
    case LinkType::kRawIp:
      return "raw-ip";
    case LinkType::kRawIpv4:
      return "raw-ipv4";
    case LinkType::kRawIpv6:
      return "raw-ipv6";
    case LinkType::kNull:
      return "null";
    case LinkType::kLoopback:
      return "loopback";
  }
  return "unknown";
}

std::string_view FrameSkipReasonName(FrameSkipReason reason) {
  switch (reason) {
    case FrameSkipReason::kTruncated:
      return "truncated";
    case FrameSkipReason::kNotIp:
      return "not IP";
    case FrameSkipReason::kBadIpHeader:
      return "bad IP header";
    case FrameSkipReason::kBadIpChecksum:
      return "bad IPv4 header checksum";
    case FrameSkipReason::kIpFragment:
      return "IP fragment";
    case FrameSkipReason::kNotSctp:
      return "not SCTP";
    case FrameSkipReason::kBadUdpHeader:
      return "bad UDP header";
  }
  return "unknown";
}

std::string SctpSegment::ToString() const {
  std::string out = fmt::format("{} > {}", source.ToString(), destination.ToString());
  if (udp_encapsulated) out += fmt::format(" udp {} > {}", udp_source_port, udp_destination_port);
  return out;
}

std::variant<SctpSegment, FrameSkipReason> ExtractSctp(LinkType link_type,
                                                       std::span<const uint8_t> frame,
                                                       const ExtractOptions& options) {
  std::variant<LinkPayload, FrameSkipReason> link = DecodeLink(link_type, frame);
  if (const FrameSkipReason* reason = std::get_if<FrameSkipReason>(&link)) return *reason;
  const LinkPayload& payload = std::get<LinkPayload>(link);
  Network network = payload.network;
  if (network == Network::kByVersion) {
    if (payload.packet.empty()) return FrameSkipReason::kTruncated;
    const uint8_t version = payload.packet[0] >> 4;
    if (version == Ipv4Packet::kVersion) {
      network = Network::kIpv4;
    } else if (version == Ipv6Packet::kVersion) {
      network = Network::kIpv6;
    } else {
      return FrameSkipReason::kBadIpHeader;
    }
  }
  switch (network) {
    case Network::kIpv4:
      return FromIpv4(payload.packet, options);
    case Network::kIpv6:
      return FromIpv6(payload.packet, options);
    case Network::kByVersion:
    case Network::kOther:
      break;
  }
  return FrameSkipReason::kNotIp;
}

}  // namespace sctpdp::net
