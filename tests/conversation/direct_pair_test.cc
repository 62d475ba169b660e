// The engines wired straight together (DirectPair): the fixture the
// benchmark and the association fuzzer rely on works end to end.
#include "tests/common/direct_pair.h"

#include <gtest/gtest.h>

namespace sctpdp::testing {
namespace {

TEST(DirectPairTest, HandshakeMessagesAndShutdown) {
  DirectPair pair(AssociationOptions{}, 42);
  const std::optional<AssociationId> id = pair.Connect();
  ASSERT_TRUE(id.has_value());
  size_t sent = 0;
  std::vector<uint32_t> ppids;
  pair.OnDeliverZ([&](const ReceivedMessage& m) { ppids.push_back(m.ppid.value()); });
  for (int round = 0; round < 10000 && ppids.size() < 5000; ++round) {
    while (sent < 5000) {
      OutgoingMessage m;
      m.ppid = Ppid(static_cast<uint32_t>(sent));
      m.payload.assign(100 + sent % 1000, static_cast<uint8_t>(sent));
      if (pair.a().Send(*id, pair.now(), std::move(m)) != SendResult::kOk) break;
      ++sent;
    }
    if (pair.Pump() == 0) pair.AdvanceTime(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(ppids.size(), 5000u);
  for (uint32_t i = 0; i < ppids.size(); ++i) ASSERT_EQ(ppids[i], i);
  pair.a().Shutdown(*id, pair.now());
  for (int round = 0; round < 100 && pair.counters_z().shutdown_complete == 0; ++round) {
    if (pair.Pump() == 0) pair.AdvanceTime(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(pair.counters_a().shutdown_complete, 1u);
  EXPECT_EQ(pair.counters_z().shutdown_complete, 1u);
  EXPECT_EQ(pair.a().association_count(), 0u);
  EXPECT_EQ(pair.z().association_count(), 0u);
}

}  // namespace
}  // namespace sctpdp::testing
