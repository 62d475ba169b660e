#include "control/descriptors/descriptor_namespace.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <latch>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

namespace sctpdp {
namespace {

constexpr int kIds = DescriptorNamespace::kIdsPerNamespace;

std::shared_ptr<Descriptor> NewDescriptor() { return std::make_shared<Descriptor>(); }

// Inserts a new descriptor and returns its id, failing the test if none.
int InsertNew(DescriptorNamespace& ns) {
  const DescriptorResult inserted = ns.Insert(NewDescriptor());
  EXPECT_EQ(inserted.error, 0);
  return inserted.id;
}

TEST(DescriptorNamespaceTest, IdsAreTheLowestFreeOnes) {
  DescriptorRegistry registry(16);
  DescriptorNamespace& ns = registry.Default();
  EXPECT_EQ(ns.number(), 0u);
  EXPECT_EQ(InsertNew(ns), 0);
  EXPECT_EQ(InsertNew(ns), 1);
  EXPECT_EQ(InsertNew(ns), 2);
  EXPECT_EQ(InsertNew(ns), 3);
  ASSERT_NE(ns.Remove(2), nullptr);
  ASSERT_NE(ns.Remove(0), nullptr);
  EXPECT_EQ(ns.size(), 2u);
  EXPECT_EQ(InsertNew(ns), 0);
  EXPECT_EQ(InsertNew(ns), 2);
  EXPECT_EQ(InsertNew(ns), 4);
}

TEST(DescriptorNamespaceTest, FindAndRemoveReturnTheInsertedDescriptor) {
  DescriptorRegistry registry(4);
  DescriptorNamespace& ns = registry.Default();
  const std::shared_ptr<Descriptor> descriptor = NewDescriptor();
  const DescriptorResult inserted = ns.Insert(descriptor);
  ASSERT_EQ(inserted.error, 0);
  EXPECT_EQ(ns.Find(inserted.id), descriptor);
  EXPECT_EQ(ns.Remove(inserted.id), descriptor);
  EXPECT_EQ(ns.Find(inserted.id), nullptr);
  EXPECT_EQ(ns.Remove(inserted.id), nullptr);  // closed twice: EBADF
  EXPECT_EQ(ns.size(), 0u);
}

TEST(DescriptorNamespaceTest, UnknownIdsFindNothing) {
  DescriptorRegistry registry(4);
  DescriptorNamespace& ns = registry.Default();
  const int id = InsertNew(ns);
  for (const int unknown : {-1, id + 1, 3, kIds + id, 1 << 30}) {
    EXPECT_EQ(ns.Find(unknown), nullptr) << unknown;
    EXPECT_EQ(ns.Remove(unknown), nullptr) << unknown;
  }
  EXPECT_EQ(ns.size(), 1u);
  EXPECT_NE(ns.Find(id), nullptr);
}

TEST(DescriptorNamespaceTest, FullAtTheLimitUntilARemove) {
  DescriptorRegistry registry(3);
  DescriptorNamespace& ns = registry.Default();
  EXPECT_EQ(ns.limit(), 3u);
  for (int i = 0; i < 3; ++i) InsertNew(ns);
  const DescriptorResult full = ns.Insert(NewDescriptor());
  EXPECT_EQ(full.error, EMFILE);
  EXPECT_EQ(full.id, -1);
  EXPECT_EQ(ns.Reserve().error, EMFILE);
  EXPECT_EQ(ns.size(), 3u);
  ASSERT_NE(ns.Remove(1), nullptr);
  EXPECT_EQ(InsertNew(ns), 1);
  EXPECT_EQ(ns.Insert(NewDescriptor()).error, EMFILE);
}

TEST(DescriptorNamespaceTest, ANullDescriptorIsRefused) {
  DescriptorRegistry registry(3);
  DescriptorNamespace& ns = registry.Default();
  EXPECT_EQ(ns.Insert(nullptr).error, EINVAL);
  EXPECT_EQ(ns.size(), 0u);
}

TEST(DescriptorNamespaceTest, AReservedIdIsInvisibleButTaken) {
  DescriptorRegistry registry(2);
  DescriptorNamespace& ns = registry.Default();
  const DescriptorResult reserved = ns.Reserve();
  ASSERT_EQ(reserved.error, 0);
  EXPECT_EQ(reserved.id, 0);
  EXPECT_EQ(ns.Find(reserved.id), nullptr);
  EXPECT_EQ(ns.size(), 1u);
  EXPECT_EQ(InsertNew(ns), 1);
  // It counts toward the limit.
  EXPECT_EQ(ns.Insert(NewDescriptor()).error, EMFILE);
  // A close() of the id while the peeloff completes finds nothing and
  // leaves the reservation.
  EXPECT_EQ(ns.Remove(reserved.id), nullptr);
  EXPECT_EQ(ns.size(), 2u);

  const std::shared_ptr<Descriptor> descriptor = NewDescriptor();
  EXPECT_FALSE(ns.Commit(reserved.id, nullptr));
  EXPECT_TRUE(ns.Commit(reserved.id, descriptor));
  EXPECT_EQ(ns.Find(reserved.id), descriptor);
  // Committed once only, and no longer cancellable.
  EXPECT_FALSE(ns.Commit(reserved.id, NewDescriptor()));
  EXPECT_FALSE(ns.Cancel(reserved.id));
  EXPECT_EQ(ns.Find(reserved.id), descriptor);
  EXPECT_EQ(ns.size(), 2u);
}

TEST(DescriptorNamespaceTest, CancelFreesAReservation) {
  DescriptorRegistry registry(2);
  DescriptorNamespace& ns = registry.Default();
  const DescriptorResult reserved = ns.Reserve();
  ASSERT_EQ(reserved.error, 0);
  const int other = InsertNew(ns);
  EXPECT_TRUE(ns.Cancel(reserved.id));
  EXPECT_FALSE(ns.Cancel(reserved.id));
  EXPECT_FALSE(ns.Commit(reserved.id, NewDescriptor()));
  EXPECT_EQ(ns.size(), 1u);
  // Neither steps touch an id that was never reserved.
  EXPECT_FALSE(ns.Cancel(other));
  EXPECT_FALSE(ns.Commit(other, NewDescriptor()));
  EXPECT_FALSE(ns.Cancel(7));
  EXPECT_NE(ns.Find(other), nullptr);
  EXPECT_EQ(InsertNew(ns), reserved.id);
}

TEST(DescriptorRegistryTest, NamespacesHaveDisjointIds) {
  DescriptorRegistry registry(8);
  DescriptorNamespace& first = registry.Default();
  const NamespaceResult created = registry.Create(8);
  ASSERT_EQ(created.error, 0);
  ASSERT_NE(created.ns, nullptr);
  DescriptorNamespace& second = *created.ns;
  EXPECT_EQ(second.number(), 1u);
  EXPECT_EQ(registry.Find(1), created.ns);

  const int a = InsertNew(first);
  const int b = InsertNew(second);
  const int c = InsertNew(second);
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, kIds);
  EXPECT_EQ(c, kIds + 1);
  EXPECT_EQ(registry.NamespaceOf(a).get(), &first);
  EXPECT_EQ(registry.NamespaceOf(b), created.ns);
  EXPECT_EQ(registry.NamespaceOf(c), created.ns);
  // Each namespace sees only its own ids.
  EXPECT_EQ(first.Find(b), nullptr);
  EXPECT_EQ(second.Find(a), nullptr);
  EXPECT_EQ(second.Remove(a), nullptr);
  EXPECT_EQ(first.size(), 1u);
}

TEST(DescriptorRegistryTest, UnknownNumbersAndIdsNameNoNamespace) {
  DescriptorRegistry registry(8);
  EXPECT_EQ(registry.Find(1), nullptr);
  EXPECT_EQ(registry.Find(DescriptorRegistry::kMaxNamespaces), nullptr);
  EXPECT_EQ(registry.NamespaceOf(-1), nullptr);
  EXPECT_EQ(registry.NamespaceOf(kIds), nullptr);
  EXPECT_NE(registry.NamespaceOf(kIds - 1), nullptr);
}

TEST(DescriptorRegistryTest, CreateChecksTheLimit) {
  DescriptorRegistry registry(8);
  EXPECT_EQ(registry.Create(0).error, EINVAL);
  EXPECT_EQ(registry.Create(static_cast<size_t>(kIds) + 1).error, EINVAL);
  EXPECT_EQ(registry.Find(1), nullptr);
  const NamespaceResult largest = registry.Create(static_cast<size_t>(kIds));
  ASSERT_EQ(largest.error, 0);
  EXPECT_EQ(largest.ns->limit(), static_cast<size_t>(kIds));
}

TEST(DescriptorRegistryTest, NumbersRunOutAndEveryIdIsAPositiveInt) {
  DescriptorRegistry registry(1);
  std::shared_ptr<DescriptorNamespace> last;
  for (uint32_t number = 1; number < DescriptorRegistry::kMaxNamespaces; ++number) {
    const NamespaceResult created = registry.Create(1);
    ASSERT_EQ(created.error, 0) << number;
    ASSERT_EQ(created.ns->number(), number);
    last = created.ns;
  }
  const NamespaceResult refused = registry.Create(1);
  EXPECT_EQ(refused.error, EMFILE);
  EXPECT_EQ(refused.ns, nullptr);

  const int id = InsertNew(*last);
  EXPECT_EQ(id, static_cast<int>((DescriptorRegistry::kMaxNamespaces - 1) * kIds));
  EXPECT_GT(id, 0);
  EXPECT_EQ(registry.NamespaceOf(id), last);
  // A destroyed number is given out again.
  ASSERT_NE(last->Remove(id), nullptr);
  EXPECT_EQ(registry.Destroy(7), 0);
  const NamespaceResult reused = registry.Create(1);
  ASSERT_EQ(reused.error, 0);
  EXPECT_EQ(reused.ns->number(), 7u);
}

TEST(DescriptorRegistryTest, DestroyIsRefusedWhileANamespaceHoldsAnything) {
  DescriptorRegistry registry(8);
  const NamespaceResult created = registry.Create(4);
  ASSERT_EQ(created.error, 0);
  DescriptorNamespace& ns = *created.ns;
  const int id = InsertNew(ns);
  EXPECT_EQ(registry.Destroy(1), EBUSY);
  ASSERT_NE(ns.Remove(id), nullptr);
  const DescriptorResult reserved = ns.Reserve();
  ASSERT_EQ(reserved.error, 0);
  EXPECT_EQ(registry.Destroy(1), EBUSY);
  ASSERT_TRUE(ns.Cancel(reserved.id));
  EXPECT_EQ(registry.Find(1), created.ns);

  EXPECT_EQ(registry.Destroy(1), 0);
  EXPECT_EQ(registry.Find(1), nullptr);
  EXPECT_EQ(registry.NamespaceOf(kIds), nullptr);
  EXPECT_EQ(registry.Destroy(1), EINVAL);
  // A caller still holding it finds it empty and closed.
  EXPECT_EQ(ns.Insert(NewDescriptor()).error, EINVAL);
  EXPECT_EQ(ns.Reserve().error, EINVAL);
  EXPECT_EQ(ns.size(), 0u);
}

TEST(DescriptorRegistryTest, NothingSlipsIntoANamespaceBeingDestroyed) {
  // One thread keeps inserting and removing while another destroys the
  // namespace: Destroy succeeds only between the two, and afterwards every
  // Insert is refused, so no descriptor is left in a destroyed namespace.
  DescriptorRegistry registry(8);
  const NamespaceResult created = registry.Create(8);
  ASSERT_EQ(created.error, 0);
  const std::shared_ptr<DescriptorNamespace> ns = created.ns;
  std::atomic<bool> destroyed{false};
  std::atomic<int> errors{0};
  std::latch start(2);
  std::thread user([&] {
    start.arrive_and_wait();
    // Bounded: 100 attempts once the destruction is known.
    for (int after = 0; after < 100;) {
      const bool was_destroyed = destroyed.load();
      if (was_destroyed) ++after;
      const DescriptorResult inserted = ns->Insert(NewDescriptor());
      if (inserted.error == EINVAL) continue;
      if (inserted.error != 0 || was_destroyed || ns->Remove(inserted.id) == nullptr) ++errors;
    }
  });
  start.arrive_and_wait();
  int result = EBUSY;
  while (result == EBUSY) result = registry.Destroy(created.ns->number());
  destroyed = true;
  user.join();
  EXPECT_EQ(result, 0);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(ns->size(), 0u);
  EXPECT_EQ(registry.Find(1), nullptr);
}

TEST(DescriptorRegistryTest, TheDefaultNamespaceStays) {
  DescriptorRegistry registry;
  EXPECT_EQ(registry.Default().limit(), DescriptorRegistry::kDefaultLimit);
  EXPECT_EQ(registry.Destroy(0), EINVAL);
  EXPECT_EQ(registry.Destroy(5), EINVAL);
  EXPECT_EQ(registry.Find(0).get(), &registry.Default());
  EXPECT_EQ(InsertNew(registry.Default()), 0);
}

TEST(DescriptorNamespaceTest, ConcurrentInsertsAndRemovesNeverShareAnId) {
  // Four threads insert and remove at once, each holding up to kHeld
  // descriptors; an id handed to two holders at the same time is a
  // duplicate. The limit leaves room for all of them.
  constexpr int kThreads = 4;
  constexpr int kHeld = 8;
  constexpr int kRounds = 200000;
  DescriptorRegistry registry(kThreads * kHeld);
  const NamespaceResult created = registry.Create(kThreads * kHeld);
  ASSERT_EQ(created.error, 0);
  DescriptorNamespace& ns = *created.ns;
  std::vector<std::atomic<bool>> held(kThreads * kHeld);
  std::atomic<int> errors{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      std::vector<std::pair<int, std::shared_ptr<Descriptor>>> mine;
      for (int round = 0; round < kRounds; ++round) {
        if (mine.size() < kHeld && (round % 3 != 2 || mine.empty())) {
          auto descriptor = NewDescriptor();
          const DescriptorResult inserted = ns.Insert(descriptor);
          const int slot = inserted.id - kIds;
          if (inserted.error != 0 || slot < 0 || slot >= kThreads * kHeld ||
              held[static_cast<size_t>(slot)].exchange(true)) {
            ++errors;
            continue;
          }
          mine.emplace_back(inserted.id, std::move(descriptor));
        } else {
          const auto [id, descriptor] = mine.back();
          mine.pop_back();
          if (ns.Find(id) != descriptor) ++errors;
          // Cleared first: once removed the id may be handed out again.
          held[static_cast<size_t>(id - kIds)] = false;
          if (ns.Remove(id) != descriptor) ++errors;
        }
      }
      for (const auto& [id, descriptor] : mine) {
        held[static_cast<size_t>(id - kIds)] = false;
        if (ns.Remove(id) != descriptor) ++errors;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(ns.size(), 0u);
  EXPECT_EQ(InsertNew(ns), kIds);
}

}  // namespace
}  // namespace sctpdp
