#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <span>

#include "dataplane/sctp/association/notification.h"
#include "dataplane/sctp/common/time.h"

namespace sctpdp {

// A counter written by one shard thread and read by the daemon's reporting
// thread: relaxed atomics, no read-modify-write on the hot path.
class Counter {
 public:
  void Add(uint64_t n = 1) {
    value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  uint64_t Get() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Round-trip times in microseconds, in log-linear buckets (16 per power of
// two: at most 6% too high), so that percentiles cost no memory per sample.
class LatencyHistogram {
 public:
  static constexpr int kSubBuckets = 16;
  static constexpr int kBuckets = 40 * kSubBuckets;

  void Record(Duration rtt) {
    const uint64_t us = rtt.count() < 0 ? 0 : static_cast<uint64_t>(rtt.count());
    buckets_[BucketOf(us)].Add();
  }
  uint64_t count() const;
  // The smallest bucket bound at or above the given fraction (0 to 1) of
  // the samples; zero without samples.
  Duration Percentile(double fraction) const;
  // The same over several histograms taken together (one per shard).
  static Duration Percentile(std::span<const LatencyHistogram* const> histograms, double fraction);

  static int BucketOf(uint64_t us) {
    if (us < kSubBuckets) return static_cast<int>(us);
    const int power = std::bit_width(us) - 1;  // >= 4
    const int sub = static_cast<int>((us >> (power - 4)) & (kSubBuckets - 1));
    const int bucket = (power - 3) * kSubBuckets + sub;
    return bucket < kBuckets ? bucket : kBuckets - 1;
  }
  // The largest value that falls in `bucket`.
  static uint64_t UpperBound(int bucket) {
    if (bucket < kSubBuckets) return static_cast<uint64_t>(bucket);
    const int power = bucket / kSubBuckets + 3;
    const uint64_t sub = static_cast<uint64_t>(bucket % kSubBuckets);
    return ((kSubBuckets + sub + 1) << (power - 4)) - 1;
  }

 private:
  std::array<Counter, kBuckets> buckets_{};
};

// What an application did, for the live line and the summary.
struct AppStats {
  Counter messages_sent;
  Counter bytes_sent;
  Counter messages_received;
  Counter bytes_received;
  Counter associations_up;
  Counter associations_closed;  // shut down gracefully
  Counter associations_failed;  // aborted, lost, or never started
  Counter send_failed;          // messages the engine gave up (SEND_FAILED)
  Counter echo_errors;          // echoes that did not match what was sent
  LatencyHistogram rtt;

  // An association's ups and downs, and messages given up (SEND_FAILED).
  void Count(const Notification& notification);
};

}  // namespace sctpdp
