#pragma once

#include <rte_mbuf.h>
#include <rte_ring.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace sctpdp::dpdk {

// A lock-free FIFO of packet buffers (rte_ring) into one consumer: the
// inbox through which the other shards forward packets to a shard. Any
// thread may enqueue; only the owner dequeues. Buffers still queued when
// it is destroyed are freed with it.
class MbufRing {
 public:
  // nullptr with `error` set when DPDK cannot make it (name taken, no memory).
  static std::unique_ptr<MbufRing> Create(const std::string& name, uint32_t capacity,
                                          std::string& error);
  ~MbufRing();
  MbufRing(const MbufRing&) = delete;
  MbufRing& operator=(const MbufRing&) = delete;

  // False when the ring is full: the buffer stays the caller's.
  bool Enqueue(rte_mbuf* mbuf) { return rte_ring_mp_enqueue(ring_, mbuf) == 0; }
  // Up to out.size() buffers, oldest first; returns how many.
  uint16_t DequeueBurst(std::span<rte_mbuf*> out) {
    return static_cast<uint16_t>(rte_ring_sc_dequeue_burst(
        ring_, reinterpret_cast<void**>(out.data()), static_cast<unsigned>(out.size()), nullptr));
  }
  uint32_t count() const { return rte_ring_count(ring_); }
  uint32_t capacity() const { return rte_ring_get_capacity(ring_); }

 private:
  explicit MbufRing(rte_ring* ring) : ring_(ring) {}
  rte_ring* ring_;
};

}  // namespace sctpdp::dpdk
