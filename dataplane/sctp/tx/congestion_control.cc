#include "dataplane/sctp/tx/congestion_control.h"

#include <algorithm>
#include <cstdlib>

namespace sctpdp {

CongestionControl::CongestionControl(const Options& options, AddressFamily family, size_t pmdcs,
                                     uint32_t peer_a_rwnd)
    : options_(options),
      family_(family),
      pmdcs_(pmdcs),
      initial_ssthresh_(options.initial_ssthresh.value_or(peer_a_rwnd)) {
  if (pmdcs == 0 || options.max_burst == 0 || options.slow_start_limit == 0) std::abort();
  Reinitialize();
}

size_t CongestionControl::InitialCwnd(AddressFamily family, size_t pmdcs) {
  // Section 7.2.1: 4404 bytes for an IPv4 peer, 4344 for an IPv6 one.
  const size_t ceiling = family == AddressFamily::kIpv4 ? 4404 : 4344;
  return std::min(4 * pmdcs, std::max(2 * pmdcs, ceiling));
}

void CongestionControl::Reinitialize() {
  cwnd_ = InitialCwnd(family_, pmdcs_);
  ssthresh_ = initial_ssthresh_;
  partial_bytes_acked_ = 0;
  fast_recovery_exit_.reset();
  limited_to_one_packet_ = false;
  data_sent_ = false;
  idle_reference_.reset();
  decayed_this_idle_period_ = false;
}

void CongestionControl::OnSackReceived(UnwrappedTsn cum_tsn_ack, const SackFacts& facts) {
  // Section 7.2.4 step 6: a SACK acknowledging everything up to the exit
  // point ends fast recovery. It ends before the growth rules run, so the
  // SACK that completes the recovery may already grow cwnd.
  if (fast_recovery_exit_ && cum_tsn_ack >= *fast_recovery_exit_) fast_recovery_exit_.reset();
  // Section 7.2.3 / 7.2.1: the one-packet limit lasts until data sent to
  // this path is acknowledged.
  if (facts.bytes_acked > 0) limited_to_one_packet_ = false;

  const bool fully_utilized = facts.flight_size_before >= cwnd_;
  if (cwnd_ <= ssthresh_) {
    // Section 7.2.1: slow start, only with cwnd fully utilized and outside
    // fast recovery, by at most min(bytes acknowledged, L * PMDCS).
    const bool cum_ack_ok = facts.cum_ack_advanced || !options_.slow_start_needs_cum_ack_advance;
    if (fully_utilized && !in_fast_recovery() && cum_ack_ok) {
      cwnd_ += std::min(facts.bytes_acked, options_.slow_start_limit * pmdcs_);
    }
  } else {
    // Section 7.2.2: congestion avoidance through partial_bytes_acked, which
    // counts newly acknowledged and duplicate-reported bytes.
    partial_bytes_acked_ += facts.bytes_acked + facts.duplicate_bytes;
    if (fully_utilized && partial_bytes_acked_ >= cwnd_) {
      partial_bytes_acked_ -= cwnd_;
      cwnd_ += pmdcs_;
    } else if (!fully_utilized && partial_bytes_acked_ > cwnd_) {
      partial_bytes_acked_ = cwnd_;
    }
  }
  // Section 7.2.2: all data acknowledged.
  if (facts.all_data_acked) partial_bytes_acked_ = 0;
}

bool CongestionControl::OnFastRetransmit(UnwrappedTsn highest_outstanding_tsn) {
  // Section 7.2.4 step 6: no further reduction inside fast recovery.
  if (in_fast_recovery()) return false;
  // Steps 2 and 6, with the formula of section 7.2.3.
  ssthresh_ = HalvedCwnd();
  cwnd_ = ssthresh_;
  partial_bytes_acked_ = 0;
  fast_recovery_exit_ = highest_outstanding_tsn;
  return true;
}

void CongestionControl::OnRetransmissionTimeout() {
  // Section 7.2.3 (and 6.3.3 rule E1): slow start again from one PMDCS.
  ssthresh_ = HalvedCwnd();
  cwnd_ = pmdcs_;
  partial_bytes_acked_ = 0;
  fast_recovery_exit_.reset();
  limited_to_one_packet_ = true;
}

void CongestionControl::OnDataSent(TimePoint now) {
  data_sent_ = true;
  idle_reference_ = now;
  decayed_this_idle_period_ = false;
}

void CongestionControl::ApplyIdleDecay(TimePoint now, Duration rto) {
  if (!idle_reference_ || rto <= Duration::zero() || now - *idle_reference_ < rto) return;
  const int64_t periods = (now - *idle_reference_) / rto;
  *idle_reference_ += periods * rto;
  // Section 7.2.1: max(cwnd / 2, 4 * PMDCS) per RTO. A decay never raises
  // cwnd: below 4 * PMDCS (e.g. one PMDCS after a timeout) it stays put.
  // Halving reaches the floor within 64 rounds, however long the idle.
  const size_t floor = 4 * pmdcs_;
  for (int64_t i = 0; i < periods && cwnd_ > floor; ++i) {
    if (!decayed_this_idle_period_) {
      // "Before the first cwnd adjustment, the ssthresh ... SHOULD be set
      // to the cwnd."
      ssthresh_ = cwnd_;
      decayed_this_idle_period_ = true;
    }
    cwnd_ = std::max(cwnd_ / 2, floor);
  }
}

void CongestionControl::OnPmdcsChanged(size_t pmdcs) {
  if (pmdcs == 0) std::abort();
  pmdcs_ = pmdcs;
  // RFC 8899 section 3 item 7: a PMTU update MUST NOT increase cwnd.
  if (!data_sent_) cwnd_ = std::min(cwnd_, InitialCwnd(family_, pmdcs_));
  if (limited_to_one_packet_) cwnd_ = std::min(cwnd_, pmdcs_);
}

size_t CongestionControl::SendWindow(size_t flight_size) const {
  // Section 6.1 rule D: if flight + Max.Burst * PMDCS < cwnd, use that.
  return std::min(cwnd_, flight_size + MaxBurstBytes());
}

size_t CongestionControl::HalvedCwnd() const { return std::max(cwnd_ / 2, 4 * pmdcs_); }

}  // namespace sctpdp
