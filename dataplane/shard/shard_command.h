#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <utility>

#include "dataplane/sctp/common/time.h"

namespace sctpdp {

class Shard;

// Work the control plane hands a shard through the fabric: it runs on the
// shard's own thread, in the control phase of its loop, so it may touch
// the shard's engine like the applications do. The shard deletes it after
// Run.
class ShardCommand {
 public:
  virtual ~ShardCommand() = default;
  virtual void Run(Shard& shard, TimePoint now) = 0;
};

// A command that calls f(Shard&, TimePoint).
template <typename F>
std::unique_ptr<ShardCommand> MakeShardCommand(F f) {
  class Command final : public ShardCommand {
   public:
    explicit Command(F f) : f_(std::move(f)) {}
    void Run(Shard& shard, TimePoint now) override { f_(shard, now); }

   private:
    F f_;
  };
  return std::make_unique<Command>(std::move(f));
}

// Sleeps while `word` holds `expected`, at most `timeout` (a futex: a wake
// in between is not lost). Returns on a wake, a change or the timeout.
void FutexWait(std::atomic<uint32_t>& word, uint32_t expected, Duration timeout);
// Wakes every thread sleeping on `word`: one system call, no lock.
void FutexWake(std::atomic<uint32_t>& word);

// A one-shot signal from a shard to a control-plane thread: the shard sets
// it without a lock (a futex wake, no more), the waiter sleeps.
class Completion {
 public:
  void Signal();
  // True once signalled; false if `timeout` passed first.
  bool WaitFor(Duration timeout);
  bool signalled() const { return state_.load(std::memory_order_acquire) != 0; }

 private:
  std::atomic<uint32_t> state_{0};
};

}  // namespace sctpdp
