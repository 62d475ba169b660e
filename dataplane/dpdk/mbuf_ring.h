#pragma once

#include <rte_mbuf.h>

#include <cstdint>
#include <memory>
#include <string>

#include "dataplane/dpdk/pointer_ring.h"

namespace sctpdp::dpdk {

// The inbox through which the other shards forward packets to a shard: a
// PointerRing of packet buffers that frees the buffers still queued when
// it is destroyed.
class MbufRing : public PointerRing<rte_mbuf> {
 public:
  // nullptr with `error` set when DPDK cannot make it (name taken, no memory).
  static std::unique_ptr<MbufRing> Create(const std::string& name, uint32_t capacity,
                                          std::string& error);
  ~MbufRing();

 private:
  using PointerRing::PointerRing;
};

}  // namespace sctpdp::dpdk
