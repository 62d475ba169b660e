#include "dataplane/dpdk/packet_pool.h"

#include <fmt/format.h>
#include <rte_errno.h>

namespace sctpdp::dpdk {

std::unique_ptr<PacketPool> PacketPool::Create(const std::string& name, uint32_t mbufs,
                                               uint32_t cache_size, int socket,
                                               std::string& error) {
  rte_mempool* pool =
      rte_pktmbuf_pool_create(name.c_str(), mbufs, cache_size, 0, kDataRoom, socket);
  if (pool == nullptr) {
    error = fmt::format("packet pool {} ({} buffers): {}", name, mbufs, rte_strerror(rte_errno));
    return nullptr;
  }
  return std::unique_ptr<PacketPool>(new PacketPool(pool));
}

PacketPool::~PacketPool() { rte_mempool_free(pool_); }

}  // namespace sctpdp::dpdk
