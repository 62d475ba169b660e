#include "dataplane/net/linux_sll.h"

#include <gtest/gtest.h>

#include "tests/unit/net/net_test_util.h"

namespace sctpdp::net {
namespace {

using ::sctpdp::net::testing::Bytes;
using ::sctpdp::net::testing::Concat;
using ::sctpdp::net::testing::ToBytes;

const Bytes kPayload = {0x60, 0x00, 0x00, 0x00};

// Outgoing, ARPHRD_ETHER, 6-byte address 02:00:00:00:00:01 (two unused
// bytes 0xee), IPv4.
const Bytes kSllHeader = {0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00,
                          0x00, 0x00, 0x00, 0x01, 0xee, 0xee, 0x08, 0x00};

// IPv6, reserved 0xffff (ignored), interface 3, ARPHRD_ETHER, host, 6-byte
// address 02:00:00:00:00:02.
const Bytes kSll2Header = {0x86, 0xdd, 0xff, 0xff, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01,
                           0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00};

TEST(LinuxSllTest, DecodesEveryField) {
  const Bytes frame = Concat({kSllHeader, kPayload});
  DecodeResult<LinuxSllFrame> sll = LinuxSllFrame::Decode(frame);
  ASSERT_TRUE(sll.ok());
  EXPECT_EQ(sll->packet_type, SllPacketType::kOutgoing);
  EXPECT_EQ(sll->arphrd_type, 1);
  EXPECT_EQ(sll->link_address_length, 6);
  EXPECT_EQ(ToBytes(sll->link_address()), (Bytes{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}));
  EXPECT_EQ(sll->protocol, 0x0800);
  EXPECT_TRUE(sll->vlan_tags.empty());
  EXPECT_EQ(ToBytes(sll->payload), kPayload);
  EXPECT_EQ(sll->ToString(), "sll outgoing arphrd=1 addr=020000000001 proto=0x0800 vlans=[]");
}

TEST(LinuxSllTest, VlanTagAfterProtocolField) {
  // Protocol 0x8100, then TCI (VID 42) and the real type in the payload.
  Bytes header = kSllHeader;
  header[14] = 0x81;
  header[15] = 0x00;
  const Bytes frame = Concat({header, {0x00, 0x2a, 0x08, 0x00}, kPayload});
  DecodeResult<LinuxSllFrame> sll = LinuxSllFrame::Decode(frame);
  ASSERT_TRUE(sll.ok());
  ASSERT_EQ(sll->vlan_tags.size(), 1u);
  EXPECT_EQ(sll->vlan_tags[0].vlan_id, 42);
  EXPECT_EQ(sll->vlan_tags[0].tpid, 0x8100);
  EXPECT_EQ(sll->protocol, 0x0800);
  EXPECT_EQ(ToBytes(sll->payload), kPayload);
}

TEST(LinuxSllTest, AddressLengthBeyondStoredBytes) {
  Bytes header = kSllHeader;
  header[5] = 20;  // InfiniBand: only 8 of the 20 bytes are kept
  DecodeResult<LinuxSllFrame> sll = LinuxSllFrame::Decode(header);
  ASSERT_TRUE(sll.ok());
  EXPECT_EQ(sll->link_address_length, 20);
  EXPECT_EQ(sll->link_address().size(), 8u);
  header[5] = 0;  // loopback has none
  EXPECT_TRUE(LinuxSllFrame::Decode(header)->link_address().empty());
}

TEST(LinuxSllTest, EveryTruncationFails) {
  Bytes header = kSllHeader;
  header[14] = 0x88;
  header[15] = 0xa8;
  const Bytes frame = Concat({header, {0x00, 0x2a, 0x08, 0x00}});
  ASSERT_TRUE(LinuxSllFrame::Decode(frame).ok());
  for (size_t size = 0; size < frame.size(); ++size) {
    DecodeResult<LinuxSllFrame> sll =
        LinuxSllFrame::Decode(std::span<const uint8_t>(frame.data(), size));
    ASSERT_FALSE(sll.ok()) << size;
    EXPECT_EQ(sll.error(), DecodeError::kTruncated) << size;
  }
}

TEST(LinuxSll2Test, DecodesEveryField) {
  const Bytes frame = Concat({kSll2Header, kPayload});
  DecodeResult<LinuxSll2Frame> sll = LinuxSll2Frame::Decode(frame);
  ASSERT_TRUE(sll.ok());
  EXPECT_EQ(sll->protocol, 0x86dd);
  EXPECT_EQ(sll->interface_index, 3u);
  EXPECT_EQ(sll->arphrd_type, 1);
  EXPECT_EQ(sll->packet_type, SllPacketType::kHost);
  EXPECT_EQ(sll->link_address_length, 6);
  EXPECT_EQ(ToBytes(sll->link_address()), (Bytes{0x02, 0x00, 0x00, 0x00, 0x00, 0x02}));
  EXPECT_TRUE(sll->vlan_tags.empty());
  EXPECT_EQ(ToBytes(sll->payload), kPayload);
  EXPECT_EQ(sll->ToString(), "sll2 if=3 host arphrd=1 addr=020000000002 proto=0x86dd vlans=[]");
}

TEST(LinuxSll2Test, VlanTagStartsThePayload) {
  Bytes header = kSll2Header;
  header[0] = 0x81;
  header[1] = 0x00;
  const Bytes frame = Concat({header, {0x20, 0x07, 0x86, 0xdd}, kPayload});
  DecodeResult<LinuxSll2Frame> sll = LinuxSll2Frame::Decode(frame);
  ASSERT_TRUE(sll.ok());
  ASSERT_EQ(sll->vlan_tags.size(), 1u);
  EXPECT_EQ(sll->vlan_tags[0],
            (VlanTag{.tpid = 0x8100, .priority = 1, .drop_eligible = false, .vlan_id = 7}));
  EXPECT_EQ(sll->protocol, 0x86dd);
  EXPECT_EQ(ToBytes(sll->payload), kPayload);
}

TEST(LinuxSll2Test, EveryTruncationFails) {
  Bytes header = kSll2Header;
  header[0] = 0x81;
  header[1] = 0x00;
  const Bytes frame = Concat({header, {0x20, 0x07, 0x86, 0xdd}});
  ASSERT_TRUE(LinuxSll2Frame::Decode(frame).ok());
  for (size_t size = 0; size < frame.size(); ++size) {
    DecodeResult<LinuxSll2Frame> sll =
        LinuxSll2Frame::Decode(std::span<const uint8_t>(frame.data(), size));
    ASSERT_FALSE(sll.ok()) << size;
    EXPECT_EQ(sll.error(), DecodeError::kTruncated) << size;
  }
}

TEST(LinuxSllTest, PacketTypeNames) {
  EXPECT_EQ(SllPacketTypeName(SllPacketType::kHost), "host");
  EXPECT_EQ(SllPacketTypeName(SllPacketType::kBroadcast), "broadcast");
  EXPECT_EQ(SllPacketTypeName(SllPacketType::kMulticast), "multicast");
  EXPECT_EQ(SllPacketTypeName(SllPacketType::kOtherHost), "otherhost");
  EXPECT_EQ(SllPacketTypeName(SllPacketType::kOutgoing), "outgoing");
  EXPECT_EQ(SllPacketTypeName(static_cast<SllPacketType>(9)), "unknown");
}

}  // namespace
}  // namespace sctpdp::net
