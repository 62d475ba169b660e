#include "dataplane/sctp/tx/congestion_control.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>

#include "dataplane/sctp/common/types.h"

namespace sctpdp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Family = CongestionControl::AddressFamily;

// PMDCS = 1000 keeps the arithmetic readable: the IPv4 initial cwnd is then
// min(4 * 1000, max(2 * 1000, 4404)) = 4000 (RFC 9260 section 7.2.1).
constexpr size_t kPmdcs = 1000;
constexpr uint32_t kPeerArwnd = 100000;
const TimePoint kT0 = TimePoint(seconds(1000));

class CongestionControlTest : public testing::Test {
 protected:
  CongestionControl Make(CongestionControl::Options options = {}) {
    return CongestionControl(options, Family::kIpv4, kPmdcs, kPeerArwnd);
  }

  UnwrappedTsn U(uint32_t tsn) { return unwrapper_.Unwrap(Tsn(tsn)); }

  // A SACK that advances the cum ack by one TSN, with facts for this path.
  void Sack(CongestionControl& cc, CongestionControl::SackFacts facts) {
    cc.OnSackReceived(U(++cum_tsn_), facts);
  }
  static CongestionControl::SackFacts Acked(size_t bytes, size_t flight_size_before) {
    return {.bytes_acked = bytes,
            .duplicate_bytes = 0,
            .cum_ack_advanced = true,
            .flight_size_before = flight_size_before,
            .all_data_acked = false};
  }

  // Slow start, one PMDCS per SACK with cwnd fully used, up to `target`.
  void GrowTo(CongestionControl& cc, size_t target) {
    while (cc.cwnd() < target) {
      const size_t before = cc.cwnd();
      Sack(cc, Acked(kPmdcs, before));
      ASSERT_GT(cc.cwnd(), before) << "slow start stalled";
    }
    ASSERT_EQ(cc.cwnd(), target);
  }

  UnwrappedTsn::Unwrapper unwrapper_;
  uint32_t cum_tsn_ = 100;
};

TEST_F(CongestionControlTest, InitialCwndIpv4) {
  // Section 7.2.1: min(4 * PMDCS, max(2 * PMDCS, 4404)) for an IPv4 peer.
  // PMDCS 1000: min(4000, 4404) = 4000 (the 4 * PMDCS bound).
  EXPECT_EQ(CongestionControl::InitialCwnd(Family::kIpv4, 1000), 4000u);
  // PMDCS 1468 (Ethernet 1500 - IPv4 20 - common header 12): min(5872, 4404).
  EXPECT_EQ(CongestionControl::InitialCwnd(Family::kIpv4, 1468), 4404u);
  // PMDCS 1100: min(4400, 4404) = 4400.
  EXPECT_EQ(CongestionControl::InitialCwnd(Family::kIpv4, 1100), 4400u);
  // PMDCS 2500: min(10000, max(5000, 4404)) = 5000 (the 2 * PMDCS bound).
  EXPECT_EQ(CongestionControl::InitialCwnd(Family::kIpv4, 2500), 5000u);
}

TEST_F(CongestionControlTest, InitialCwndIpv6) {
  // Section 7.2.1: the same with 4344 for an IPv6 peer.
  // PMDCS 1448 (Ethernet 1500 - IPv6 40 - 12): min(5792, 4344) = 4344.
  EXPECT_EQ(CongestionControl::InitialCwnd(Family::kIpv6, 1448), 4344u);
  // PMDCS 1100: min(4400, 4344) = 4344, where IPv4 gives 4400.
  EXPECT_EQ(CongestionControl::InitialCwnd(Family::kIpv6, 1100), 4344u);
  EXPECT_EQ(CongestionControl::InitialCwnd(Family::kIpv6, 1000), 4000u);
  EXPECT_EQ(CongestionControl::InitialCwnd(Family::kIpv6, 2500), 5000u);
  const CongestionControl cc({}, Family::kIpv6, 1448, kPeerArwnd);
  EXPECT_EQ(cc.cwnd(), 4344u);
}

TEST_F(CongestionControlTest, InitialState) {
  // Section 7.2.1: initial cwnd, ssthresh from the peer's a_rwnd; section
  // 7.2.2: partial_bytes_acked starts at 0.
  const CongestionControl cc = Make();
  EXPECT_EQ(cc.cwnd(), 4000u);
  EXPECT_EQ(cc.ssthresh(), kPeerArwnd);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  EXPECT_EQ(cc.pmdcs(), kPmdcs);
  EXPECT_FALSE(cc.in_fast_recovery());
  EXPECT_FALSE(cc.fast_recovery_exit_point().has_value());
  EXPECT_FALSE(cc.limited_to_one_packet());
}

TEST_F(CongestionControlTest, ConfiguredInitialSsthreshOverridesArwnd) {
  CongestionControl::Options options;
  options.initial_ssthresh = 250000;
  EXPECT_EQ(Make(options).ssthresh(), 250000u);
}

TEST_F(CongestionControlTest, SlowStartGrowsByAtMostOnePmdcs) {
  // Section 7.2.1: cwnd <= ssthresh, cwnd fully used: cwnd grows by
  // min(bytes acknowledged, L * PMDCS) with L = 1.
  CongestionControl cc = Make();
  Sack(cc, Acked(2000, 4000));  // + min(2000, 1000)
  EXPECT_EQ(cc.cwnd(), 5000u);
  Sack(cc, Acked(600, 5000));  // + min(600, 1000)
  EXPECT_EQ(cc.cwnd(), 5600u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
}

TEST_F(CongestionControlTest, SlowStartLimitL) {
  // Section 7.2.1: L = 2 allows min(3000, 2 * 1000) = 2000 per SACK.
  CongestionControl::Options options;
  options.slow_start_limit = 2;
  CongestionControl cc = Make(options);
  Sack(cc, Acked(3000, 4000));
  EXPECT_EQ(cc.cwnd(), 6000u);
}

TEST_F(CongestionControlTest, SlowStartNeedsAFullyUsedCwnd) {
  // Section 7.2.1: "only if the current congestion window is being fully
  // utilized": 3999 bytes in flight under a cwnd of 4000 is not.
  CongestionControl cc = Make();
  Sack(cc, Acked(1000, 3999));
  EXPECT_EQ(cc.cwnd(), 4000u);
  // Rule B of section 6.1 lets flight exceed cwnd; that is fully used too.
  Sack(cc, Acked(1000, 4900));
  EXPECT_EQ(cc.cwnd(), 5000u);
}

TEST_F(CongestionControlTest, SlowStartAppliesAtCwndEqualToSsthresh) {
  // Section 7.2.1: "When cwnd is less than or equal to ssthresh".
  CongestionControl::Options options;
  options.initial_ssthresh = 4000;
  CongestionControl cc = Make(options);
  Sack(cc, Acked(1000, 4000));
  EXPECT_EQ(cc.cwnd(), 5000u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
}

TEST_F(CongestionControlTest, SlowStartGrowsOnGapAcksWithoutCumAckAdvance) {
  // RFC 9260 section 7.2.1 asks only for a fully used cwnd outside fast
  // recovery; the RFC 4960 condition "an incoming SACK advances the
  // Cumulative TSN Ack Point" is gone.
  CongestionControl cc = Make();
  CongestionControl::SackFacts facts = Acked(1000, 4000);
  facts.cum_ack_advanced = false;
  cc.OnSackReceived(U(cum_tsn_), facts);
  EXPECT_EQ(cc.cwnd(), 5000u);
}

TEST_F(CongestionControlTest, Rfc4960SlowStartNeedsCumAckAdvance) {
  // RFC 4960 section 7.2.1, allowed as more conservative by RFC 9260
  // section 7.
  CongestionControl::Options options;
  options.slow_start_needs_cum_ack_advance = true;
  CongestionControl cc = Make(options);
  CongestionControl::SackFacts facts = Acked(1000, 4000);
  facts.cum_ack_advanced = false;
  cc.OnSackReceived(U(cum_tsn_), facts);
  EXPECT_EQ(cc.cwnd(), 4000u);
  Sack(cc, Acked(1000, 4000));
  EXPECT_EQ(cc.cwnd(), 5000u);
}

TEST_F(CongestionControlTest, SlowStartIgnoresDuplicateReports) {
  // Section 7.2.1 counts "previously outstanding DATA chunk(s)
  // acknowledged"; duplicates only feed partial_bytes_acked (7.2.2).
  CongestionControl cc = Make();
  CongestionControl::SackFacts facts = Acked(0, 4000);
  facts.duplicate_bytes = 1000;
  Sack(cc, facts);
  EXPECT_EQ(cc.cwnd(), 4000u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
}

TEST_F(CongestionControlTest, CongestionAvoidanceGrowsOnePmdcsPerCwndAcked) {
  // Section 7.2.2 with cwnd 4000 > ssthresh 3000 and flight >= cwnd before
  // each SACK: partial_bytes_acked 1000, 2000, 3000, then 4000 >= cwnd, so
  // it becomes 4000 - 4000 = 0 and cwnd 4000 + 1000 = 5000.
  CongestionControl::Options options;
  options.initial_ssthresh = 3000;
  CongestionControl cc = Make(options);
  for (const size_t expected_pba : {1000u, 2000u, 3000u}) {
    Sack(cc, Acked(1000, 4000));
    EXPECT_EQ(cc.partial_bytes_acked(), expected_pba);
    EXPECT_EQ(cc.cwnd(), 4000u);
  }
  Sack(cc, Acked(1000, 4000));
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  EXPECT_EQ(cc.cwnd(), 5000u);
  // The remainder carries over: 4500 + 1000 = 5500 >= 5000 leaves 500.
  Sack(cc, Acked(4500, 5000));
  EXPECT_EQ(cc.partial_bytes_acked(), 4500u);
  Sack(cc, Acked(1000, 5000));
  EXPECT_EQ(cc.partial_bytes_acked(), 500u);
  EXPECT_EQ(cc.cwnd(), 6000u);
}

TEST_F(CongestionControlTest, CongestionAvoidanceGrowsAtMostOnePmdcsPerSack) {
  // Section 7.2.2: 9000 bytes acked at once under cwnd 4000: one increment,
  // partial_bytes_acked = 9000 - 4000 = 5000.
  CongestionControl::Options options;
  options.initial_ssthresh = 3000;
  CongestionControl cc = Make(options);
  Sack(cc, Acked(9000, 9000));
  EXPECT_EQ(cc.cwnd(), 5000u);
  EXPECT_EQ(cc.partial_bytes_acked(), 5000u);
}

TEST_F(CongestionControlTest, CongestionAvoidanceCapsPbaWhenCwndNotFullyUsed) {
  // Section 7.2.2: partial_bytes_acked > cwnd with flight < cwnd before the
  // SACK resets it to cwnd, without growing cwnd.
  CongestionControl::Options options;
  options.initial_ssthresh = 3000;
  CongestionControl cc = Make(options);
  Sack(cc, Acked(3500, 3000));  // 3500 <= 4000: kept
  EXPECT_EQ(cc.partial_bytes_acked(), 3500u);
  Sack(cc, Acked(1000, 3000));  // 4500 > 4000, flight 3000 < 4000: reset to 4000
  EXPECT_EQ(cc.partial_bytes_acked(), 4000u);
  EXPECT_EQ(cc.cwnd(), 4000u);
  // Once flight reaches cwnd again: 4000 + 200 >= 4000, leaving 200.
  Sack(cc, Acked(200, 4000));
  EXPECT_EQ(cc.partial_bytes_acked(), 200u);
  EXPECT_EQ(cc.cwnd(), 5000u);
}

TEST_F(CongestionControlTest, CongestionAvoidanceKeepsPbaEqualToCwndWhenNotFullyUsed) {
  // Section 7.2.2: neither rule fires for pba == cwnd and flight < cwnd.
  CongestionControl::Options options;
  options.initial_ssthresh = 3000;
  CongestionControl cc = Make(options);
  Sack(cc, Acked(4000, 3000));
  EXPECT_EQ(cc.partial_bytes_acked(), 4000u);
  EXPECT_EQ(cc.cwnd(), 4000u);
}

TEST_F(CongestionControlTest, CongestionAvoidanceCountsDuplicateReports) {
  // Section 7.2.2: "and by the number of bytes of duplicated chunks
  // reported in Duplicate TSNs".
  CongestionControl::Options options;
  options.initial_ssthresh = 3000;
  CongestionControl cc = Make(options);
  CongestionControl::SackFacts facts = Acked(1000, 4000);
  facts.duplicate_bytes = 500;
  Sack(cc, facts);
  EXPECT_EQ(cc.partial_bytes_acked(), 1500u);
}

TEST_F(CongestionControlTest, PbaReturnsToZeroWhenAllDataIsAcked) {
  // Section 7.2.2: "When all of the data transmitted by the sender has been
  // acknowledged by the receiver, partial_bytes_acked is initialized to 0."
  CongestionControl::Options options;
  options.initial_ssthresh = 3000;
  CongestionControl cc = Make(options);
  Sack(cc, Acked(2000, 4000));
  ASSERT_EQ(cc.partial_bytes_acked(), 2000u);
  CongestionControl::SackFacts facts = Acked(1000, 4000);
  facts.all_data_acked = true;
  Sack(cc, facts);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  EXPECT_EQ(cc.cwnd(), 4000u);
}

TEST_F(CongestionControlTest, FastRetransmitHalvesCwndAndEntersFastRecovery) {
  // Sections 7.2.3 and 7.2.4 steps 2 and 6 from cwnd 10000:
  // ssthresh = max(10000 / 2, 4 * 1000) = 5000, cwnd = 5000, pba = 0.
  CongestionControl cc = Make();
  GrowTo(cc, 10000);
  EXPECT_TRUE(cc.OnFastRetransmit(U(200)));
  EXPECT_EQ(cc.ssthresh(), 5000u);
  EXPECT_EQ(cc.cwnd(), 5000u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  EXPECT_TRUE(cc.in_fast_recovery());
  EXPECT_EQ(cc.fast_recovery_exit_point(), U(200));
}

TEST_F(CongestionControlTest, FastRetransmitFloorIsFourPmdcs) {
  // Section 7.2.3 from cwnd 6000: max(3000, 4000) = 4000.
  CongestionControl cc = Make();
  GrowTo(cc, 6000);
  cc.OnFastRetransmit(U(200));
  EXPECT_EQ(cc.ssthresh(), 4000u);
  EXPECT_EQ(cc.cwnd(), 4000u);
}

TEST_F(CongestionControlTest, FastRetransmitClearsPartialBytesAcked) {
  // Section 7.2.3: partial_bytes_acked = 0.
  CongestionControl::Options options;
  options.initial_ssthresh = 3000;
  CongestionControl cc = Make(options);
  Sack(cc, Acked(2000, 4000));
  ASSERT_EQ(cc.partial_bytes_acked(), 2000u);
  cc.OnFastRetransmit(U(200));
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
}

TEST_F(CongestionControlTest, NoFurtherReductionInsideFastRecovery) {
  // Section 7.2.4 step 6: "one SHOULD NOT reduce the cwnd further due to a
  // subsequent Fast Retransmit"; the exit point stays the first one.
  CongestionControl cc = Make();
  GrowTo(cc, 10000);
  cc.OnFastRetransmit(U(200));
  EXPECT_FALSE(cc.OnFastRetransmit(U(210)));
  EXPECT_EQ(cc.ssthresh(), 5000u);
  EXPECT_EQ(cc.cwnd(), 5000u);
  EXPECT_EQ(cc.fast_recovery_exit_point(), U(200));
}

TEST_F(CongestionControlTest, NoSlowStartInsideFastRecovery) {
  // Section 7.2.1: slow start only when "the data sender is not in Fast
  // Recovery". After 7.2.3 cwnd == ssthresh, so slow start rules apply.
  CongestionControl cc = Make();
  GrowTo(cc, 10000);
  cc.OnFastRetransmit(U(200));
  cc.OnSackReceived(U(199), Acked(1000, 5000));
  EXPECT_TRUE(cc.in_fast_recovery());
  EXPECT_EQ(cc.cwnd(), 5000u);
}

TEST_F(CongestionControlTest, FastRecoveryEndsWhenCumAckReachesExitPoint) {
  // Section 7.2.4 step 6: "When a SACK chunk acknowledges all TSNs up to and
  // including this exit point, Fast Recovery is exited." The SACK that ends
  // it already grows cwnd by slow start: 5000 + 1000.
  CongestionControl cc = Make();
  GrowTo(cc, 10000);
  cc.OnFastRetransmit(U(200));
  cc.OnSackReceived(U(200), Acked(1000, 5000));
  EXPECT_FALSE(cc.in_fast_recovery());
  EXPECT_FALSE(cc.fast_recovery_exit_point().has_value());
  EXPECT_EQ(cc.cwnd(), 6000u);
  // A later loss reduces again: max(6000 / 2, 4000) = 4000.
  EXPECT_TRUE(cc.OnFastRetransmit(U(300)));
  EXPECT_EQ(cc.cwnd(), 4000u);
}

TEST_F(CongestionControlTest, FastRecoveryExitComparesAcrossTsnWrap) {
  // The exit point 2 lies after 0xffffffff in RFC 1982 order (RFC 9260
  // section 1.6): cum acks 0xfffffffe and 0xffffffff keep fast recovery,
  // cum ack 2 ends it.
  cum_tsn_ = 0xfffffff0;
  CongestionControl cc = Make();
  GrowTo(cc, 10000);
  const UnwrappedTsn before_wrap = U(0xfffffffd);
  ASSERT_LT(before_wrap, U(2));
  cc.OnFastRetransmit(U(2));
  cc.OnSackReceived(U(0xfffffffe), Acked(0, 5000));
  cc.OnSackReceived(U(0xffffffff), Acked(0, 5000));
  EXPECT_TRUE(cc.in_fast_recovery());
  cc.OnSackReceived(U(2), Acked(0, 5000));
  EXPECT_FALSE(cc.in_fast_recovery());
}

TEST_F(CongestionControlTest, TimeoutRestartsSlowStartFromOnePmdcs) {
  // Section 7.2.3 and section 6.3.3 rule E1 from cwnd 9000 in congestion
  // avoidance: ssthresh = max(4500, 4000) = 4500, cwnd = PMDCS = 1000,
  // partial_bytes_acked = 0.
  CongestionControl::Options options;
  options.initial_ssthresh = 8000;
  CongestionControl cc = Make(options);
  GrowTo(cc, 9000);             // slow start up to 9000 > ssthresh 8000
  Sack(cc, Acked(2000, 9000));  // congestion avoidance: pba 2000
  ASSERT_EQ(cc.partial_bytes_acked(), 2000u);
  cc.OnRetransmissionTimeout();
  EXPECT_EQ(cc.ssthresh(), 4500u);
  EXPECT_EQ(cc.cwnd(), 1000u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  EXPECT_TRUE(cc.limited_to_one_packet());
}

TEST_F(CongestionControlTest, RepeatedTimeoutKeepsSsthreshAtFourPmdcs) {
  // Section 7.2.3 twice: 4000 -> ssthresh max(2000, 4000) = 4000, cwnd 1000;
  // again: ssthresh max(500, 4000) = 4000, cwnd 1000.
  CongestionControl cc = Make();
  cc.OnRetransmissionTimeout();
  cc.OnRetransmissionTimeout();
  EXPECT_EQ(cc.ssthresh(), 4000u);
  EXPECT_EQ(cc.cwnd(), 1000u);
}

TEST_F(CongestionControlTest, TimeoutEndsFastRecovery) {
  CongestionControl cc = Make();
  GrowTo(cc, 10000);
  cc.OnFastRetransmit(U(200));
  cc.OnRetransmissionTimeout();
  // Section 7.2.3: from cwnd 5000, ssthresh max(2500, 4000) = 4000.
  EXPECT_FALSE(cc.in_fast_recovery());
  EXPECT_EQ(cc.ssthresh(), 4000u);
  EXPECT_EQ(cc.cwnd(), 1000u);
}

TEST_F(CongestionControlTest, OnePacketLimitLastsUntilDataIsAcked) {
  // Sections 7.2.1 and 7.2.3: after a timeout "only one packet is allowed to
  // be in flight until successful acknowledgement". A SACK acknowledging
  // nothing on this path keeps the limit; one acknowledging data lifts it,
  // and slow start resumes: flight 1000 >= cwnd 1000, cwnd 1000 + 1000.
  CongestionControl cc = Make();
  cc.OnRetransmissionTimeout();
  Sack(cc, Acked(0, 1000));
  EXPECT_TRUE(cc.limited_to_one_packet());
  EXPECT_EQ(cc.cwnd(), 1000u);
  Sack(cc, Acked(1000, 1000));
  EXPECT_FALSE(cc.limited_to_one_packet());
  EXPECT_EQ(cc.cwnd(), 2000u);
}

TEST_F(CongestionControlTest, IdlePathDecaysOncePerRto) {
  // Section 7.2.1: no data sent for an RTO: ssthresh = cwnd first, then
  // cwnd = max(cwnd / 2, 4 * PMDCS), once per RTO.
  CongestionControl cc = Make();
  GrowTo(cc, 10000);
  cc.OnDataSent(kT0);
  cc.ApplyIdleDecay(kT0 + milliseconds(999), seconds(1));
  EXPECT_EQ(cc.cwnd(), 10000u);
  EXPECT_EQ(cc.ssthresh(), kPeerArwnd);
  cc.ApplyIdleDecay(kT0 + seconds(1), seconds(1));
  EXPECT_EQ(cc.ssthresh(), 10000u);
  EXPECT_EQ(cc.cwnd(), 5000u);
  // Calling again within the same RTO changes nothing.
  cc.ApplyIdleDecay(kT0 + milliseconds(1999), seconds(1));
  EXPECT_EQ(cc.cwnd(), 5000u);
  // Second RTO: max(2500, 4000) = 4000; ssthresh stays from the first.
  cc.ApplyIdleDecay(kT0 + seconds(2), seconds(1));
  EXPECT_EQ(cc.cwnd(), 4000u);
  EXPECT_EQ(cc.ssthresh(), 10000u);
  cc.ApplyIdleDecay(kT0 + seconds(60), seconds(1));
  EXPECT_EQ(cc.cwnd(), 4000u);
}

TEST_F(CongestionControlTest, IdleDecayCatchesUpOnSeveralRtos) {
  // Section 7.2.1, three RTOs in one call: 40000 -> 20000 -> 10000 -> 5000;
  // ssthresh takes 40000, the cwnd before the first adjustment.
  CongestionControl cc = Make();
  GrowTo(cc, 40000);
  cc.OnDataSent(kT0);
  cc.ApplyIdleDecay(kT0 + milliseconds(3500), seconds(1));
  EXPECT_EQ(cc.cwnd(), 5000u);
  EXPECT_EQ(cc.ssthresh(), 40000u);
  // The half RTO left over counts towards the next decay: at 4 s, 4000.
  cc.ApplyIdleDecay(kT0 + seconds(4), seconds(1));
  EXPECT_EQ(cc.cwnd(), 4000u);
}

TEST_F(CongestionControlTest, SendingStartsANewIdlePeriod) {
  // Section 7.2.1: after new data is sent, a later idle period again sets
  // ssthresh to the cwnd before its first decay.
  CongestionControl cc = Make();
  GrowTo(cc, 40000);
  cc.OnDataSent(kT0);
  cc.ApplyIdleDecay(kT0 + seconds(1), seconds(1));
  ASSERT_EQ(cc.cwnd(), 20000u);
  cc.OnDataSent(kT0 + milliseconds(1500));
  cc.ApplyIdleDecay(kT0 + milliseconds(2400), seconds(1));
  EXPECT_EQ(cc.cwnd(), 20000u);
  cc.ApplyIdleDecay(kT0 + milliseconds(2500), seconds(1));
  EXPECT_EQ(cc.ssthresh(), 20000u);
  EXPECT_EQ(cc.cwnd(), 10000u);
}

TEST_F(CongestionControlTest, IdleDecayUsesTheRtoGiven) {
  // Section 7.2.1 "once per RTO" with a backed-off RTO of 3 s.
  CongestionControl cc = Make();
  GrowTo(cc, 10000);
  cc.OnDataSent(kT0);
  cc.ApplyIdleDecay(kT0 + seconds(2), seconds(3));
  EXPECT_EQ(cc.cwnd(), 10000u);
  cc.ApplyIdleDecay(kT0 + seconds(3), seconds(3));
  EXPECT_EQ(cc.cwnd(), 5000u);
}

TEST_F(CongestionControlTest, NoIdleDecayBeforeAnyData) {
  // Section 7.2.1: the initial cwnd applies "before data transmission".
  CongestionControl cc = Make();
  cc.ApplyIdleDecay(kT0 + seconds(100), seconds(1));
  EXPECT_EQ(cc.cwnd(), 4000u);
  EXPECT_EQ(cc.ssthresh(), kPeerArwnd);
}

TEST_F(CongestionControlTest, IdleDecayNeverRaisesCwnd) {
  // After a timeout cwnd is one PMDCS; max(500, 4000) would raise it, which
  // would break the one-packet rule of section 7.2.3 and is no decay.
  CongestionControl cc = Make();
  cc.OnDataSent(kT0);
  cc.OnRetransmissionTimeout();
  const size_t ssthresh = cc.ssthresh();
  cc.ApplyIdleDecay(kT0 + seconds(5), seconds(1));
  EXPECT_EQ(cc.cwnd(), 1000u);
  EXPECT_EQ(cc.ssthresh(), ssthresh);
}

TEST_F(CongestionControlTest, MaxBurstLimitsTheSendWindow) {
  // Section 6.1 rule D with Max.Burst = 4 (section 16) and cwnd 10000:
  // flight 2000: 2000 + 4 * 1000 = 6000 < 10000, so 6000;
  // flight 7000: 11000 >= 10000, so cwnd. cwnd itself does not change.
  CongestionControl cc = Make();
  GrowTo(cc, 10000);
  EXPECT_EQ(cc.MaxBurstBytes(), 4000u);
  EXPECT_EQ(cc.SendWindow(0), 4000u);
  EXPECT_EQ(cc.SendWindow(2000), 6000u);
  EXPECT_EQ(cc.SendWindow(7000), 10000u);
  EXPECT_EQ(cc.SendWindow(12000), 10000u);
  EXPECT_EQ(cc.cwnd(), 10000u);
}

TEST_F(CongestionControlTest, MaxBurstIsConfigurable) {
  CongestionControl::Options options;
  options.max_burst = 2;
  CongestionControl cc = Make(options);
  EXPECT_EQ(cc.MaxBurstBytes(), 2000u);
  EXPECT_EQ(cc.SendWindow(1000), 3000u);
}

TEST_F(CongestionControlTest, SmallerPmdcsBeforeDataShrinksTheInitialCwnd) {
  // Section 7.2.1 initial cwnd with PMDCS 1468 is 4404; a PMTU drop to
  // PMDCS 1000 before any data makes it min(4000, 4404) = 4000. Growing back
  // does not raise it (RFC 8899 section 3 item 7).
  CongestionControl cc({}, Family::kIpv4, 1468, kPeerArwnd);
  ASSERT_EQ(cc.cwnd(), 4404u);
  cc.OnPmdcsChanged(1000);
  EXPECT_EQ(cc.pmdcs(), 1000u);
  EXPECT_EQ(cc.cwnd(), 4000u);
  cc.OnPmdcsChanged(1468);
  EXPECT_EQ(cc.cwnd(), 4000u);
  EXPECT_EQ(cc.MaxBurstBytes(), 4 * 1468u);
}

TEST_F(CongestionControlTest, PmdcsChangeAfterDataKeepsCwndBytes) {
  // Section 7.2 counts cwnd in bytes; RFC 8899 section 3 item 7 forbids
  // growing it on a PMTU update. The new PMDCS drives later rules: slow
  // start adds min(2000, 1400), fast retransmit floors at 4 * 1400.
  CongestionControl cc = Make();
  GrowTo(cc, 6000);
  cc.OnDataSent(kT0);
  cc.OnPmdcsChanged(500);
  EXPECT_EQ(cc.cwnd(), 6000u);
  cc.OnPmdcsChanged(1400);
  EXPECT_EQ(cc.cwnd(), 6000u);
  Sack(cc, Acked(2000, 6000));
  EXPECT_EQ(cc.cwnd(), 7400u);
  cc.OnFastRetransmit(U(300));
  EXPECT_EQ(cc.cwnd(), 5600u);  // max(3700, 5600)
}

TEST_F(CongestionControlTest, PmdcsDropKeepsTheOnePmdcsCwndAfterTimeout) {
  // Section 7.2.1: after a timeout cwnd is "no more than PMDCS"; a smaller
  // PMDCS lowers it while the one-packet limit lasts.
  CongestionControl cc = Make();
  cc.OnDataSent(kT0);
  cc.OnRetransmissionTimeout();
  cc.OnPmdcsChanged(800);
  EXPECT_EQ(cc.cwnd(), 800u);
  cc.OnPmdcsChanged(1200);
  EXPECT_EQ(cc.cwnd(), 800u);
}

TEST_F(CongestionControlTest, ReinitializeRestoresInitialValues) {
  // Section 7.2.5: DSCP or route change resets the congestion parameters.
  CongestionControl cc = Make();
  GrowTo(cc, 10000);
  cc.OnDataSent(kT0);
  cc.OnFastRetransmit(U(200));
  cc.OnRetransmissionTimeout();
  cc.OnPmdcsChanged(1468);
  cc.Reinitialize();
  EXPECT_EQ(cc.cwnd(), 4404u);  // initial cwnd for the current PMDCS
  EXPECT_EQ(cc.ssthresh(), kPeerArwnd);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  EXPECT_FALSE(cc.in_fast_recovery());
  EXPECT_FALSE(cc.limited_to_one_packet());
  // Back to "before data transmission": no idle decay.
  cc.ApplyIdleDecay(kT0 + seconds(10), seconds(1));
  EXPECT_EQ(cc.cwnd(), 4404u);
}

TEST(CongestionControlDeathTest, RejectsZeroSizes) {
  EXPECT_DEATH(CongestionControl({}, CongestionControl::AddressFamily::kIpv4, 0, 1000), "");
  CongestionControl::Options no_burst;
  no_burst.max_burst = 0;
  EXPECT_DEATH(CongestionControl(no_burst, CongestionControl::AddressFamily::kIpv4, 1000, 1000),
               "");
}

}  // namespace
}  // namespace sctpdp
