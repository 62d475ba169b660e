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
// With --setup N it measures association setup instead: source shards
// (50,000 associations each at most, one local port per association, all
// on the second lcore) open N associations to one discard shard on the
// first, each source over a net_ring pair of its own. It reports complete
// handshakes per second (the first INIT to the last COMM_UP at the discard
// end), then removes the sources without a packet and reports the heap the
// discard shard holds for its N established, idle associations.
//
//   dataplane_bench [--windows R] [--warmup S] [--associations N] [--size B ...]
//   dataplane_bench --setup N
#include <fmt/format.h>
#include <malloc.h>
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
  int setup = 0;  // associations to open; 0: measure throughput
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

// A shard with one interface per port; `addresses[i]` is port i's.
std::unique_ptr<Shard> MakeShard(const std::vector<dpdk::Port*>& ports,
                                 const std::vector<IpAddress>& addresses, uint8_t mac_last,
                                 dpdk::PacketPool& pool) {
  ShardSettings settings;
  settings.idle_sleep = false;
  std::vector<ShardQueue> queues;
  std::vector<net::InterfaceConfig> interfaces;
  for (uint16_t i = 0; i < ports.size(); ++i) {
    queues.push_back(ShardQueue{.port = ports[i], .index = i});
    interfaces.push_back(
        net::InterfaceConfig{.port = i,
                             .mac = {0x02, 0, 0, 0, static_cast<uint8_t>(i), mac_last},
                             .addresses = {{addresses[i], 24}}});
  }
  return std::make_unique<Shard>(settings, std::move(queues), std::move(interfaces),
                                 std::vector<net::RouteConfig>{},
                                 std::vector<net::NeighborConfig>{}, pool, Shard::Now());
}

// Every named drop of a shard, summed; those that are not zero are printed.
uint64_t Drops(const ShardStats& stats) {
  std::vector<std::pair<std::string_view, uint64_t>> drops = {
      {"sctp_malformed", stats.sctp_malformed.load()},
      {"sctp_out_of_the_blue", stats.sctp_out_of_the_blue.load()}};
  for (size_t i = 0; i < stats.net_drops.size(); ++i) {
    drops.emplace_back(net::NetDropName(static_cast<net::NetDrop>(i)), stats.net_drops[i].load());
  }
  for (size_t i = 0; i < stats.shard_drops.size(); ++i) {
    drops.emplace_back(ShardDropName(static_cast<ShardDrop>(i)), stats.shard_drops[i].load());
  }
  uint64_t total = 0;
  for (const auto& [name, count] : drops) {
    if (count != 0) fmt::print(stderr, "dataplane_bench: dropped {} ({})\n", count, name);
    total += count;
  }
  return total;
}

// The sending shards' loop, on the second lcore.
struct SenderLoop {
  std::vector<Shard*> shards;
  std::atomic<bool> stop{false};
};

int RunSenders(void* argument) {
  auto* loop = static_cast<SenderLoop*>(argument);
  while (!loop->stop.load(std::memory_order_relaxed)) {
    for (Shard* shard : loop->shards) shard->RunOnce(Shard::Now());
  }
  return 0;
}

size_t HeapInUse() { return mallinfo2().uordblks; }

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
  std::unique_ptr<Shard> sender = MakeShard({sender_port.get()}, {kSender}, 1, *pool);
  std::unique_ptr<Shard> receiver = MakeShard({receiver_port.get()}, {kReceiver}, 2, *pool);
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
    SenderLoop loop{.shards = {sender.get()}};
    rte_eal_remote_launch(RunSenders, &loop, worker);

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

struct SetupResult {
  double handshakes_per_s = 0;
  double seconds = 0;
  double busy_seconds = 0;  // of the discard shard
  size_t heap_bytes = 0;    // the discard shard's growth for its associations
  uint64_t drops = 0;
  std::string error;
};

SetupResult MeasureSetup(int associations, unsigned worker) {
  constexpr int kPerSource = 50'000;  // local ports 10000 to 59999
  const int sources = (associations + kPerSource - 1) / kPerSource;
  std::string error;
  auto pool =
      dpdk::PacketPool::Create("setup_pool", 131071, 256, static_cast<int>(rte_socket_id()), error);
  if (!pool) return SetupResult{.error = error};
  std::vector<std::unique_ptr<dpdk::Port>> source_ports, discard_ports;
  std::vector<IpAddress> source_addresses, discard_addresses;
  for (int i = 0; i < sources; ++i) {
    auto [a, b] =
        dpdk::Port::OpenRingPair(fmt::format("setup{}", i), dpdk::PortSettings{}, *pool, error);
    if (!a) return SetupResult{.error = error};
    source_ports.push_back(std::move(a));
    discard_ports.push_back(std::move(b));
    const auto subnet = static_cast<uint8_t>(i);
    source_addresses.push_back(IpAddress::FromIpv4({198, 18, subnet, 1}));
    discard_addresses.push_back(IpAddress::FromIpv4({198, 18, subnet, 2}));
  }
  std::vector<dpdk::Port*> discard_port_list;
  for (const auto& port : discard_ports) discard_port_list.push_back(port.get());
  std::unique_ptr<Shard> receiver = MakeShard(discard_port_list, discard_addresses, 2, *pool);
  // A discard endpoint per source, each on its own link's address (one
  // endpoint with both would announce an address the other link cannot
  // reach), all in the one shard.
  AppStats received;
  std::vector<std::unique_ptr<DiscardApp>> discards;
  for (int i = 0; i < sources; ++i) {
    EndpointOptions options = Endpoint(discard_addresses[i], kDiscardPort + i);
    options.max_associations = kPerSource;
    discards.push_back(std::make_unique<DiscardApp>(options, received));
    receiver->engine().Start(Shard::Now(), *discards.back());
  }
  receiver->RunOnce(Shard::Now());
  const size_t heap_before = HeapInUse();

  SetupResult result;
  std::vector<std::unique_ptr<Shard>> senders;
  std::vector<std::unique_ptr<AppStats>> sent;
  std::vector<std::unique_ptr<SourceApp>> apps;
  SenderLoop loop;
  for (int i = 0; i < sources; ++i) {
    senders.push_back(MakeShard({source_ports[i].get()}, {source_addresses[i]}, 1, *pool));
    sent.push_back(std::make_unique<AppStats>());
    const int count = std::min(kPerSource, associations - i * kPerSource);
    apps.push_back(std::make_unique<SourceApp>(
        Endpoint(source_addresses[i], 10000),
        // A window of one against a discard: one message each, then idle.
        SourceOptions{.peers = {discard_addresses[i]},
                      .peer_port = Port(static_cast<uint16_t>(kDiscardPort + i)),
                      .first_local_port = Port(10000),
                      .associations = count,
                      .rate = 0,
                      .window = 1},
        *sent.back()));
    loop.shards.push_back(senders.back().get());
  }
  // Start makes the sources' endpoints and sends their first INITs; the
  // clock starts after it, for it is the sources' work, not the shard's.
  for (int i = 0; i < sources; ++i) senders[i]->engine().Start(Shard::Now(), *apps[i]);
  const auto start = std::chrono::steady_clock::now();
  rte_eal_remote_launch(RunSenders, &loop, worker);
  const auto limit = start + std::chrono::seconds(120);
  // The discard shard's busy time: the turns in which packets arrived.
  // Here the sources are slower than the shard (one endpoint per
  // association, all visited every turn), so the shard's capacity is the
  // handshakes over its busy time, not over the wall clock.
  std::chrono::duration<double> busy{0};
  while (received.associations_up.Get() < static_cast<uint64_t>(associations) &&
         std::chrono::steady_clock::now() < limit) {
    const auto turn_start = std::chrono::steady_clock::now();
    if (receiver->RunOnce(Shard::Now()) > 0) busy += std::chrono::steady_clock::now() - turn_start;
  }
  result.busy_seconds = busy.count();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.handshakes_per_s = static_cast<double>(received.associations_up.Get()) / result.seconds;
  loop.stop.store(true);
  rte_eal_wait_lcore(worker);
  if (received.associations_up.Get() != static_cast<uint64_t>(associations)) {
    result.error = fmt::format("{} of {} associations up after {:.1f} s",
                               received.associations_up.Get(), associations, result.seconds);
  }
  for (const auto& shard : senders) {
    shard->RunOnce(Shard::Now() + std::chrono::seconds(1));
    result.drops += Drops(shard->stats());
  }
  // The sources vanish without a word; the discard shard keeps its
  // associations, and the heap it holds is theirs.
  apps.clear();
  senders.clear();
  receiver->RunOnce(Shard::Now() + std::chrono::seconds(1));
  result.drops += Drops(receiver->stats());
  result.heap_bytes = HeapInUse() - heap_before;
  if (receiver->engine().association_count() != static_cast<size_t>(associations)) {
    result.error = fmt::format("the discard shard holds {} associations",
                               receiver->engine().association_count());
  }
  receiver->engine().AbortAll(Shard::Now(), "benchmark over");
  receiver->RunOnce(Shard::Now());
  discards.clear();  // before the shard that hosts their endpoints
  return result;
}

void PrintUsage() {
  fmt::print(stderr,
             "usage: dataplane_bench [--windows R] [--warmup S] [--associations N] [--size B ...]\n"
             "       dataplane_bench --setup N\n"
             "  --windows R       one-second windows measured, median reported (default 5)\n"
             "  --warmup S        seconds before the first window (default 1)\n"
             "  --associations N  associations from the source (default 1)\n"
             "  --size B          message size in bytes; repeatable (default 128 and 65536)\n"
             "  --setup N         open N associations to one shard; handshakes/s and memory\n");
}

bool ParseOptions(int argc, char** argv, Options& options) {
  bool sizes_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    if (arg == "--setup") {
      options.setup = std::clamp(std::atoi(value), 1, 1'000'000);
    } else if (arg == "--windows") {
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
  if (options.setup > 0) {
    const sctpdp::SetupResult result = sctpdp::MeasureSetup(options.setup, worker);
    fmt::print(
        "sctpdp-setup associations={} seconds={:.3f} handshakes_per_s={:.0f} "
        "shard_busy_seconds={:.3f} handshakes_per_busy_s={:.0f} "
        "heap_bytes={} heap_bytes_per_association={:.0f} drops={}{}\n",
        options.setup, result.seconds, result.handshakes_per_s, result.busy_seconds,
        options.setup / result.busy_seconds, result.heap_bytes,
        static_cast<double>(result.heap_bytes) / options.setup, result.drops,
        result.error.empty() ? "" : fmt::format(" error=\"{}\"", result.error));
    return result.error.empty() && result.drops == 0 ? 0 : 1;
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
