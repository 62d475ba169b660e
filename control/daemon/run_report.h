#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dataplane/sctp/common/time.h"

namespace sctpdp {

// One endpoint's share of a run, summed over its shards.
struct EndpointTotals {
  std::string name;
  std::string app;
  uint64_t messages_sent = 0;
  uint64_t messages_received = 0;
  uint64_t associations_up = 0;
  uint64_t associations_closed = 0;
  uint64_t associations_failed = 0;
  uint64_t echo_errors = 0;
};

// The daemon's view of a run at one moment, summed over shards and apps.
struct RunSnapshot {
  Duration elapsed{};
  uint64_t messages_sent = 0;
  uint64_t messages_received = 0;
  uint64_t bytes_sent = 0;
  uint64_t bytes_received = 0;
  uint64_t associations = 0;  // open now
  uint64_t associations_up = 0;
  uint64_t associations_closed = 0;
  uint64_t associations_failed = 0;
  uint64_t retransmissions = 0;
  uint64_t forwarded = 0;  // packets a shard handed to the owner of their association
  uint64_t send_failed = 0;
  uint64_t echo_errors = 0;
  Duration rtt_p50{};
  Duration rtt_p99{};
  uint64_t rtt_samples = 0;
  // Every named drop counter of the shards and ports, zero or not.
  std::vector<std::pair<std::string, uint64_t>> drops;
  std::vector<EndpointTotals> endpoints;
};

// "[  3s] tx 1.21M msg/s 1.24 Gbit/s | rx ... | assoc 200 | rtx 0 | rtt p50 85us
// p99 210us | drops 0 (bad_checksum 0 ...)": the rates over the interval
// between two snapshots; only non-zero drop reasons are named.
std::string LiveLine(const RunSnapshot& previous, const RunSnapshot& current);

// The table printed at the end: totals, averages over the run, and every
// drop counter.
std::string Summary(const RunSnapshot& last);

// 1234567 -> "1.23M"; 999 -> "999".
std::string HumanCount(double value);

}  // namespace sctpdp
