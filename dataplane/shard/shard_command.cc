#include "dataplane/shard/shard_command.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

namespace sctpdp {
namespace {

uint32_t* FutexWord(std::atomic<uint32_t>& state) {
  static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));
  return reinterpret_cast<uint32_t*>(&state);
}

}  // namespace

void FutexWait(std::atomic<uint32_t>& word, uint32_t expected, Duration timeout) {
  if (timeout <= Duration::zero()) return;
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count();
  const timespec relative{.tv_sec = static_cast<time_t>(ns / 1'000'000'000),
                          .tv_nsec = static_cast<long>(ns % 1'000'000'000)};
  syscall(SYS_futex, FutexWord(word), FUTEX_WAIT_PRIVATE, expected, &relative, nullptr, 0);
}

void FutexWake(std::atomic<uint32_t>& word) {
  syscall(SYS_futex, FutexWord(word), FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
}

void Completion::Signal() {
  state_.store(1, std::memory_order_release);
  FutexWake(state_);
}

bool Completion::WaitFor(Duration timeout) {
  // The steady clock here, not the shard's: only how long to sleep matters.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!signalled()) {
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= Duration::zero()) return false;
    FutexWait(state_, 0, std::chrono::duration_cast<Duration>(left));
  }
  return true;
}

}  // namespace sctpdp
