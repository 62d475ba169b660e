#include "dataplane/sctp/tx/retransmission_timeout.h"

#include <gtest/gtest.h>

#include <chrono>

namespace sctpdp {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

// RTO.Min low enough that the estimator's own values show through.
RetransmissionTimeout::Options LowMinOptions() {
  RetransmissionTimeout::Options options;
  options.rto_min = milliseconds(10);
  return options;
}

TEST(RetransmissionTimeoutTest, DefaultsAreThoseOfSection16) {
  // RFC 9260 section 16: RTO.Initial 1 s, RTO.Min 1 s, RTO.Max 60 s.
  const RetransmissionTimeout::Options options;
  EXPECT_EQ(options.rto_initial, seconds(1));
  EXPECT_EQ(options.rto_min, seconds(1));
  EXPECT_EQ(options.rto_max, seconds(60));
}

TEST(RetransmissionTimeoutTest, StartsAtRtoInitial) {
  // Section 6.3.1 rule C1: RTO.Initial until the first measurement.
  RetransmissionTimeout::Options options;
  options.rto_initial = seconds(3);
  const RetransmissionTimeout rto(options);
  EXPECT_EQ(rto.rto(), seconds(3));
  EXPECT_FALSE(rto.has_measurement());
  EXPECT_EQ(rto.srtt(), Duration::zero());
  EXPECT_EQ(rto.rttvar(), Duration::zero());
}

TEST(RetransmissionTimeoutTest, FirstMeasurementSetsSrttAndHalfAsRttvar) {
  // Section 6.3.1 rule C2 with R = 100 ms:
  //   SRTT = 100 ms, RTTVAR = 50 ms, RTO = 100 + 4 * 50 = 300 ms.
  RetransmissionTimeout rto(LowMinOptions());
  rto.ObserveRtt(milliseconds(100));
  EXPECT_TRUE(rto.has_measurement());
  EXPECT_EQ(rto.srtt(), milliseconds(100));
  EXPECT_EQ(rto.rttvar(), milliseconds(50));
  EXPECT_EQ(rto.rto(), milliseconds(300));
}

TEST(RetransmissionTimeoutTest, RttSequenceFollowsRuleC3) {
  // Section 6.3.1 rule C3 with RTO.Alpha = 1/8, RTO.Beta = 1/4 (section 16),
  // RTTVAR updated from the SRTT before its own update. In microseconds:
  //
  //   R  = 100000: SRTT = 100000, RTTVAR = 50000              (C2)
  //                RTO = 100000 + 4 * 50000 = 300000
  //   R' = 180000: RTTVAR = 3/4 * 50000 + 1/4 * |100000 - 180000|
  //                       = 37500 + 20000 = 57500
  //                SRTT = 7/8 * 100000 + 1/8 * 180000 = 87500 + 22500 = 110000
  //                RTO = 110000 + 4 * 57500 = 340000
  //                (with the new SRTT, RTTVAR would wrongly be 55000)
  //   R' = 70000:  RTTVAR = 3/4 * 57500 + 1/4 * |110000 - 70000|
  //                       = 43125 + 10000 = 53125
  //                SRTT = 7/8 * 110000 + 1/8 * 70000 = 96250 + 8750 = 105000
  //                RTO = 105000 + 4 * 53125 = 317500
  //   R' = 105000: RTTVAR = 3/4 * 53125 + 0 = 39843.75, truncated to 39843
  //                SRTT = 105000
  //                RTO = 105000 + 4 * 39843 = 264372
  RetransmissionTimeout rto(LowMinOptions());
  rto.ObserveRtt(microseconds(100000));
  EXPECT_EQ(rto.rto(), microseconds(300000));

  rto.ObserveRtt(microseconds(180000));
  EXPECT_EQ(rto.rttvar(), microseconds(57500));
  EXPECT_EQ(rto.srtt(), microseconds(110000));
  EXPECT_EQ(rto.rto(), microseconds(340000));

  rto.ObserveRtt(microseconds(70000));
  EXPECT_EQ(rto.rttvar(), microseconds(53125));
  EXPECT_EQ(rto.srtt(), microseconds(105000));
  EXPECT_EQ(rto.rto(), microseconds(317500));

  rto.ObserveRtt(microseconds(105000));
  EXPECT_EQ(rto.rttvar(), microseconds(39843));
  EXPECT_EQ(rto.srtt(), microseconds(105000));
  EXPECT_EQ(rto.rto(), microseconds(264372));
}

TEST(RetransmissionTimeoutTest, RoundsUpToRtoMin) {
  // Section 6.3.1 rule C6: R = 100 ms gives 300 ms, below RTO.Min = 1 s.
  // SRTT and RTTVAR keep their own values.
  RetransmissionTimeout rto(RetransmissionTimeout::Options{});
  rto.ObserveRtt(milliseconds(100));
  EXPECT_EQ(rto.rto(), seconds(1));
  EXPECT_EQ(rto.srtt(), milliseconds(100));
  EXPECT_EQ(rto.rttvar(), milliseconds(50));
}

TEST(RetransmissionTimeoutTest, CapsAtRtoMax) {
  // Section 6.3.1 rule C7: R = 30 s gives 30 + 4 * 15 = 90 s, capped at
  // RTO.Max = 60 s.
  RetransmissionTimeout rto(RetransmissionTimeout::Options{});
  rto.ObserveRtt(seconds(30));
  EXPECT_EQ(rto.rto(), seconds(60));
  // R' = 2 s: RTTVAR = 3/4 * 15 + 1/4 * 28 = 18.25 s, SRTT = 7/8 * 30 +
  // 1/8 * 2 = 26.5 s, RTO = 26.5 + 73 = 99.5 s, still capped.
  rto.ObserveRtt(seconds(2));
  EXPECT_EQ(rto.rttvar(), milliseconds(18250));
  EXPECT_EQ(rto.srtt(), milliseconds(26500));
  EXPECT_EQ(rto.rto(), seconds(60));
}

TEST(RetransmissionTimeoutTest, ZeroRttvarOnFirstMeasurementBecomesG) {
  // Section 6.3.1 rule G1: R = 1 us gives RTTVAR = 1/2 us = 0 in
  // microseconds, so RTTVAR = G = 2 ms and RTO = 1 us + 4 * 2 ms = 8001 us.
  RetransmissionTimeout::Options options;
  options.rto_min = milliseconds(1);
  options.clock_granularity = milliseconds(2);
  RetransmissionTimeout rto(options);
  rto.ObserveRtt(microseconds(1));
  EXPECT_EQ(rto.rttvar(), milliseconds(2));
  EXPECT_EQ(rto.rto(), microseconds(8001));
}

TEST(RetransmissionTimeoutTest, ZeroRttvarOnLaterMeasurementBecomesG) {
  // Section 6.3.1 rule G1 after rule C3: R = 3 us gives SRTT = 3 us and
  // RTTVAR = 1 us; R' = 3 us gives RTTVAR = (3 * 1 + 0) / 4 = 0 us, so
  // RTTVAR = G = 2 ms and RTO = 3 us + 8 ms = 8003 us.
  RetransmissionTimeout::Options options;
  options.rto_min = milliseconds(1);
  options.clock_granularity = milliseconds(2);
  RetransmissionTimeout rto(options);
  rto.ObserveRtt(microseconds(3));
  EXPECT_EQ(rto.rttvar(), microseconds(1));
  rto.ObserveRtt(microseconds(3));
  EXPECT_EQ(rto.rttvar(), milliseconds(2));
  EXPECT_EQ(rto.srtt(), microseconds(3));
  EXPECT_EQ(rto.rto(), microseconds(8003));
}

TEST(RetransmissionTimeoutTest, BackOffDoublesUpToRtoMax) {
  // Section 6.3.3 rule E2 from RTO.Initial = 1 s, bounded by RTO.Max = 60 s
  // (rule C7): 1, 2, 4, 8, 16, 32, then 60 instead of 64, and 60 again.
  RetransmissionTimeout rto(RetransmissionTimeout::Options{});
  for (const int expected : {2, 4, 8, 16, 32, 60, 60}) {
    rto.BackOff();
    EXPECT_EQ(rto.rto(), seconds(expected));
  }
  EXPECT_FALSE(rto.has_measurement());
}

TEST(RetransmissionTimeoutTest, BackOffDoublesAMeasuredRto) {
  // Rule E2 on a measured RTO of 300 ms (R = 100 ms): 600 ms, then 1200 ms.
  // The back-off leaves SRTT and RTTVAR alone.
  RetransmissionTimeout rto(LowMinOptions());
  rto.ObserveRtt(milliseconds(100));
  rto.BackOff();
  EXPECT_EQ(rto.rto(), milliseconds(600));
  rto.BackOff();
  EXPECT_EQ(rto.rto(), milliseconds(1200));
  EXPECT_EQ(rto.srtt(), milliseconds(100));
  EXPECT_EQ(rto.rttvar(), milliseconds(50));
}

TEST(RetransmissionTimeoutTest, BackOffCapIsExactForAnOddRtoMax) {
  // Rule E2 with RTO.Max = 3 us: 1 us doubles to 2 us, then 4 us is capped to 3.
  RetransmissionTimeout::Options options;
  options.rto_initial = microseconds(1);
  options.rto_min = microseconds(1);
  options.rto_max = microseconds(3);
  RetransmissionTimeout rto(options);
  rto.BackOff();
  EXPECT_EQ(rto.rto(), microseconds(2));
  rto.BackOff();
  EXPECT_EQ(rto.rto(), microseconds(3));
}

TEST(RetransmissionTimeoutTest, NewMeasurementCollapsesTheBackOff) {
  // Section 6.3.3: after retransmitting, the next measurement recomputes RTO
  // by rule C3, "collapsing" the doubled value. R = 100 ms gives 300 ms;
  // two back-offs give 1200 ms; R' = 100 ms gives RTTVAR = 3/4 * 50 +
  // 1/4 * 0 = 37.5 ms, SRTT = 100 ms, RTO = 100 + 150 = 250 ms.
  RetransmissionTimeout rto(LowMinOptions());
  rto.ObserveRtt(milliseconds(100));
  rto.BackOff();
  rto.BackOff();
  ASSERT_EQ(rto.rto(), milliseconds(1200));
  rto.ObserveRtt(milliseconds(100));
  EXPECT_EQ(rto.rttvar(), microseconds(37500));
  EXPECT_EQ(rto.rto(), milliseconds(250));
}

TEST(RetransmissionTimeoutTest, FirstMeasurementAfterBackOffReplacesIt) {
  // Rules E2 then C2 and C6: RTO.Initial 1 s backed off to 8 s, then R =
  // 100 ms computes 300 ms, rounded up to RTO.Min = 1 s.
  RetransmissionTimeout rto(RetransmissionTimeout::Options{});
  rto.BackOff();
  rto.BackOff();
  rto.BackOff();
  ASSERT_EQ(rto.rto(), seconds(8));
  rto.ObserveRtt(milliseconds(100));
  EXPECT_EQ(rto.rto(), seconds(1));
}

TEST(RetransmissionTimeoutTest, NegativeSampleIsIgnored) {
  RetransmissionTimeout rto(LowMinOptions());
  rto.ObserveRtt(milliseconds(-5));
  EXPECT_FALSE(rto.has_measurement());
  EXPECT_EQ(rto.rto(), seconds(1));
  rto.ObserveRtt(milliseconds(100));
  rto.ObserveRtt(milliseconds(-5));
  EXPECT_EQ(rto.srtt(), milliseconds(100));
  EXPECT_EQ(rto.rto(), milliseconds(300));
}

TEST(RetransmissionTimeoutDeathTest, RejectsInconsistentOptions) {
  RetransmissionTimeout::Options min_above_initial;
  min_above_initial.rto_min = seconds(2);
  EXPECT_DEATH(RetransmissionTimeout{min_above_initial}, "");
  RetransmissionTimeout::Options initial_above_max;
  initial_above_max.rto_initial = seconds(61);
  EXPECT_DEATH(RetransmissionTimeout{initial_above_max}, "");
  RetransmissionTimeout::Options zero_min;
  zero_min.rto_min = Duration::zero();
  EXPECT_DEATH(RetransmissionTimeout{zero_min}, "");
}

}  // namespace
}  // namespace sctpdp

namespace sctpdp {
namespace {

// Section 16 makes RTO.Alpha and RTO.Beta protocol parameters: with
// alpha = beta = 1/2, SRTT and RTTVAR move halfway to each sample.
TEST(RetransmissionTimeoutTest, AlphaAndBetaAreConfigurable) {
  RetransmissionTimeout::Options options = LowMinOptions();
  options.alpha_shift = 1;
  options.beta_shift = 1;
  RetransmissionTimeout rto(options);
  rto.ObserveRtt(std::chrono::milliseconds(100));  // SRTT 100, RTTVAR 50
  rto.ObserveRtt(std::chrono::milliseconds(200));
  // Rule C3: RTTVAR = (50 + |100 - 200|) / 2 = 75, SRTT = (100 + 200) / 2 = 150.
  EXPECT_EQ(rto.rttvar(), std::chrono::milliseconds(75));
  EXPECT_EQ(rto.srtt(), std::chrono::milliseconds(150));
  EXPECT_EQ(rto.rto(), std::chrono::milliseconds(150 + 4 * 75));
}

}  // namespace
}  // namespace sctpdp
