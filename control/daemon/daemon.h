#pragma once

#include <atomic>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "control/apps/app_stats.h"
#include "control/config/config.h"
#include "control/daemon/data_plane.h"
#include "control/daemon/run_report.h"
#include "dataplane/shard/application.h"
#include "dataplane/shard/shard.h"

namespace sctpdp {

// The sctpdp daemon: the configuration's ports, shards and endpoints with
// their applications, run until stopped, reporting as it goes.
class Daemon {
 public:
  // Sets up DPDK, the ports, the shards and the applications; nullptr
  // with `error` set (naming what failed) if any of it cannot be done.
  static std::unique_ptr<Daemon> Create(const Config& config, std::string& error);
  ~Daemon();

  // Runs the shards on their lcores until `stop` is set (by a signal) or
  // `duration` has passed, then shuts the associations down, printing the
  // live line to `live` (if not null) and the summary to `summary`.
  // Returns the process exit status: 1 if an echo came back wrong, else 0.
  int Run(const std::atomic<bool>& stop, std::optional<Duration> duration, FILE* live,
          FILE* summary);

  RunSnapshot Snapshot(Duration elapsed) const;

  // A live demonstration of peeloff's data-plane half: `after` into the
  // run, every second association of the listening endpoints (echo,
  // discard) moves to the next shard while traffic flows; a line reports
  // how many moved and how long each move took.
  void MoveAssociationsAt(Duration after) { move_at_ = after; }

 private:
  struct EndpointRun {
    const EndpointConfig* config = nullptr;
    // One application and its counters per shard: each is written by its
    // shard's thread alone.
    std::vector<std::unique_ptr<AppStats>> stats{};
    std::vector<std::unique_ptr<Application>> apps{};
  };

  explicit Daemon(const Config& config) : config_(config) {}
  void MakeApplications();
  // MoveAssociationsAt's moves; the report line.
  std::string MoveAssociations();

  Config config_;
  std::unique_ptr<DataPlane> plane_;
  std::vector<EndpointRun> endpoints_;
  std::optional<Duration> move_at_;
};

}  // namespace sctpdp
