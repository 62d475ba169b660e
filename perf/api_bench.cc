// The sockets API's costs (perf/README.md): two sctpdp stacks back to back
// over a net_ring pair, one shard each, every shard on a thread of its own
// (busy polling), the application's calls on other threads, as a program
// using sctpdp.h runs.
//
//   messages: one thread sends 128-byte messages with sendmsg on a
//             one-to-many descriptor (SCTP_SNDINFO naming the
//             association), another reads them with recvmsg; messages per
//             second over each window.
//   peeloff:  sctp_peeloff of associations one after another, idle and
//             while another association carries messages: the latency of
//             each call (median and 99th percentile) and peeloffs per
//             second.
//
// Last lines: "sctpdp-api size=128 median_msgs_per_s=..." and
// "peeloff idle|load p50_us=... p99_us=... per_s=...". perf/run-api puts the
// messages beside usrsctp's socket API on the same workload.
#include <fmt/format.h>
#include <netinet/in.h>
#include <rte_lcore.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/stack.h"
#include "dataplane/dpdk/eal.h"
#include "dataplane/dpdk/packet_pool.h"
#include "dataplane/dpdk/port.h"
#include "dataplane/shard/shard.h"
#include "tests/common/api_send.h"

namespace sctpdp {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint16_t kServerPort = 5001;
constexpr size_t kMessageSize = 128;
const IpAddress kA = IpAddress::FromIpv4({198, 18, 2, 1});
const IpAddress kB = IpAddress::FromIpv4({198, 18, 2, 2});

// One side: a one-shard data plane and the stack over it.
struct Side {
  std::unique_ptr<ShardFabric> fabric;
  std::unique_ptr<Shard> shard;
  std::unique_ptr<api::Stack> stack;
};

void MakeSide(Side& side, dpdk::Port& port, dpdk::PacketPool& pool, const IpAddress& address,
              const net::MacAddress& mac, const std::string& name) {
  std::string error;
  side.fabric = ShardFabric::Create(ShardFabricOptions{.shards = 1, .name = name}, error);
  ShardSettings settings;
  settings.idle_sleep = false;
  side.shard = std::make_unique<Shard>(
      settings, std::vector<ShardQueue>{ShardQueue{.port = &port}},
      std::vector<net::InterfaceConfig>{
          net::InterfaceConfig{.port = 0, .mac = mac, .addresses = {net::IpPrefix{address, 24}}}},
      std::vector<net::RouteConfig>{}, std::vector<net::NeighborConfig>{}, pool, Shard::Now(),
      side.fabric.get(), ShardId(0));
  api::StackOptions options;
  options.local_addresses = {address};
  options.send_buffer = 1 << 20;
  options.receive_buffer = 1 << 20;
  side.stack = std::make_unique<api::Stack>(options, *side.fabric);
}

ssize_t Send(api::Stack& stack, int sd, sctp_assoc_t association, std::span<const uint8_t> bytes) {
  return testing::SendWithSndinfo(stack, sd, bytes,
                                  sctp_sndinfo{.snd_sid = 0,
                                               .snd_flags = 0,
                                               .snd_ppid = 0,
                                               .snd_context = 0,
                                               .snd_assoc_id = association});
}

// The next notification or message on `sd`; the association of an
// SCTP_COMM_UP in `up`.
ssize_t Receive(api::Stack& stack, int sd, std::vector<uint8_t>& buffer,
                sctp_assoc_t* up = nullptr) {
  iovec iov{.iov_base = buffer.data(), .iov_len = buffer.size()};
  msghdr message{};
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  const ssize_t got = stack.RecvMsg(sd, &message, 0);
  if (up != nullptr && got >= static_cast<ssize_t>(sizeof(sctp_assoc_change)) &&
      (message.msg_flags & MSG_NOTIFICATION) != 0) {
    sctp_assoc_change change{};
    std::memcpy(&change, buffer.data(), sizeof change);
    if (change.sac_state == SCTP_COMM_UP) *up = change.sac_assoc_id;
  }
  return got;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * static_cast<double>(values.size() - 1))];
}

int Run(int windows, double window_seconds, int peeloffs) {
  std::string error;
  auto pool = dpdk::PacketPool::Create("api_bench_pool", 65535, 256,
                                       static_cast<int>(rte_socket_id()), error);
  auto [port_a, port_b] = dpdk::Port::OpenRingPair("api_bench", dpdk::PortSettings{}, *pool, error);
  if (!pool || !port_a) {
    fmt::print(stderr, "api_bench: {}\n", error);
    return 1;
  }
  Side a, b;
  MakeSide(a, *port_a, *pool, kA, {0x02, 0, 0, 0, 2, 0x0a}, "api_bench_a");
  MakeSide(b, *port_b, *pool, kB, {0x02, 0, 0, 0, 2, 0x0b}, "api_bench_b");
  std::atomic<bool> stop{false};
  std::vector<std::thread> loops;
  for (Side* side : {&a, &b}) {
    loops.emplace_back([&stop, shard = side->shard.get()] {
      while (!stop.load(std::memory_order_relaxed)) shard->RunOnce(Shard::Now());
    });
  }

  // B listens (one-to-many, association changes on); A connects.
  api::Stack& sa = *a.stack;
  api::Stack& sb = *b.stack;
  const int server = sb.Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
  const sockaddr_in address = testing::Ipv4SocketAddress(kB, kServerPort);
  const sctp_event event{.se_assoc_id = 0, .se_type = SCTP_ASSOC_CHANGE, .se_on = 1};
  sb.Bind(server, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  sb.SetSockOpt(server, IPPROTO_SCTP, SCTP_EVENT, &event, sizeof event);
  sb.Listen(server, 128);
  auto connect = [&](int& sd, sctp_assoc_t& id) {
    sd = sa.Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    sa.SetSockOpt(sd, IPPROTO_SCTP, SCTP_EVENT, &event, sizeof event);
    if (sa.Connect(sd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      return false;
    }
    std::vector<uint8_t> buffer(256);
    id = 0;
    while (id == 0 && Receive(sa, sd, buffer, &id) >= 0) {
    }
    return id != 0;
  };
  std::vector<uint8_t> buffer(65536);
  int client = -1;
  sctp_assoc_t client_id = 0;
  sctp_assoc_t server_id = 0;
  if (!connect(client, client_id)) {
    fmt::print(stderr, "api_bench: connect: {}\n", std::strerror(errno));
    return 1;
  }
  while (server_id == 0 && Receive(sb, server, buffer, &server_id) >= 0) {
  }

  // Messages: windows of window_seconds, counted on the receiving side.
  std::vector<double> rates;
  const std::vector<uint8_t> payload(kMessageSize, 0x5a);
  std::atomic<bool> sending{true};
  std::thread sender([&] {
    while (sending.load(std::memory_order_relaxed)) {
      if (Send(sa, client, client_id, payload) < 0) break;
    }
  });
  for (int w = 0; w < windows; ++w) {
    uint64_t received = 0;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration<double>(window_seconds);
    while (Clock::now() < end) {
      if (Receive(sb, server, buffer) == static_cast<ssize_t>(kMessageSize)) ++received;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    rates.push_back(static_cast<double>(received) / seconds);
    fmt::print("sctpdp-api window={} msgs_per_s={:.0f}\n", w, rates.back());
  }
  sending = false;
  sender.join();
  fmt::print("sctpdp-api size={} median_msgs_per_s={:.0f}\n", kMessageSize, Percentile(rates, 0.5));

  // Peeloff: `peeloffs` associations up, each peeled off in turn; idle,
  // then with the first association carrying messages.
  for (const bool load : {false, true}) {
    std::vector<int> clients(static_cast<size_t>(peeloffs));
    std::vector<sctp_assoc_t> ids;
    for (int& sd : clients) {
      sctp_assoc_t id = 0;
      if (!connect(sd, id)) {
        fmt::print(stderr, "api_bench: connect: {}\n", std::strerror(errno));
        return 1;
      }
    }
    while (ids.size() < clients.size()) {
      sctp_assoc_t up = 0;
      if (Receive(sb, server, buffer, &up) < 0) break;
      if (up != 0) ids.push_back(up);
    }
    std::atomic<bool> loading{load};
    std::thread background([&] {
      while (loading.load(std::memory_order_relaxed)) {
        if (Send(sa, client, client_id, payload) < 0) break;
      }
    });
    std::thread drain([&] {
      std::vector<uint8_t> scratch(65536);
      iovec iov{.iov_base = scratch.data(), .iov_len = scratch.size()};
      msghdr message{};
      message.msg_iov = &iov;
      message.msg_iovlen = 1;
      while (loading.load(std::memory_order_relaxed)) sb.RecvMsg(server, &message, MSG_DONTWAIT);
    });
    std::vector<double> micros;
    std::vector<int> peeled;
    const auto start = Clock::now();
    for (sctp_assoc_t id : ids) {
      const auto before = Clock::now();
      const int sd = sb.Peeloff(server, &id);
      micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - before).count());
      if (sd < 0) {
        fmt::print(stderr, "api_bench: peeloff: {}\n", std::strerror(errno));
        return 1;
      }
      peeled.push_back(sd);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    loading = false;
    background.join();
    drain.join();
    fmt::print("peeloff {} count={} p50_us={:.1f} p99_us={:.1f} per_s={:.0f}\n",
               load ? "load" : "idle", micros.size(), Percentile(micros, 0.5),
               Percentile(micros, 0.99), static_cast<double>(micros.size()) / seconds);
    for (int sd : peeled) sb.Close(sd);
    for (int sd : clients) sa.Close(sd);
  }

  stop = true;
  for (std::thread& loop : loops) loop.join();
  a.stack.reset();
  b.stack.reset();
  return 0;
}

}  // namespace
}  // namespace sctpdp

int main(int argc, char** argv) {
  int windows = 5;
  double window_seconds = 1.0;
  int peeloffs = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--windows") {
      windows = std::atoi(argv[i + 1]);
    } else if (flag == "--window-seconds") {
      window_seconds = std::atof(argv[i + 1]);
    } else if (flag == "--peeloffs") {
      peeloffs = std::atoi(argv[i + 1]);
    } else {
      fmt::print(stderr, "usage: api_bench [--windows N] [--window-seconds S] [--peeloffs N]\n");
      return 2;
    }
  }
  sctpdp::dpdk::EalSettings eal;
  eal.lcores = "0-1";
  eal.memory_mb = 1024;
  eal.file_prefix = fmt::format("api-bench-{}", getpid());
  eal.log_level = "error";
  eal.args = {"--no-pci"};
  std::string error;
  auto environment = sctpdp::dpdk::Eal::Init(eal, error);
  if (!environment) {
    fmt::print(stderr, "api_bench: {}\n", error);
    return 1;
  }
  return sctpdp::Run(windows, window_seconds, peeloffs);
}
