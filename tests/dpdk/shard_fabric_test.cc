// What the shards share: inbox rings, the steering table under RCU, and
// the INIT placement policies.
#include "dataplane/shard/shard_fabric.h"

#include <gtest/gtest.h>
#include <rte_lcore.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "dataplane/dpdk/packet_pool.h"

namespace sctpdp {
namespace {

using std::chrono::milliseconds;

const IpAddress kPeer = IpAddress::FromIpv4({198, 18, 0, 9});

SteeringKey Key(uint16_t peer_port, uint32_t tag = 0) {
  return SteeringKey{Port(5001), Port(peer_port), VerificationTag(tag)};
}

std::unique_ptr<ShardFabric> MakeFabric(const std::string& name, uint16_t shards,
                                        InitPlacement placement, uint32_t inbox = 64) {
  std::string error;
  auto fabric = ShardFabric::Create(
      ShardFabricOptions{
          .shards = shards, .placement = placement, .inbox_capacity = inbox, .name = name},
      error);
  EXPECT_NE(fabric, nullptr) << error;
  return fabric;
}

TEST(ShardFabricTest, InboxKeepsOrderRefusesWhenFullAndFreesWhatIsLeft) {
  std::string error;
  auto pool = dpdk::PacketPool::Create("fabric_pool", 255, 0, SOCKET_ID_ANY, error);
  ASSERT_NE(pool, nullptr) << error;
  {
    auto fabric = MakeFabric("inbox", 2, InitPlacement::kHash, 8);
    std::vector<rte_mbuf*> sent;
    for (int i = 0; i < 8; ++i) {
      sent.push_back(pool->Allocate());
      ASSERT_TRUE(fabric->Forward(ShardId(1), sent.back()));
    }
    dpdk::MbufPtr extra(pool->Allocate());
    EXPECT_FALSE(fabric->Forward(ShardId(1), extra.get()));  // still ours
    EXPECT_EQ(fabric->inbox(ShardId(0)).count(), 0u);
    std::array<rte_mbuf*, 3> got{};
    ASSERT_EQ(fabric->inbox(ShardId(1)).DequeueBurst(got), 3);
    EXPECT_EQ(std::vector<rte_mbuf*>(got.begin(), got.end()),
              std::vector<rte_mbuf*>(sent.begin(), sent.begin() + 3));
    rte_pktmbuf_free_bulk(got.data(), got.size());
  }
  // The five still queued went back with the fabric.
  EXPECT_EQ(pool->available(), pool->capacity());
}

TEST(ShardFabricTest, RejectsNoShardsAndDuplicateNames) {
  std::string error;
  EXPECT_EQ(ShardFabric::Create(ShardFabricOptions{.shards = 0}, error), nullptr);
  EXPECT_NE(error.find("at least one shard"), std::string::npos) << error;
  auto first = MakeFabric("dup", 2, InitPlacement::kHash);
  error.clear();
  EXPECT_EQ(ShardFabric::Create(ShardFabricOptions{.shards = 2, .name = "dup"}, error), nullptr);
  EXPECT_NE(error.find("dup_in0"), std::string::npos) << error;
}

TEST(ShardFabricTest, TagsSteerByResidueUntilAPublishedTableSaysOtherwise) {
  auto fabric = MakeFabric("steer", 3, InitPlacement::kHash);
  const SteeringKey moved = Key(40000, 3 * 1000 + 1);  // the rule says shard 1
  EXPECT_EQ(fabric->steering().OwnerOf(moved), ShardId(1));
  EXPECT_EQ(fabric->steering().OwnerOf(Key(40000, 3 * 7 + 2)), ShardId(2));
  fabric->Publish(std::make_unique<SteeringTable>(fabric->steering().With(moved, ShardId(2))));
  EXPECT_EQ(fabric->steering().OwnerOf(moved), ShardId(2));
  EXPECT_EQ(fabric->steering().version(), 1u);
  // Another association with the same tag residue stays with the rule.
  EXPECT_EQ(fabric->steering().OwnerOf(Key(40001, 3 * 1000 + 1)), ShardId(1));
}

TEST(ShardFabricTest, PublishWaitsUntilEveryOnlineShardHasBeenQuiescent) {
  auto fabric = MakeFabric("rcu", 2, InitPlacement::kHash);
  fabric->Online(ShardId(0));                       // shard 1 stays offline: never waited for
  const SteeringTable* held = &fabric->steering();  // shard 0 reads the table
  std::future<void> publish = std::async(std::launch::async, [&] {
    fabric->Publish(std::make_unique<SteeringTable>(held->With(Key(1, 4), ShardId(1))));
  });
  // While shard 0 may still hold the old table, it is not freed.
  EXPECT_EQ(publish.wait_for(milliseconds(200)), std::future_status::timeout);
  EXPECT_EQ(held->version(), 0u);
  fabric->Quiescent(ShardId(0));
  ASSERT_EQ(publish.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(fabric->steering().version(), 1u);
  fabric->Offline(ShardId(0));
  // With every shard offline, publishing does not wait at all.
  fabric->Publish(std::make_unique<SteeringTable>(fabric->steering().Without(Key(1, 4))));
  EXPECT_EQ(fabric->steering().version(), 2u);
}

TEST(ShardFabricTest, HashPlacementKeepsAPeerOnOneShardAndSpreadsPeers) {
  auto fabric = MakeFabric("hash", 4, InitPlacement::kHash);
  std::set<uint16_t> used;
  for (uint16_t port = 1000; port < 1100; ++port) {
    const ShardId first = fabric->PlaceInit(kPeer, Key(port));
    EXPECT_EQ(fabric->PlaceInit(kPeer, Key(port)), first) << port;  // a retransmitted INIT
    used.insert(first.value());
  }
  EXPECT_EQ(used.size(), 4u);
}

TEST(ShardFabricTest, LeastLoadedPlacementFillsTheEmptierShardsFirst) {
  auto fabric = MakeFabric("least", 3, InitPlacement::kLeastLoaded);
  fabric->ReportLoad(ShardId(0), 10);
  fabric->ReportLoad(ShardId(1), 4);
  fabric->ReportLoad(ShardId(2), 0);
  std::array<int, 3> placed{};
  // Placements count at once, before their associations exist.
  for (int i = 0; i < 4; ++i) ++placed[fabric->PlaceInit(kPeer, Key(1)).value()];
  EXPECT_EQ(placed, (std::array<int, 3>{0, 0, 4}));
  for (int i = 0; i < 20; ++i) ++placed[fabric->PlaceInit(kPeer, Key(1)).value()];
  // 38 in all: 12 or 13 each, whatever the ties.
  for (uint16_t s = 0; s < 3; ++s) {
    EXPECT_GE(fabric->load(ShardId(s)), 12u);
    EXPECT_LE(fabric->load(ShardId(s)), 13u);
  }
  // A report replaces the placements with what the shard really has.
  fabric->ReportLoad(ShardId(2), 1);
  EXPECT_EQ(fabric->load(ShardId(2)), 1u);
  EXPECT_EQ(fabric->PlaceInit(kPeer, Key(1)), ShardId(2));
}

}  // namespace
}  // namespace sctpdp
