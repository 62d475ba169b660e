#include "dataplane/net/frame.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "dataplane/net/ethernet.h"
#include "dataplane/net/ipv4.h"
#include "dataplane/net/ipv6.h"
#include "tests/unit/net/net_test_util.h"

namespace sctpdp::net {
namespace {

using ::sctpdp::net::testing::Be16;
using ::sctpdp::net::testing::Bytes;
using ::sctpdp::net::testing::Concat;
using ::sctpdp::net::testing::EthernetHeader;
using ::sctpdp::net::testing::Ipv4Header;
using ::sctpdp::net::testing::Ipv6Header;
using ::sctpdp::net::testing::kSctpPacket;
using ::sctpdp::net::testing::ToBytes;
using ::sctpdp::net::testing::UdpHeader;

constexpr uint8_t kTcp = 6;

const IpAddress kIpv4Source = IpAddress::FromIpv4({10, 0, 0, 1});
const IpAddress kIpv4Destination = IpAddress::FromIpv4({10, 0, 0, 2});
const IpAddress kIpv6Source =
    IpAddress::FromIpv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
const IpAddress kIpv6Destination =
    IpAddress::FromIpv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});

const Bytes kIpv4Sctp = Concat({Ipv4Header(kIpProtocolSctp, kSctpPacket.size()), kSctpPacket});
const Bytes kIpv6Sctp = Concat({Ipv6Header(kIpProtocolSctp, kSctpPacket.size()), kSctpPacket});

// Linux cooked headers: v1 outgoing ARPHRD_ETHER, v2 host on interface 2.
Bytes SllHeader(uint16_t protocol) {
  const Bytes fixed = {0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 0x02,
                       0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00};
  return Concat({fixed, Be16(protocol)});
}
Bytes Sll2Header(uint16_t protocol) {
  const Bytes rest = {0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00,
                      0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00};
  return Concat({Be16(protocol), rest});
}

SctpSegment ExpectSegment(LinkType link_type, const Bytes& frame,
                          const ExtractOptions& options = {}) {
  std::variant<SctpSegment, FrameSkipReason> result = ExtractSctp(link_type, frame, options);
  if (const FrameSkipReason* reason = std::get_if<FrameSkipReason>(&result)) {
    ADD_FAILURE() << "skipped: " << FrameSkipReasonName(*reason);
    return SctpSegment{};
  }
  return std::get<SctpSegment>(result);
}

FrameSkipReason ExpectSkip(LinkType link_type, const Bytes& frame,
                           const ExtractOptions& options = {}) {
  std::variant<SctpSegment, FrameSkipReason> result = ExtractSctp(link_type, frame, options);
  if (std::holds_alternative<SctpSegment>(result)) {
    ADD_FAILURE() << "found SCTP: " << std::get<SctpSegment>(result).ToString();
    return FrameSkipReason::kNotSctp;
  }
  return std::get<FrameSkipReason>(result);
}

void ExpectIpv4Segment(const SctpSegment& segment) {
  EXPECT_EQ(ToBytes(segment.sctp), kSctpPacket);
  EXPECT_EQ(segment.source, kIpv4Source);
  EXPECT_EQ(segment.destination, kIpv4Destination);
  EXPECT_FALSE(segment.udp_encapsulated);
}

void ExpectIpv6Segment(const SctpSegment& segment) {
  EXPECT_EQ(ToBytes(segment.sctp), kSctpPacket);
  EXPECT_EQ(segment.source, kIpv6Source);
  EXPECT_EQ(segment.destination, kIpv6Destination);
  EXPECT_FALSE(segment.udp_encapsulated);
}

// Every strict prefix of `frame` is a capture cut short.
void ExpectEveryTruncationSkipped(LinkType link_type, const Bytes& frame) {
  ASSERT_TRUE(std::holds_alternative<SctpSegment>(ExtractSctp(link_type, frame)));
  for (size_t size = 0; size < frame.size(); ++size) {
    std::variant<SctpSegment, FrameSkipReason> result =
        ExtractSctp(link_type, std::span<const uint8_t>(frame.data(), size));
    ASSERT_TRUE(std::holds_alternative<FrameSkipReason>(result)) << size;
    EXPECT_EQ(std::get<FrameSkipReason>(result), FrameSkipReason::kTruncated)
        << size << " of " << frame.size();
  }
}

TEST(ExtractSctpTest, EthernetIpv4) {
  const Bytes frame = Concat({EthernetHeader(kEtherTypeIpv4), kIpv4Sctp});
  SctpSegment segment = ExpectSegment(LinkType::kEthernet, frame);
  ExpectIpv4Segment(segment);
  EXPECT_EQ(segment.ToString(), "10.0.0.1 > 10.0.0.2");
}

TEST(ExtractSctpTest, EthernetPaddingIsCut) {
  // 14 + 36 bytes padded to the 60-byte Ethernet minimum.
  Bytes frame = Concat({EthernetHeader(kEtherTypeIpv4), kIpv4Sctp});
  frame.resize(60, 0);
  ExpectIpv4Segment(ExpectSegment(LinkType::kEthernet, frame));
}

TEST(ExtractSctpTest, EthernetIpv6) {
  const Bytes frame = Concat({EthernetHeader(kEtherTypeIpv6), kIpv6Sctp});
  SctpSegment segment = ExpectSegment(LinkType::kEthernet, frame);
  ExpectIpv6Segment(segment);
  EXPECT_EQ(segment.ToString(), "2001:db8::1 > 2001:db8::2");
}

TEST(ExtractSctpTest, EthernetQinQ) {
  const Bytes frame = Concat({EthernetHeader(kEtherTypeServiceVlan),
                              {0x00, 0x64, 0x81, 0x00, 0x00, 0x0a, 0x86, 0xdd},
                              kIpv6Sctp});
  ExpectIpv6Segment(ExpectSegment(LinkType::kEthernet, frame));
}

TEST(ExtractSctpTest, LinuxSll) {
  ExpectIpv4Segment(ExpectSegment(LinkType::kLinuxSll, Concat({SllHeader(0x0800), kIpv4Sctp})));
  ExpectIpv6Segment(ExpectSegment(LinkType::kLinuxSll, Concat({SllHeader(0x86dd), kIpv6Sctp})));
}

TEST(ExtractSctpTest, LinuxSllWithVlan) {
  const Bytes frame = Concat({SllHeader(0x8100), {0x00, 0x05, 0x08, 0x00}, kIpv4Sctp});
  ExpectIpv4Segment(ExpectSegment(LinkType::kLinuxSll, frame));
}

TEST(ExtractSctpTest, LinuxSll2) {
  ExpectIpv4Segment(ExpectSegment(LinkType::kLinuxSll2, Concat({Sll2Header(0x0800), kIpv4Sctp})));
  ExpectIpv6Segment(ExpectSegment(LinkType::kLinuxSll2, Concat({Sll2Header(0x86dd), kIpv6Sctp})));
  const Bytes tagged = Concat({Sll2Header(0x88a8), {0x00, 0x05, 0x86, 0xdd}, kIpv6Sctp});
  ExpectIpv6Segment(ExpectSegment(LinkType::kLinuxSll2, tagged));
}

TEST(ExtractSctpTest, RawIpByVersion) {
  ExpectIpv4Segment(ExpectSegment(LinkType::kRawIp, kIpv4Sctp));
  ExpectIpv6Segment(ExpectSegment(LinkType::kRawIp, kIpv6Sctp));
  Bytes version5 = kIpv4Sctp;
  version5[0] = 0x55;
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, version5), FrameSkipReason::kBadIpHeader);
}

TEST(ExtractSctpTest, RawIpv4AndIpv6) {
  ExpectIpv4Segment(ExpectSegment(LinkType::kRawIpv4, kIpv4Sctp));
  ExpectIpv6Segment(ExpectSegment(LinkType::kRawIpv6, kIpv6Sctp));
  // The link type promises one version; the packet has the other.
  EXPECT_EQ(ExpectSkip(LinkType::kRawIpv4, kIpv6Sctp), FrameSkipReason::kBadIpHeader);
  EXPECT_EQ(ExpectSkip(LinkType::kRawIpv6, kIpv4Sctp), FrameSkipReason::kBadIpHeader);
}

TEST(ExtractSctpTest, NullInEitherByteOrder) {
  ExpectIpv4Segment(ExpectSegment(LinkType::kNull, Concat({{0x02, 0x00, 0x00, 0x00}, kIpv4Sctp})));
  ExpectIpv4Segment(ExpectSegment(LinkType::kNull, Concat({{0x00, 0x00, 0x00, 0x02}, kIpv4Sctp})));
  ExpectIpv6Segment(ExpectSegment(LinkType::kNull, Concat({{0x1e, 0x00, 0x00, 0x00}, kIpv6Sctp})));
}

TEST(ExtractSctpTest, Loopback) {
  ExpectIpv4Segment(
      ExpectSegment(LinkType::kLoopback, Concat({{0x00, 0x00, 0x00, 0x02}, kIpv4Sctp})));
  ExpectIpv6Segment(
      ExpectSegment(LinkType::kLoopback, Concat({{0x00, 0x00, 0x00, 0x18}, kIpv6Sctp})));
  EXPECT_EQ(ExpectSkip(LinkType::kLoopback, Concat({{0x02, 0x00, 0x00, 0x00}, kIpv4Sctp})),
            FrameSkipReason::kNotIp);
}

TEST(ExtractSctpTest, OtherLinkProtocolsAreNotIp) {
  const Bytes arp = Concat({EthernetHeader(0x0806), Bytes(28, 0)});
  EXPECT_EQ(ExpectSkip(LinkType::kEthernet, arp), FrameSkipReason::kNotIp);
  EXPECT_EQ(ExpectSkip(LinkType::kLinuxSll, Concat({SllHeader(0x0004), kIpv4Sctp})),
            FrameSkipReason::kNotIp);
  EXPECT_EQ(ExpectSkip(LinkType::kLinuxSll2, Concat({Sll2Header(0x88cc), kIpv4Sctp})),
            FrameSkipReason::kNotIp);
  EXPECT_EQ(ExpectSkip(LinkType::kNull, Concat({{0x07, 0x00, 0x00, 0x00}, kIpv4Sctp})),
            FrameSkipReason::kNotIp);
}

TEST(ExtractSctpTest, OtherIpProtocolsAreNotSctp) {
  const Bytes tcp = Concat({Ipv4Header(kTcp, 20), Bytes(20, 0)});
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, tcp), FrameSkipReason::kNotSctp);
  const Bytes icmpv6 = Concat({Ipv6Header(58, 8), Bytes(8, 0)});
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, icmpv6), FrameSkipReason::kNotSctp);
}

TEST(ExtractSctpTest, Ipv4OptionsBeforeSctp) {
  const Bytes packet =
      Concat({Ipv4Header(kIpProtocolSctp, kSctpPacket.size(), 0x4000, {0x94, 0x04, 0x00, 0x00}),
              kSctpPacket});
  ExpectIpv4Segment(ExpectSegment(LinkType::kRawIpv4, packet));
}

TEST(ExtractSctpTest, Ipv6ExtensionHeadersBeforeSctp) {
  const Bytes headers = {kIpv6DestinationOptions, 0, 1, 4, 0, 0, 0, 0,   // hop-by-hop
                         kIpProtocolSctp,         0, 1, 4, 0, 0, 0, 0};  // destination options
  const Bytes packet =
      Concat({Ipv6Header(kIpv6HopByHopOptions, headers.size() + kSctpPacket.size()), headers,
              kSctpPacket});
  ExpectIpv6Segment(ExpectSegment(LinkType::kRawIpv6, packet));
}

TEST(ExtractSctpTest, Ipv4HeaderChecksum) {
  Bytes packet = kIpv4Sctp;
  packet[8] = 1;  // TTL changed, checksum not
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, packet), FrameSkipReason::kBadIpChecksum);
  ExpectIpv4Segment(ExpectSegment(LinkType::kRawIp, packet,
                                  ExtractOptions{.verify_ipv4_header_checksum = false}));
}

TEST(ExtractSctpTest, MalformedIpHeaders) {
  Bytes ihl4 = kIpv4Sctp;
  ihl4[0] = 0x44;
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, ihl4), FrameSkipReason::kBadIpHeader);
  const Bytes overrun =
      Concat({Ipv6Header(kIpv6Routing, 8), {kIpProtocolSctp, 1, 0, 0, 0, 0, 0, 0}});
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, overrun), FrameSkipReason::kBadIpHeader);
}

TEST(ExtractSctpTest, UdpEncapsulationOnEitherPort) {
  for (auto [source, destination] :
       {std::pair<uint16_t, uint16_t>{9899, 9899}, {50000, 9899}, {9899, 50000}}) {
    const Bytes udp = Concat({UdpHeader(source, destination, kSctpPacket.size()), kSctpPacket});
    const Bytes packet = Concat({Ipv4Header(kIpProtocolUdp, udp.size()), udp});
    SctpSegment segment = ExpectSegment(LinkType::kRawIp, packet);
    EXPECT_EQ(ToBytes(segment.sctp), kSctpPacket);
    EXPECT_TRUE(segment.udp_encapsulated);
    EXPECT_EQ(segment.udp_source_port, source);
    EXPECT_EQ(segment.udp_destination_port, destination);
    EXPECT_EQ(segment.source, kIpv4Source);
  }
}

TEST(ExtractSctpTest, UdpEncapsulationOverIpv6) {
  const Bytes udp = Concat({UdpHeader(9899, 9899, kSctpPacket.size()), kSctpPacket});
  const Bytes frame =
      Concat({EthernetHeader(kEtherTypeIpv6), Ipv6Header(kIpProtocolUdp, udp.size()), udp});
  SctpSegment segment = ExpectSegment(LinkType::kEthernet, frame);
  EXPECT_EQ(ToBytes(segment.sctp), kSctpPacket);
  EXPECT_TRUE(segment.udp_encapsulated);
  EXPECT_EQ(segment.destination, kIpv6Destination);
  EXPECT_EQ(segment.ToString(), "2001:db8::1 > 2001:db8::2 udp 9899 > 9899");
}

TEST(ExtractSctpTest, UdpOnOtherPortsIsNotSctp) {
  const Bytes udp = Concat({UdpHeader(53, 40000, kSctpPacket.size()), kSctpPacket});
  const Bytes packet = Concat({Ipv4Header(kIpProtocolUdp, udp.size()), udp});
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, packet), FrameSkipReason::kNotSctp);
}

TEST(ExtractSctpTest, UdpEncapsulationPortIsConfigurable) {
  const Bytes udp = Concat({UdpHeader(30000, 30001, kSctpPacket.size()), kSctpPacket});
  const Bytes packet = Concat({Ipv4Header(kIpProtocolUdp, udp.size()), udp});
  SctpSegment segment =
      ExpectSegment(LinkType::kRawIp, packet, ExtractOptions{.udp_encapsulation_port = 30001});
  EXPECT_EQ(ToBytes(segment.sctp), kSctpPacket);
  const Bytes standard = Concat({UdpHeader(9899, 9899, kSctpPacket.size()), kSctpPacket});
  const Bytes standard_packet = Concat({Ipv4Header(kIpProtocolUdp, standard.size()), standard});
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, standard_packet,
                       ExtractOptions{.udp_encapsulation_port = 30001}),
            FrameSkipReason::kNotSctp);
  // Zero turns encapsulation off, even for a UDP port 0 (reserved).
  const Bytes zero = Concat({UdpHeader(0, 0, kSctpPacket.size()), kSctpPacket});
  const Bytes zero_packet = Concat({Ipv4Header(kIpProtocolUdp, zero.size()), zero});
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, zero_packet, ExtractOptions{.udp_encapsulation_port = 0}),
            FrameSkipReason::kNotSctp);
}

TEST(ExtractSctpTest, BadUdpLength) {
  Bytes udp = Concat({UdpHeader(9899, 9899, kSctpPacket.size()), kSctpPacket});
  udp[5] = 4;
  const Bytes packet = Concat({Ipv4Header(kIpProtocolUdp, udp.size()), udp});
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, packet), FrameSkipReason::kBadUdpHeader);
}

TEST(ExtractSctpTest, Ipv4SctpFragments) {
  const Bytes first =
      Concat({Ipv4Header(kIpProtocolSctp, kSctpPacket.size(), 0x2000), kSctpPacket});
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, first), FrameSkipReason::kIpFragment);
  const Bytes last = Concat({Ipv4Header(kIpProtocolSctp, kSctpPacket.size(), 0x0002), kSctpPacket});
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, last), FrameSkipReason::kIpFragment);
}

TEST(ExtractSctpTest, Ipv4UdpFragments) {
  const Bytes encapsulated = Concat({UdpHeader(9899, 9899, 100), kSctpPacket});
  EXPECT_EQ(
      ExpectSkip(LinkType::kRawIp,
                 Concat({Ipv4Header(kIpProtocolUdp, encapsulated.size(), 0x2000), encapsulated})),
      FrameSkipReason::kIpFragment);
  // The first fragment shows other ports: not SCTP.
  const Bytes dns = Concat({UdpHeader(53, 40000, 100), kSctpPacket});
  EXPECT_EQ(
      ExpectSkip(LinkType::kRawIp, Concat({Ipv4Header(kIpProtocolUdp, dns.size(), 0x2000), dns})),
      FrameSkipReason::kNotSctp);
  // A later fragment of UDP could belong to an encapsulated packet.
  EXPECT_EQ(
      ExpectSkip(LinkType::kRawIp, Concat({Ipv4Header(kIpProtocolUdp, dns.size(), 0x0003), dns})),
      FrameSkipReason::kIpFragment);
  // Fragments of other protocols are simply not SCTP.
  EXPECT_EQ(ExpectSkip(LinkType::kRawIp, Concat({Ipv4Header(kTcp, dns.size(), 0x2000), dns})),
            FrameSkipReason::kNotSctp);
}

TEST(ExtractSctpTest, Ipv6Fragments) {
  auto packet = [](const Bytes& fragment_header, const Bytes& data) {
    return Concat(
        {Ipv6Header(kIpv6Fragment, fragment_header.size() + data.size()), fragment_header, data});
  };
  // First fragment of SCTP (offset 0, M set).
  EXPECT_EQ(ExpectSkip(LinkType::kRawIpv6,
                       packet({kIpProtocolSctp, 0, 0x00, 0x01, 0, 0, 0, 7}, kSctpPacket)),
            FrameSkipReason::kIpFragment);
  // Later fragment whose fragmentable part starts with destination options.
  EXPECT_EQ(ExpectSkip(LinkType::kRawIpv6,
                       packet({kIpv6DestinationOptions, 0, 0x00, 0x08, 0, 0, 0, 7}, kSctpPacket)),
            FrameSkipReason::kIpFragment);
  // Later fragment of TCP.
  EXPECT_EQ(ExpectSkip(LinkType::kRawIpv6, packet({kTcp, 0, 0x00, 0x08, 0, 0, 0, 7}, kSctpPacket)),
            FrameSkipReason::kNotSctp);
  // Atomic fragment (RFC 6946): a whole SCTP packet.
  ExpectIpv6Segment(ExpectSegment(LinkType::kRawIpv6,
                                  packet({kIpProtocolSctp, 0, 0, 0, 0, 0, 0, 7}, kSctpPacket)));
}

TEST(ExtractSctpTest, EveryTruncationOfEveryLinkType) {
  const Bytes udp = Concat({UdpHeader(9899, 9899, kSctpPacket.size()), kSctpPacket});
  const Bytes ipv4_udp = Concat({Ipv4Header(kIpProtocolUdp, udp.size()), udp});
  const Bytes ext = {kIpProtocolUdp, 0, 1, 4, 0, 0, 0, 0};
  const Bytes ipv6_ext_udp =
      Concat({Ipv6Header(kIpv6DestinationOptions, ext.size() + udp.size()), ext, udp});
  ExpectEveryTruncationSkipped(LinkType::kEthernet,
                               Concat({EthernetHeader(kEtherTypeIpv4), kIpv4Sctp}));
  ExpectEveryTruncationSkipped(
      LinkType::kEthernet,
      Concat({EthernetHeader(kEtherTypeVlan), {0x00, 0x01, 0x86, 0xdd}, ipv6_ext_udp}));
  ExpectEveryTruncationSkipped(LinkType::kLinuxSll, Concat({SllHeader(0x0800), ipv4_udp}));
  ExpectEveryTruncationSkipped(LinkType::kLinuxSll2, Concat({Sll2Header(0x86dd), kIpv6Sctp}));
  ExpectEveryTruncationSkipped(LinkType::kRawIp, ipv4_udp);
  ExpectEveryTruncationSkipped(LinkType::kRawIp, ipv6_ext_udp);
  ExpectEveryTruncationSkipped(LinkType::kRawIpv4, kIpv4Sctp);
  ExpectEveryTruncationSkipped(LinkType::kRawIpv6, kIpv6Sctp);
  ExpectEveryTruncationSkipped(LinkType::kNull, Concat({{0x02, 0x00, 0x00, 0x00}, kIpv4Sctp}));
  ExpectEveryTruncationSkipped(LinkType::kLoopback, Concat({{0x00, 0x00, 0x00, 0x1c}, kIpv6Sctp}));
}

TEST(ExtractSctpTest, NamesAreDistinct) {
  std::set<std::string> link_names;
  for (LinkType type :
       {LinkType::kEthernet, LinkType::kLinuxSll, LinkType::kLinuxSll2, LinkType::kRawIp,
        LinkType::kRawIpv4, LinkType::kRawIpv6, LinkType::kNull, LinkType::kLoopback}) {
    link_names.insert(std::string(LinkTypeName(type)));
  }
  EXPECT_EQ(link_names.size(), 8u);
  EXPECT_FALSE(link_names.contains("unknown"));
  std::set<std::string> reasons;
  for (FrameSkipReason reason :
       {FrameSkipReason::kTruncated, FrameSkipReason::kNotIp, FrameSkipReason::kBadIpHeader,
        FrameSkipReason::kBadIpChecksum, FrameSkipReason::kIpFragment, FrameSkipReason::kNotSctp,
        FrameSkipReason::kBadUdpHeader}) {
    reasons.insert(std::string(FrameSkipReasonName(reason)));
  }
  EXPECT_EQ(reasons.size(), 7u);
  EXPECT_FALSE(reasons.contains("unknown"));
  EXPECT_EQ(FrameSkipReasonName(FrameSkipReason::kIpFragment), "IP fragment");
}

}  // namespace
}  // namespace sctpdp::net
