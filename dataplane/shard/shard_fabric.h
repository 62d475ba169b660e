#pragma once

#include <rte_mbuf.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dataplane/dpdk/mbuf_ring.h"
#include "dataplane/dpdk/rcu.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/shard/steering_table.h"

namespace sctpdp {

// Where a new association (an INIT, which carries no tag of ours yet) goes.
enum class InitPlacement : uint8_t {
  kHash,         // by the peer's address and ports: the same peer, the same shard
  kLeastLoaded,  // the shard with the fewest associations and recent placements
};

struct ShardFabricOptions {
  uint16_t shards = 2;
  InitPlacement placement = InitPlacement::kHash;
  // Packets each shard's inbox holds; beyond that a forward is dropped.
  uint32_t inbox_capacity = 8192;
  std::string name = "sctpdp";  // prefix of the rings' names, unique per process
};

// What the shards of one data plane share, and all they share: an inbox
// ring each, through which the others forward packets of associations it
// owns; the steering table, published under RCU; and each shard's load,
// for placing INITs. A packet is processed only on its owner shard
// (ARCHITECTURE.md, the data plane), so no association is ever touched by
// two threads.
class ShardFabric {
 public:
  static std::unique_ptr<ShardFabric> Create(const ShardFabricOptions& options, std::string& error);
  ~ShardFabric();
  ShardFabric(const ShardFabric&) = delete;
  ShardFabric& operator=(const ShardFabric&) = delete;

  uint16_t shard_count() const { return static_cast<uint16_t>(inboxes_.size()); }

  // Reader side, from a shard's own thread, between Online and Offline;
  // a table read stays valid until the shard's next Quiescent.
  const SteeringTable& steering() const { return *steering_.load(std::memory_order_acquire); }
  // The owner of an INIT from `peer` with `key`; counts the placement
  // toward the chosen shard's load.
  ShardId PlaceInit(const IpAddress& peer, const SteeringKey& key);
  // False when the owner's inbox is full: the buffer stays the caller's.
  bool Forward(ShardId to, rte_mbuf* mbuf) { return inboxes_[to.value()]->Enqueue(mbuf); }
  dpdk::MbufRing& inbox(ShardId shard) { return *inboxes_[shard.value()]; }
  // A shard's association count, now and then; it also ends the window in
  // which INITs placed on the shard count toward its load.
  void ReportLoad(ShardId shard, uint32_t associations);
  uint32_t load(ShardId shard) const;

  void Online(ShardId shard) { rcu_->Online(shard.value()); }
  void Offline(ShardId shard) { rcu_->Offline(shard.value()); }
  void Quiescent(ShardId shard) { rcu_->Quiescent(shard.value()); }

  // Writer side (the control plane): makes `next` the steering table, waits
  // until no shard can still be reading the old one, then frees it.
  void Publish(std::unique_ptr<const SteeringTable> next);

 private:
  // One cache line each: every shard writes its own.
  struct alignas(64) Load {
    std::atomic<uint32_t> associations{0};
    std::atomic<uint32_t> placed{0};
  };

  ShardFabric(const ShardFabricOptions& options, std::unique_ptr<dpdk::Rcu> rcu);

  InitPlacement placement_;
  std::unique_ptr<dpdk::Rcu> rcu_;
  std::vector<std::unique_ptr<dpdk::MbufRing>> inboxes_;
  std::unique_ptr<Load[]> loads_;
  std::atomic<const SteeringTable*> steering_;
  std::atomic<uint32_t> tie_break_{0};
};

}  // namespace sctpdp
