// Association throughput: two SCTP endpoints of one implementation in this
// process and thread, connected back to back with no I/O (every packet one
// end sends is handed straight to the other's input), one end sending as
// fast as its send buffer takes messages, the other reading them. What is
// measured is the stack's own cost per message: queueing, chunking,
// bundling, checksumming, SACKs, reassembly and delivery.
//
// Workloads:
//   msgs128_1stream    128-byte messages on one stream
//   msgs128_16streams  128-byte messages on 16 streams, round robin
//   msgs64k            64 KiB messages on one stream (fragmented)
// Each runs a fixed number of messages, R times on a fresh association,
// and reports the median messages per second and payload Gbit/s, by wall
// clock and by process CPU time (the machine may be shared).
//
// Implementations plug in as a Pair (below): sctpdp's engine through
// tests/common/direct_pair.h, usrsctp through the AF_CONN harness of
// tests/common/usrsctp_conn.h. Both checksum every packet in software.
// The last line gives sctpdp's rate over usrsctp's for each workload:
//   ratio_vs_usrsctp msgs128=<1 stream> bulk64k=<64 KiB> msgs128_16streams=<16 streams>
//
//   association_bench [--small N] [--bulk N] [--runs R] [--timeout S]
//                     [--workload NAME] [--impl NAME] [--max-packet N] [--nagle]
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dataplane/sctp/common/time.h"
#include "tests/common/direct_pair.h"
#include "tests/common/usrsctp_conn.h"

namespace sctpdp {
namespace {

using WallClock = std::chrono::steady_clock;

struct PairConfig {
  // Outbound streams the sender needs.
  uint16_t streams = 1;
  // false: Nagle-style bundling delay on (the sockets API default); true:
  // send at once (SCTP_NODELAY), what signalling applications set.
  bool nodelay = true;
  // Largest SCTP packet, common header included.
  uint32_t max_packet_size = 1280;
};

// One association between two endpoints of the same implementation in this
// thread; the benchmark sends one way, from the client to the server.
class Pair {
 public:
  virtual ~Pair() = default;

  // Sets up the association (not timed); false, with error(), if it does
  // not come up.
  virtual bool Connect() = 0;
  // Queues one message of `size` bytes on `stream` at the client; false
  // when the send buffer cannot take it now.
  virtual bool SendOne(uint16_t stream, size_t size) = 0;
  // Moves packets between the ends until neither has any left to send, and
  // reads every message the server has received. True if anything moved.
  virtual bool Pump() = 0;
  // Advances both ends' clocks. The driver calls it only when Pump moved
  // nothing and SendOne was refused: then only a timer (delayed SACK,
  // retransmission) can make progress.
  virtual void AdvanceTime(Duration elapsed) = 0;
  // Whole messages and their payload bytes read at the server.
  virtual uint64_t delivered_messages() const = 0;
  virtual uint64_t delivered_bytes() const = 0;
  // SCTP packets sent so far, both ways (DATA one way, SACKs the other).
  virtual uint64_t packets() const = 0;
  // Set when something failed that is not a full send buffer.
  virtual const std::string& error() const = 0;
};

struct Implementation {
  std::string_view name;
  std::function<std::unique_ptr<Pair>(const PairConfig&)> make;
};

// usrsctp with its defaults (256 KiB send buffer, 128 KiB receive buffer,
// delayed SACK every second packet or 200 ms, real CRC32c), rcvinfo on so
// the receiver learns each message's stream as an application would, no
// notifications.
class UsrsctpPair final : public Pair {
 public:
  explicit UsrsctpPair(const PairConfig& config) : payload_(kMaxMessageSize, 0x5a) {
    options_.streams = std::max<uint16_t>(config.streams, 1);
    options_.nodelay = config.nodelay;
    options_.max_packet_size = config.max_packet_size;
    options_.events.clear();
    receive_buffer_.resize(options_.max_receive_size);
  }

  ~UsrsctpPair() override {
    client_.reset();
    server_.reset();
    listener_.reset();
    testing::ExchangePackets(client_conn_, server_conn_);
    // Let usrsctp's timers free the closed endpoints before the next run.
    for (int i = 0; i < 100; ++i) testing::UsrsctpStack::Get().AdvanceTime(kTick);
  }

  bool Connect() override {
    listener_.emplace(server_conn_, options_);
    if (!listener_->ok() || !listener_->Listen(kServerPort)) return Fail(listener_->error());
    client_.emplace(client_conn_, options_);
    if (!client_->ok() || !client_->Connect(kClientPort, kServerPort)) {
      return Fail(client_->error());
    }
    for (int step = 0; step < 1000; ++step) {
      testing::ExchangePackets(client_conn_, server_conn_);
      if (!server_.has_value()) {
        std::optional<testing::UsrsctpSocket> accepted = listener_->Accept();
        if (accepted.has_value()) server_.emplace(std::move(*accepted));
      }
      if (server_.has_value() && client_->IsEstablished() && server_->IsEstablished()) {
        return true;
      }
      testing::UsrsctpStack::Get().AdvanceTime(kTick);
    }
    return Fail("usrsctp association did not come up");
  }

  bool SendOne(uint16_t stream, size_t size) override {
    const ssize_t sent =
        client_->Send(stream, kPpid, false, std::span<const uint8_t>(payload_).first(size));
    if (sent >= 0) return true;
    if (client_->last_errno() != EWOULDBLOCK) {
      Fail(fmt::format("usrsctp send: errno {}", client_->last_errno()));
    }
    return false;
  }

  bool Pump() override {
    bool progress = false;
    for (;;) {
      const size_t moved = testing::ExchangePackets(client_conn_, server_conn_);
      // Reading opens the receive window, which may send a window update.
      const size_t read = Drain();
      if (moved == 0 && read == 0) return progress;
      progress = true;
    }
  }

  void AdvanceTime(Duration elapsed) override { testing::UsrsctpStack::Get().AdvanceTime(elapsed); }

  uint64_t delivered_messages() const override { return delivered_messages_; }
  uint64_t delivered_bytes() const override { return delivered_bytes_; }
  uint64_t packets() const override {
    return client_conn_.packets_sent() + server_conn_.packets_sent();
  }
  const std::string& error() const override { return error_; }

 private:
  static constexpr size_t kMaxMessageSize = 64 * 1024;
  static constexpr uint16_t kClientPort = 5000;
  static constexpr uint16_t kServerPort = 5001;
  static constexpr uint32_t kPpid = 46;  // Diameter
  static constexpr Duration kTick = std::chrono::milliseconds(10);

  size_t Drain() {
    size_t reads = 0;
    while (std::optional<testing::UsrsctpReceived> received =
               server_->ReceiveInto(receive_buffer_)) {
      ++reads;
      if (received->is_notification) continue;
      delivered_bytes_ += received->length;
      if (received->end_of_record) ++delivered_messages_;
    }
    if (server_->last_errno() != EWOULDBLOCK && error_.empty()) {
      Fail(fmt::format("usrsctp receive: errno {}", server_->last_errno()));
    }
    return reads;
  }

  bool Fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  testing::UsrsctpSocketOptions options_;
  std::vector<uint8_t> payload_;
  std::vector<uint8_t> receive_buffer_;
  testing::UsrsctpConn client_conn_;
  testing::UsrsctpConn server_conn_;
  std::optional<testing::UsrsctpSocket> listener_;
  std::optional<testing::UsrsctpSocket> client_;
  std::optional<testing::UsrsctpSocket> server_;
  uint64_t delivered_messages_ = 0;
  uint64_t delivered_bytes_ = 0;
  std::string error_;
};

// sctpdp's engine: two Endpoints of tests/common/direct_pair.h with
// buffers like usrsctp's defaults (256 KiB to send, 128 KiB to receive) and
// its delayed SACK; the receiver takes each message as it is delivered.
class SctpdpPair final : public Pair {
 public:
  explicit SctpdpPair(const PairConfig& config)
      : payload_(kMaxMessageSize, 0x5a), pair_(Options(config), 1) {}

  bool Connect() override {
    std::optional<AssociationId> id = pair_.Connect();
    if (!id) return Fail("sctpdp association did not come up");
    association_ = pair_.a().Find(*id);
    return association_ != nullptr;
  }

  bool SendOne(uint16_t stream, size_t size) override {
    // Like usrsctp's send, the stack copies the bytes from the caller's
    // buffer. A shard queues what its loop iteration brings and flushes
    // once (MSG_MORE, then Flush in Pump).
    const SendResult result =
        pair_.a().Send(*association_, pair_.now(),
                       SendParams{.stream_id = StreamId(stream), .ppid = Ppid(kPpid)},
                       std::span<const uint8_t>(payload_).first(size), /*more=*/true);
    if (result == SendResult::kOk) return true;
    if (result != SendResult::kWouldBlock)
      Fail(fmt::format("sctpdp send: {}", SendResultName(result)));
    return false;
  }

  bool Pump() override {
    pair_.a().Flush(pair_.now());
    return pair_.Pump() > 0;
  }
  void AdvanceTime(Duration elapsed) override { pair_.AdvanceTime(elapsed); }
  uint64_t delivered_messages() const override { return pair_.counters_z().messages_delivered; }
  uint64_t delivered_bytes() const override { return pair_.counters_z().bytes_delivered; }
  uint64_t packets() const override {
    return pair_.counters_a().packets_sent + pair_.counters_z().packets_sent;
  }
  const std::string& error() const override { return error_; }

 private:
  static constexpr size_t kMaxMessageSize = 64 * 1024;
  static constexpr uint32_t kPpid = 46;

  static AssociationOptions Options(const PairConfig& config) {
    AssociationOptions options;
    options.outbound_streams = std::max<uint16_t>(config.streams, 1);
    options.nodelay = config.nodelay;
    // The packet limit is the SCTP packet; the path MTU adds IPv4's header.
    options.path_mtu = config.max_packet_size + 20;
    options.send_buffer_bytes = 256 * 1024;
    options.receive_buffer_bytes = 128 * 1024;
    return options;
  }

  bool Fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  std::vector<uint8_t> payload_;
  testing::DirectPair pair_;
  // Held, as a shard would, so that sending skips the endpoint's lookup.
  Association* association_ = nullptr;
  std::string error_;
};

struct Workload {
  std::string_view name;
  size_t message_size = 0;
  uint16_t streams = 1;
  bool bulk = false;  // counts --bulk messages instead of --small
};

constexpr Workload kWorkloads[] = {
    {.name = "msgs128_1stream", .message_size = 128, .streams = 1, .bulk = false},
    {.name = "msgs128_16streams", .message_size = 128, .streams = 16, .bulk = false},
    {.name = "msgs64k", .message_size = 64 * 1024, .streams = 1, .bulk = true},
};

struct Options {
  uint64_t small_messages = 200'000;
  uint64_t bulk_messages = 5'000;
  int runs = 5;
  double timeout_seconds = 60;
  std::string workload;        // empty: all
  std::string implementation;  // empty: all
  bool nodelay = true;
  uint32_t max_packet_size = 1280;
};

struct RunResult {
  double wall_seconds = 0;
  double cpu_seconds = 0;
  uint64_t timer_steps = 0;  // AdvanceTime calls: stalls only a timer could end
  uint64_t packets = 0;      // sent both ways during the timed part
  std::string error;
};

double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

RunResult RunOnce(const Implementation& implementation, const Workload& workload, uint64_t messages,
                  const Options& options) {
  RunResult result;
  std::unique_ptr<Pair> pair =
      implementation.make(PairConfig{.streams = workload.streams,
                                     .nodelay = options.nodelay,
                                     .max_packet_size = options.max_packet_size});
  if (!pair->Connect()) {
    result.error = pair->error();
    return result;
  }
  const auto deadline =
      WallClock::now() + std::chrono::duration_cast<WallClock::duration>(
                             std::chrono::duration<double>(options.timeout_seconds));
  const uint64_t packets_before = pair->packets();
  const double cpu_start = ProcessCpuSeconds();
  const auto start = WallClock::now();
  uint64_t sent = 0;
  uint16_t stream = 0;
  while (pair->delivered_messages() < messages) {
    while (sent < messages && pair->SendOne(stream, workload.message_size)) {
      ++sent;
      stream = static_cast<uint16_t>((stream + 1) % workload.streams);
    }
    if (!pair->Pump()) {
      pair->AdvanceTime(std::chrono::milliseconds(10));
      ++result.timer_steps;
    }
    if (!pair->error().empty()) {
      result.error = pair->error();
      return result;
    }
    if (WallClock::now() > deadline) {
      result.error = fmt::format("timeout after {} s: {} of {} messages delivered",
                                 options.timeout_seconds, pair->delivered_messages(), messages);
      return result;
    }
  }
  result.wall_seconds = std::chrono::duration<double>(WallClock::now() - start).count();
  result.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  result.packets = pair->packets() - packets_before;
  if (pair->delivered_messages() != messages ||
      pair->delivered_bytes() != messages * workload.message_size) {
    result.error = fmt::format("delivered {} messages, {} bytes; expected {} and {}",
                               pair->delivered_messages(), pair->delivered_bytes(), messages,
                               messages * workload.message_size);
  }
  return result;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// Runs one workload R times and prints its line; the median rate in
// messages per second (wall clock), or nullopt if a run failed.
std::optional<double> Report(const Implementation& implementation, const Workload& workload,
                             const Options& options) {
  const uint64_t messages = workload.bulk ? options.bulk_messages : options.small_messages;
  std::vector<double> wall_rates;
  std::vector<double> cpu_rates;
  uint64_t timer_steps = 0;
  uint64_t packets = 0;
  for (int run = 0; run < options.runs; ++run) {
    const RunResult result = RunOnce(implementation, workload, messages, options);
    if (!result.error.empty()) {
      fmt::print("{} {} error=\"{}\"\n", implementation.name, workload.name, result.error);
      std::fflush(stdout);
      return std::nullopt;
    }
    wall_rates.push_back(static_cast<double>(messages) / result.wall_seconds);
    cpu_rates.push_back(static_cast<double>(messages) / result.cpu_seconds);
    timer_steps = std::max(timer_steps, result.timer_steps);
    packets = std::max(packets, result.packets);
  }
  const double bits_per_message = static_cast<double>(workload.message_size) * 8;
  const double wall = Median(wall_rates);
  const double cpu = Median(cpu_rates);
  fmt::print(
      "{} {} messages={} size={} streams={} max_packet={} nodelay={} runs={} "
      "median_msgs_per_s={:.0f} "
      "median_gbit_per_s={:.3f} min_msgs_per_s={:.0f} max_msgs_per_s={:.0f} "
      "median_cpu_msgs_per_s={:.0f} median_cpu_gbit_per_s={:.3f} max_timer_steps={} "
      "max_packets_per_msg={:.3f}\n",
      implementation.name, workload.name, messages, workload.message_size, workload.streams,
      options.max_packet_size, options.nodelay ? 1 : 0, options.runs, wall,
      wall * bits_per_message / 1e9, *std::min_element(wall_rates.begin(), wall_rates.end()),
      *std::max_element(wall_rates.begin(), wall_rates.end()), cpu, cpu * bits_per_message / 1e9,
      timer_steps, static_cast<double>(packets) / static_cast<double>(messages));
  std::fflush(stdout);
  return wall;
}

const std::vector<Implementation>& Implementations() {
  static const std::vector<Implementation> implementations = {
      {.name = "sctpdp",
       .make = [](const PairConfig& config) -> std::unique_ptr<Pair> {
         return std::make_unique<SctpdpPair>(config);
       }},
      {.name = "usrsctp",
       .make = [](const PairConfig& config) -> std::unique_ptr<Pair> {
         return std::make_unique<UsrsctpPair>(config);
       }},
  };
  return implementations;
}

void PrintUsage() {
  fmt::print(stderr,
             "usage: association_bench [--small N] [--bulk N] [--runs R] [--timeout S]\n"
             "                         [--workload NAME] [--impl NAME] [--max-packet N]\n"
             "                         [--nagle]\n"
             "  --small N      128-byte messages per run (default 200000)\n"
             "  --bulk N       64 KiB messages per run (default 5000)\n"
             "  --runs R       runs per workload, median reported (default 5)\n"
             "  --timeout S    give up a run after S seconds (default 60)\n"
             "  --workload W   msgs128_1stream, msgs128_16streams or msgs64k (default all)\n"
             "  --impl NAME    sctpdp or usrsctp (default both)\n"
             "  --max-packet N largest SCTP packet in bytes, common header included\n"
             "                 (default 1280, usrsctp's default on AF_CONN)\n"
             "  --nagle        leave Nagle-style bundling delay on (default SCTP_NODELAY)\n");
}

std::optional<Options> ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--small" && has_value) {
      options.small_messages = std::max<uint64_t>(1, std::strtoull(argv[++i], nullptr, 10));
    } else if (arg == "--bulk" && has_value) {
      options.bulk_messages = std::max<uint64_t>(1, std::strtoull(argv[++i], nullptr, 10));
    } else if (arg == "--runs" && has_value) {
      options.runs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--timeout" && has_value) {
      options.timeout_seconds = std::max(0.1, std::atof(argv[++i]));
    } else if (arg == "--workload" && has_value) {
      options.workload = argv[++i];
    } else if (arg == "--impl" && has_value) {
      options.implementation = argv[++i];
    } else if (arg == "--max-packet" && has_value) {
      options.max_packet_size = static_cast<uint32_t>(std::clamp(std::atoi(argv[++i]), 512, 65535));
    } else if (arg == "--nagle") {
      options.nodelay = false;
    } else {
      return std::nullopt;
    }
  }
  return options;
}

}  // namespace
}  // namespace sctpdp

int main(int argc, char** argv) {
  const std::optional<sctpdp::Options> options = sctpdp::ParseOptions(argc, argv);
  if (!options.has_value()) {
    sctpdp::PrintUsage();
    return 2;
  }
  bool ok = true;
  bool matched = false;
  // Median rates by implementation and workload, for the ratio line. Each
  // workload runs both implementations back to back, so that the machine's
  // state is as alike as it gets for the two.
  std::map<std::pair<std::string_view, std::string_view>, double> rates;
  for (const sctpdp::Workload& workload : sctpdp::kWorkloads) {
    if (!options->workload.empty() && options->workload != workload.name) continue;
    for (const sctpdp::Implementation& implementation : sctpdp::Implementations()) {
      if (!options->implementation.empty() && options->implementation != implementation.name) {
        continue;
      }
      matched = true;
      const std::optional<double> rate = sctpdp::Report(implementation, workload, *options);
      ok = rate.has_value() && ok;
      if (rate) rates[{implementation.name, workload.name}] = *rate;
    }
  }
  if (!matched) {
    sctpdp::PrintUsage();
    return 2;
  }
  auto ratio = [&](std::string_view workload) -> std::string {
    auto ours = rates.find({"sctpdp", workload});
    auto theirs = rates.find({"usrsctp", workload});
    if (ours == rates.end() || theirs == rates.end()) return "n/a";
    return fmt::format("{:.2f}", ours->second / theirs->second);
  };
  fmt::print("ratio_vs_usrsctp msgs128={} bulk64k={} msgs128_16streams={}\n",
             ratio("msgs128_1stream"), ratio("msgs64k"), ratio("msgs128_16streams"));
  return ok ? 0 : 1;
}
