#include "dataplane/net/ethernet.h"

#include <gtest/gtest.h>

#include "tests/unit/net/net_test_util.h"

namespace sctpdp::net {
namespace {

using ::sctpdp::net::testing::Bytes;
using ::sctpdp::net::testing::Concat;
using ::sctpdp::net::testing::ToBytes;

const Bytes kMacs = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
const Bytes kPayload = {0x45, 0x00, 0x00, 0x14};

TEST(EthernetTest, DecodesUntaggedFrame) {
  const Bytes frame = Concat({kMacs, {0x08, 0x00}, kPayload});
  DecodeResult<EthernetFrame> ethernet = EthernetFrame::Decode(frame);
  ASSERT_TRUE(ethernet.ok());
  EXPECT_EQ(ethernet->destination, (MacAddress{0x02, 0, 0, 0, 0, 0x02}));
  EXPECT_EQ(ethernet->source, (MacAddress{0x02, 0, 0, 0, 0, 0x01}));
  EXPECT_EQ(ethernet->ether_type, kEtherTypeIpv4);
  EXPECT_TRUE(ethernet->vlan_tags.empty());
  EXPECT_EQ(ToBytes(ethernet->payload), kPayload);
  EXPECT_EQ(ethernet->ToString(),
            "ether 02:00:00:00:00:01 > 02:00:00:00:00:02 type=0x0800 vlans=[]");
}

TEST(EthernetTest, DecodesOne8021QTag) {
  // TCI 0xA07B: PCP 5, DEI 0, VID 123.
  const Bytes frame = Concat({kMacs, {0x81, 0x00, 0xa0, 0x7b, 0x86, 0xdd}, kPayload});
  DecodeResult<EthernetFrame> ethernet = EthernetFrame::Decode(frame);
  ASSERT_TRUE(ethernet.ok());
  EXPECT_EQ(ethernet->ether_type, kEtherTypeIpv6);
  ASSERT_EQ(ethernet->vlan_tags.size(), 1u);
  EXPECT_EQ(ethernet->vlan_tags[0],
            (VlanTag{.tpid = 0x8100, .priority = 5, .drop_eligible = false, .vlan_id = 123}));
  EXPECT_EQ(ToBytes(ethernet->payload), kPayload);
}

TEST(EthernetTest, DecodesQinQOuterFirst) {
  // 802.1ad S-tag VID 100 with DEI, then 802.1Q C-tag VID 4094 PCP 7.
  const Bytes frame =
      Concat({kMacs, {0x88, 0xa8, 0x10, 0x64, 0x81, 0x00, 0xef, 0xfe, 0x08, 0x00}, kPayload});
  DecodeResult<EthernetFrame> ethernet = EthernetFrame::Decode(frame);
  ASSERT_TRUE(ethernet.ok());
  ASSERT_EQ(ethernet->vlan_tags.size(), 2u);
  EXPECT_EQ(ethernet->vlan_tags[0],
            (VlanTag{.tpid = 0x88a8, .priority = 0, .drop_eligible = true, .vlan_id = 100}));
  EXPECT_EQ(ethernet->vlan_tags[1],
            (VlanTag{.tpid = 0x8100, .priority = 7, .drop_eligible = false, .vlan_id = 4094}));
  EXPECT_EQ(ethernet->ether_type, kEtherTypeIpv4);
  EXPECT_EQ(ToBytes(ethernet->payload), kPayload);
  EXPECT_EQ(ethernet->vlan_tags.ToString(),
            "[vlan=100 tpid=0x88a8 pcp=0 dei, vlan=4094 tpid=0x8100 pcp=7]");
}

TEST(EthernetTest, DecodesAnyNumberOfTags) {
  Bytes frame = kMacs;
  const uint16_t tpids[] = {0x9100, 0x88a8, 0x8100, 0x8100, 0x8100};
  for (uint16_t i = 0; i < 5; ++i) {
    frame.push_back(static_cast<uint8_t>(tpids[i] >> 8));
    frame.push_back(static_cast<uint8_t>(tpids[i]));
    frame.push_back(0x00);
    frame.push_back(static_cast<uint8_t>(i + 1));  // VID i + 1
  }
  frame.insert(frame.end(), {0x08, 0x06});  // ARP
  DecodeResult<EthernetFrame> ethernet = EthernetFrame::Decode(frame);
  ASSERT_TRUE(ethernet.ok());
  ASSERT_EQ(ethernet->vlan_tags.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(ethernet->vlan_tags[i].tpid, tpids[i]);
    EXPECT_EQ(ethernet->vlan_tags[i].vlan_id, i + 1);
  }
  EXPECT_EQ(ethernet->ether_type, 0x0806);
  EXPECT_TRUE(ethernet->payload.empty());
}

TEST(EthernetTest, ReportsIeee8023LengthAsIs) {
  // A length (46) instead of a type: an LLC frame, which carries no IP.
  const Bytes frame = Concat({kMacs, {0x00, 0x2e}, Bytes(46, 0)});
  DecodeResult<EthernetFrame> ethernet = EthernetFrame::Decode(frame);
  ASSERT_TRUE(ethernet.ok());
  EXPECT_EQ(ethernet->ether_type, 46);
  EXPECT_EQ(ethernet->payload.size(), 46u);
}

TEST(EthernetTest, EveryTruncationFails) {
  const Bytes frame = Concat({kMacs, {0x88, 0xa8, 0x10, 0x64, 0x81, 0x00, 0xef, 0xfe, 0x08, 0x00}});
  ASSERT_TRUE(EthernetFrame::Decode(frame).ok());
  for (size_t size = 0; size < frame.size(); ++size) {
    DecodeResult<EthernetFrame> ethernet =
        EthernetFrame::Decode(std::span<const uint8_t>(frame.data(), size));
    ASSERT_FALSE(ethernet.ok()) << size;
    EXPECT_EQ(ethernet.error(), DecodeError::kTruncated) << size;
  }
}

TEST(EthernetTest, SkipVlanTagsWithoutTagsKeepsEverything) {
  DecodeResult<TaggedPayload> tagged = SkipVlanTags(kEtherTypeIpv6, kPayload);
  ASSERT_TRUE(tagged.ok());
  EXPECT_EQ(tagged->ether_type, kEtherTypeIpv6);
  EXPECT_TRUE(tagged->vlan_tags.empty());
  EXPECT_EQ(ToBytes(tagged->payload), kPayload);
}

TEST(EthernetTest, VlanTpids) {
  EXPECT_TRUE(IsVlanTpid(0x8100));
  EXPECT_TRUE(IsVlanTpid(0x88a8));
  EXPECT_TRUE(IsVlanTpid(0x9100));
  EXPECT_FALSE(IsVlanTpid(0x0800));
  EXPECT_FALSE(IsVlanTpid(0x86dd));
}

TEST(EthernetTest, VlanTagToString) {
  EXPECT_EQ(
      (VlanTag{.tpid = 0x8100, .priority = 3, .drop_eligible = false, .vlan_id = 100}).ToString(),
      "vlan=100 tpid=0x8100 pcp=3");
}

}  // namespace
}  // namespace sctpdp::net
