#include "control/descriptors/buffer_pool.h"

#include <algorithm>

namespace sctpdp {

BufferPool::BufferPool(size_t send_limit, size_t receive_limit) {
  send_.limit.store(send_limit, std::memory_order_relaxed);
  receive_.limit.store(receive_limit, std::memory_order_relaxed);
}

bool BufferPool::TryCharge(Kind kind, size_t bytes) {
  Budget& budget = At(kind);
  size_t charged = budget.charged.load(std::memory_order_relaxed);
  size_t wanted = 0;
  do {
    // The check and the update are one step: the exchange fails if another
    // thread charged or released in between, and the check runs again.
    const size_t limit = budget.limit.load(std::memory_order_relaxed);
    if (charged > limit || bytes > limit - charged) return false;
    wanted = charged + bytes;
  } while (!budget.charged.compare_exchange_weak(charged, wanted, std::memory_order_relaxed));
  RaisePeak(budget, wanted);
  return true;
}

void BufferPool::Charge(Kind kind, size_t bytes) {
  Budget& budget = At(kind);
  RaisePeak(budget, budget.charged.fetch_add(bytes, std::memory_order_relaxed) + bytes);
}

void BufferPool::Release(Kind kind, size_t bytes) {
  Budget& budget = At(kind);
  size_t charged = budget.charged.load(std::memory_order_relaxed);
  size_t released = 0;
  do {
    // Wrapping around would turn a double release into a pool that refuses
    // everything for good; clamp and let the counter tell.
    released = std::min(bytes, charged);
  } while (!budget.charged.compare_exchange_weak(charged, charged - released,
                                                 std::memory_order_relaxed));
  if (released != bytes) release_errors_.fetch_add(1, std::memory_order_relaxed);
}

size_t BufferPool::Available(Kind kind) const {
  const size_t limit = this->limit(kind);
  const size_t charged = this->charged(kind);
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
