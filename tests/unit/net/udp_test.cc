#include "dataplane/net/udp.h"

#include <gtest/gtest.h>

#include "tests/unit/net/net_test_util.h"

namespace sctpdp::net {
namespace {

using ::sctpdp::net::testing::Bytes;
using ::sctpdp::net::testing::Concat;
using ::sctpdp::net::testing::kSctpPacket;
using ::sctpdp::net::testing::ToBytes;

// 9899 > 9899, length 24, checksum 0xbeef.
const Bytes kHeader = {0x26, 0xab, 0x26, 0xab, 0x00, 0x18, 0xbe, 0xef};

TEST(UdpTest, DecodesEveryField) {
  const Bytes datagram = Concat({kHeader, kSctpPacket});
  DecodeResult<UdpDatagram> udp = UdpDatagram::Decode(datagram);
  ASSERT_TRUE(udp.ok());
  EXPECT_EQ(udp->source_port, kSctpUdpEncapsulationPort);
  EXPECT_EQ(udp->destination_port, kSctpUdpEncapsulationPort);
  EXPECT_EQ(udp->length, 24);
  EXPECT_EQ(udp->checksum, 0xbeef);
  EXPECT_EQ(ToBytes(udp->payload), kSctpPacket);
  EXPECT_EQ(udp->ToString(), "udp 9899 > 9899 len=24");
}

TEST(UdpTest, LengthCutsTrailingBytes) {
  const Bytes datagram = Concat({kHeader, kSctpPacket, {0, 0, 0}});
  EXPECT_EQ(ToBytes(UdpDatagram::Decode(datagram)->payload), kSctpPacket);
}

TEST(UdpTest, HeaderOnly) {
  Bytes datagram = kHeader;
  datagram[5] = 8;
  DecodeResult<UdpDatagram> udp = UdpDatagram::Decode(datagram);
  ASSERT_TRUE(udp.ok());
  EXPECT_TRUE(udp->payload.empty());
}

TEST(UdpTest, RejectsLengthBelowHeader) {
  Bytes datagram = Concat({kHeader, kSctpPacket});
  datagram[5] = 7;
  EXPECT_EQ(UdpDatagram::Decode(datagram).error(), DecodeError::kBadHeaderLength);
  datagram[5] = 0;
  EXPECT_EQ(UdpDatagram::Decode(datagram).error(), DecodeError::kBadHeaderLength);
}

TEST(UdpTest, LengthPastTheBufferIsTruncation) {
  Bytes datagram = Concat({kHeader, kSctpPacket});
  datagram[5] = 25;
  EXPECT_EQ(UdpDatagram::Decode(datagram).error(), DecodeError::kTruncated);
}

TEST(UdpTest, EveryTruncationFails) {
  const Bytes datagram = Concat({kHeader, kSctpPacket});
  for (size_t size = 0; size < datagram.size(); ++size) {
    DecodeResult<UdpDatagram> udp =
        UdpDatagram::Decode(std::span<const uint8_t>(datagram.data(), size));
    ASSERT_FALSE(udp.ok()) << size;
    EXPECT_EQ(udp.error(), DecodeError::kTruncated) << size;
  }
}

}  // namespace
}  // namespace sctpdp::net
