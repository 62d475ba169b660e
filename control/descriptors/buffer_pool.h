#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "dataplane/sctp/association/environment.h"

namespace sctpdp {

// A descriptor's send and receive byte budgets (SO_SNDBUF, SO_RCVBUF),
// charged by the associations it owns. Shard threads charge it and
// application threads release it at the same time, so it is lock-free: a
// compare-and-swap loop keeps concurrent TryCharges within the limit
// together.
class BufferPool final : public BufferBudget {
 public:
  BufferPool() = default;
  BufferPool(size_t send_limit, size_t receive_limit);

  bool TryCharge(Kind kind, size_t bytes) override;
  void Charge(Kind kind, size_t bytes) override;
  void Release(Kind kind, size_t bytes) override;
  size_t Available(Kind kind) const override;

  // Shrinking below what is charged refuses charges until releases make
  // room; nothing charged is taken back.
  void SetLimit(Kind kind, size_t bytes);
  size_t limit(Kind kind) const { return At(kind).limit.load(std::memory_order_relaxed); }
  size_t charged(Kind kind) const { return At(kind).charged.load(std::memory_order_acquire); }
  size_t peak(Kind kind) const { return At(kind).peak.load(std::memory_order_relaxed); }
  // Releases of more than was charged: a caller's bug, counted rather than
  // wrapped around.
  uint64_t release_errors() const { return release_errors_.load(std::memory_order_relaxed); }
  // Nothing charged and nothing released twice: every byte charged was
  // released.
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
