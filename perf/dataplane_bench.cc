// The data plane's throughput on the wire it will have in production, minus
// the NIC: two sctpdp stacks joined back to back by a net_ring pair, each
// one Shard on its own lcore (busy polling, as a deployment runs). A
// `source` shard sends as fast as its associations' windows allow to a
// `discard` shard. Every message crosses the whole path: the engine,
// Ethernet and IP headers, an mbuf, the ring, the receiving stack's
// checks, the engine again, SACKs back.
//
// For each message size it waits out a warm-up, then reports the median
// of R one-second windows of messages delivered at the discard end, and
// checks that nothing was dropped. The usrsctp baseline on the same
// workload is perf/association_bench --impl usrsctp (usrsctp has one
// stack per process, so its two ends share it over AF_CONN);
// perf/run-dataplane runs both and prints the ratios.
//
//   dataplane_bench [--windows R] [--warmup S] [--associations N] [--size B ...]
#include <fmt/format.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "control/apps/discard_app.h"
#include "control/apps/source_app.h"
#include "dataplane/dpdk/eal.h"
#include "dataplane/dpdk/packet_pool.h"
#include "dataplane/dpdk/port.h"
#include "dataplane/shard/shard.h"

namespace sctpdp {
namespace {

using std::chrono::milliseconds;

const IpAddress kSender = IpAddress::FromIpv4({198, 18, 0, 1});
const IpAddress kReceiver = IpAddress::FromIpv4({198, 18, 0, 2});
constexpr uint16_t kDiscardPort = 9;

struct Options {
  int windows = 5;
  double warmup_seconds = 1;
  int associations = 1;
  std::vector<size_t> sizes = {128, 64 * 1024};
};

struct Result {
  double median_msgs_per_s = 0;
  double min_msgs_per_s = 0;
  double max_msgs_per_s = 0;
  uint64_t drops = 0;  // every named drop of both shards, summed
  std::string error;
};

EndpointOptions Endpoint(const IpAddress& address, uint16_t port) {
  EndpointOptions options;
  options.local_port = Port(port);
  options.local_addresses = {address};
  // What signalling applications set (SCTP_NODELAY), and usrsctp's default
  // buffers, as in association_bench.
  options.association.nodelay = true;
  options.association.send_buffer_bytes = 256 * 1024;
  options.association.receive_buffer_bytes = 128 * 1024;
  return options;
}

std::unique_ptr<Shard> MakeShard(dpdk::Port& port, const IpAddress& address, uint8_t mac_last,
                                 dpdk::PacketPool& pool) {
  ShardSettings settings;
  settings.idle_sleep = false;
  return std::make_unique<Shard>(
      settings, std::vector<ShardQueue>{ShardQueue{.port = &port}},
      std::vector<net::InterfaceConfig>{net::InterfaceConfig{
          .port = 0, .mac = {0x02, 0, 0, 0, 0, mac_last}, .addresses = {{address, 24}}}},
      std::vector<net::RouteConfig>{}, std::vector<net::NeighborConfig>{}, pool, Shard::Now());
}

uint64_t Drops(const ShardStats& stats) {
  uint64_t total = stats.sctp_malformed.load() + stats.sctp_out_of_the_blue.load();
  for (const auto& drop : stats.net_drops) total += drop.load();
  for (const auto& drop : stats.shard_drops) total += drop.load();
  return total;
}

struct SenderLoop {
  Shard* shard = nullptr;
  std::atomic<bool> stop{false};
};

int RunSender(void* argument) {
  auto* loop = static_cast<SenderLoop*>(argument);
  while (!loop->stop.load(std::memory_order_relaxed)) loop->shard->RunOnce(Shard::Now());
  return 0;
}

Result Measure(size_t size, const Options& options, unsigned worker) {
  Result result;
  static int run = 0;
  std::string error;
  auto pool = dpdk::PacketPool::Create(fmt::format("bench_pool{}", run), 65535, 256,
                                       static_cast<int>(rte_socket_id()), error);
  if (!pool) return Result{.error = error};
  auto [sender_port, receiver_port] =
      dpdk::Port::OpenRingPair(fmt::format("bench{}", run++), dpdk::PortSettings{}, *pool, error);
  if (!sender_port) return Result{.error = error};
  std::unique_ptr<Shard> sender = MakeShard(*sender_port, kSender, 1, *pool);
  std::unique_ptr<Shard> receiver = MakeShard(*receiver_port, kReceiver, 2, *pool);
  {
    // The applications go before the shards that host their endpoints.
    AppStats sent, received;
    DiscardApp discard(Endpoint(kReceiver, kDiscardPort), received);
    SourceApp source(Endpoint(kSender, 40000),
                     SourceOptions{.peers = {kReceiver},
                                   .peer_port = Port(kDiscardPort),
                                   .first_local_port = Port(40000),
                                   .associations = options.associations,
                                   .message_size = size},
                     sent);
    receiver->engine().Start(Shard::Now(), discard);
    sender->engine().Start(Shard::Now(), source);
    SenderLoop loop{.shard = sender.get()};
    rte_eal_remote_launch(RunSender, &loop, worker);

    auto run_for = [&](std::chrono::duration<double> how_long) {
      const auto end = std::chrono::steady_clock::now() + how_long;
      while (std::chrono::steady_clock::now() < end) receiver->RunOnce(Shard::Now());
    };
    run_for(std::chrono::duration<double>(options.warmup_seconds));
    std::vector<double> rates;
    for (int window = 0; window < options.windows; ++window) {
      const uint64_t before = received.messages_received.Get();
      const auto start = std::chrono::steady_clock::now();
      run_for(std::chrono::seconds(1));
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      rates.push_back(static_cast<double>(received.messages_received.Get() - before) / seconds);
    }
    loop.stop.store(true);
    rte_eal_wait_lcore(worker);
    if (received.associations_up.Get() != static_cast<uint64_t>(options.associations)) {
      result.error = fmt::format("{} of {} associations up", received.associations_up.Get(),
                                 options.associations);
    }
    std::sort(rates.begin(), rates.end());
    result.median_msgs_per_s = rates[rates.size() / 2];
    result.min_msgs_per_s = rates.front();
    result.max_msgs_per_s = rates.back();
    // Publish the counters (a turn past the stats interval), then sum.
    for (Shard* shard : {sender.get(), receiver.get()}) {
      shard->RunOnce(Shard::Now() + std::chrono::seconds(1));
      result.drops += Drops(shard->stats());
    }
    sender->engine().AbortAll(Shard::Now(), "benchmark over");
    receiver->engine().AbortAll(Shard::Now(), "benchmark over");
    for (int i = 0; i < 16; ++i) {
      sender->RunOnce(Shard::Now());
      receiver->RunOnce(Shard::Now());
    }
  }
  return result;
}

void PrintUsage() {
  fmt::print(stderr,
             "usage: dataplane_bench [--windows R] [--warmup S] [--associations N] [--size B ...]\n"
             "  --windows R       one-second windows measured, median reported (default 5)\n"
             "  --warmup S        seconds before the first window (default 1)\n"
             "  --associations N  associations from the source (default 1)\n"
             "  --size B          message size in bytes; repeatable (default 128 and 65536)\n");
}

bool ParseOptions(int argc, char** argv, Options& options) {
  bool sizes_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    if (arg == "--windows") {
      options.windows = std::max(1, std::atoi(value));
    } else if (arg == "--warmup") {
      options.warmup_seconds = std::max(0.0, std::atof(value));
    } else if (arg == "--associations") {
      options.associations = std::clamp(std::atoi(value), 1, 1000);
    } else if (arg == "--size") {
      if (!sizes_given) options.sizes.clear();
      sizes_given = true;
      options.sizes.push_back(static_cast<size_t>(std::clamp(std::atol(value), 1L, 1L << 20)));
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace
}  // namespace sctpdp

int main(int argc, char** argv) {
  sctpdp::Options options;
  if (!sctpdp::ParseOptions(argc, argv, options)) {
    sctpdp::PrintUsage();
    return 2;
  }
  sctpdp::dpdk::EalSettings eal;
  eal.lcores = "0-1";
  eal.memory_mb = 1024;
  eal.file_prefix = fmt::format("dataplane-bench-{}", getpid());
  eal.log_level = "error";
  eal.args = {"--no-pci"};
  std::string error;
  auto environment = sctpdp::dpdk::Eal::Init(eal, error);
  if (!environment) {
    fmt::print(stderr, "dataplane_bench: {}\n", error);
    return 1;
  }
  const unsigned worker = rte_get_next_lcore(rte_get_main_lcore(), 1, 0);
  if (worker >= RTE_MAX_LCORE) {
    fmt::print(stderr, "dataplane_bench: needs two lcores (two CPUs)\n");
    return 1;
  }
  bool ok = true;
  for (const size_t size : options.sizes) {
    const sctpdp::Result result = sctpdp::Measure(size, options, worker);
    if (!result.error.empty()) {
      fmt::print("sctpdp-dataplane size={} error=\"{}\"\n", size, result.error);
      ok = false;
      continue;
    }
    fmt::print(
        "sctpdp-dataplane size={} associations={} windows={} median_msgs_per_s={:.0f} "
        "median_gbit_per_s={:.3f} min_msgs_per_s={:.0f} max_msgs_per_s={:.0f} drops={}\n",
        size, options.associations, options.windows, result.median_msgs_per_s,
        result.median_msgs_per_s * static_cast<double>(size) * 8 / 1e9, result.min_msgs_per_s,
        result.max_msgs_per_s, result.drops);
    std::fflush(stdout);
    ok = ok && result.drops == 0;
  }
  return ok ? 0 : 1;
}
