#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "dataplane/sctp/association/environment.h"

namespace sctpdp {

// One descriptor's byte budgets: SO_SNDBUF (Kind::kSend) and SO_RCVBUF
// (Kind::kReceive), shared by every association the descriptor owns. Shard
// threads charge it while application threads release it, so it is
// lock-free; the counters guard no other memory, so relaxed atomics are
// enough (read-modify-writes of one counter are totally ordered anyway).
class BufferPool final : public BufferBudget {
 public:
  BufferPool() = default;
  BufferPool(size_t send_limit, size_t receive_limit);

  // BufferBudget. TryCharge never lets concurrent charges together pass the
  // limit; Charge may (the bytes exist already); Release of more than is
  // charged clamps to zero and counts a release error.
  bool TryCharge(Kind kind, size_t bytes) override;
  void Charge(Kind kind, size_t bytes) override;
  void Release(Kind kind, size_t bytes) override;
  size_t Available(Kind kind) const override;

  // setsockopt(SO_SNDBUF / SO_RCVBUF) at any time. Shrinking below what is
  // charged takes nothing back: Available is 0 and TryCharge fails until
  // releases bring the charge under the new limit.
  void SetLimit(Kind kind, size_t bytes);

  size_t limit(Kind kind) const { return At(kind).limit.load(std::memory_order_relaxed); }
  size_t charged(Kind kind) const { return At(kind).charged.load(std::memory_order_relaxed); }
  // The highest charge ever reached (a high-water mark for tests and stats).
  size_t peak(Kind kind) const { return At(kind).peak.load(std::memory_order_relaxed); }
  // Releases of more bytes than were charged: always a caller's bug.
  uint64_t release_errors() const { return release_errors_.load(std::memory_order_relaxed); }
  // Every byte charged was released, and never twice.
  bool Balanced() const;

 private:
  struct Budget {
    std::atomic<size_t> limit{0};
    std::atomic<size_t> charged{0};
    std::atomic<size_t> peak{0};
  };

  Budget& At(Kind kind) { return kind == Kind::kSend ? send_ : receive_; }
  const Budget& At(Kind kind) const { return kind == Kind::kSend ? send_ : receive_; }
  static void RaisePeak(Budget& budget, size_t charged);

  Budget send_;
  Budget receive_;
  std::atomic<uint64_t> release_errors_{0};
};

}  // namespace sctpdp
