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

void Completion::Signal() {
  state_.store(1, std::memory_order_release);
  syscall(SYS_futex, FutexWord(state_), FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
}

bool Completion::WaitFor(Duration timeout) {
  // The steady clock here, not the shard's: only how long to sleep matters.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!signalled()) {
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= Duration::zero()) return false;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    const timespec relative{.tv_sec = static_cast<time_t>(ns / 1'000'000'000),
                            .tv_nsec = static_cast<long>(ns % 1'000'000'000)};
    // Sleeps only while the word is still 0: a Signal in between is not lost.
    syscall(SYS_futex, FutexWord(state_), FUTEX_WAIT_PRIVATE, 0, &relative, nullptr, 0);
  }
  return true;
}

}  // namespace sctpdp
