#pragma once

#include <chrono>

#include "dataplane/sctp/common/time.h"

namespace sctpdp {

// The retransmission timeout (RTO) of one destination transport address:
// RFC 9260 section 6.3.1 (rules C1-C7, G1) and the back-off of section 6.3.3
// rule E2, with the defaults of section 16. Section 6.3 keeps one estimator
// per destination address, so a multi-homed association owns one per path.
//
// Pure arithmetic on microsecond durations: no clock, no timers, no
// allocation. Starting and stopping T3-rtx (section 6.3.2) is the caller's.
class RetransmissionTimeout {
 public:
  struct Options {
    // Section 16: RTO.Initial, RTO.Min, RTO.Max. The constructor aborts
    // unless 0 < rto_min <= rto_initial <= rto_max.
    Duration rto_initial = std::chrono::seconds(1);
    Duration rto_min = std::chrono::seconds(1);
    Duration rto_max = std::chrono::seconds(60);
    // G of section 6.3.1 rule G1: the granularity of the clock the RTT
    // samples come from. EngineClock counts microseconds, but the
    // environment may read a coarser clock; RTTVAR never drops below zero
    // to this value, which keeps a margin above SRTT when RTO.Min is set low.
    Duration clock_granularity = std::chrono::milliseconds(1);
    // RTO.Alpha and RTO.Beta of section 16 as powers of two: 1/8 and 1/4.
    int alpha_shift = 3;
    int beta_shift = 2;
  };

  // Section 6.3.1 rule C1: RTO starts at RTO.Initial.
  explicit RetransmissionTimeout(const Options& options);

  // Feeds one RTT measurement (rules C2 and C3, then C6/C7 clamping) and so
  // undoes any back-off (section 6.3.3, "collapsing" RTO).
  //
  // Karn's algorithm (rule C5) is the caller's duty, because only the
  // caller knows what was retransmitted: pass an RTT measured on the DATA
  // chunk with TSN r only if that chunk was transmitted exactly once and no
  // DATA chunk with a TSN <= r was retransmitted since r was first sent. A
  // HEARTBEAT / HEARTBEAT ACK round trip (section 8.3) is also a valid
  // sample. Rule C4: at most one sample per round trip per path.
  //
  // A negative sample cannot come from a steady clock and is ignored.
  void ObserveRtt(Duration rtt);

  // Section 6.3.3 rule E2: T3-rtx expired on this path, so RTO doubles,
  // capped at RTO.Max (rule C7). The next ObserveRtt recomputes RTO from
  // SRTT and RTTVAR and so resets the back-off.
  void BackOff();

  // The value to start T3-rtx with (section 6.3.2 rule R1).
  Duration rto() const { return rto_; }
  // SRTT and RTTVAR; both zero until has_measurement().
  Duration srtt() const { return srtt_; }
  Duration rttvar() const { return rttvar_; }
  bool has_measurement() const { return has_measurement_; }

 private:
  // Rule C6 (RTO.Min) and rule C7 (RTO.Max).
  Duration Clamp(Duration rto) const;

  Options options_;
  Duration rto_{};
  Duration srtt_{};
  Duration rttvar_{};
  bool has_measurement_ = false;
};

}  // namespace sctpdp
