#include "dataplane/dpdk/pointer_ring.h"

#include <fmt/format.h>
#include <rte_errno.h>

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

}  // namespace sctpdp::dpdk
