#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "control/config/config.h"
#include "dataplane/dpdk/eal.h"
#include "dataplane/dpdk/packet_pool.h"
#include "dataplane/dpdk/port.h"
#include "dataplane/shard/shard.h"
#include "dataplane/shard/shard_fabric.h"

namespace sctpdp {

// What a configuration's data plane is made of: DPDK's EAL, the packet
// pool, the ports, and a shard per worker lcore joined by their fabric.
// The daemon runs its built-in applications on it; the sockets API
// (sctpdp_init) runs its descriptors' associations on it.
class DataPlane {
 public:
  // nullptr with `error` set (naming what failed) if any of it cannot be
  // done.
  static std::unique_ptr<DataPlane> Create(const Config& config, std::string& error);
  ~DataPlane();

  std::vector<std::unique_ptr<Shard>>& shards() { return shards_; }
  const std::vector<std::unique_ptr<Shard>>& shards() const { return shards_; }
  ShardFabric& fabric() { return *fabric_; }
  const std::vector<std::unique_ptr<dpdk::Port>>& ports() const { return ports_; }
  // Every address of every port, in configuration order.
  std::vector<IpAddress> addresses() const;

  // Runs each shard's loop on a worker lcore of its own until Stop, which
  // closes their associations gracefully (within the configuration's
  // shutdown_timeout_ms) and waits for the loops to end.
  void Launch();
  void Stop();

 private:
  struct Launched {
    Shard* shard;
    const std::atomic<bool>* stop;
    Duration shutdown_timeout;
  };

  explicit DataPlane(const Config& config) : config_(config) {}
  static int ShardMain(void* launched);
  bool OpenPorts(std::string& error);
  bool MakeShards(std::string& error);

  Config config_;
  std::unique_ptr<dpdk::Eal> eal_;
  std::unique_ptr<dpdk::PacketPool> pool_;
  std::vector<std::unique_ptr<dpdk::Port>> ports_;  // in configuration order
  std::unique_ptr<ShardFabric> fabric_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<Launched> launched_;
  std::atomic<bool> stop_{false};
};

}  // namespace sctpdp
