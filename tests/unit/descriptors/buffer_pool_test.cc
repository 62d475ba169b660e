#include "control/descriptors/buffer_pool.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <latch>
#include <thread>
#include <vector>

namespace sctpdp {
namespace {

using Kind = BufferBudget::Kind;

TEST(BufferPoolTest, TryChargeRefusesPastTheLimitUntilAReleaseMakesRoom) {
  BufferPool pool(/*send_limit=*/1000, /*receive_limit=*/500);
  EXPECT_TRUE(pool.TryCharge(Kind::kSend, 600));
  EXPECT_TRUE(pool.TryCharge(Kind::kSend, 400));
  EXPECT_FALSE(pool.TryCharge(Kind::kSend, 1));
  EXPECT_EQ(pool.charged(Kind::kSend), 1000u);
  // The receive budget is separate.
  EXPECT_TRUE(pool.TryCharge(Kind::kReceive, 500));
  EXPECT_FALSE(pool.TryCharge(Kind::kReceive, 1));

  pool.Release(Kind::kSend, 600);
  EXPECT_FALSE(pool.TryCharge(Kind::kSend, 601));
  EXPECT_TRUE(pool.TryCharge(Kind::kSend, 600));
  pool.Release(Kind::kSend, 1000);
  pool.Release(Kind::kReceive, 500);
  EXPECT_TRUE(pool.Balanced());
}

TEST(BufferPoolTest, ARefusedChargeChangesNothing) {
  BufferPool pool(100, 100);
  ASSERT_TRUE(pool.TryCharge(Kind::kReceive, 60));
  EXPECT_FALSE(pool.TryCharge(Kind::kReceive, 41));
  EXPECT_EQ(pool.charged(Kind::kReceive), 60u);
  EXPECT_EQ(pool.peak(Kind::kReceive), 60u);
}

TEST(BufferPoolTest, ChargeMayPassTheLimit) {
  // An association moving in brings bytes that exist already.
  BufferPool pool(100, 100);
  pool.Charge(Kind::kReceive, 150);
  EXPECT_EQ(pool.charged(Kind::kReceive), 150u);
  EXPECT_EQ(pool.Available(Kind::kReceive), 0u);
  EXPECT_FALSE(pool.TryCharge(Kind::kReceive, 1));
  pool.Release(Kind::kReceive, 100);
  EXPECT_EQ(pool.Available(Kind::kReceive), 50u);
  EXPECT_TRUE(pool.TryCharge(Kind::kReceive, 50));
  EXPECT_EQ(pool.peak(Kind::kReceive), 150u);
}

TEST(BufferPoolTest, AvailableIsTheLimitLessTheCharge) {
  BufferPool pool(1000, 2000);
  EXPECT_EQ(pool.Available(Kind::kSend), 1000u);
  EXPECT_EQ(pool.Available(Kind::kReceive), 2000u);
  pool.Charge(Kind::kSend, 300);
  EXPECT_EQ(pool.Available(Kind::kSend), 700u);
  EXPECT_EQ(pool.Available(Kind::kReceive), 2000u);
  // A default pool has no room until its limits are set.
  BufferPool unset;
  EXPECT_EQ(unset.Available(Kind::kSend), 0u);
  EXPECT_FALSE(unset.TryCharge(Kind::kSend, 1));
}

TEST(BufferPoolTest, ShrinkingBelowTheChargeRefusesUntilReleasesMakeRoom) {
  BufferPool pool(1000, 1000);
  ASSERT_TRUE(pool.TryCharge(Kind::kSend, 800));
  pool.SetLimit(Kind::kSend, 500);
  EXPECT_EQ(pool.limit(Kind::kSend), 500u);
  EXPECT_EQ(pool.charged(Kind::kSend), 800u);  // nothing taken back
  EXPECT_EQ(pool.Available(Kind::kSend), 0u);
  EXPECT_FALSE(pool.TryCharge(Kind::kSend, 1));
  pool.Release(Kind::kSend, 300);
  EXPECT_EQ(pool.Available(Kind::kSend), 0u);
  EXPECT_FALSE(pool.TryCharge(Kind::kSend, 1));
  pool.Release(Kind::kSend, 100);
  EXPECT_EQ(pool.Available(Kind::kSend), 100u);
  EXPECT_TRUE(pool.TryCharge(Kind::kSend, 100));
  // Growing it makes room at once.
  pool.SetLimit(Kind::kSend, 4000);
  EXPECT_EQ(pool.Available(Kind::kSend), 3500u);
  EXPECT_EQ(pool.limit(Kind::kReceive), 1000u);
}

TEST(BufferPoolTest, PeakIsTheHighWaterMark) {
  BufferPool pool(1000, 1000);
  EXPECT_EQ(pool.peak(Kind::kSend), 0u);
  ASSERT_TRUE(pool.TryCharge(Kind::kSend, 300));
  ASSERT_TRUE(pool.TryCharge(Kind::kSend, 400));
  pool.Release(Kind::kSend, 500);
  ASSERT_TRUE(pool.TryCharge(Kind::kSend, 100));
  EXPECT_EQ(pool.charged(Kind::kSend), 300u);
  EXPECT_EQ(pool.peak(Kind::kSend), 700u);
  EXPECT_EQ(pool.peak(Kind::kReceive), 0u);
}

TEST(BufferPoolTest, ReleasingMoreThanChargedIsCountedNotWrapped) {
  BufferPool pool(1000, 1000);
  pool.Charge(Kind::kSend, 100);
  pool.Release(Kind::kSend, 150);
  EXPECT_EQ(pool.charged(Kind::kSend), 0u);
  EXPECT_EQ(pool.release_errors(), 1u);
  EXPECT_EQ(pool.Available(Kind::kSend), 1000u);
  EXPECT_FALSE(pool.Balanced());
  // Releasing into an empty budget is an error too.
  pool.Release(Kind::kReceive, 1);
  EXPECT_EQ(pool.charged(Kind::kReceive), 0u);
  EXPECT_EQ(pool.release_errors(), 2u);
}

TEST(BufferPoolTest, BalancedMeansNothingChargedOnEitherSide) {
  BufferPool pool(1000, 1000);
  EXPECT_TRUE(pool.Balanced());
  pool.Charge(Kind::kReceive, 1);
  EXPECT_FALSE(pool.Balanced());
  pool.Release(Kind::kReceive, 1);
  EXPECT_TRUE(pool.Balanced());
  pool.Charge(Kind::kSend, 1);
  EXPECT_FALSE(pool.Balanced());
  pool.Release(Kind::kSend, 1);
  EXPECT_TRUE(pool.Balanced());
}

TEST(BufferPoolTest, ConcurrentChargesNeverTogetherPassTheLimit) {
  // Each thread charges until refused, then releases all it holds, over and
  // over, racing the others' charges. The 1-byte thread is refused only when
  // the pool is exactly full, so the peak must reach the limit, and pass it
  // only if two charges together slipped past the check.
  constexpr size_t kLimit = 60;
  constexpr std::array<size_t, 4> kChunks = {1, 2, 3, 5};
  constexpr int kRounds = 50000;
  BufferPool pool(kLimit, kLimit);
  std::atomic<size_t> charged_total{0};
  std::atomic<size_t> released_total{0};
  std::latch start(kChunks.size());
  std::vector<std::thread> threads;
  for (const size_t chunk : kChunks) {
    threads.emplace_back([&, chunk] {
      start.arrive_and_wait();
      for (int round = 0; round < kRounds; ++round) {
        size_t held = 0;
        while (pool.TryCharge(Kind::kSend, chunk)) held += chunk;
        charged_total += held;
        while (held > 0) {
          pool.Release(Kind::kSend, chunk);
          held -= chunk;
          released_total += chunk;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(pool.peak(Kind::kSend), kLimit);
  EXPECT_EQ(charged_total.load(), released_total.load());
  EXPECT_EQ(pool.release_errors(), 0u);
  EXPECT_TRUE(pool.Balanced());
}

}  // namespace
}  // namespace sctpdp
