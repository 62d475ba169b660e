#include "dataplane/net/null_loopback.h"

#include <gtest/gtest.h>

#include "tests/unit/net/net_test_util.h"

namespace sctpdp::net {
namespace {

using ::sctpdp::net::testing::Bytes;
using ::sctpdp::net::testing::Concat;
using ::sctpdp::net::testing::ToBytes;

using ByteOrder = NullLoopbackFrame::ByteOrder;

const Bytes kPayload = {0x45, 0x00};

TEST(NullLoopbackTest, LoopIsNetworkByteOrder) {
  const Bytes frame = Concat({{0x00, 0x00, 0x00, 0x02}, kPayload});
  DecodeResult<NullLoopbackFrame> loop = NullLoopbackFrame::Decode(frame, ByteOrder::kNetwork);
  ASSERT_TRUE(loop.ok());
  EXPECT_EQ(loop->address_family, 2u);
  EXPECT_TRUE(loop->is_ipv4());
  EXPECT_FALSE(loop->is_ipv6());
  EXPECT_EQ(ToBytes(loop->payload), kPayload);
  EXPECT_EQ(loop->ToString(), "null af=2");
}

TEST(NullLoopbackTest, LoopDoesNotGuessTheByteOrder) {
  const Bytes frame = {0x02, 0x00, 0x00, 0x00};
  DecodeResult<NullLoopbackFrame> loop = NullLoopbackFrame::Decode(frame, ByteOrder::kNetwork);
  ASSERT_TRUE(loop.ok());
  EXPECT_EQ(loop->address_family, 0x02000000u);
  EXPECT_FALSE(loop->is_ipv4());
}

TEST(NullLoopbackTest, NullReadsLittleEndian) {
  // Written by a little-endian FreeBSD host: AF_INET6 = 28.
  const Bytes frame = Concat({{0x1c, 0x00, 0x00, 0x00}, kPayload});
  DecodeResult<NullLoopbackFrame> null =
      NullLoopbackFrame::Decode(frame, ByteOrder::kCapturingHost);
  ASSERT_TRUE(null.ok());
  EXPECT_EQ(null->address_family, 28u);
  EXPECT_TRUE(null->is_ipv6());
  EXPECT_EQ(ToBytes(null->payload), kPayload);
}

TEST(NullLoopbackTest, NullReadsBigEndian) {
  // Written by a big-endian host: AF_INET6 = 24 (NetBSD, OpenBSD).
  const Bytes frame = {0x00, 0x00, 0x00, 0x18};
  DecodeResult<NullLoopbackFrame> null =
      NullLoopbackFrame::Decode(frame, ByteOrder::kCapturingHost);
  ASSERT_TRUE(null.ok());
  EXPECT_EQ(null->address_family, 24u);
  EXPECT_TRUE(null->is_ipv6());
  EXPECT_TRUE(null->payload.empty());
}

TEST(NullLoopbackTest, Ipv6Families) {
  NullLoopbackFrame frame;
  for (uint32_t family : {24u, 28u, 30u}) {
    frame.address_family = family;
    EXPECT_TRUE(frame.is_ipv6()) << family;
    EXPECT_FALSE(frame.is_ipv4()) << family;
  }
  for (uint32_t family : {0u, 1u, 10u, 23u}) {
    frame.address_family = family;
    EXPECT_FALSE(frame.is_ipv6()) << family;
  }
}

TEST(NullLoopbackTest, EveryTruncationFails) {
  const Bytes frame = {0x02, 0x00, 0x00, 0x00};
  for (size_t size = 0; size < frame.size(); ++size) {
    for (ByteOrder order : {ByteOrder::kCapturingHost, ByteOrder::kNetwork}) {
      DecodeResult<NullLoopbackFrame> null =
          NullLoopbackFrame::Decode(std::span<const uint8_t>(frame.data(), size), order);
      ASSERT_FALSE(null.ok()) << size;
      EXPECT_EQ(null.error(), DecodeError::kTruncated);
    }
  }
}

}  // namespace
}  // namespace sctpdp::net
