#include "dataplane/dpdk/mbuf_ring.h"

#include <array>

namespace sctpdp::dpdk {

std::unique_ptr<MbufRing> MbufRing::Create(const std::string& name, uint32_t capacity,
                                           std::string& error) {
  rte_ring* ring = CreateSingleConsumerRing(name, capacity, error);
  if (ring == nullptr) return nullptr;
  return std::unique_ptr<MbufRing>(new MbufRing(ring));
}

MbufRing::~MbufRing() {
  std::array<rte_mbuf*, 64> left{};
  while (const uint16_t count = DequeueBurst(left)) rte_pktmbuf_free_bulk(left.data(), count);
}

}  // namespace sctpdp::dpdk
