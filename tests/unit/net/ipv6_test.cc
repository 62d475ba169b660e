#include "dataplane/net/ipv6.h"

#include <gtest/gtest.h>

#include "dataplane/net/ipv4.h"
#include "tests/unit/net/net_test_util.h"

namespace sctpdp::net {
namespace {

using ::sctpdp::net::testing::Be16;
using ::sctpdp::net::testing::Bytes;
using ::sctpdp::net::testing::Concat;
using ::sctpdp::net::testing::Ipv6Header;
using ::sctpdp::net::testing::kSctpPacket;
using ::sctpdp::net::testing::ToBytes;

// Version 6, traffic class 0xb8 (DSCP EF), flow label 0x12345, payload
// length 16, next header 132, hop limit 64, 2001:db8::1 > 2001:db8::2.
const Bytes kHeader = {0x6b, 0x81, 0x23, 0x45, 0x00, 0x10, 0x84, 0x40, 0x20, 0x01,
                       0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                       0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
                       0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02};

// Options headers of 8 bytes holding one PadN option (RFC 8200 section 4.2).
Bytes OptionsHeader(uint8_t next_header) { return {next_header, 0, 0x01, 0x04, 0, 0, 0, 0}; }

// A 24-byte routing header (Hdr Ext Len 2), segment routing type 4.
Bytes RoutingHeader(uint8_t next_header) {
  Bytes header(24, 0xab);
  header[0] = next_header;
  header[1] = 2;
  header[2] = 4;  // routing type
  header[3] = 0;  // segments left
  return header;
}

// An Authentication Header with a 12-byte ICV: 24 bytes, Payload Len 4.
Bytes AuthenticationHeader(uint8_t next_header) {
  Bytes header(24, 0xcd);  // the ICV
  const Bytes fixed = {next_header, 4, 0, 0, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01};
  for (size_t i = 0; i < fixed.size(); ++i) header[i] = fixed[i];  // SPI 0x1000, sequence 1
  return header;
}

Bytes FragmentHeader(uint8_t next_header, uint16_t offset_units, bool more) {
  const uint16_t word = static_cast<uint16_t>((offset_units << 3) | (more ? 1 : 0));
  return Concat({{next_header, 0}, Be16(word), {0xde, 0xad, 0xbe, 0xef}});
}

// The IPv6 packet holding `headers` then `payload`, first header type `first`.
Bytes Packet(uint8_t first, const Bytes& headers, const Bytes& payload) {
  return Concat({Ipv6Header(first, headers.size() + payload.size()), headers, payload});
}

TEST(Ipv6Test, DecodesEveryField) {
  const Bytes packet = Concat({kHeader, kSctpPacket});
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->traffic_class, 0xb8);
  EXPECT_EQ(ip->flow_label, 0x12345u);
  EXPECT_EQ(ip->payload_length, 16);
  EXPECT_EQ(ip->next_header, kIpProtocolSctp);
  EXPECT_EQ(ip->hop_limit, 64);
  EXPECT_EQ(IpAddress::FromIpv6(ip->source).ToString(), "2001:db8::1");
  EXPECT_EQ(IpAddress::FromIpv6(ip->destination).ToString(), "2001:db8::2");
  EXPECT_EQ(ip->extension_header_count, 0u);
  EXPECT_TRUE(ip->extension_headers.empty());
  EXPECT_FALSE(ip->fragment.has_value());
  EXPECT_EQ(ip->protocol, kIpProtocolSctp);
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
  EXPECT_FALSE(ip->is_fragment());
  EXPECT_EQ(ip->ToString(), "ipv6 2001:db8::1 > 2001:db8::2 proto=132 len=16 hlim=64 ext=0");
}

TEST(Ipv6Test, PayloadLengthCutsLinkPadding) {
  const Bytes packet = Concat({kHeader, kSctpPacket, Bytes(6, 0)});
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
}

TEST(Ipv6Test, WalksHopByHopRoutingAndDestinationOptions) {
  const Bytes headers = Concat({OptionsHeader(kIpv6Routing), RoutingHeader(kIpv6DestinationOptions),
                                OptionsHeader(kIpProtocolSctp)});
  const Bytes packet = Packet(kIpv6HopByHopOptions, headers, kSctpPacket);
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->next_header, kIpv6HopByHopOptions);
  EXPECT_EQ(ip->extension_header_count, 3u);
  EXPECT_EQ(ToBytes(ip->extension_headers), headers);
  EXPECT_EQ(ip->protocol, kIpProtocolSctp);
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
  EXPECT_FALSE(ip->is_fragment());
}

TEST(Ipv6Test, AuthenticationHeaderCountsFourByteUnits) {
  const Bytes headers = AuthenticationHeader(kIpProtocolSctp);
  const Bytes packet = Packet(kIpv6AuthenticationHeader, headers, kSctpPacket);
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->extension_headers.size(), 24u);
  EXPECT_EQ(ip->protocol, kIpProtocolSctp);
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
}

TEST(Ipv6Test, EspEndsTheWalk) {
  const Bytes esp = {0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01, 0x99, 0x99};
  const Bytes packet = Packet(kIpv6EncapsulatingSecurityPayload, {}, esp);
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->protocol, kIpv6EncapsulatingSecurityPayload);
  EXPECT_EQ(ToBytes(ip->payload), esp);
}

TEST(Ipv6Test, NoNextHeader) {
  const Bytes packet = Packet(kIpv6DestinationOptions, OptionsHeader(kIpv6NoNextHeader), {});
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->protocol, kIpv6NoNextHeader);
  EXPECT_TRUE(ip->payload.empty());
}

TEST(Ipv6Test, FirstFragmentIsWalkedToTheUpperLayer) {
  const Bytes headers =
      Concat({FragmentHeader(kIpv6DestinationOptions, 0, true), OptionsHeader(kIpProtocolSctp)});
  const Bytes packet = Packet(kIpv6Fragment, headers, kSctpPacket);
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  ASSERT_TRUE(ip->fragment.has_value());
  EXPECT_EQ(*ip->fragment, (Ipv6FragmentHeader{.next_header = kIpv6DestinationOptions,
                                               .fragment_offset = 0,
                                               .more_fragments = true,
                                               .identification = 0xdeadbeef}));
  EXPECT_TRUE(ip->is_fragment());
  EXPECT_EQ(ip->extension_header_count, 2u);
  EXPECT_EQ(ip->protocol, kIpProtocolSctp);
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
}

TEST(Ipv6Test, LaterFragmentStopsAtTheFragmentHeader) {
  // The data after a nonzero-offset Fragment header is the middle of the
  // datagram, even when Next Header names an extension header.
  const Bytes data = OptionsHeader(kIpProtocolSctp);
  const Bytes packet =
      Packet(kIpv6Fragment, FragmentHeader(kIpv6DestinationOptions, 175, false), data);
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  ASSERT_TRUE(ip->fragment.has_value());
  EXPECT_EQ(ip->fragment->fragment_offset, 175);
  EXPECT_FALSE(ip->fragment->more_fragments);
  EXPECT_TRUE(ip->is_fragment());
  EXPECT_EQ(ip->extension_header_count, 1u);
  EXPECT_EQ(ip->protocol, kIpv6DestinationOptions);
  EXPECT_EQ(ToBytes(ip->payload), data);
  EXPECT_EQ(ip->ToString(),
            "ipv6 2001:db8::1 > 2001:db8::2 proto=60 len=16 hlim=64 ext=1 frag_offset=1400 "
            "id=0xdeadbeef");
}

TEST(Ipv6Test, AtomicFragmentIsNoFragment) {
  // RFC 6946: offset 0 and M clear is a whole datagram.
  const Bytes packet =
      Packet(kIpv6Fragment, FragmentHeader(kIpProtocolSctp, 0, false), kSctpPacket);
  DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  ASSERT_TRUE(ip->fragment.has_value());
  EXPECT_FALSE(ip->is_fragment());
  EXPECT_EQ(ip->protocol, kIpProtocolSctp);
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
}

TEST(Ipv6Test, RejectsOtherVersion) {
  Bytes packet = Concat({kHeader, kSctpPacket});
  packet[0] = 0x4b;
  EXPECT_EQ(Ipv6Packet::Decode(packet).error(), DecodeError::kBadVersion);
  // Also when the packet is shorter than an IPv6 header.
  EXPECT_EQ(Ipv6Packet::Decode(Bytes{0x45, 0x00}).error(), DecodeError::kBadVersion);
}

TEST(Ipv6Test, PayloadLengthPastTheBufferIsTruncation) {
  Bytes packet = Concat({kHeader, kSctpPacket});
  packet[5] = 17;
  EXPECT_EQ(Ipv6Packet::Decode(packet).error(), DecodeError::kTruncated);
}

TEST(Ipv6Test, RejectsExtensionHeaderPastPayloadLength) {
  // The routing header says 24 bytes; the payload length leaves 16. The
  // bytes are in the buffer, so the packet is malformed, not truncated.
  Bytes packet = Concat({Ipv6Header(kIpv6Routing, 16), RoutingHeader(kIpProtocolSctp)});
  EXPECT_EQ(Ipv6Packet::Decode(packet).error(), DecodeError::kBadHeaderLength);
}

TEST(Ipv6Test, RejectsExtensionHeaderWithoutItsLengthField) {
  const Bytes packet = Concat({Ipv6Header(kIpv6HopByHopOptions, 1), {kIpProtocolSctp}});
  EXPECT_EQ(Ipv6Packet::Decode(packet).error(), DecodeError::kBadHeaderLength);
  const Bytes empty = Ipv6Header(kIpv6DestinationOptions, 0);
  EXPECT_EQ(Ipv6Packet::Decode(empty).error(), DecodeError::kBadHeaderLength);
}

TEST(Ipv6Test, RejectsShortFragmentHeader) {
  const Bytes packet = Concat({Ipv6Header(kIpv6Fragment, 6), {kIpProtocolSctp, 0, 0, 0, 0, 0}});
  EXPECT_EQ(Ipv6Packet::Decode(packet).error(), DecodeError::kBadHeaderLength);
}

TEST(Ipv6Test, EveryTruncationFails) {
  const Bytes headers =
      Concat({OptionsHeader(kIpv6Fragment), FragmentHeader(kIpv6Routing, 0, true),
              RoutingHeader(kIpv6AuthenticationHeader), AuthenticationHeader(kIpProtocolSctp)});
  const Bytes packet = Packet(kIpv6HopByHopOptions, headers, kSctpPacket);
  ASSERT_TRUE(Ipv6Packet::Decode(packet).ok());
  for (size_t size = 0; size < packet.size(); ++size) {
    DecodeResult<Ipv6Packet> ip = Ipv6Packet::Decode(std::span<const uint8_t>(packet.data(), size));
    ASSERT_FALSE(ip.ok()) << size;
    EXPECT_EQ(ip.error(), DecodeError::kTruncated) << size;
  }
}

TEST(Ipv6Test, ExtensionHeaderTypes) {
  for (uint8_t type : {0, 43, 44, 51, 60, 135, 139, 140, 253, 254}) {
    EXPECT_TRUE(IsIpv6ExtensionHeader(type)) << int{type};
  }
  for (uint8_t type : {6, 17, 50, 58, 59, 132}) {
    EXPECT_FALSE(IsIpv6ExtensionHeader(type)) << int{type};
  }
}

}  // namespace
}  // namespace sctpdp::net
