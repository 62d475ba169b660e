#include "dataplane/shard/timer_wheel.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

namespace sctpdp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const TimePoint kStart = TimePoint{} + seconds(1000);

TEST(TimerWheelTest, FiresAtDeadlineRoundedUpToTickNeverEarly) {
  TimerWheel wheel(kStart, milliseconds(1));
  const auto handle = wheel.Add(42);
  wheel.Schedule(handle, kStart + std::chrono::microseconds(2500));
  std::vector<uint64_t> fired;
  auto collect = [&](uint64_t value) { fired.push_back(value); };
  wheel.Advance(kStart + milliseconds(2), collect);
  EXPECT_TRUE(fired.empty());
  wheel.Advance(kStart + std::chrono::microseconds(2999), collect);
  EXPECT_TRUE(fired.empty());
  wheel.Advance(kStart + milliseconds(3), collect);
  EXPECT_EQ(fired, std::vector<uint64_t>{42});
  EXPECT_FALSE(wheel.scheduled(handle));
  EXPECT_EQ(wheel.scheduled_count(), 0u);
}

TEST(TimerWheelTest, RescheduleReplacesAndCancelStops) {
  TimerWheel wheel(kStart, milliseconds(1));
  const auto a = wheel.Add(1);
  const auto b = wheel.Add(2);
  wheel.Schedule(a, kStart + milliseconds(10));
  wheel.Schedule(a, kStart + milliseconds(500));  // moves to the second level
  wheel.Schedule(b, kStart + milliseconds(20));
  wheel.Cancel(b);
  std::vector<uint64_t> fired;
  wheel.Advance(kStart + milliseconds(499), [&](uint64_t v) { fired.push_back(v); });
  EXPECT_TRUE(fired.empty());
  wheel.Advance(kStart + milliseconds(500), [&](uint64_t v) { fired.push_back(v); });
  EXPECT_EQ(fired, std::vector<uint64_t>{1});
}

// Timers on the higher levels move down when their slot comes due; one whose
// deadline is that very tick must fire in it, not one tick late.
TEST(TimerWheelTest, FiresExactlyAtRotationBoundaries) {
  for (const auto deadline : {milliseconds(256), milliseconds(512), milliseconds(65536),
                              milliseconds(65536 + 256), milliseconds(16777216)}) {
    TimerWheel wheel(kStart, milliseconds(1));
    wheel.Schedule(wheel.Add(9), kStart + deadline);
    int fired = 0;
    wheel.Advance(kStart + deadline - milliseconds(1), [&](uint64_t) { ++fired; });
    EXPECT_EQ(fired, 0) << deadline.count();
    wheel.Advance(kStart + deadline, [&](uint64_t) { ++fired; });
    EXPECT_EQ(fired, 1) << deadline.count();
  }
}

TEST(TimerWheelTest, PastDeadlineFiresOnNextTick) {
  TimerWheel wheel(kStart, milliseconds(1));
  wheel.Advance(kStart + milliseconds(100), [](uint64_t) {});
  const auto handle = wheel.Add(7);
  wheel.Schedule(handle, kStart);
  int fired = 0;
  wheel.Advance(kStart + milliseconds(100), [&](uint64_t) { ++fired; });
  EXPECT_EQ(fired, 0);
  wheel.Advance(kStart + milliseconds(101), [&](uint64_t) { ++fired; });
  EXPECT_EQ(fired, 1);
}

TEST(TimerWheelTest, CallbackMayRescheduleItselfAndOthers) {
  TimerWheel wheel(kStart, milliseconds(1));
  const auto a = wheel.Add(0);
  const auto b = wheel.Add(1);
  wheel.Schedule(a, kStart + milliseconds(5));
  wheel.Schedule(b, kStart + milliseconds(5));
  std::vector<std::pair<uint64_t, int64_t>> fired;
  TimePoint now = kStart;
  auto on_expiry = [&](uint64_t value) {
    fired.emplace_back(value, (now - kStart) / milliseconds(1));
    if (fired.size() == 1) {
      // Reschedule self far away and cancel the other one of this slot.
      wheel.Schedule(value == 0 ? a : b, now + seconds(70));
      wheel.Cancel(value == 0 ? b : a);
    }
  };
  for (int ms = 1; ms <= 80'000; ms += 7) {
    now = kStart + milliseconds(ms);
    wheel.Advance(now, on_expiry);
  }
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].first, fired[1].first);
  EXPECT_GE(fired[1].second, fired[0].second + 70'000);
  EXPECT_LT(fired[1].second, fired[0].second + 70'000 + 7);
}

TEST(TimerWheelTest, RemovedHandlesAreReused) {
  TimerWheel wheel(kStart, milliseconds(1));
  const auto a = wheel.Add(1);
  wheel.Schedule(a, kStart + milliseconds(3));
  wheel.Remove(a);
  EXPECT_EQ(wheel.scheduled_count(), 0u);
  const auto b = wheel.Add(2);
  EXPECT_EQ(a, b);
  EXPECT_FALSE(wheel.scheduled(b));
  int fired = 0;
  wheel.Advance(kStart + milliseconds(10), [&](uint64_t) { ++fired; });
  EXPECT_EQ(fired, 0);
}

TEST(TimerWheelTest, NextDeadlineBoundIsNeverLate) {
  TimerWheel wheel(kStart, milliseconds(1));
  EXPECT_FALSE(wheel.NextDeadlineBound().has_value());
  const auto a = wheel.Add(1);
  wheel.Schedule(a, kStart + milliseconds(40));
  EXPECT_EQ(wheel.NextDeadlineBound(), kStart + milliseconds(40));
  wheel.Schedule(a, kStart + seconds(30));
  const auto bound = wheel.NextDeadlineBound();
  ASSERT_TRUE(bound.has_value());
  EXPECT_LE(*bound, kStart + seconds(30));
  EXPECT_GT(*bound, kStart);
}

// The oracle: every timer fires exactly once, at the first Advance whose
// time has reached its deadline rounded up to the tick, and never before,
// whatever the mix of levels, reschedules, cancels and step sizes.
TEST(TimerWheelTest, MatchesNaiveModelUnderRandomOperations) {
  for (uint32_t seed = 1; seed <= 10; ++seed) {
    std::mt19937_64 rng(seed);
    const Duration tick = milliseconds(1);
    TimerWheel wheel(kStart, tick);
    constexpr int kTimers = 300;
    std::vector<TimerWheel::Handle> handles;
    std::vector<std::optional<TimePoint>> deadline(kTimers);
    for (int i = 0; i < kTimers; ++i) handles.push_back(wheel.Add(i));
    TimePoint now = kStart;
    auto random_delay = [&]() -> Duration {
      switch (rng() % 4) {
        case 0:
          return std::chrono::microseconds(rng() % 3000);
        case 1:
          return milliseconds(rng() % 300);
        case 2:
          return milliseconds(rng() % 70'000);
        default:
          return seconds(rng() % 20'000);
      }
    };
    for (int step = 0; step < 2000; ++step) {
      for (int op = 0; op < 5; ++op) {
        const int i = static_cast<int>(rng() % kTimers);
        if (rng() % 5 == 0) {
          wheel.Cancel(handles[i]);
          deadline[i].reset();
        } else {
          deadline[i] = now + random_delay();
          wheel.Schedule(handles[i], *deadline[i]);
        }
      }
      const Duration step_size =
          rng() % 10 == 0 ? seconds(rng() % 5000) : std::chrono::microseconds(rng() % 5000);
      const TimePoint next = now + step_size;
      auto due = [&](TimePoint deadline_time) {
        const auto ticks = ((deadline_time - kStart) + tick - Duration{1}) / tick;
        return kStart + tick * ticks <= next;
      };
      std::vector<int> expected;
      for (int i = 0; i < kTimers; ++i) {
        if (deadline[i] && due(*deadline[i])) expected.push_back(i);
      }
      std::vector<int> fired;
      wheel.Advance(next, [&](uint64_t value) {
        const int i = static_cast<int>(value);
        ASSERT_TRUE(deadline[i].has_value()) << "seed " << seed << " timer " << i;
        fired.push_back(i);
        deadline[i].reset();
      });
      std::sort(fired.begin(), fired.end());
      ASSERT_EQ(fired, expected) << "seed " << seed << " step " << step;
      now = next;
      size_t pending = 0;
      for (const auto& d : deadline) pending += d.has_value();
      ASSERT_EQ(wheel.scheduled_count(), pending);
    }
  }
}

}  // namespace
}  // namespace sctpdp
