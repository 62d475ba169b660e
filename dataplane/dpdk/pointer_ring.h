#pragma once

#include <rte_ring.h>

#include <cstdint>
#include <span>
#include <string>

namespace sctpdp::dpdk {

// The rte_ring behind a PointerRing: `capacity` entries exactly, many
// producers, one consumer. nullptr with `error` set when DPDK cannot make
// it (name taken, no memory).
rte_ring* CreateSingleConsumerRing(const std::string& name, uint32_t capacity, std::string& error);
// The same in the process's heap rather than a DPDK memzone (of which a
// process has a few thousand): for rings made by the thousand, such as
// the sockets layer's per-descriptor queues. Free it with FreeHeapRing.
rte_ring* CreateHeapRing(const std::string& name, uint32_t capacity, std::string& error);
void FreeHeapRing(rte_ring* ring);

// A lock-free FIFO of pointers (rte_ring): any thread may enqueue; one
// consumer at a time dequeues bursts, or several take single items with
// DequeueShared. It owns the ring, not what the pointers point to.
template <typename T>
class PointerRing {
 public:
  // `heap`: made by CreateHeapRing.
  explicit PointerRing(rte_ring* ring, bool heap = false) : ring_(ring), heap_(heap) {}
  ~PointerRing() { heap_ ? FreeHeapRing(ring_) : rte_ring_free(ring_); }
  PointerRing(const PointerRing&) = delete;
  PointerRing& operator=(const PointerRing&) = delete;

  // False when the ring is full: the item stays the caller's.
  bool Enqueue(T* item) { return rte_ring_mp_enqueue(ring_, item) == 0; }
  // Up to out.size() items, oldest first; returns how many.
  uint16_t DequeueBurst(std::span<T*> out) {
    return static_cast<uint16_t>(rte_ring_sc_dequeue_burst(
        ring_, reinterpret_cast<void**>(out.data()), static_cast<unsigned>(out.size()), nullptr));
  }
  // One item into `out` if there is one, from any of several threads at
  // once (rings whose consumers take turns on their own use DequeueBurst).
  bool DequeueShared(T*& out) {
    return rte_ring_mc_dequeue(ring_, reinterpret_cast<void**>(&out)) == 0;
  }
  // Items whose enqueue has completed (a producer's earlier enqueues to
  // other rings are visible to whoever sees them counted here).
  uint32_t count() const { return rte_ring_count(ring_); }
  uint32_t capacity() const { return rte_ring_get_capacity(ring_); }

 private:
  rte_ring* ring_;
  bool heap_;
};

}  // namespace sctpdp::dpdk
