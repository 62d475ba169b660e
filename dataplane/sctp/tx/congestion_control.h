#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dataplane/sctp/common/sequence_number.h"
#include "dataplane/sctp/common/time.h"

namespace sctpdp {

// Congestion control of one destination transport address: RFC 9260
// section 7.2 (slow start 7.2.1, congestion avoidance 7.2.2, reactions to
// loss 7.2.3 and fast recovery 7.2.4, reinitialization 7.2.5), the cwnd
// decay of an idle path (7.2.1), Max.Burst (section 6.1 rule D) and the
// effect of a path MTU change (section 7.3 with RFC 8899 section 3 item 7).
// Section 7.2 keeps cwnd, ssthresh and partial_bytes_acked per destination,
// so a multi-homed association owns one instance per path.
//
// All sizes are bytes of DATA chunks including their headers and padding
// (section 7.2). PMDCS is the path maximum DATA chunk size (section 1.3):
// the largest DATA chunk that fits in one packet within the PMTU.
//
// The class is fed facts by the association, which keeps the flight size
// (outstanding bytes per path) and the outstanding TSNs. Fast recovery is
// kept per path (FreeBSD-style); section 7.2.4 speaks of "the data sender",
// so the association may also treat any path's in_fast_recovery() as its
// own. No clock, no allocation.
class CongestionControl {
 public:
  // Section 7.2.1 gives a different initial cwnd ceiling per family.
  enum class AddressFamily : uint8_t {
    kIpv4,
    kIpv6,
  };

  struct Options {
    // Max.Burst (sections 6.1 rule D and 16); at least 1, or the
    // constructor aborts.
    size_t max_burst = 4;
    // L of section 7.2.1: slow start grows cwnd by at most L * PMDCS per
    // SACK. SHOULD be 1 (see RFC 3465); at least 1, or the constructor
    // aborts.
    size_t slow_start_limit = 1;
    // Initial ssthresh (section 7.2.1: "arbitrarily high"); unset means the
    // peer's a_rwnd from INIT / INIT ACK.
    std::optional<size_t> initial_ssthresh{};
    // RFC 4960 section 7.2.1 also required the SACK to advance the
    // Cumulative TSN Ack Point before slow start may grow cwnd; RFC 9260
    // dropped that condition. Setting this restores it, which section 7
    // allows ("more conservative").
    bool slow_start_needs_cum_ack_advance = false;
  };

  // What one SACK chunk tells about this path.
  struct SackFacts {
    // Bytes of DATA chunks sent to this path that this SACK newly
    // acknowledges, by the Cumulative TSN Ack or by Gap Ack Blocks.
    size_t bytes_acked = 0;
    // Bytes of this path's DATA chunks reported in Duplicate TSNs; section
    // 7.2.2 counts them into partial_bytes_acked, slow start does not
    // (they were not "previously outstanding").
    size_t duplicate_bytes = 0;
    // The SACK advanced the association's Cumulative TSN Ack Point.
    bool cum_ack_advanced = false;
    // This path's flight size just before the SACK arrived; cwnd counts as
    // fully utilized when it is at least cwnd (sections 7.2.1 and 7.2.2).
    size_t flight_size_before = 0;
    // After this SACK nothing sent to this path awaits acknowledgement
    // (section 7.2.2: partial_bytes_acked returns to 0).
    bool all_data_acked = false;
  };

  // Section 7.2.1: initial cwnd and ssthresh. Aborts if pmdcs is 0.
  CongestionControl(const Options& options, AddressFamily family, size_t pmdcs,
                    uint32_t peer_a_rwnd);

  // Section 7.2.1 initial cwnd: min(4 * PMDCS, max(2 * PMDCS, 4404)) for
  // IPv4 and the same with 4344 for IPv6.
  static size_t InitialCwnd(AddressFamily family, size_t pmdcs);

  // Sections 7.2.1 and 7.2.2 (and the exit of 7.2.4 step 6). Call for every
  // path on every SACK, with bytes_acked 0 for a path with nothing newly
  // acknowledged, so that fast recovery ends on time; call it before
  // OnFastRetransmit for the same SACK (note at the end of 7.2.4).
  void OnSackReceived(UnwrappedTsn cum_tsn_ack, const SackFacts& facts);

  // Section 7.2.4 steps 2 and 6: DATA chunks last sent to this path reached
  // three miss indications. Outside fast recovery this applies section
  // 7.2.3 and enters fast recovery with highest_outstanding_tsn as the exit
  // point, and returns true (the caller then sends the step 3 packet
  // regardless of cwnd). Inside fast recovery it changes nothing and
  // returns false.
  bool OnFastRetransmit(UnwrappedTsn highest_outstanding_tsn);

  // Section 7.2.3 and section 6.3.3 rule E1: T3-rtx expired on this path.
  // Also ends fast recovery (its exit point no longer bounds a single
  // loss event) and limits the path to one packet in flight until data
  // sent to it is acknowledged (section 7.2.1).
  void OnRetransmissionTimeout();

  // A DATA chunk (new or retransmitted) was sent to this path: ends any
  // idle period and marks the end of "before data transmission".
  void OnDataSent(TimePoint now);

  // Section 7.2.1 (and 7.2.2): while no data is sent to this path, cwnd
  // decays to max(cwnd / 2, 4 * PMDCS) once per RTO, ssthresh taking the
  // cwnd before the first decay of the idle period. Call it before sending
  // and whenever convenient; it catches up on every whole RTO since the
  // last send. rto is the path's current RTO.
  void ApplyIdleDecay(TimePoint now, Duration rto);

  // Section 7.3: the path's PMDCS changed. cwnd never grows from it (RFC
  // 8899 section 3 item 7); it shrinks only to keep the bounds that section
  // 7.2.1 states in PMDCS: the initial cwnd before any data was sent, and
  // one PMDCS while limited to one packet after a timeout.
  void OnPmdcsChanged(size_t pmdcs);

  // Section 7.2.5: a DSCP or route change puts the path under unknown
  // conditions; everything returns to its initial value.
  void Reinitialize();

  // Section 6.1 rule D: at most Max.Burst * PMDCS bytes of new data per
  // send opportunity.
  size_t MaxBurstBytes() const { return options_.max_burst * pmdcs_; }
  // Rule D's temporary cwnd: min(cwnd, flight_size + Max.Burst * PMDCS),
  // with flight_size taken at the start of the send opportunity; cwnd
  // itself is not changed. The caller starts a packet of new data only
  // while its flight size is below this (rule B lets that last packet
  // exceed it by less than one PMDCS).
  size_t SendWindow(size_t flight_size) const;

  size_t cwnd() const { return cwnd_; }
  size_t ssthresh() const { return ssthresh_; }
  size_t partial_bytes_acked() const { return partial_bytes_acked_; }
  size_t pmdcs() const { return pmdcs_; }
  bool in_fast_recovery() const { return fast_recovery_exit_.has_value(); }
  // The highest TSN outstanding when fast recovery began (7.2.4 step 6).
  std::optional<UnwrappedTsn> fast_recovery_exit_point() const { return fast_recovery_exit_; }
  // Section 7.2.1 / 7.2.3: after a timeout, only one packet may be in
  // flight on this path until data sent to it is acknowledged.
  bool limited_to_one_packet() const { return limited_to_one_packet_; }

 private:
  // Section 7.2.3: max(cwnd / 2, 4 * PMDCS).
  size_t HalvedCwnd() const;

  Options options_;
  AddressFamily family_;
  size_t pmdcs_ = 0;
  size_t initial_ssthresh_ = 0;

  size_t cwnd_ = 0;
  size_t ssthresh_ = 0;
  size_t partial_bytes_acked_ = 0;
  std::optional<UnwrappedTsn> fast_recovery_exit_{};
  bool limited_to_one_packet_ = false;

  // Whether any DATA chunk has been sent since (re)initialization.
  bool data_sent_ = false;
  // The start of the idle period, advanced by each whole RTO accounted for.
  std::optional<TimePoint> idle_reference_{};
  bool decayed_this_idle_period_ = false;
};

}  // namespace sctpdp
