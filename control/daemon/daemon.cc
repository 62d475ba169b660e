#include "control/daemon/daemon.h"

#include <fmt/format.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include <thread>

#include "control/apps/discard_app.h"
#include "control/apps/echo_app.h"
#include "control/apps/source_app.h"

namespace sctpdp {
namespace {

struct ShardLaunch {
  Shard* shard;
  const std::atomic<bool>* stop;
  Duration shutdown_timeout;
};

int ShardMain(void* argument) {
  const auto* launch = static_cast<ShardLaunch*>(argument);
  launch->shard->Run(*launch->stop, launch->shutdown_timeout);
  return 0;
}

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

std::unique_ptr<Daemon> Daemon::Create(const Config& config, std::string& error) {
  std::unique_ptr<Daemon> daemon(new Daemon(config));
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
  daemon->eal_ = dpdk::Eal::Init(eal, error);
  if (!daemon->eal_) return nullptr;
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
  daemon->pool_ =
      dpdk::PacketPool::Create("sctpdp_pool", mbufs, 256, static_cast<int>(rte_socket_id()), error);
  if (!daemon->pool_ || !daemon->OpenPorts(error)) return nullptr;
  if (!daemon->MakeShards(error)) return nullptr;
  daemon->MakeApplications();
  return daemon;
}

Daemon::~Daemon() {
  endpoints_.clear();  // applications before the shards that host their endpoints
  shards_.clear();
  fabric_.reset();  // its inboxes may hold buffers of the pool
  ports_.clear();
  pool_.reset();
}

bool Daemon::OpenPorts(std::string& error) {
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

bool Daemon::MakeShards(std::string& error) {
  if (config_.shards.count > 1) {
    fabric_ = ShardFabric::Create(
        ShardFabricOptions{.shards = static_cast<uint16_t>(config_.shards.count),
                           .placement = config_.shards.placement == Placement::kLeastLoaded
                                            ? InitPlacement::kLeastLoaded
                                            : InitPlacement::kHash},
        error);
    if (fabric_ == nullptr) return false;
  }
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

void Daemon::MakeApplications() {
  const TimePoint now = Shard::Now();
  const int shards = config_.shards.count;
  for (const EndpointConfig& endpoint : config_.endpoints) {
    EndpointRun run;
    run.config = &endpoint;
    EndpointOptions options;
    options.local_port = Port(endpoint.port);
    options.association = endpoint.sctp;
    options.local_addresses = endpoint.addresses;
    if (options.local_addresses.empty()) {
      for (const PortConfig& port : config_.ports) {
        for (const net::IpPrefix& prefix : port.addresses)
          options.local_addresses.push_back(prefix.address);
      }
    }
    for (int s = 0; s < shards; ++s) {
      run.stats.push_back(std::make_unique<AppStats>());
      AppStats& stats = *run.stats.back();
      switch (endpoint.app) {
        case AppKind::kEcho:
          run.apps.push_back(std::make_unique<EchoApp>(options, stats));
          break;
        case AppKind::kDiscard:
          run.apps.push_back(std::make_unique<DiscardApp>(options, stats));
          break;
        case AppKind::kSource: {
          const SourceConfig& source = *endpoint.source;
          // The associations are spread over the shards, each with its own
          // run of local ports.
          const int first = source.associations * s / shards;
          const int last = source.associations * (s + 1) / shards;
          run.apps.push_back(std::make_unique<SourceApp>(
              options,
              SourceOptions{.peers = source.peers,
                            .peer_port = Port(source.peer_port),
                            .first_local_port = Port(static_cast<uint16_t>(endpoint.port + first)),
                            .associations = last - first,
                            .message_size = source.message_size,
                            .rate = source.rate,
                            .streams = source.streams,
                            .ppid = Ppid(source.ppid),
                            .unordered = source.unordered,
                            .window = source.window},
              stats));
          break;
        }
      }
    }
    endpoints_.push_back(std::move(run));
  }
  // Listening endpoints first, so that a source on the same daemon finds
  // its peer ready.
  for (int pass = 0; pass < 2; ++pass) {
    for (EndpointRun& run : endpoints_) {
      if ((run.config->app == AppKind::kSource) != (pass == 1)) continue;
      for (int s = 0; s < shards; ++s) shards_[s]->engine().Start(now, *run.apps[s]);
    }
  }
}

RunSnapshot Daemon::Snapshot(Duration elapsed) const {
  RunSnapshot snapshot;
  snapshot.elapsed = elapsed;
  std::vector<const LatencyHistogram*> histograms;
  for (const EndpointRun& run : endpoints_) {
    EndpointTotals totals{.name = run.config->name,
                          .app = run.config->app == AppKind::kEcho      ? "echo"
                                 : run.config->app == AppKind::kDiscard ? "discard"
                                                                        : "source"};
    for (const auto& stats : run.stats) {
      totals.messages_sent += stats->messages_sent.Get();
      totals.messages_received += stats->messages_received.Get();
      totals.associations_up += stats->associations_up.Get();
      totals.associations_closed += stats->associations_closed.Get();
      totals.associations_failed += stats->associations_failed.Get();
      totals.echo_errors += stats->echo_errors.Get();
      snapshot.messages_sent += stats->messages_sent.Get();
      snapshot.messages_received += stats->messages_received.Get();
      snapshot.bytes_sent += stats->bytes_sent.Get();
      snapshot.bytes_received += stats->bytes_received.Get();
      snapshot.associations_up += stats->associations_up.Get();
      snapshot.associations_closed += stats->associations_closed.Get();
      snapshot.associations_failed += stats->associations_failed.Get();
      snapshot.send_failed += stats->send_failed.Get();
      snapshot.echo_errors += stats->echo_errors.Get();
      snapshot.rtt_samples += stats->rtt.count();
      histograms.push_back(&stats->rtt);
    }
    snapshot.endpoints.push_back(std::move(totals));
  }
  snapshot.rtt_p50 = LatencyHistogram::Percentile(histograms, 0.5);
  snapshot.rtt_p99 = LatencyHistogram::Percentile(histograms, 0.99);
  std::array<uint64_t, static_cast<size_t>(net::NetDrop::kCount)> net_drops{};
  std::array<uint64_t, static_cast<size_t>(ShardDrop::kCount)> shard_drops{};
  uint64_t malformed = 0, out_of_the_blue = 0, no_endpoint = 0;
  for (const auto& shard : shards_) {
    ShardStats& stats = shard->stats();
    snapshot.associations += stats.associations.load(std::memory_order_relaxed);
    snapshot.retransmissions += stats.retransmissions.load(std::memory_order_relaxed);
    snapshot.forwarded += stats.forwarded.load(std::memory_order_relaxed);
    for (size_t i = 0; i < net_drops.size(); ++i) net_drops[i] += stats.net_drops[i].load();
    for (size_t i = 0; i < shard_drops.size(); ++i) shard_drops[i] += stats.shard_drops[i].load();
    malformed += stats.sctp_malformed.load();
    out_of_the_blue += stats.sctp_out_of_the_blue.load();
    no_endpoint += stats.sctp_no_endpoint.load();
  }
  uint64_t rx_missed = 0, rx_no_mbuf = 0, tx_errors = 0;
  for (const auto& port : ports_) {
    const dpdk::PortCounters counters = port->counters();
    rx_missed += counters.rx_missed;
    rx_no_mbuf += counters.rx_no_mbuf;
    tx_errors += counters.tx_errors;
  }
  for (size_t i = 0; i < net_drops.size(); ++i) {
    snapshot.drops.emplace_back(net::NetDropName(static_cast<net::NetDrop>(i)), net_drops[i]);
  }
  for (size_t i = 0; i < shard_drops.size(); ++i) {
    snapshot.drops.emplace_back(ShardDropName(static_cast<ShardDrop>(i)), shard_drops[i]);
  }
  snapshot.drops.emplace_back("sctp_malformed", malformed);
  snapshot.drops.emplace_back("sctp_out_of_the_blue", out_of_the_blue);
  snapshot.drops.emplace_back("sctp_no_endpoint", no_endpoint);
  snapshot.drops.emplace_back("port_rx_missed", rx_missed);
  snapshot.drops.emplace_back("port_rx_no_mbuf", rx_no_mbuf);
  snapshot.drops.emplace_back("port_tx_errors", tx_errors);
  return snapshot;
}

int Daemon::Run(const std::atomic<bool>& stop, std::optional<Duration> duration, FILE* live,
                FILE* summary) {
  std::vector<ShardLaunch> launches;
  launches.reserve(shards_.size());
  const Duration shutdown_timeout = std::chrono::milliseconds(config_.shutdown_timeout_ms);
  for (const auto& shard : shards_)
    launches.push_back(ShardLaunch{shard.get(), &shards_stop_, shutdown_timeout});
  size_t next = 0;
  unsigned lcore = 0;
  RTE_LCORE_FOREACH_WORKER(lcore) {
    if (next == launches.size()) break;
    rte_eal_remote_launch(ShardMain, &launches[next++], lcore);
  }
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - start);
  };
  const Duration interval = std::chrono::milliseconds(config_.stats.interval_ms);
  RunSnapshot previous = Snapshot(Duration::zero());
  Duration next_report = interval;
  while (!stop.load() && (!duration || elapsed() < *duration)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (elapsed() < next_report) continue;
    next_report += interval;
    RunSnapshot current = Snapshot(elapsed());
    if (live != nullptr) {
      fmt::print(live, "{}\n", LiveLine(previous, current));
      std::fflush(live);
    }
    previous = std::move(current);
  }
  const Duration run_time = elapsed();
  shards_stop_.store(true);
  rte_eal_mp_wait_lcore();
  RunSnapshot last = Snapshot(run_time);
  if (summary != nullptr) fmt::print(summary, "{}", Summary(last));
  return last.echo_errors == 0 ? 0 : 1;
}

}  // namespace sctpdp
