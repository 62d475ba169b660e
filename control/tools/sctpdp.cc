// sctpdp: the SCTP data plane daemon. Runs the configuration's ports,
// shards and endpoints (configs/README.md) until SIGINT, SIGTERM or the
// end of --duration, then shuts every association down gracefully.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <fstream>
#include <sstream>

#include "control/config/config.h"
#include "control/daemon/daemon.h"

namespace {

std::atomic<bool> stop_requested{false};

void OnSignal(int) { stop_requested.store(true); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sctpdp: a DPDK SCTP data plane (configs/README.md documents the file)"};
  std::string config_path;
  std::vector<std::string> overrides;
  double duration_seconds = 0;
  bool print_config = false;
  app.add_option("--config", config_path, "YAML configuration (default: the embedded demo)");
  app.add_option("--set", overrides, "override one key: --set sctp.rto_min_ms=200")
      ->allow_extra_args(false);
  app.add_option("--duration", duration_seconds, "stop after this many seconds")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--print-config", print_config, "print the configuration and exit");
  double move_at_seconds = 0;
  app.add_option("--move-at", move_at_seconds,
                 "this many seconds in, move every second association of the listening "
                 "endpoints to the next shard (a live demonstration of peeloff's shard move)")
      ->check(CLI::NonNegativeNumber);
  CLI11_PARSE(app, argc, argv);

  std::string text(sctpdp::kDemoConfig);
  std::string source = "(embedded demo-ring.yaml)";
  if (!config_path.empty()) {
    std::ifstream in(config_path);
    if (!in) {
      fmt::print(stderr, "sctpdp: {}: cannot read the file\n", config_path);
      return 2;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    source = config_path;
  }
  auto loaded = sctpdp::LoadConfig(text, source, overrides);
  if (const auto* error = std::get_if<std::string>(&loaded)) {
    fmt::print(stderr, "sctpdp: {}\n", *error);
    return 2;
  }
  const sctpdp::Config& config = std::get<sctpdp::Config>(loaded);
  if (print_config) {
    fmt::print("{}", sctpdp::ConfigYaml(text, overrides));
    return 0;
  }

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::string error;
  std::unique_ptr<sctpdp::Daemon> daemon = sctpdp::Daemon::Create(config, error);
  if (!daemon) {
    fmt::print(stderr, "sctpdp: {}\n", error);
    return 2;
  }
  if (move_at_seconds > 0) {
    daemon->MoveAssociationsAt(std::chrono::duration_cast<sctpdp::Duration>(
        std::chrono::duration<double>(move_at_seconds)));
  }
  const bool live = config.stats.live == sctpdp::Toggle::kOn ||
                    (config.stats.live == sctpdp::Toggle::kAuto && isatty(STDOUT_FILENO));
  std::optional<sctpdp::Duration> duration;
  if (duration_seconds > 0) {
    duration = std::chrono::duration_cast<sctpdp::Duration>(
        std::chrono::duration<double>(duration_seconds));
  }
  return daemon->Run(stop_requested, duration, live ? stdout : nullptr, stdout);
}
