#include "dataplane/net/ipv4.h"

#include <gtest/gtest.h>

#include "tests/unit/net/net_test_util.h"

namespace sctpdp::net {
namespace {

using ::sctpdp::net::testing::Bytes;
using ::sctpdp::net::testing::Concat;
using ::sctpdp::net::testing::Ipv4Header;
using ::sctpdp::net::testing::kSctpPacket;
using ::sctpdp::net::testing::ToBytes;

// Version 4, IHL 5, TOS 0, total length 36, id 0x1234, DF, TTL 64,
// protocol 132, checksum 0x1420 (worked out by hand), 10.0.0.1 > 10.0.0.2.
const Bytes kHeader = {0x45, 0x00, 0x00, 0x24, 0x12, 0x34, 0x40, 0x00, 0x40, 0x84,
                       0x14, 0x20, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02};

TEST(InternetChecksumTest, Rfc1071Example) {
  // RFC 1071 section 3: the sum of these words is 0xddf2.
  EXPECT_EQ(InternetChecksum(Bytes{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}), 0x220d);
}

TEST(InternetChecksumTest, OddLengthPadsWithZero) {
  EXPECT_EQ(InternetChecksum(Bytes{0x12, 0x34, 0x56}),
            InternetChecksum(Bytes{0x12, 0x34, 0x56, 0x00}));
  EXPECT_EQ(InternetChecksum(Bytes{}), 0xffff);
}

TEST(InternetChecksumTest, CarriesWrapAround) {
  // 0xffff + 0x0001 = 0x10000, folded to 0x0001: checksum 0xfffe.
  EXPECT_EQ(InternetChecksum(Bytes{0xff, 0xff, 0x00, 0x01}), 0xfffe);
}

TEST(InternetChecksumTest, ZeroOverAValidHeader) {
  EXPECT_EQ(InternetChecksum(kHeader), 0);
  EXPECT_EQ(Ipv4Header(132, kSctpPacket.size()), kHeader);  // the test builder agrees
}

TEST(Ipv4Test, DecodesEveryField) {
  Bytes packet = Concat({kHeader, kSctpPacket});
  packet[1] = 0x2e;   // DSCP 11, ECN 2 (ECT(0))
  packet[10] = 0x13;  // keep the checksum right: 0x1420 - 0x002e
  packet[11] = 0xf2;
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->header_length, 20u);
  EXPECT_EQ(ip->type_of_service, 0x2e);
  EXPECT_EQ(ip->total_length, 36);
  EXPECT_EQ(ip->identification, 0x1234);
  EXPECT_TRUE(ip->dont_fragment);
  EXPECT_FALSE(ip->more_fragments);
  EXPECT_EQ(ip->fragment_offset, 0);
  EXPECT_EQ(ip->time_to_live, 64);
  EXPECT_EQ(ip->protocol, kIpProtocolSctp);
  EXPECT_EQ(ip->header_checksum, 0x13f2);
  EXPECT_TRUE(ip->header_checksum_valid);
  EXPECT_EQ(ip->source, (Ipv4Address{10, 0, 0, 1}));
  EXPECT_EQ(ip->destination, (Ipv4Address{10, 0, 0, 2}));
  EXPECT_TRUE(ip->options.empty());
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
  EXPECT_FALSE(ip->is_fragment());
  EXPECT_EQ(ip->ToString(), "ipv4 10.0.0.1 > 10.0.0.2 proto=132 len=36 ttl=64 id=0x1234 DF");
}

TEST(Ipv4Test, WrongChecksumIsReportedNotRejected) {
  Bytes packet = Concat({kHeader, kSctpPacket});
  packet[8] = 63;  // TTL changed, checksum not updated
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_FALSE(ip->header_checksum_valid);
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
  EXPECT_NE(ip->ToString().find("bad_checksum"), std::string::npos);
}

TEST(Ipv4Test, ChecksumCoversTheOptions) {
  const Bytes router_alert = {0x94, 0x04, 0x00, 0x00};  // RFC 2113
  Bytes packet = Concat({Ipv4Header(132, kSctpPacket.size(), 0x4000, router_alert), kSctpPacket});
  ASSERT_TRUE(Ipv4Packet::Decode(packet)->header_checksum_valid);
  packet[22] = 0x01;  // option value changed
  EXPECT_FALSE(Ipv4Packet::Decode(packet)->header_checksum_valid);
}

TEST(Ipv4Test, OptionsComeBeforeThePayload) {
  const Bytes options = {0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00};  // RA, NOP x3, EOL
  const Bytes packet = Concat({Ipv4Header(132, kSctpPacket.size(), 0x4000, options), kSctpPacket});
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->header_length, 28u);
  EXPECT_EQ(ToBytes(ip->options), options);
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
  EXPECT_TRUE(ip->header_checksum_valid);
}

TEST(Ipv4Test, LargestHeaderWithFortyBytesOfOptions) {
  const Bytes options(40, 0x01);  // NOPs
  const Bytes packet = Concat({Ipv4Header(132, kSctpPacket.size(), 0x4000, options), kSctpPacket});
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->header_length, 60u);
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
}

TEST(Ipv4Test, TotalLengthCutsLinkPadding) {
  const Bytes packet = Concat({kHeader, kSctpPacket, Bytes(10, 0)});
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ToBytes(ip->payload), kSctpPacket);
}

TEST(Ipv4Test, MoreFragmentsMakesAFragment) {
  const Bytes packet = Concat({Ipv4Header(132, kSctpPacket.size(), 0x2000), kSctpPacket});
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_TRUE(ip->more_fragments);
  EXPECT_FALSE(ip->dont_fragment);
  EXPECT_EQ(ip->fragment_offset, 0);
  EXPECT_TRUE(ip->is_fragment());
  EXPECT_NE(ip->ToString().find(" MF"), std::string::npos);
}

TEST(Ipv4Test, NonzeroOffsetMakesAFragment) {
  // The last fragment: MF clear, offset 185 units = 1480 bytes.
  const Bytes packet = Concat({Ipv4Header(132, kSctpPacket.size(), 185), kSctpPacket});
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_FALSE(ip->more_fragments);
  EXPECT_EQ(ip->fragment_offset, 185);
  EXPECT_TRUE(ip->is_fragment());
  EXPECT_NE(ip->ToString().find("frag_offset=1480"), std::string::npos);
}

TEST(Ipv4Test, ReservedFlagIsIgnored) {
  const Bytes packet = Concat({Ipv4Header(132, kSctpPacket.size(), 0xC000), kSctpPacket});
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_TRUE(ip->dont_fragment);
  EXPECT_FALSE(ip->is_fragment());
}

TEST(Ipv4Test, RejectsOtherVersion) {
  Bytes packet = Concat({kHeader, kSctpPacket});
  packet[0] = 0x65;
  EXPECT_EQ(Ipv4Packet::Decode(packet).error(), DecodeError::kBadVersion);
  EXPECT_EQ(Ipv4Packet::Decode(Bytes{0x60}).error(), DecodeError::kBadVersion);
}

TEST(Ipv4Test, RejectsHeaderLengthBelowTwenty) {
  Bytes packet = Concat({kHeader, kSctpPacket});
  packet[0] = 0x44;
  EXPECT_EQ(Ipv4Packet::Decode(packet).error(), DecodeError::kBadHeaderLength);
}

TEST(Ipv4Test, RejectsTotalLengthBelowHeaderLength) {
  Bytes packet = Concat({kHeader, kSctpPacket});
  packet[3] = 19;
  EXPECT_EQ(Ipv4Packet::Decode(packet).error(), DecodeError::kBadHeaderLength);
  packet[0] = 0x46;  // 24-byte header, total length 20
  packet[3] = 20;
  EXPECT_EQ(Ipv4Packet::Decode(packet).error(), DecodeError::kBadHeaderLength);
}

TEST(Ipv4Test, HeaderOnlyPacketHasEmptyPayload) {
  Bytes packet = kHeader;
  packet[3] = 20;
  DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(packet);
  ASSERT_TRUE(ip.ok());
  EXPECT_TRUE(ip->payload.empty());
}

TEST(Ipv4Test, TotalLengthPastTheBufferIsTruncation) {
  Bytes packet = Concat({kHeader, kSctpPacket});
  packet[3] = 37;
  EXPECT_EQ(Ipv4Packet::Decode(packet).error(), DecodeError::kTruncated);
}

TEST(Ipv4Test, HeaderLengthPastTheBufferIsTruncation) {
  Bytes packet = kHeader;
  packet[0] = 0x4f;  // 60-byte header in a 20-byte buffer
  EXPECT_EQ(Ipv4Packet::Decode(packet).error(), DecodeError::kTruncated);
}

TEST(Ipv4Test, EveryTruncationFails) {
  const Bytes packet =
      Concat({Ipv4Header(132, kSctpPacket.size(), 0x4000, {0x94, 0x04, 0x00, 0x00}), kSctpPacket});
  ASSERT_TRUE(Ipv4Packet::Decode(packet).ok());
  for (size_t size = 0; size < packet.size(); ++size) {
    DecodeResult<Ipv4Packet> ip = Ipv4Packet::Decode(std::span<const uint8_t>(packet.data(), size));
    ASSERT_FALSE(ip.ok()) << size;
    EXPECT_EQ(ip.error(), DecodeError::kTruncated) << size;
  }
}

}  // namespace
}  // namespace sctpdp::net
