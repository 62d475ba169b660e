#include "control/daemon/data_plane.h"

#include <fmt/format.h>
#include <rte_launch.h>
#include <rte_lcore.h>

namespace sctpdp {
namespace {

dpdk::PortSettings PortSettingsOf(const PortConfig& port) {
  dpdk::PortSettings settings;
  settings.rx_queues = port.rx_queues;
  settings.tx_queues = port.tx_queues;
  settings.rx_descriptors = port.rx_descriptors;
  settings.tx_descriptors = port.tx_descriptors;
  settings.mtu = port.mtu;
  settings.rss = port.rss;
  settings.checksum_offload = port.checksum_offload != Toggle::kOff;
  settings.mac = port.mac;
  return settings;
}

}  // namespace

std::unique_ptr<DataPlane> DataPlane::Create(const Config& config, std::string& error) {
  std::unique_ptr<DataPlane> plane(new DataPlane(config));
  dpdk::EalSettings eal;
  eal.lcores = config.eal.lcores;
  eal.memory_mb = config.eal.memory_mb;
  eal.hugepages = config.eal.hugepages;
  eal.file_prefix = config.eal.file_prefix;
  eal.log_level = config.eal.log_level;
  eal.args = config.eal.args;
  // Only the configured PCI devices are DPDK's: the machine's other NICs
  // stay with the kernel.
  bool any_pci = false;
  for (const PortConfig& port : config.ports) {
    if (port.devargs.empty() || port.devargs.rfind("net_", 0) == 0) continue;
    eal.args.push_back("-a");
    eal.args.push_back(port.devargs.substr(0, port.devargs.find(',')));
    any_pci = true;
  }
  if (!any_pci) eal.args.push_back("--no-pci");
  plane->eal_ = dpdk::Eal::Init(eal, error);
  if (!plane->eal_) return nullptr;
  const unsigned workers = rte_lcore_count() - 1;
  if (workers < static_cast<unsigned>(config.shards.count)) {
    error = fmt::format(
        "eal.lcores: \"{}\" gives {} worker lcores for shards.count {}: each shard "
        "needs one lcore besides the main one",
        config.eal.lcores, workers, config.shards.count);
    return nullptr;
  }
  const auto mbufs =
      static_cast<uint32_t>(config.shards.mbufs) * static_cast<uint32_t>(config.shards.count);
  plane->pool_ =
      dpdk::PacketPool::Create("sctpdp_pool", mbufs, 256, static_cast<int>(rte_socket_id()), error);
  if (!plane->pool_ || !plane->OpenPorts(error)) return nullptr;
  if (!plane->MakeShards(error)) return nullptr;
  return plane;
}

DataPlane::~DataPlane() {
  if (!launched_.empty()) Stop();
  shards_.clear();
  fabric_.reset();  // its inboxes may hold buffers of the pool
  ports_.clear();
  pool_.reset();
}

bool DataPlane::OpenPorts(std::string& error) {
  ports_.resize(config_.ports.size());
  for (size_t i = 0; i < config_.ports.size(); ++i) {
    const PortConfig& port = config_.ports[i];
    if (ports_[i]) continue;  // the second of a ring pair
    const dpdk::PortSettings settings = PortSettingsOf(port);
    if (!port.ring_peer.empty()) {
      size_t peer = 0;
      while (config_.ports[peer].name != port.ring_peer) ++peer;
      auto [a, b] = dpdk::Port::OpenRingPair(port.name, settings, *pool_, error);
      if (!a) {
        error = fmt::format("ports[{}] ({}): {}", i, port.name, error);
        return false;
      }
      ports_[i] = std::move(a);
      ports_[peer] = std::move(b);
      continue;
    }
    ports_[i] = dpdk::Port::Open(port.devargs, settings, *pool_, error);
    if (!ports_[i]) {
      error = fmt::format("ports[{}] ({}): {}", i, port.name, error);
      return false;
    }
    if (port.checksum_offload == Toggle::kOn && !ports_[i]->capabilities().tx_sctp_checksum) {
      error = fmt::format("ports[{}].checksum_offload: on, but {} cannot compute SCTP checksums", i,
                          port.devargs);
      return false;
    }
  }
  return true;
}

bool DataPlane::MakeShards(std::string& error) {
  // A fabric even for one shard: it carries the control plane's commands.
  fabric_ = ShardFabric::Create(
      ShardFabricOptions{.shards = static_cast<uint16_t>(config_.shards.count),
                         .placement = config_.shards.placement == Placement::kLeastLoaded
                                          ? InitPlacement::kLeastLoaded
                                          : InitPlacement::kHash},
      error);
  if (fabric_ == nullptr) return false;
  std::vector<net::InterfaceConfig> interfaces;
  std::vector<net::RouteConfig> routes;
  std::vector<net::NeighborConfig> neighbours;
  for (size_t i = 0; i < config_.ports.size(); ++i) {
    const PortConfig& port = config_.ports[i];
    interfaces.push_back(net::InterfaceConfig{.port = static_cast<uint16_t>(i),
                                              .mac = ports_[i]->mac(),
                                              .addresses = port.addresses,
                                              .mtu = port.mtu});
    routes.insert(routes.end(), port.routes.begin(), port.routes.end());
    neighbours.insert(neighbours.end(), port.neighbours.begin(), port.neighbours.end());
  }
  const TimePoint now = Shard::Now();
  for (int s = 0; s < config_.shards.count; ++s) {
    ShardSettings settings;
    settings.engine.tag_modulus = static_cast<uint32_t>(config_.shards.count);
    settings.engine.tag_residue = static_cast<uint32_t>(s);
    settings.idle_sleep = config_.shards.idle.sleep;
    settings.idle_empty_polls = config_.shards.idle.empty_polls;
    settings.idle_sleep_time = std::chrono::microseconds(config_.shards.idle.sleep_us);
    std::vector<ShardQueue> queues;
    for (size_t i = 0; i < ports_.size(); ++i) {
      queues.push_back(ShardQueue{.port = ports_[i].get(),
                                  .index = static_cast<uint16_t>(i),
                                  .rx_queue = static_cast<uint16_t>(s),
                                  .tx_queue = static_cast<uint16_t>(s)});
    }
    shards_.push_back(std::make_unique<Shard>(settings, std::move(queues), interfaces, routes,
                                              neighbours, *pool_, now, fabric_.get(),
                                              ShardId(static_cast<uint16_t>(s))));
  }
  return true;
}

std::vector<IpAddress> DataPlane::addresses() const {
  std::vector<IpAddress> out;
  for (const PortConfig& port : config_.ports) {
    for (const net::IpPrefix& prefix : port.addresses) out.push_back(prefix.address);
  }
  return out;
}

int DataPlane::ShardMain(void* argument) {
  const auto* launched = static_cast<const Launched*>(argument);
  launched->shard->Run(*launched->stop, launched->shutdown_timeout);
  return 0;
}

void DataPlane::Launch() {
  const Duration shutdown_timeout = std::chrono::milliseconds(config_.shutdown_timeout_ms);
  launched_.reserve(shards_.size());
  for (const auto& shard : shards_) {
    launched_.push_back(Launched{shard.get(), &stop_, shutdown_timeout});
  }
  size_t next = 0;
  unsigned lcore = 0;
  RTE_LCORE_FOREACH_WORKER(lcore) {
    if (next == launched_.size()) break;
    rte_eal_remote_launch(ShardMain, &launched_[next++], lcore);
  }
}

void DataPlane::Stop() {
  stop_.store(true);
  rte_eal_mp_wait_lcore();
  launched_.clear();
}

}  // namespace sctpdp
