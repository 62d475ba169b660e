#include "dataplane/shard/steering_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace sctpdp {
namespace {

SteeringKey Key(uint16_t local, uint16_t peer, uint32_t tag) {
  return SteeringKey{Port(local), Port(peer), VerificationTag(tag)};
}

TEST(SteeringTableTest, TagResidueNamesTheShardWithoutEntries) {
  const SteeringTable table(4, {}, 1);
  EXPECT_EQ(table.OwnerOf(Key(5001, 40000, 0x1234'5677)), ShardId(3));
  EXPECT_EQ(table.OwnerOf(Key(5001, 40000, 8)), ShardId(0));
}

TEST(SteeringTableTest, InitHasNoOwner) {
  const SteeringTable table(2, {}, 1);
  EXPECT_EQ(table.OwnerOf(Key(5001, 40000, 0)), std::nullopt);
}

TEST(SteeringTableTest, EntriesOverrideTheRuleAndVersionsAreIndependent) {
  const SteeringTable v1(4, {}, 1);
  const SteeringTable v2 = v1.With(Key(5001, 40000, 7), ShardId(1));
  EXPECT_EQ(v2.version(), 2u);
  EXPECT_EQ(v2.OwnerOf(Key(5001, 40000, 7)), ShardId(1));
  // The same tag from another peer port, or on another local port, is not it.
  EXPECT_EQ(v2.OwnerOf(Key(5001, 40001, 7)), ShardId(3));
  EXPECT_EQ(v2.OwnerOf(Key(5002, 40000, 7)), ShardId(3));
  // The published version a reader may still hold is unchanged.
  EXPECT_EQ(v1.OwnerOf(Key(5001, 40000, 7)), ShardId(3));
  const SteeringTable v3 = v2.Without(Key(5001, 40000, 7));
  EXPECT_EQ(v3.OwnerOf(Key(5001, 40000, 7)), ShardId(3));
  EXPECT_TRUE(v3.entries().empty());
  // Moving back to the shard the rule names leaves no entry behind.
  EXPECT_TRUE(v2.With(Key(5001, 40000, 7), ShardId(3)).entries().empty());
}

TEST(SteeringTableTest, MatchesAMapUnderManyMoves) {
  std::mt19937 rng(7);
  std::map<std::tuple<uint16_t, uint16_t, uint32_t>, uint16_t> model;
  SteeringTable table(8, {}, 0);
  for (int i = 0; i < 2000; ++i) {
    const uint16_t local = static_cast<uint16_t>(5000 + rng() % 3);
    const uint16_t peer = static_cast<uint16_t>(40000 + rng() % 50);
    const uint32_t tag = 1 + rng() % 200;
    const auto shard = static_cast<uint16_t>(rng() % 8);
    if (rng() % 4 == 0) {
      table = table.Without(Key(local, peer, tag));
      model.erase({local, peer, tag});
    } else {
      table = table.With(Key(local, peer, tag), ShardId(shard));
      model[{local, peer, tag}] = shard;
    }
  }
  for (uint16_t local = 5000; local < 5003; ++local) {
    for (uint16_t peer = 40000; peer < 40050; ++peer) {
      for (uint32_t tag = 1; tag <= 200; ++tag) {
        auto found = model.find({local, peer, tag});
        const uint16_t expected = found != model.end() ? found->second : tag % 8;
        ASSERT_EQ(table.OwnerOf(Key(local, peer, tag)), ShardId(expected));
      }
    }
  }
}

}  // namespace
}  // namespace sctpdp
