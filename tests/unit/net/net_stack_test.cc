// The network stack in front of a port: ARP and ND answered and used,
// SCTP handed up, headers written in front of outgoing SCTP packets.
// Expected frames with checksums were computed by an independent script
// (Python's struct and ipaddress), not by the code under test.
#include "dataplane/net/net_stack.h"

#include <gtest/gtest.h>

#include "dataplane/net/ipv4.h"
#include "dataplane/net/ipv6.h"
#include "tests/unit/net/net_test_util.h"

namespace sctpdp::net {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::Bytes;
using testing::Concat;

const MacAddress kOurMac = {0x02, 0, 0, 0, 0, 0x01};
const MacAddress kPeerMac = {0x02, 0, 0, 0, 0, 0x02};
const IpAddress kOurs = IpAddress::FromIpv4({198, 18, 0, 1});
const IpAddress kPeer = IpAddress::FromIpv4({198, 18, 0, 2});
const IpAddress kGateway = IpAddress::FromIpv4({198, 18, 0, 254});
const IpAddress kFar = IpAddress::FromIpv4({198, 19, 7, 7});
const IpAddress kOurs6 =
    IpAddress::FromIpv6({0xfd, 0, 0x05, 0xce, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
const IpAddress kPeer6 =
    IpAddress::FromIpv6({0xfd, 0, 0x05, 0xce, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
const TimePoint kStart = TimePoint{} + seconds(10);

Bytes Hex(std::string_view hex) {
  Bytes out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

struct RecordingOutput : LinkOutput {
  std::vector<std::pair<uint16_t, Bytes>> frames;
  std::vector<std::pair<uintptr_t, MacAddress>> sent_held;
  std::vector<uintptr_t> dropped_held;
  void SendFrame(uint16_t port, std::span<const uint8_t> frame) override {
    frames.emplace_back(port, Bytes(frame.begin(), frame.end()));
  }
  void SendHeld(uintptr_t handle, const MacAddress& mac) override {
    sent_held.emplace_back(handle, mac);
  }
  void DropHeld(uintptr_t handle) override { dropped_held.push_back(handle); }
};

NetStack MakeStack(NetStackOptions options = {}) {
  return NetStack(
      {InterfaceConfig{
          .port = 0, .mac = kOurMac, .addresses = {IpPrefix{kOurs, 24}, IpPrefix{kOurs6, 64}}}},
      {RouteConfig{.prefix = IpPrefix{IpAddress::FromIpv4({198, 19, 0, 0}), 16},
                   .gateway = kGateway}},
      {}, options);
}

Bytes ArpFrame(uint16_t operation, const MacAddress& to_mac, const MacAddress& sender_mac,
               const IpAddress& sender, const MacAddress& target_mac, const IpAddress& target) {
  const Bytes header = {0, 1, 0x08, 0, 6, 4, 0, static_cast<uint8_t>(operation)};
  return Concat({Bytes(to_mac.begin(), to_mac.end()),
                 Bytes(sender_mac.begin(), sender_mac.end()),
                 {0x08, 0x06},
                 header,
                 Bytes(sender_mac.begin(), sender_mac.end()),
                 testing::ToBytes(sender.address()),
                 Bytes(target_mac.begin(), target_mac.end()),
                 testing::ToBytes(target.address())});
}

Bytes SctpFrame(const IpAddress& source, const IpAddress& destination, const MacAddress& to_mac) {
  Bytes ip(Ipv4Packet::kMinHeaderSize);
  Bytes frame(NetStack::HeaderSize(destination) + testing::kSctpPacket.size());
  NetStack sender(
      {InterfaceConfig{.port = 0, .mac = kPeerMac, .addresses = {IpPrefix{source, 24}}}}, {}, {},
      {});
  const auto egress = sender.Route(source, destination);
  EXPECT_TRUE(egress.has_value());
  sender.WriteHeaders(frame, *egress, destination, testing::kSctpPacket.size(), to_mac);
  std::copy(testing::kSctpPacket.begin(), testing::kSctpPacket.end(),
            frame.begin() + static_cast<ptrdiff_t>(NetStack::HeaderSize(destination)));
  return frame;
}

TEST(NetStackTest, AnswersArpForOurAddressAndLearnsTheAsker) {
  NetStack stack = MakeStack();
  RecordingOutput out;
  const MacAddress broadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const auto inbound =
      stack.Receive(kStart, 0, ArpFrame(1, broadcast, kPeerMac, kPeer, {}, kOurs), out);
  EXPECT_EQ(inbound.kind, NetStack::Inbound::Kind::kHandled);
  ASSERT_EQ(out.frames.size(), 1u);
  EXPECT_EQ(out.frames[0].second, ArpFrame(2, kPeerMac, kOurMac, kOurs, kPeerMac, kPeer));
  // The asker is known now: no ARP request to send to it.
  const auto egress = stack.Route(std::nullopt, kPeer);
  ASSERT_TRUE(egress.has_value());
  MacAddress mac{};
  EXPECT_EQ(stack.Resolve(kStart, *egress, 1, mac, out), NetStack::Resolution::kResolved);
  EXPECT_EQ(mac, kPeerMac);
  EXPECT_EQ(out.frames.size(), 1u);
}

TEST(NetStackTest, ArpForSomeoneElseIsNotAnswered) {
  NetStack stack = MakeStack();
  RecordingOutput out;
  const MacAddress broadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  stack.Receive(kStart, 0, ArpFrame(1, broadcast, kPeerMac, kPeer, {}, kGateway), out);
  EXPECT_TRUE(out.frames.empty());
}

TEST(NetStackTest, HoldsPacketsUntilArpAnswersThenSendsThemInOrder) {
  NetStack stack = MakeStack();
  RecordingOutput out;
  const auto egress = stack.Route(std::nullopt, kPeer);
  ASSERT_TRUE(egress.has_value());
  MacAddress mac{};
  EXPECT_EQ(stack.Resolve(kStart, *egress, 11, mac, out), NetStack::Resolution::kHeld);
  EXPECT_EQ(stack.Resolve(kStart, *egress, 12, mac, out), NetStack::Resolution::kHeld);
  ASSERT_EQ(out.frames.size(), 1u);  // one request, broadcast
  const MacAddress broadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  EXPECT_EQ(out.frames[0].second, ArpFrame(1, broadcast, kOurMac, kOurs, {}, kPeer));
  stack.Receive(kStart + milliseconds(1), 0, ArpFrame(2, kOurMac, kPeerMac, kPeer, kOurMac, kOurs),
                out);
  ASSERT_EQ(out.sent_held.size(), 2u);
  EXPECT_EQ(out.sent_held[0], std::pair(uintptr_t{11}, kPeerMac));
  EXPECT_EQ(out.sent_held[1], std::pair(uintptr_t{12}, kPeerMac));
}

TEST(NetStackTest, UnansweredResolutionRetriesThenDropsWhatItHeld) {
  NetStackOptions options;
  options.resolve_tries = 3;
  options.hold_per_neighbor = 2;
  NetStack stack = MakeStack(options);
  RecordingOutput out;
  const auto egress = stack.Route(std::nullopt, kPeer);
  MacAddress mac{};
  EXPECT_EQ(stack.Resolve(kStart, *egress, 1, mac, out), NetStack::Resolution::kHeld);
  EXPECT_EQ(stack.Resolve(kStart, *egress, 2, mac, out), NetStack::Resolution::kHeld);
  EXPECT_EQ(stack.Resolve(kStart, *egress, 3, mac, out), NetStack::Resolution::kDropped);
  EXPECT_EQ(stack.counters().drops[static_cast<size_t>(NetDrop::kHoldQueueFull)], 1u);
  for (int s = 1; s <= 3; ++s) stack.Poll(kStart + seconds(s), out);
  EXPECT_EQ(stack.counters().arp_requests_sent, 3u);
  EXPECT_EQ(out.dropped_held, (std::vector<uintptr_t>{1, 2}));
  EXPECT_EQ(stack.counters().drops[static_cast<size_t>(NetDrop::kNeighborUnresolved)], 2u);
}

TEST(NetStackTest, HandsUpSctpForUsAndDropsTheRestByReason) {
  NetStack stack = MakeStack();
  RecordingOutput out;
  const Bytes frame = SctpFrame(kPeer, kOurs, kOurMac);  // inbound.sctp points into it
  const auto inbound = stack.Receive(kStart, 0, frame, out);
  ASSERT_EQ(inbound.kind, NetStack::Inbound::Kind::kSctp);
  EXPECT_EQ(inbound.source, kPeer);
  EXPECT_EQ(inbound.destination, kOurs);
  EXPECT_EQ(testing::ToBytes(inbound.sctp), testing::kSctpPacket);

  auto drop_of = [&](const Bytes& frame) {
    const auto result = stack.Receive(kStart, 0, frame, out);
    EXPECT_EQ(result.kind, NetStack::Inbound::Kind::kDropped);
    return result.drop;
  };
  EXPECT_EQ(drop_of(SctpFrame(kPeer, kGateway, kOurMac)), NetDrop::kNotOurAddress);
  EXPECT_EQ(drop_of(SctpFrame(kPeer, kOurs, kPeerMac)), NetDrop::kNotOurMac);
  Bytes bad_checksum = SctpFrame(kPeer, kOurs, kOurMac);
  bad_checksum[14 + 10] ^= 1;
  EXPECT_EQ(drop_of(bad_checksum), NetDrop::kBadIpChecksum);
  Bytes truncated = SctpFrame(kPeer, kOurs, kOurMac);
  truncated.resize(20);
  EXPECT_EQ(drop_of(truncated), NetDrop::kBadIpHeader);
  EXPECT_EQ(drop_of(Bytes(10, 0)), NetDrop::kTruncatedFrame);
  EXPECT_EQ(stack.counters().drops[static_cast<size_t>(NetDrop::kNotOurAddress)], 1u);
}

TEST(NetStackTest, FragmentsAreCountedAndDropped) {
  NetStack stack = MakeStack();
  RecordingOutput out;
  Bytes frame = SctpFrame(kPeer, kOurs, kOurMac);
  frame[14 + 6] = 0x20;  // MF
  frame[14 + 10] = frame[14 + 11] = 0;
  const uint16_t checksum = InternetChecksum(std::span(frame).subspan(14, 20));
  frame[14 + 10] = static_cast<uint8_t>(checksum >> 8);
  frame[14 + 11] = static_cast<uint8_t>(checksum);
  EXPECT_EQ(stack.Receive(kStart, 0, frame, out).drop, NetDrop::kIpFragment);
}

TEST(NetStackTest, AnswersPing) {
  NetStack stack = MakeStack();
  RecordingOutput out;
  const auto inbound = stack.Receive(
      kStart, 0,
      Hex("020000000001020000000002080045000024000040004001aeb1c6120002c612000108005435123400016162"
          "636465666768"),
      out);
  EXPECT_EQ(inbound.kind, NetStack::Inbound::Kind::kHandled);
  ASSERT_EQ(out.frames.size(), 1u);
  EXPECT_EQ(out.frames[0].second,
            Hex("020000000002020000000001080045000024000040004001aeb1c6120001c61200020000"
                "5c35123400016162636465666768"));
}

TEST(NetStackTest, AnswersNeighborSolicitationWithAdvertisement) {
  NetStack stack = MakeStack();
  RecordingOutput out;
  const auto inbound = stack.Receive(
      kStart, 0,
      Hex("3333ff00000102000000000286dd6000000000203afffd0005ce000000000000000000000002ff020000"
          "0000000000000001ff000001870071fb00000000fd0005ce00000000000000000000000101010200000000"
          "02"),
      out);
  EXPECT_EQ(inbound.kind, NetStack::Inbound::Kind::kHandled);
  ASSERT_EQ(out.frames.size(), 1u);
  EXPECT_EQ(out.frames[0].second,
            Hex("02000000000202000000000186dd6000000000203afffd0005ce00000000000000000000000"
                "1fd0005ce00000000000000000000000288000b3260000000fd0005ce000000000000000000"
                "0000010201020000000001"));
  // The solicitation taught us the asker's address.
  MacAddress mac{};
  EXPECT_EQ(stack.Resolve(kStart, *stack.Route(std::nullopt, kPeer6), 1, mac, out),
            NetStack::Resolution::kResolved);
  EXPECT_EQ(mac, kPeerMac);
}

TEST(NetStackTest, SolicitsIpv6NeighborsOnTheirSolicitedNodeGroup) {
  NetStack stack = MakeStack();
  RecordingOutput out;
  MacAddress mac{};
  const auto egress = stack.Route(std::nullopt, kPeer6);
  ASSERT_TRUE(egress.has_value());
  EXPECT_EQ(egress->source, kOurs6);
  EXPECT_EQ(stack.Resolve(kStart, *egress, 5, mac, out), NetStack::Resolution::kHeld);
  ASSERT_EQ(out.frames.size(), 1u);
  const Bytes& ns = out.frames[0].second;
  EXPECT_EQ(Bytes(ns.begin(), ns.begin() + 6), Hex("3333ff000002"));
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(std::span(ns).subspan(14));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->hop_limit, 255);
  EXPECT_EQ(IpAddress::FromIpv6(ip->destination), SolicitedNodeAddress(kPeer6));
  // An advertisement with a wrong checksum is refused; the packet waits.
  const std::string_view advertisement =
      "02000000000102000000000286dd6000000000203afffd0005ce000000000000000000000002fd0005ce"
      "00000000000000000000000188000b3060000000fd0005ce0000000000000000000000020201020000000002";
  Bytes corrupted = Hex(advertisement);
  corrupted[14 + 40 + 3] ^= 2;
  EXPECT_EQ(stack.Receive(kStart, 0, corrupted, out).drop, NetDrop::kBadIcmp);
  EXPECT_TRUE(out.sent_held.empty());
  // The right one releases it.
  stack.Receive(kStart, 0, Hex(advertisement), out);
  ASSERT_EQ(out.sent_held.size(), 1u);
  EXPECT_EQ(out.sent_held[0], std::pair(uintptr_t{5}, kPeerMac));
}

TEST(NetStackTest, RoutesByLongestPrefixThroughGatewaysAndHonoursTheSource) {
  NetStack stack(
      {InterfaceConfig{.port = 0, .mac = kOurMac, .addresses = {IpPrefix{kOurs, 24}}},
       InterfaceConfig{.port = 1, .mac = kPeerMac, .addresses = {IpPrefix{kPeer, 24}}}},
      {RouteConfig{.prefix = IpPrefix{IpAddress::FromIpv4({0, 0, 0, 0}), 0}, .gateway = kGateway}},
      {}, {});
  const auto direct = stack.Route(std::nullopt, IpAddress::FromIpv4({198, 18, 0, 9}));
  ASSERT_TRUE(direct.has_value());
  EXPECT_EQ(direct->next_hop, IpAddress::FromIpv4({198, 18, 0, 9}));
  const auto far = stack.Route(std::nullopt, kFar);
  ASSERT_TRUE(far.has_value());
  EXPECT_EQ(far->next_hop, kGateway);
  // Two ports on one link: the source address picks the port.
  const auto from_peer = stack.Route(kPeer, kOurs);
  ASSERT_TRUE(from_peer.has_value());
  EXPECT_EQ(from_peer->port, 1);
  EXPECT_EQ(from_peer->source, kPeer);
  EXPECT_EQ(from_peer->source_mac, kPeerMac);
  const auto from_ours = stack.Route(kOurs, kPeer);
  ASSERT_TRUE(from_ours.has_value());
  EXPECT_EQ(from_ours->port, 0);
  EXPECT_FALSE(stack.Route(std::nullopt, kPeer6).has_value());
  EXPECT_EQ(stack.counters().drops[static_cast<size_t>(NetDrop::kNoRoute)], 1u);
}

TEST(NetStackTest, WritesIpv4HeadersWithDontFragmentAndAValidChecksum) {
  const Bytes frame = SctpFrame(kOurs, kPeer, kPeerMac);
  DecodeResult<EthernetFrame> ethernet = EthernetFrame::Decode(frame);
  ASSERT_TRUE(ethernet.ok());
  EXPECT_EQ(ethernet->destination, kPeerMac);
  EXPECT_EQ(ethernet->ether_type, kEtherTypeIpv4);
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(ethernet->payload);
  ASSERT_TRUE(ip.ok());
  EXPECT_TRUE(ip->header_checksum_valid);
  EXPECT_EQ(testing::ReferenceChecksum(Bytes(frame.begin() + 14, frame.begin() + 34)), 0);
  EXPECT_TRUE(ip->dont_fragment);
  EXPECT_EQ(ip->protocol, kIpProtocolSctp);
  EXPECT_EQ(ip->time_to_live, 64);
  EXPECT_EQ(testing::ToBytes(ip->payload), testing::kSctpPacket);
}

// An ICMP or ICMPv6 error from `from` to us about `quoted` (an IP packet we
// sent, from its IP header on): type, code, then the four bytes after the
// checksum (unused, or the MTU).
Bytes IcmpErrorFrame(const IpAddress& from, uint8_t type, uint8_t code, uint32_t value,
                     const Bytes& quoted) {
  const bool v4 = from.family == IpAddress::Family::kIpv4;
  const IpAddress& to = v4 ? kOurs : kOurs6;
  Bytes icmp = {type,
                code,
                0,
                0,
                static_cast<uint8_t>(value >> 24),
                static_cast<uint8_t>(value >> 16),
                static_cast<uint8_t>(value >> 8),
                static_cast<uint8_t>(value)};
  icmp.insert(icmp.end(), quoted.begin(), quoted.end());
  const auto length = static_cast<uint16_t>(icmp.size());
  Bytes checksummed = icmp;
  if (!v4) {  // the pseudo-header of RFC 8200 section 8.1
    const Bytes pseudo = Concat({testing::ToBytes(from.address()), testing::ToBytes(to.address()),
                                 Bytes{0, 0, static_cast<uint8_t>(length >> 8),
                                       static_cast<uint8_t>(length), 0, 0, 0, 58}});
    checksummed = Concat({pseudo, icmp});
  }
  const uint16_t checksum = InternetChecksum(checksummed);
  icmp[2] = static_cast<uint8_t>(checksum >> 8);
  icmp[3] = static_cast<uint8_t>(checksum);
  Bytes ip;
  if (v4) {
    const auto total = static_cast<uint16_t>(20 + length);
    ip = Concat({Bytes{0x45, 0, static_cast<uint8_t>(total >> 8), static_cast<uint8_t>(total), 0, 0,
                       0x40, 0, 64, 1, 0, 0},
                 testing::ToBytes(from.address()), testing::ToBytes(to.address())});
    const uint16_t header_checksum = InternetChecksum(ip);
    ip[10] = static_cast<uint8_t>(header_checksum >> 8);
    ip[11] = static_cast<uint8_t>(header_checksum);
  } else {
    ip = Concat({Bytes{0x60, 0, 0, 0, static_cast<uint8_t>(length >> 8),
                       static_cast<uint8_t>(length), 58, 64},
                 testing::ToBytes(from.address()), testing::ToBytes(to.address())});
  }
  const Bytes ethernet =
      Concat({Bytes(kOurMac.begin(), kOurMac.end()), Bytes(kPeerMac.begin(), kPeerMac.end()),
              v4 ? Bytes{0x08, 0x00} : Bytes{0x86, 0xdd}});
  return Concat({ethernet, ip, icmp});
}

// What we sent: kSctpPacket from us to the peer, from its IP header on.
Bytes SentPacket(const IpAddress& to) {
  const Bytes frame =
      SctpFrame(to.family == IpAddress::Family::kIpv4 ? kOurs : kOurs6, to, kPeerMac);
  return Bytes(frame.begin() + EthernetFrame::kHeaderSize, frame.end());
}

TEST(NetStackTest, IcmpErrorsAboutOurSctpGoUpAsSection10Says) {
  NetStack stack = MakeStack();
  RecordingOutput out;
  struct Case {
    IpAddress from;
    uint8_t type, code;
    uint32_t value;
    IcmpReport::Kind kind;
    uint32_t mtu;
  };
  const Case cases[] = {
      // ICMPv4 destination unreachable: fragmentation needed (MTU in the
      // low half of the second word), protocol unreachable, host unreachable.
      {kGateway, 3, 4, 1200, IcmpReport::Kind::kPacketTooBig, 1200},
      {kPeer, 3, 2, 0, IcmpReport::Kind::kProtocolUnreachable, 0},
      {kGateway, 3, 1, 0, IcmpReport::Kind::kUnreachable, 0},
      // ICMPv6 packet too big (a 32-bit MTU), unrecognized next header,
      // address unreachable.
      {kPeer6, 2, 0, 1280, IcmpReport::Kind::kPacketTooBig, 1280},
      {kPeer6, 4, 1, 40, IcmpReport::Kind::kProtocolUnreachable, 0},
      {kPeer6, 1, 3, 0, IcmpReport::Kind::kUnreachable, 0},
  };
  for (const Case& c : cases) {
    const bool v4 = c.from.family == IpAddress::Family::kIpv4;
    const Bytes frame =
        IcmpErrorFrame(c.from, c.type, c.code, c.value, SentPacket(v4 ? kPeer : kPeer6));
    const NetStack::Inbound inbound = stack.Receive(kStart, 0, frame, out);
    ASSERT_EQ(inbound.kind, NetStack::Inbound::Kind::kIcmpError)
        << int{c.type} << "/" << int{c.code};
    EXPECT_EQ(inbound.icmp.kind, c.kind);
    EXPECT_EQ(inbound.icmp.mtu, c.mtu);
    EXPECT_EQ(inbound.icmp.destination, v4 ? kPeer : kPeer6);
    EXPECT_EQ(testing::ToBytes(inbound.icmp.quoted), testing::kSctpPacket);
  }
  EXPECT_TRUE(out.frames.empty());
}

TEST(NetStackTest, IcmpErrorsSection10IgnoresAreDroppedByReason) {
  NetStack stack = MakeStack();
  RecordingOutput out;
  auto drop_of = [&](const Bytes& frame) {
    const NetStack::Inbound inbound = stack.Receive(kStart, 0, frame, out);
    EXPECT_EQ(inbound.kind, NetStack::Inbound::Kind::kDropped);
    return inbound.drop;
  };
  const Bytes sent = SentPacket(kPeer);
  // ICMP3: port unreachable (v4 code 3, v6 code 4).
  EXPECT_EQ(drop_of(IcmpErrorFrame(kPeer, 3, 3, 0, sent)), NetDrop::kIcmpError);
  EXPECT_EQ(drop_of(IcmpErrorFrame(kPeer6, 1, 4, 0, SentPacket(kPeer6))), NetDrop::kIcmpError);
  // ICMP1 and ICMP2: time exceeded; ICMP4: a parameter problem but the next header.
  EXPECT_EQ(drop_of(IcmpErrorFrame(kGateway, 11, 0, 0, sent)), NetDrop::kIcmpError);
  EXPECT_EQ(drop_of(IcmpErrorFrame(kPeer6, 4, 0, 0, SentPacket(kPeer6))), NetDrop::kIcmpError);
  // Not about SCTP (a UDP datagram), or too short to name the association.
  Bytes udp = sent;
  udp[9] = 17;
  EXPECT_EQ(drop_of(IcmpErrorFrame(kGateway, 3, 4, 1200, udp)), NetDrop::kIcmpError);
  EXPECT_EQ(drop_of(IcmpErrorFrame(kGateway, 3, 4, 1200, Bytes(sent.begin(), sent.begin() + 27))),
            NetDrop::kIcmpError);
  // A quoted header that is no IPv4 header.
  EXPECT_EQ(drop_of(IcmpErrorFrame(kGateway, 3, 4, 1200, Bytes(12, 0))), NetDrop::kBadIcmp);
}

}  // namespace
}  // namespace sctpdp::net
