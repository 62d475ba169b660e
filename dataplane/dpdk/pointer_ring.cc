#include "dataplane/dpdk/pointer_ring.h"

#include <fmt/format.h>
#include <rte_errno.h>

#include <cstdlib>

namespace sctpdp::dpdk {

rte_ring* CreateSingleConsumerRing(const std::string& name, uint32_t capacity, std::string& error) {
  if (name.empty() || name.size() >= RTE_RING_NAMESIZE) {
    error = fmt::format("ring '{}': a name needs 1 to {} characters", name, RTE_RING_NAMESIZE - 1);
    return nullptr;
  }
  // RING_F_EXACT_SZ: exactly `capacity` entries, not a power of two less one.
  rte_ring* ring =
      rte_ring_create(name.c_str(), capacity, SOCKET_ID_ANY, RING_F_SC_DEQ | RING_F_EXACT_SZ);
  if (ring == nullptr) {
    error = fmt::format("ring '{}' of {} entries: {}", name, capacity, rte_strerror(rte_errno));
  }
  return ring;
}

rte_ring* CreateHeapRing(const std::string& name, uint32_t capacity, std::string& error) {
  // RING_F_EXACT_SZ keeps `capacity` usable in a power-of-two ring above it.
  const ssize_t size = rte_ring_get_memsize_elem(sizeof(void*), rte_align32pow2(capacity + 1));
  if (size < 0 || name.size() >= RTE_RING_NAMESIZE) {
    error = fmt::format("ring '{}' of {} entries: bad size or name", name, capacity);
    return nullptr;
  }
  void* memory = std::aligned_alloc(RTE_CACHE_LINE_SIZE,
                                    RTE_ALIGN_CEIL(static_cast<size_t>(size), RTE_CACHE_LINE_SIZE));
  if (memory == nullptr) {
    error = fmt::format("ring '{}' of {} entries: out of memory", name, capacity);
    return nullptr;
  }
  auto* ring = static_cast<rte_ring*>(memory);
  if (rte_ring_init(ring, name.c_str(), capacity, RING_F_SC_DEQ | RING_F_EXACT_SZ) != 0) {
    std::free(memory);
    error = fmt::format("ring '{}' of {} entries: {}", name, capacity, rte_strerror(rte_errno));
    return nullptr;
  }
  return ring;
}

void FreeHeapRing(rte_ring* ring) { std::free(ring); }

}  // namespace sctpdp::dpdk
