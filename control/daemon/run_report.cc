#include "control/daemon/run_report.h"

#include <fmt/format.h>

#include <chrono>

namespace sctpdp {
namespace {

double Seconds(Duration duration) { return std::chrono::duration<double>(duration).count(); }

double PerSecond(uint64_t delta, Duration interval) {
  const double seconds = Seconds(interval);
  return seconds > 0 ? static_cast<double>(delta) / seconds : 0;
}

std::string Micros(Duration duration) { return fmt::format("{}us", duration.count()); }

uint64_t DropTotal(const RunSnapshot& snapshot) {
  uint64_t total = 0;
  for (const auto& [name, count] : snapshot.drops) total += count;
  return total;
}

}  // namespace

std::string HumanCount(double value) {
  if (value >= 1e9) return fmt::format("{:.2f}G", value / 1e9);
  if (value >= 1e6) return fmt::format("{:.2f}M", value / 1e6);
  if (value >= 1e3) return fmt::format("{:.1f}k", value / 1e3);
  return fmt::format("{:.0f}", value);
}

std::string LiveLine(const RunSnapshot& previous, const RunSnapshot& current) {
  const Duration interval = current.elapsed - previous.elapsed;
  auto rate = [&](uint64_t messages_now, uint64_t messages_then, uint64_t bytes_now,
                  uint64_t bytes_then) {
    return fmt::format("{} msg/s {:.2f} Gbit/s",
                       HumanCount(PerSecond(messages_now - messages_then, interval)),
                       PerSecond(bytes_now - bytes_then, interval) * 8 / 1e9);
  };
  std::string line = fmt::format(
      "[{:>4.0f}s] tx {} | rx {} | assoc {} | rtx {}", Seconds(current.elapsed),
      rate(current.messages_sent, previous.messages_sent, current.bytes_sent, previous.bytes_sent),
      rate(current.messages_received, previous.messages_received, current.bytes_received,
           previous.bytes_received),
      current.associations, current.retransmissions - previous.retransmissions);
  if (current.rtt_samples > 0) {
    line += fmt::format(" | rtt p50 {} p99 {}", Micros(current.rtt_p50), Micros(current.rtt_p99));
  }
  line += fmt::format(" | drops {}", DropTotal(current) - DropTotal(previous));
  std::string reasons;
  for (size_t i = 0; i < current.drops.size(); ++i) {
    const uint64_t before = i < previous.drops.size() ? previous.drops[i].second : 0;
    if (current.drops[i].second == before) continue;
    reasons += fmt::format("{}{} {}", reasons.empty() ? "" : " ", current.drops[i].first,
                           current.drops[i].second - before);
  }
  if (!reasons.empty()) line += fmt::format(" ({})", reasons);
  return line;
}

std::string Summary(const RunSnapshot& last) {
  const Duration run = last.elapsed;
  std::string out = fmt::format("sctpdp summary after {:.1f} s\n", Seconds(run));
  auto row = [&](std::string_view name, const std::string& value) {
    out += fmt::format("  {:<24} {:>16}\n", name, value);
  };
  row("messages sent", fmt::format("{}", last.messages_sent));
  row("messages received", fmt::format("{}", last.messages_received));
  row("send rate", fmt::format("{} msg/s", HumanCount(PerSecond(last.messages_sent, run))));
  row("receive rate", fmt::format("{} msg/s", HumanCount(PerSecond(last.messages_received, run))));
  row("send throughput", fmt::format("{:.3f} Gbit/s", PerSecond(last.bytes_sent, run) * 8 / 1e9));
  row("receive throughput",
      fmt::format("{:.3f} Gbit/s", PerSecond(last.bytes_received, run) * 8 / 1e9));
  row("associations up", fmt::format("{}", last.associations_up));
  row("associations closed", fmt::format("{}", last.associations_closed));
  row("associations failed", fmt::format("{}", last.associations_failed));
  row("associations open", fmt::format("{}", last.associations));
  row("retransmitted chunks", fmt::format("{}", last.retransmissions));
  row("forwarded between shards", fmt::format("{}", last.forwarded));
  row("send failures", fmt::format("{}", last.send_failed));
  row("echo errors", fmt::format("{}", last.echo_errors));
  if (last.rtt_samples > 0) {
    row("rtt samples", fmt::format("{}", last.rtt_samples));
    row("rtt p50", Micros(last.rtt_p50));
    row("rtt p99", Micros(last.rtt_p99));
  }
  if (!last.endpoints.empty()) {
    out += fmt::format("  {:<16} {:<8} {:>12} {:>12} {:>6} {:>7} {:>7} {:>6}\n", "endpoint", "app",
                       "sent", "received", "up", "closed", "failed", "errors");
    for (const EndpointTotals& e : last.endpoints) {
      out += fmt::format("  {:<16} {:<8} {:>12} {:>12} {:>6} {:>7} {:>7} {:>6}\n", e.name, e.app,
                         e.messages_sent, e.messages_received, e.associations_up,
                         e.associations_closed, e.associations_failed, e.echo_errors);
    }
  }
  out += "  drops:\n";
  for (const auto& [name, count] : last.drops) {
    out += fmt::format("    {:<22} {:>16}\n", name, count);
  }
  return out;
}

}  // namespace sctpdp
