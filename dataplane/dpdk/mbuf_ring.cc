#include "dataplane/dpdk/mbuf_ring.h"

#include <fmt/format.h>
#include <rte_errno.h>

#include <array>

namespace sctpdp::dpdk {

std::unique_ptr<MbufRing> MbufRing::Create(const std::string& name, uint32_t capacity,
                                           std::string& error) {
  if (name.empty() || name.size() >= RTE_RING_NAMESIZE) {
    error = fmt::format("ring '{}': a name needs 1 to {} characters", name, RTE_RING_NAMESIZE - 1);
    return nullptr;
  }
  // RING_F_EXACT_SZ: exactly `capacity` entries, not a power of two less one.
  rte_ring* ring =
      rte_ring_create(name.c_str(), capacity, SOCKET_ID_ANY, RING_F_SC_DEQ | RING_F_EXACT_SZ);
  if (ring == nullptr) {
    error = fmt::format("ring '{}' of {} entries: {}", name, capacity, rte_strerror(rte_errno));
    return nullptr;
  }
  return std::unique_ptr<MbufRing>(new MbufRing(ring));
}

MbufRing::~MbufRing() {
  std::array<rte_mbuf*, 64> left{};
  while (const uint16_t count = DequeueBurst(left)) rte_pktmbuf_free_bulk(left.data(), count);
  rte_ring_free(ring_);
}

}  // namespace sctpdp::dpdk
