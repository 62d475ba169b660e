#pragma once

#include <rte_mbuf.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dataplane/dpdk/mbuf_ring.h"
#include "dataplane/dpdk/rcu.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/shard/shard_command.h"
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
  // Control-plane commands waiting for each shard.
  uint32_t command_capacity = 1024;
  std::string name = "sctpdp";  // prefix of the rings' names, unique per process
};

// What the shards of one data plane share, and all they share: an inbox
// ring each, through which the others forward packets of associations it
// owns; a command ring each, through which the control plane (and the
// other shards, handing an association over) gives it work; the steering
// table, published under RCU; and each shard's load, for placing INITs. A packet is processed only
// on its owner shard (ARCHITECTURE.md, the data plane), so no association is ever touched by two
// threads.
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
  // Queues `command` for the shard, which takes it over (false when the
  // ring is full: it stays the caller's).
  bool Post(ShardId to, std::unique_ptr<ShardCommand>& command);
  dpdk::PointerRing<ShardCommand>& commands(ShardId shard) { return *commands_[shard.value()]; }
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
  // Publishes the current table with `key` owned by `owner`. Writers take
  // turns, so that concurrent moves each build on the other's table.
  void PublishOwner(const SteeringKey& key, ShardId owner);

 private:
  // One cache line each: every shard writes its own.
  struct alignas(64) Load {
    std::atomic<uint32_t> associations{0};
    std::atomic<uint32_t> placed{0};
  };

  ShardFabric(const ShardFabricOptions& options, std::unique_ptr<dpdk::Rcu> rcu);
  // Publish's work, for a writer holding publishing_.
  void Swap(std::unique_ptr<const SteeringTable> next);

  InitPlacement placement_;
  std::unique_ptr<dpdk::Rcu> rcu_;
  std::vector<std::unique_ptr<dpdk::MbufRing>> inboxes_;
  std::vector<std::unique_ptr<dpdk::PointerRing<ShardCommand>>> commands_;
  std::mutex publishing_;  // one writer at a time
  std::unique_ptr<Load[]> loads_;
  std::atomic<const SteeringTable*> steering_;
  std::atomic<uint32_t> tie_break_{0};
};

}  // namespace sctpdp
