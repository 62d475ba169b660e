#include "control/daemon/daemon.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "control/apps/discard_app.h"
#include "control/apps/echo_app.h"
#include "control/apps/source_app.h"
#include "dataplane/shard/association_move.h"

namespace sctpdp {

std::unique_ptr<Daemon> Daemon::Create(const Config& config, std::string& error) {
  std::unique_ptr<Daemon> daemon(new Daemon(config));
  daemon->plane_ = DataPlane::Create(config, error);
  if (!daemon->plane_) return nullptr;
  daemon->MakeApplications();
  return daemon;
}

Daemon::~Daemon() {
  // Applications go before the shards that host their endpoints; a run
  // that ended has stopped the shards already.
  if (plane_) plane_->Stop();
  endpoints_.clear();
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
      for (int s = 0; s < shards; ++s) plane_->shards()[s]->engine().Start(now, *run.apps[s]);
    }
  }
}

std::string Daemon::MoveAssociations() {
  std::vector<std::unique_ptr<Shard>>& shards = plane_->shards();
  const auto count = static_cast<uint16_t>(shards.size());
  if (count < 2) return "peeloff: one shard, nowhere to move associations";
  constexpr Duration kTimeout = std::chrono::seconds(2);
  std::vector<double> micros;
  int blocked = 0;
  for (const EndpointRun& run : endpoints_) {
    if (run.config->app == AppKind::kSource) continue;  // its flows live on its own ports
    const Port port(run.config->port);
    // The association ids, asked on each shard's own thread before any moves.
    std::vector<std::vector<AssociationId>> ids(count);
    for (uint16_t s = 0; s < count; ++s) {
      Completion listed;
      std::unique_ptr<ShardCommand> list = MakeShardCommand([&](Shard& shard, TimePoint) {
        if (Endpoint* endpoint = shard.engine().FindEndpoint(port)) {
          ids[s] = endpoint->association_ids();
        }
        listed.Signal();
      });
      if (!plane_->fabric().Post(ShardId(s), list) || !listed.WaitFor(kTimeout)) ids[s].clear();
    }
    for (uint16_t s = 0; s < count; ++s) {
      for (size_t i = 0; i < ids[s].size(); i += 2) {
        const auto start = std::chrono::steady_clock::now();
        const MoveOutcome outcome =
            MoveAssociation(plane_->fabric(),
                            MoveRequest{.from = ShardId(s),
                                        .to = ShardId(static_cast<uint16_t>((s + 1) % count)),
                                        .local_port = port,
                                        .association = ids[s][i]},
                            kTimeout);
        if (outcome.status != MoveStatus::kMoved) {
          ++blocked;
          continue;
        }
        micros.push_back(
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                .count());
      }
    }
  }
  std::sort(micros.begin(), micros.end());
  auto percentile = [&](double p) {
    return micros.empty() ? 0.0 : micros[static_cast<size_t>(p * (micros.size() - 1))];
  };
  return fmt::format(
      "peeloff: moved {} associations to the next shard under traffic ({} could not move now); "
      "per move p50 {:.0f} us, p99 {:.0f} us",
      micros.size(), blocked, percentile(0.5), percentile(0.99));
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
  for (const auto& shard : plane_->shards()) {
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
  for (const auto& port : plane_->ports()) {
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
  plane_->Launch();
  std::thread mover;
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - start);
  };
  const Duration interval = std::chrono::milliseconds(config_.stats.interval_ms);
  RunSnapshot previous = Snapshot(Duration::zero());
  Duration next_report = interval;
  while (!stop.load() && (!duration || elapsed() < *duration)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (move_at_ && elapsed() >= *move_at_) {
      // On a thread of its own: the moves wait for the shards, the live
      // line goes on.
      move_at_.reset();
      mover = std::thread([this, out = live != nullptr ? live : summary] {
        const std::string moved = MoveAssociations();
        if (out != nullptr) fmt::print(out, "{}\n", moved);
      });
    }
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
  if (mover.joinable()) mover.join();
  plane_->Stop();
  RunSnapshot last = Snapshot(run_time);
  if (summary != nullptr) fmt::print(summary, "{}", Summary(last));
  return last.echo_errors == 0 ? 0 : 1;
}

}  // namespace sctpdp
