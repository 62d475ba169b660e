#include "dataplane/shard/shard_fabric.h"

#include <fmt/format.h>

namespace sctpdp {

std::unique_ptr<ShardFabric> ShardFabric::Create(const ShardFabricOptions& options,
                                                 std::string& error) {
  if (options.shards == 0) {
    error = "a data plane needs at least one shard";
    return nullptr;
  }
  std::unique_ptr<dpdk::Rcu> rcu = dpdk::Rcu::Create(options.shards, error);
  if (rcu == nullptr) return nullptr;
  std::unique_ptr<ShardFabric> fabric(new ShardFabric(options, std::move(rcu)));
  for (uint16_t shard = 0; shard < options.shards; ++shard) {
    auto inbox = dpdk::MbufRing::Create(fmt::format("{}_in{}", options.name, shard),
                                        options.inbox_capacity, error);
    if (inbox == nullptr) return nullptr;
    fabric->inboxes_.push_back(std::move(inbox));
    rte_ring* commands = dpdk::CreateSingleConsumerRing(
        fmt::format("{}_cmd{}", options.name, shard), options.command_capacity, error);
    if (commands == nullptr) return nullptr;
    fabric->commands_.push_back(std::make_unique<dpdk::PointerRing<ShardCommand>>(commands));
  }
  return fabric;
}

ShardFabric::ShardFabric(const ShardFabricOptions& options, std::unique_ptr<dpdk::Rcu> rcu)
    : placement_(options.placement),
      rcu_(std::move(rcu)),
      loads_(new Load[options.shards]),
      steering_(new SteeringTable(options.shards, {}, 0)) {}

ShardFabric::~ShardFabric() {
  // Commands no shard ran (it stopped first) are deleted unrun.
  for (auto& ring : commands_) {
    ShardCommand* left = nullptr;
    while (ring->DequeueBurst(std::span(&left, 1)) != 0) delete left;
  }
  delete steering_.load();
}

bool ShardFabric::Post(ShardId to, std::unique_ptr<ShardCommand>& command) {
  if (!commands_[to.value()]->Enqueue(command.get())) return false;
  command.release();
  return true;
}

ShardId ShardFabric::PlaceInit(const IpAddress& peer, const SteeringKey& key) {
  const uint16_t shards = shard_count();
  uint16_t chosen = 0;
  if (placement_ == InitPlacement::kHash) {
    // FNV-1a over the peer's address and both ports: a peer's INITs (and
    // their retransmissions) land on one shard.
    uint32_t hash = 2166136261u;
    auto mix = [&](uint8_t byte) { hash = (hash ^ byte) * 16777619u; };
    for (const uint8_t byte : peer.address()) mix(byte);
    for (const uint16_t port : {key.local_port.value(), key.peer_port.value()}) {
      mix(static_cast<uint8_t>(port >> 8));
      mix(static_cast<uint8_t>(port));
    }
    chosen = static_cast<uint16_t>(hash % shards);
  } else {
    // Ties rotate, so that a burst of INITs at an idle data plane spreads.
    const uint32_t start = tie_break_.fetch_add(1, std::memory_order_relaxed) % shards;
    uint32_t best = UINT32_MAX;
    for (uint16_t i = 0; i < shards; ++i) {
      const auto shard = static_cast<uint16_t>((start + i) % shards);
      const uint32_t shard_load = load(ShardId(shard));
      if (shard_load < best) {
        best = shard_load;
        chosen = shard;
      }
    }
  }
  loads_[chosen].placed.fetch_add(1, std::memory_order_relaxed);
  return ShardId(chosen);
}

void ShardFabric::ReportLoad(ShardId shard, uint32_t associations) {
  Load& entry = loads_[shard.value()];
  entry.associations.store(associations, std::memory_order_relaxed);
  entry.placed.store(0, std::memory_order_relaxed);
}

uint32_t ShardFabric::load(ShardId shard) const {
  const Load& entry = loads_[shard.value()];
  return entry.associations.load(std::memory_order_relaxed) +
         entry.placed.load(std::memory_order_relaxed);
}

void ShardFabric::Publish(std::unique_ptr<const SteeringTable> next) {
  const std::lock_guard<std::mutex> writer(publishing_);
  Swap(std::move(next));
}

void ShardFabric::PublishOwner(const SteeringKey& key, ShardId owner) {
  const std::lock_guard<std::mutex> writer(publishing_);
  Swap(std::make_unique<const SteeringTable>(steering().With(key, owner)));
}

void ShardFabric::Swap(std::unique_ptr<const SteeringTable> next) {
  const SteeringTable* old = steering_.exchange(next.release(), std::memory_order_acq_rel);
  rcu_->Synchronize();
  delete old;
}

}  // namespace sctpdp
