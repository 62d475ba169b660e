// Descriptor namespaces (ids like a file table's, limits, the two steps of
// a peeloff) and buffer pools (SO_SNDBUF and SO_RCVBUF budgets charged and
// released from several threads).
#include <gtest/gtest.h>

#include <cerrno>
#include <set>
#include <thread>
#include <vector>

#include "control/descriptors/buffer_pool.h"
#include "control/descriptors/descriptor_namespace.h"

namespace sctpdp {
namespace {

using Kind = BufferBudget::Kind;

std::shared_ptr<Descriptor> New() { return std::make_shared<Descriptor>(); }

TEST(DescriptorNamespaceTest, HandsOutTheLowestFreeIdLikeAFileTable) {
  DescriptorNamespace ns(0, 8);
  EXPECT_EQ(ns.Insert(New()).id, 0);
  EXPECT_EQ(ns.Insert(New()).id, 1);
  EXPECT_EQ(ns.Insert(New()).id, 2);
  ASSERT_NE(ns.Remove(1), nullptr);
  EXPECT_EQ(ns.Insert(New()).id, 1);
  EXPECT_EQ(ns.Insert(New()).id, 3);
  EXPECT_EQ(ns.size(), 4u);
}

TEST(DescriptorNamespaceTest, RefusesPastItsLimitWithEmfile) {
  DescriptorNamespace ns(0, 2);
  ASSERT_EQ(ns.Insert(New()).error, 0);
  ASSERT_EQ(ns.Insert(New()).error, 0);
  const DescriptorResult full = ns.Insert(New());
  EXPECT_EQ(full.id, -1);
  EXPECT_EQ(full.error, EMFILE);
  ASSERT_NE(ns.Remove(0), nullptr);
  EXPECT_EQ(ns.Insert(New()).id, 0);
}

TEST(DescriptorNamespaceTest, AReservedIdIsTakenButInvisibleUntilCommitted) {
  DescriptorNamespace ns(0, 2);
  const DescriptorResult reserved = ns.Reserve();
  ASSERT_EQ(reserved.error, 0);
  EXPECT_EQ(ns.Find(reserved.id), nullptr);
  EXPECT_EQ(ns.Insert(New()).id, 1);          // the reserved 0 is not free
  EXPECT_EQ(ns.Insert(New()).error, EMFILE);  // and counts toward the limit
  const auto descriptor = New();
  ns.Commit(reserved.id, descriptor);
  EXPECT_EQ(ns.Find(reserved.id), descriptor);
  // Cancel gives a reservation back.
  ASSERT_NE(ns.Remove(1), nullptr);
  const DescriptorResult again = ns.Reserve();
  ns.Cancel(again.id);
  EXPECT_EQ(ns.Insert(New()).id, again.id);
}

TEST(DescriptorNamespaceTest, UnknownIdsFindNothing) {
  DescriptorNamespace ns(0, 4);
  EXPECT_EQ(ns.Find(0), nullptr);
  EXPECT_EQ(ns.Find(-1), nullptr);
  EXPECT_EQ(ns.Remove(3), nullptr);
  ns.Insert(New());
  EXPECT_EQ(ns.Find(DescriptorNamespace::kIdsPerNamespace), nullptr);
}

TEST(DescriptorRegistryTest, IdsOfEachNamespaceAreItsOwnAndLeadBackToIt) {
  DescriptorRegistry registry(16);
  const DescriptorResult created = registry.Create(4);
  ASSERT_EQ(created.error, 0);
  DescriptorNamespace* second = registry.Find(static_cast<uint32_t>(created.id));
  ASSERT_NE(second, nullptr);
  const int in_default = registry.Default().Insert(New()).id;
  const int in_second = second->Insert(New()).id;
  EXPECT_NE(in_default, in_second);
  EXPECT_EQ(in_second, created.id * DescriptorNamespace::kIdsPerNamespace);
  EXPECT_EQ(registry.NamespaceOf(in_default), &registry.Default());
  EXPECT_EQ(registry.NamespaceOf(in_second), second);
  EXPECT_EQ(second->Find(in_default), nullptr);
  EXPECT_EQ(registry.NamespaceOf(-5), nullptr);
}

TEST(DescriptorRegistryTest, CreateAndDestroyCheckTheirArguments) {
  DescriptorRegistry registry;
  EXPECT_EQ(registry.Create(0).error, EINVAL);
  EXPECT_EQ(registry.Create(DescriptorNamespace::kIdsPerNamespace + 1).error, EINVAL);
  const DescriptorResult created = registry.Create(2);
  ASSERT_EQ(created.error, 0);
  const auto number = static_cast<uint32_t>(created.id);
  const int id = registry.Find(number)->Insert(New()).id;
  EXPECT_EQ(registry.Destroy(number), EBUSY);
  ASSERT_NE(registry.Find(number)->Remove(id), nullptr);
  EXPECT_EQ(registry.Destroy(number), 0);
  EXPECT_EQ(registry.Find(number), nullptr);
  EXPECT_EQ(registry.Destroy(0), EINVAL);  // the default one stays
  EXPECT_EQ(registry.Destroy(999), EINVAL);
}

TEST(DescriptorNamespaceTest, ThreadsInsertingAndRemovingNeverShareAnId) {
  DescriptorNamespace ns(0, 1024);
  constexpr int kThreads = 4;
  constexpr int kRounds = 2000;
  std::vector<std::thread> threads;
  std::vector<std::vector<int>> duplicates(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        const auto descriptor = New();
        const int id = ns.Insert(descriptor).id;
        // Nobody else holds this id while we do.
        if (ns.Find(id) != descriptor) duplicates[t].push_back(id);
        if (ns.Remove(id) != descriptor) duplicates[t].push_back(id);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& seen : duplicates) EXPECT_TRUE(seen.empty());
  EXPECT_EQ(ns.size(), 0u);
}

TEST(BufferPoolTest, TryChargeStopsAtTheLimitAndReleaseMakesRoom) {
  BufferPool pool(1000, 500);
  EXPECT_TRUE(pool.TryCharge(Kind::kSend, 600));
  EXPECT_FALSE(pool.TryCharge(Kind::kSend, 401));
  EXPECT_TRUE(pool.TryCharge(Kind::kSend, 400));
  EXPECT_EQ(pool.Available(Kind::kSend), 0u);
  EXPECT_EQ(pool.Available(Kind::kReceive), 500u);  // the other budget is apart
  pool.Release(Kind::kSend, 600);
  EXPECT_EQ(pool.Available(Kind::kSend), 600u);
  EXPECT_TRUE(pool.TryCharge(Kind::kSend, 600));
  EXPECT_EQ(pool.peak(Kind::kSend), 1000u);
  pool.Release(Kind::kSend, 1000);
  EXPECT_TRUE(pool.Balanced());
}

TEST(BufferPoolTest, ChargeTakesBytesThatExistEvenPastTheLimit) {
  BufferPool pool(100, 100);
  pool.Charge(Kind::kReceive, 300);  // an association moving in with its bytes
  EXPECT_EQ(pool.charged(Kind::kReceive), 300u);
  EXPECT_EQ(pool.Available(Kind::kReceive), 0u);
  EXPECT_FALSE(pool.TryCharge(Kind::kReceive, 1));
  pool.Release(Kind::kReceive, 300);
  EXPECT_TRUE(pool.Balanced());
}

TEST(BufferPoolTest, ShrinkingTheLimitTakesNothingBack) {
  BufferPool pool(1000, 1000);
  ASSERT_TRUE(pool.TryCharge(Kind::kSend, 800));
  pool.SetLimit(Kind::kSend, 500);  // setsockopt(SO_SNDBUF) while data waits
  EXPECT_EQ(pool.charged(Kind::kSend), 800u);
  EXPECT_EQ(pool.Available(Kind::kSend), 0u);
  EXPECT_FALSE(pool.TryCharge(Kind::kSend, 1));
  pool.Release(Kind::kSend, 400);
  EXPECT_EQ(pool.Available(Kind::kSend), 100u);
}

TEST(BufferPoolTest, ReleasingMoreThanChargedIsCountedNotWrapped) {
  BufferPool pool(1000, 1000);
  ASSERT_TRUE(pool.TryCharge(Kind::kReceive, 10));
  pool.Release(Kind::kReceive, 25);
  EXPECT_EQ(pool.charged(Kind::kReceive), 0u);
  EXPECT_EQ(pool.release_errors(), 1u);
  EXPECT_FALSE(pool.Balanced());
}

TEST(BufferPoolTest, ConcurrentChargesNeverPassTheLimitTogether) {
  constexpr size_t kLimit = 64 * 1024;
  BufferPool pool(kLimit, kLimit);
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&pool] {
      for (int round = 0; round < 20000; ++round) {
        const size_t bytes = 100 + static_cast<size_t>(round % 900);
        if (pool.TryCharge(Kind::kSend, bytes)) pool.Release(Kind::kSend, bytes);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(pool.peak(Kind::kSend), kLimit);
  EXPECT_GT(pool.peak(Kind::kSend), 0u);
  EXPECT_TRUE(pool.Balanced());
}

}  // namespace
}  // namespace sctpdp
