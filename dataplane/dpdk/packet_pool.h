#pragma once

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <cstdint>
#include <memory>
#include <string>

namespace sctpdp::dpdk {

// A pool of packet buffers (rte_pktmbuf pool) on one NUMA socket, freed
// with its owner. Allocation and free go through the calling lcore's cache.
class PacketPool {
 public:
  static constexpr uint16_t kDataRoom = RTE_MBUF_DEFAULT_BUF_SIZE;  // 2 KiB + headroom

  // nullptr with `error` set when DPDK has no memory for it.
  static std::unique_ptr<PacketPool> Create(const std::string& name, uint32_t mbufs,
                                            uint32_t cache_size, int socket, std::string& error);
  ~PacketPool();
  PacketPool(const PacketPool&) = delete;
  PacketPool& operator=(const PacketPool&) = delete;

  rte_mbuf* Allocate() { return rte_pktmbuf_alloc(pool_); }
  // Buffers not in use (the lcore caches count as free).
  uint32_t available() const { return rte_mempool_avail_count(pool_); }
  uint32_t capacity() const { return pool_->size; }
  rte_mempool* get() const { return pool_; }

 private:
  explicit PacketPool(rte_mempool* pool) : pool_(pool) {}
  rte_mempool* pool_;
};

// Sole ownership of one mbuf (chain), for the paths where a buffer may be
// dropped early; the burst paths use raw pointers and free explicitly.
struct MbufDeleter {
  void operator()(rte_mbuf* mbuf) const { rte_pktmbuf_free(mbuf); }
};
using MbufPtr = std::unique_ptr<rte_mbuf, MbufDeleter>;

}  // namespace sctpdp::dpdk
