#include "control/descriptors/buffer_pool.h"

namespace sctpdp {

BufferPool::BufferPool(size_t send_limit, size_t receive_limit) {
  send_.limit = send_limit;
  receive_.limit = receive_limit;
}

bool BufferPool::TryCharge(Kind kind, size_t bytes) {
  Budget& budget = At(kind);
  size_t charged = budget.charged.load(std::memory_order_relaxed);
  do {
    const size_t limit = budget.limit.load(std::memory_order_relaxed);
    if (charged > limit || bytes > limit - charged) return false;
  } while (
      !budget.charged.compare_exchange_weak(charged, charged + bytes, std::memory_order_acq_rel));
  RaisePeak(budget, charged + bytes);
  return true;
}

void BufferPool::Charge(Kind kind, size_t bytes) {
  Budget& budget = At(kind);
  RaisePeak(budget, budget.charged.fetch_add(bytes, std::memory_order_acq_rel) + bytes);
}

void BufferPool::Release(Kind kind, size_t bytes) {
  Budget& budget = At(kind);
  size_t charged = budget.charged.load(std::memory_order_relaxed);
  size_t released = 0;
  do {
    released = bytes <= charged ? bytes : charged;
  } while (!budget.charged.compare_exchange_weak(charged, charged - released,
                                                 std::memory_order_acq_rel));
  if (released != bytes) release_errors_.fetch_add(1, std::memory_order_relaxed);
}

size_t BufferPool::Available(Kind kind) const {
  const Budget& budget = At(kind);
  const size_t limit = budget.limit.load(std::memory_order_relaxed);
  const size_t charged = budget.charged.load(std::memory_order_acquire);
  return charged >= limit ? 0 : limit - charged;
}

void BufferPool::SetLimit(Kind kind, size_t bytes) {
  At(kind).limit.store(bytes, std::memory_order_relaxed);
}

bool BufferPool::Balanced() const {
  return charged(Kind::kSend) == 0 && charged(Kind::kReceive) == 0 && release_errors() == 0;
}

void BufferPool::RaisePeak(Budget& budget, size_t charged) {
  size_t peak = budget.peak.load(std::memory_order_relaxed);
  while (charged > peak &&
         !budget.peak.compare_exchange_weak(peak, charged, std::memory_order_relaxed)) {
  }
}

}  // namespace sctpdp
