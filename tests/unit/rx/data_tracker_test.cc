#include "dataplane/sctp/rx/data_tracker.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "dataplane/sctp/packet/chunk/sack_chunk.h"

namespace sctpdp {
namespace {

using std::chrono::milliseconds;
using Blocks = std::vector<std::pair<int, int>>;
using ObserveResult = DataTracker::ObserveResult;
using ForwardTsnResult = DataTracker::ForwardTsnResult;

constexpr TimePoint kT0 = TimePoint(std::chrono::seconds(100));

// A SACK copied out of the views, in plain values gtest can print.
struct Sack {
  uint32_t cum_tsn = 0;
  uint32_t a_rwnd = 0;
  Blocks gaps{};
  std::vector<uint32_t> dups{};
};

Sack TakeSack(DataTracker& tracker, uint32_t a_rwnd = 1500) {
  std::vector<GapAckBlock> gap_storage;
  std::vector<Tsn> dup_storage;
  const SackChunk sack = tracker.CreateSack(a_rwnd, gap_storage, dup_storage);
  Sack out{.cum_tsn = sack.cumulative_tsn_ack.value(), .a_rwnd = sack.a_rwnd};
  for (GapAckBlock block : sack.gap_ack_blocks) out.gaps.emplace_back(block.start, block.end);
  for (Tsn tsn : sack.duplicate_tsns) out.dups.push_back(tsn.value());
  return out;
}

// One packet carrying DATA chunks with these TSNs.
void ReceivePacket(DataTracker& tracker, std::initializer_list<uint32_t> tsns, TimePoint now = kT0,
                   bool immediate_ack = false) {
  for (uint32_t tsn : tsns) tracker.Observe(Tsn(tsn), immediate_ack);
  tracker.ObservePacketEnd(now);
}

// A tracker past the first packet (acknowledged at once, section 5.1) with
// TSNs initial_tsn .. initial_tsn + 9 received and acknowledged.
DataTracker Established(uint32_t initial_tsn = 1000, DataTracker::Options options = {}) {
  DataTracker tracker(Tsn(initial_tsn), options);
  for (uint32_t i = 0; i < 10; ++i) tracker.Observe(Tsn(initial_tsn + i));
  tracker.ObservePacketEnd(kT0);
  TakeSack(tracker);
  return tracker;
}

TEST(DataTrackerTest, CumulativeTsnAckStartsAtInitialTsnMinusOne) {
  // Section 5.1 and section 3.3.4: with nothing received, the peer's
  // Initial TSN minus one.
  EXPECT_EQ(DataTracker(Tsn(1000)).cumulative_tsn_ack(), Tsn(999));
  EXPECT_EQ(DataTracker(Tsn(0)).cumulative_tsn_ack(), Tsn(0xffffffff));
  DataTracker tracker(Tsn(7));
  EXPECT_FALSE(tracker.has_gaps());
  EXPECT_FALSE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), std::nullopt);
  const Sack sack = TakeSack(tracker, 4660);
  EXPECT_EQ(sack.cum_tsn, 6u);
  EXPECT_EQ(sack.a_rwnd, 4660u);
  EXPECT_TRUE(sack.gaps.empty());
  EXPECT_TRUE(sack.dups.empty());
}

TEST(DataTrackerTest, InOrderArrivalAdvancesTheCumulativeTsnAck) {
  // Section 3.3.4: the cumulative TSN ack is the last TSN before a break.
  DataTracker tracker(Tsn(1000));
  for (uint32_t tsn = 1000; tsn < 1100; ++tsn) {
    EXPECT_EQ(tracker.Observe(Tsn(tsn)), ObserveResult::kNew);
    EXPECT_EQ(tracker.cumulative_tsn_ack(), Tsn(tsn));
    EXPECT_FALSE(tracker.has_gaps());
  }
  tracker.ObservePacketEnd(kT0);
  const Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1099u);
  EXPECT_TRUE(sack.gaps.empty());
}

TEST(DataTrackerTest, OutOfOrderArrivalReportsTheRfcExampleGapBlocks) {
  // Section 3.3.4: TSNs 10, 11, 12, 14, 15, 17 received give cumulative TSN
  // ack 12 and blocks 2-3 and 5-5.
  DataTracker tracker(Tsn(10));
  for (uint32_t tsn : {17u, 14u, 10u, 15u, 12u, 11u}) {
    EXPECT_EQ(tracker.Observe(Tsn(tsn)), ObserveResult::kNew) << tsn;
  }
  tracker.ObservePacketEnd(kT0);
  EXPECT_TRUE(tracker.has_gaps());
  const Sack sack = TakeSack(tracker, 4660);
  EXPECT_EQ(sack.cum_tsn, 12u);
  EXPECT_EQ(sack.a_rwnd, 4660u);
  EXPECT_EQ(sack.gaps, (Blocks{{2, 3}, {5, 5}}));
  EXPECT_TRUE(sack.dups.empty());
}

TEST(DataTrackerTest, GapBlocksMergeAsTheGapsFill) {
  // Section 3.3.4: blocks are isolated, so filling the TSN between two
  // blocks makes one block, and filling the first gap moves the cumulative
  // TSN ack over the block that followed it.
  DataTracker tracker = Established(1000);  // cum 1009
  ReceivePacket(tracker, {1011, 1013, 1015, 1017});
  EXPECT_EQ(TakeSack(tracker).gaps, (Blocks{{2, 2}, {4, 4}, {6, 6}, {8, 8}}));
  ReceivePacket(tracker, {1014});
  EXPECT_EQ(TakeSack(tracker).gaps, (Blocks{{2, 2}, {4, 6}, {8, 8}}));
  ReceivePacket(tracker, {1012});
  EXPECT_EQ(TakeSack(tracker).gaps, (Blocks{{2, 6}, {8, 8}}));
  ReceivePacket(tracker, {1018, 1020});
  EXPECT_EQ(TakeSack(tracker).gaps, (Blocks{{2, 6}, {8, 9}, {11, 11}}));
  ReceivePacket(tracker, {1010});
  EXPECT_EQ(tracker.cumulative_tsn_ack(), Tsn(1015));
  Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1015u);
  EXPECT_EQ(sack.gaps, (Blocks{{2, 3}, {5, 5}}));
  ReceivePacket(tracker, {1019, 1016});
  sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1020u);
  EXPECT_TRUE(sack.gaps.empty());
  EXPECT_FALSE(tracker.has_gaps());
}

TEST(DataTrackerTest, ABlockGrowsDownwardsAndUpwards) {
  DataTracker tracker = Established(1000);  // cum 1009
  ReceivePacket(tracker, {1015});
  ReceivePacket(tracker, {1014, 1016, 1013});
  EXPECT_EQ(TakeSack(tracker).gaps, (Blocks{{4, 7}}));
}

TEST(DataTrackerTest, DuplicatesAreReportedInTheNextSackOnly) {
  // Section 3.3.4: TSN 19 received three times is listed twice; after the
  // SACK, one more reception lists it once.
  DataTracker tracker(Tsn(19));
  EXPECT_EQ(tracker.Observe(Tsn(19)), ObserveResult::kNew);
  EXPECT_EQ(tracker.Observe(Tsn(19)), ObserveResult::kDuplicate);
  EXPECT_EQ(tracker.Observe(Tsn(19)), ObserveResult::kDuplicate);
  tracker.ObservePacketEnd(kT0);
  Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 19u);
  EXPECT_EQ(sack.dups, (std::vector<uint32_t>{19, 19}));
  EXPECT_TRUE(TakeSack(tracker).dups.empty());
  ReceivePacket(tracker, {19});
  EXPECT_EQ(TakeSack(tracker).dups, (std::vector<uint32_t>{19}));
}

TEST(DataTrackerTest, TsnsInAGapBlockAndBelowTheCumulativeAckAreDuplicates) {
  DataTracker tracker = Established(1000);  // cum 1009
  ReceivePacket(tracker, {1012, 1013});
  TakeSack(tracker);
  EXPECT_EQ(tracker.Observe(Tsn(1013)), ObserveResult::kDuplicate);
  EXPECT_EQ(tracker.Observe(Tsn(1012)), ObserveResult::kDuplicate);
  EXPECT_EQ(tracker.Observe(Tsn(1009)), ObserveResult::kDuplicate);
  EXPECT_EQ(tracker.Observe(Tsn(1000)), ObserveResult::kDuplicate);
  tracker.ObservePacketEnd(kT0);
  const Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1009u);
  EXPECT_EQ(sack.gaps, (Blocks{{3, 4}}));
  EXPECT_EQ(sack.dups, (std::vector<uint32_t>{1013, 1012, 1009, 1000}));
}

TEST(DataTrackerTest, FirstDataIsAcknowledgedImmediately) {
  // Section 5.1: the first DATA chunk of the association is acknowledged at
  // once.
  DataTracker tracker(Tsn(1000));
  ReceivePacket(tracker, {1000});
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), std::nullopt);
}

TEST(DataTrackerTest, EverySecondPacketIsAcknowledged) {
  // Section 6.2: at least every second packet, not every second DATA chunk.
  DataTracker tracker = Established(1000);
  ReceivePacket(tracker, {1010, 1011, 1012}, kT0);
  EXPECT_FALSE(tracker.ShouldSendAck());
  ASSERT_TRUE(tracker.delayed_ack_deadline().has_value());
  ReceivePacket(tracker, {1013}, kT0 + milliseconds(1));
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), std::nullopt);
  EXPECT_EQ(TakeSack(tracker).cum_tsn, 1013u);
  // The SACK restarts the count.
  EXPECT_FALSE(tracker.ShouldSendAck());
  ReceivePacket(tracker, {1014}, kT0 + milliseconds(2));
  EXPECT_FALSE(tracker.ShouldSendAck());
  ReceivePacket(tracker, {1015}, kT0 + milliseconds(3));
  EXPECT_TRUE(tracker.ShouldSendAck());
}

TEST(DataTrackerTest, ASackEveryPacketWhenConfigured) {
  DataTracker tracker = Established(1000, {.sack_every_n_packets = 1});
  ReceivePacket(tracker, {1010});
  EXPECT_TRUE(tracker.ShouldSendAck());
}

TEST(DataTrackerTest, DelayedAckIsDueAfterSackDelay) {
  // Section 6.2 and section 16: within SACK.Delay (200 ms) of the arrival of
  // an unacknowledged DATA chunk.
  DataTracker tracker = Established(1000);
  ReceivePacket(tracker, {1010}, kT0);
  EXPECT_FALSE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), kT0 + milliseconds(200));
  tracker.HandleDelayedAckTimeout(kT0 + milliseconds(199));
  EXPECT_FALSE(tracker.ShouldSendAck());
  tracker.HandleDelayedAckTimeout(kT0 + milliseconds(200));
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), std::nullopt);
  EXPECT_EQ(TakeSack(tracker).cum_tsn, 1010u);
  EXPECT_FALSE(tracker.ShouldSendAck());
  // A timeout with nothing pending does nothing.
  tracker.HandleDelayedAckTimeout(kT0 + milliseconds(500));
  EXPECT_FALSE(tracker.ShouldSendAck());
}

TEST(DataTrackerTest, ASackBundledWithDataCancelsTheDelayedAck) {
  // Section 6.1: a pending acknowledgement may go out with outgoing DATA;
  // that SACK counts, so neither the timer nor the packet count remain.
  DataTracker tracker = Established(1000);
  ReceivePacket(tracker, {1010}, kT0);
  ASSERT_TRUE(tracker.delayed_ack_deadline().has_value());
  EXPECT_EQ(TakeSack(tracker).cum_tsn, 1010u);
  EXPECT_EQ(tracker.delayed_ack_deadline(), std::nullopt);
  tracker.HandleDelayedAckTimeout(kT0 + milliseconds(200));
  EXPECT_FALSE(tracker.ShouldSendAck());
  ReceivePacket(tracker, {1011}, kT0 + milliseconds(300));
  EXPECT_FALSE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), kT0 + milliseconds(500));
}

TEST(DataTrackerTest, SackDelayIsConfigurableButNeverAbove500Ms) {
  // Section 6.2: 'SACK.Delay' MAY be lowered but MUST NOT exceed 500 ms.
  DataTracker fast = Established(1000, {.delayed_ack_timeout = milliseconds(50)});
  ReceivePacket(fast, {1010}, kT0);
  EXPECT_EQ(fast.delayed_ack_deadline(), kT0 + milliseconds(50));
  DataTracker slow = Established(1000, {.delayed_ack_timeout = milliseconds(2000)});
  ReceivePacket(slow, {1010}, kT0);
  EXPECT_EQ(slow.delayed_ack_deadline(), kT0 + milliseconds(500));
}

TEST(DataTrackerTest, NoMoreThanEverySecondPacketMayGoUnacknowledged) {
  // Section 6.2: asking for fewer SACKs than every second packet is clamped.
  DataTracker tracker = Established(1000, {.sack_every_n_packets = 5});
  ReceivePacket(tracker, {1010});
  EXPECT_FALSE(tracker.ShouldSendAck());
  ReceivePacket(tracker, {1011});
  EXPECT_TRUE(tracker.ShouldSendAck());
}

TEST(DataTrackerTest, AGapIsReportedImmediatelyAndAfterEveryPacketUntilFilled) {
  // Section 6.7: a detected gap is reported at once, and a SACK follows each
  // packet that does not fill it.
  DataTracker tracker = Established(1000);  // cum 1009
  ReceivePacket(tracker, {1011});
  EXPECT_TRUE(tracker.ShouldSendAck());
  Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1009u);
  EXPECT_EQ(sack.gaps, (Blocks{{2, 2}}));
  ReceivePacket(tracker, {1012});
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(TakeSack(tracker).gaps, (Blocks{{2, 3}}));
}

TEST(DataTrackerTest, FillingAGapIsAcknowledgedImmediately) {
  // Section 6.2 follows RFC 5681 section 4.2: a packet that fills a gap is
  // acknowledged at once, even when no gap remains and it is the first
  // packet since the last SACK.
  DataTracker tracker = Established(1000);  // cum 1009
  ReceivePacket(tracker, {1011});
  TakeSack(tracker);
  ReceivePacket(tracker, {1010});
  EXPECT_FALSE(tracker.has_gaps());
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(TakeSack(tracker).cum_tsn, 1011u);
}

TEST(DataTrackerTest, FillingPartOfAGapIsAcknowledgedImmediately) {
  DataTracker tracker = Established(1000);  // cum 1009
  ReceivePacket(tracker, {1010, 1015});
  TakeSack(tracker);
  ReceivePacket(tracker, {1012});
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(TakeSack(tracker).gaps, (Blocks{{2, 2}, {5, 5}}));
}

TEST(DataTrackerTest, ADuplicateIsAcknowledgedImmediately) {
  // Section 6.2: a packet with only duplicate DATA MUST be acknowledged at
  // once (with new DATA too, as the MAY permits).
  DataTracker tracker = Established(1000);
  ReceivePacket(tracker, {1005});
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(TakeSack(tracker).dups, (std::vector<uint32_t>{1005}));
  ReceivePacket(tracker, {1010, 1010});
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(TakeSack(tracker).dups, (std::vector<uint32_t>{1010}));
}

TEST(DataTrackerTest, TheIBitIsAcknowledgedImmediately) {
  // Section 6.2 and section 3.3.1: the receiver SHOULD NOT delay the SACK for
  // a DATA chunk with the I bit set.
  DataTracker tracker = Established(1000);
  ReceivePacket(tracker, {1010}, kT0, /*immediate_ack=*/true);
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), std::nullopt);
  // Only the packet carrying it.
  TakeSack(tracker);
  ReceivePacket(tracker, {1011});
  EXPECT_FALSE(tracker.ShouldSendAck());
}

TEST(DataTrackerTest, ForceImmediateSackMakesTheAckDue) {
  // Section 4 note 4 and section 9.2: in SHUTDOWN-SENT every packet with
  // DATA is acknowledged without delay; the association asks for it.
  DataTracker tracker = Established(1000);
  ReceivePacket(tracker, {1010});
  ASSERT_FALSE(tracker.ShouldSendAck());
  tracker.ForceImmediateSack();
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), std::nullopt);
  EXPECT_EQ(TakeSack(tracker).cum_tsn, 1010u);
  // A packet arriving while the forced SACK is still unsent starts no timer.
  tracker.ForceImmediateSack();
  ReceivePacket(tracker, {1011});
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), std::nullopt);
}

TEST(DataTrackerTest, APacketWithoutDataChangesNothing) {
  // Section 6.2: only packets with DATA count towards the acknowledgement.
  DataTracker tracker = Established(1000);
  ReceivePacket(tracker, {1010});
  tracker.ObservePacketEnd(kT0);
  tracker.ObservePacketEnd(kT0);
  EXPECT_FALSE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), kT0 + milliseconds(200));
}

TEST(DataTrackerTest, ForwardTsnMovesTheCumulativeAckAndFurther) {
  // RFC 3758 section 3.6 example: cumulative TSN 102, 103 missing, 104 and
  // 105 received, 106 missing, 107 received; FORWARD TSN 103 moves the point
  // to 103 and then on to 105.
  DataTracker tracker(Tsn(100));
  ReceivePacket(tracker, {100, 101, 102, 104, 105, 107});
  TakeSack(tracker);
  EXPECT_EQ(tracker.HandleForwardTsn(Tsn(103)), ForwardTsnResult::kAdvanced);
  EXPECT_EQ(tracker.cumulative_tsn_ack(), Tsn(105));
  tracker.ObservePacketEnd(kT0);
  EXPECT_TRUE(tracker.ShouldSendAck());
  const Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 105u);
  EXPECT_EQ(sack.gaps, (Blocks{{2, 2}}));
}

TEST(DataTrackerTest, ForwardTsnPastAllBlocksStopsReportingThem) {
  // RFC 3758 section 3.6: no missing TSN at or below the new cumulative TSN
  // point is reported any more.
  DataTracker tracker = Established(1000);  // cum 1009
  ReceivePacket(tracker, {1012, 1014, 1015, 1020});
  TakeSack(tracker);
  EXPECT_EQ(tracker.HandleForwardTsn(Tsn(1016)), ForwardTsnResult::kAdvanced);
  tracker.ObservePacketEnd(kT0);
  Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1016u);
  EXPECT_EQ(sack.gaps, (Blocks{{4, 4}}));
  // Skipping the last gap changes the report as filling it would (RFC 5681
  // section 4.2): acknowledged at once.
  EXPECT_EQ(tracker.HandleForwardTsn(Tsn(1020)), ForwardTsnResult::kAdvanced);
  tracker.ObservePacketEnd(kT0);
  EXPECT_TRUE(tracker.ShouldSendAck());
  sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1020u);
  EXPECT_TRUE(sack.gaps.empty());
  EXPECT_FALSE(tracker.has_gaps());
}

TEST(DataTrackerTest, ForwardTsnFollowsTheDelayedAckRules) {
  // RFC 3758 section 3.6: for the SACK, a FORWARD TSN counts as a received
  // DATA chunk: without gaps involved, it is acknowledged like in-order data.
  DataTracker tracker = Established(1000);  // cum 1009
  EXPECT_EQ(tracker.HandleForwardTsn(Tsn(1012)), ForwardTsnResult::kAdvanced);
  tracker.ObservePacketEnd(kT0);
  EXPECT_FALSE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.delayed_ack_deadline(), kT0 + milliseconds(200));
  EXPECT_EQ(tracker.HandleForwardTsn(Tsn(1014)), ForwardTsnResult::kAdvanced);
  tracker.ObservePacketEnd(kT0 + milliseconds(1));
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(TakeSack(tracker).cum_tsn, 1014u);
}

TEST(DataTrackerTest, OutOfDateForwardTsnIsIgnoredAndAcknowledged) {
  // RFC 3758 section 3.6: a New Cumulative TSN at or behind the point MUST
  // NOT move it, and a SACK SHOULD be sent (the last one may have been lost).
  DataTracker tracker = Established(1000);  // cum 1009
  EXPECT_EQ(tracker.HandleForwardTsn(Tsn(1009)), ForwardTsnResult::kOutOfDate);
  tracker.ObservePacketEnd(kT0);
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(TakeSack(tracker).cum_tsn, 1009u);
  ReceivePacket(tracker, {1012});
  TakeSack(tracker);
  EXPECT_EQ(tracker.HandleForwardTsn(Tsn(1003)), ForwardTsnResult::kOutOfDate);
  tracker.ObservePacketEnd(kT0);
  const Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1009u);
  EXPECT_EQ(sack.gaps, (Blocks{{3, 3}}));
}

TEST(DataTrackerTest, ASkippedTsnArrivingLateIsADuplicate) {
  // RFC 3758 section 3.6: a skipped TSN that still arrives is handled as a
  // duplicate and reported in the next SACK.
  DataTracker tracker = Established(1000);  // cum 1009
  tracker.HandleForwardTsn(Tsn(1012));
  tracker.ObservePacketEnd(kT0);
  TakeSack(tracker);
  EXPECT_EQ(tracker.Observe(Tsn(1011)), ObserveResult::kDuplicate);
  tracker.ObservePacketEnd(kT0);
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(TakeSack(tracker).dups, (std::vector<uint32_t>{1011}));
}

TEST(DataTrackerTest, ForwardTsnTooFarAheadIsRejected) {
  DataTracker tracker = Established(1000);  // cum 1009
  EXPECT_EQ(tracker.HandleForwardTsn(Tsn(1009 + 0x10000)), ForwardTsnResult::kInvalid);
  EXPECT_EQ(tracker.cumulative_tsn_ack(), Tsn(1009));
  tracker.ObservePacketEnd(kT0);
  EXPECT_TRUE(tracker.ShouldSendAck());
  EXPECT_EQ(tracker.HandleForwardTsn(Tsn(1009 + 0xffff)), ForwardTsnResult::kAdvanced);
  EXPECT_EQ(tracker.cumulative_tsn_ack(), Tsn(1009 + 0xffff));
}

TEST(DataTrackerTest, TsnsWrapAroundAfter0xffffffff) {
  // Section 1.6 and RFC 1982: TSN 0 follows 0xffffffff.
  DataTracker tracker(Tsn(0xfffffffe));
  EXPECT_EQ(tracker.Observe(Tsn(0xfffffffe)), ObserveResult::kNew);
  EXPECT_EQ(tracker.Observe(Tsn(0)), ObserveResult::kNew);
  EXPECT_EQ(tracker.Observe(Tsn(1)), ObserveResult::kNew);
  EXPECT_EQ(tracker.Observe(Tsn(3)), ObserveResult::kNew);
  tracker.ObservePacketEnd(kT0);
  Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 0xfffffffeu);
  EXPECT_EQ(sack.gaps, (Blocks{{2, 3}, {5, 5}}));
  EXPECT_EQ(tracker.Observe(Tsn(0xffffffff)), ObserveResult::kNew);
  EXPECT_EQ(tracker.Observe(Tsn(0xfffffffd)), ObserveResult::kDuplicate);
  tracker.ObservePacketEnd(kT0);
  sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1u);
  EXPECT_EQ(sack.gaps, (Blocks{{2, 2}}));
  EXPECT_EQ(sack.dups, (std::vector<uint32_t>{0xfffffffd}));
}

TEST(DataTrackerTest, ForwardTsnAcrossTheWrap) {
  DataTracker tracker(Tsn(0xfffffff0));
  ReceivePacket(tracker, {0xfffffff0, 2});
  TakeSack(tracker);
  EXPECT_EQ(tracker.HandleForwardTsn(Tsn(1)), ForwardTsnResult::kAdvanced);
  EXPECT_EQ(tracker.cumulative_tsn_ack(), Tsn(2));
  EXPECT_FALSE(tracker.has_gaps());
}

TEST(DataTrackerTest, TsnsTooFarFromTheCumulativeAckAreRejected) {
  // Gap ack block offsets are 16 bits (section 3.3.4): a TSN more than
  // 65535 above the cumulative TSN ack could never be reported, and TSNs
  // that far either way are not from a conforming sender.
  DataTracker tracker = Established(1000);  // cum 1009
  EXPECT_TRUE(tracker.IsTsnValid(Tsn(1009 + 0xffff)));
  EXPECT_FALSE(tracker.IsTsnValid(Tsn(1009 + 0x10000)));
  EXPECT_TRUE(tracker.IsTsnValid(Tsn(1009 - 0xffff)));
  EXPECT_FALSE(tracker.IsTsnValid(Tsn(1009 - 0x10000)));
  EXPECT_FALSE(tracker.IsTsnValid(Tsn(1009 + 0x80000000u)));
  EXPECT_EQ(tracker.Observe(Tsn(1009 + 0x10000)), ObserveResult::kInvalid);
  EXPECT_EQ(tracker.Observe(Tsn(1009 + 0x80000000u)), ObserveResult::kInvalid);
  EXPECT_EQ(tracker.Observe(Tsn(1009 - 0x10000)), ObserveResult::kInvalid);
  tracker.ObservePacketEnd(kT0);
  // Section 6.2: dropped DATA is answered at once, without the dropped TSNs.
  EXPECT_TRUE(tracker.ShouldSendAck());
  const Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1009u);
  EXPECT_TRUE(sack.gaps.empty());
  EXPECT_TRUE(sack.dups.empty());
  // The farthest valid TSN gives the largest block offset.
  EXPECT_EQ(tracker.Observe(Tsn(1009 + 0xffff)), ObserveResult::kNew);
  tracker.ObservePacketEnd(kT0);
  EXPECT_EQ(TakeSack(tracker).gaps, (Blocks{{0xffff, 0xffff}}));
}

TEST(DataTrackerTest, TheAcceptedDistanceCanBeNarrowed) {
  DataTracker tracker = Established(1000, {.max_tsn_distance = 100});  // cum 1009
  EXPECT_TRUE(tracker.IsTsnValid(Tsn(1109)));
  EXPECT_FALSE(tracker.IsTsnValid(Tsn(1110)));
  EXPECT_EQ(tracker.Observe(Tsn(1110)), ObserveResult::kInvalid);
  EXPECT_EQ(tracker.Observe(Tsn(1109)), ObserveResult::kNew);
  // The window slides with the cumulative TSN ack.
  tracker.HandleForwardTsn(Tsn(1050));
  EXPECT_TRUE(tracker.IsTsnValid(Tsn(1150)));
  EXPECT_FALSE(tracker.IsTsnValid(Tsn(1151)));
}

TEST(DataTrackerTest, GapBlocksBeyondTheLimitAreLeftOutHighestFirst) {
  // Section 6.7: when not all blocks fit, report them from the lowest TSN and
  // leave the highest unacknowledged.
  DataTracker tracker = Established(1000, {.max_gap_ack_blocks = 3});  // cum 1009
  ReceivePacket(tracker, {1019, 1017, 1015, 1013, 1011});
  EXPECT_EQ(TakeSack(tracker).gaps, (Blocks{{2, 2}, {4, 4}, {6, 6}}));
  ReceivePacket(tracker, {1010});
  const Sack sack = TakeSack(tracker);
  EXPECT_EQ(sack.cum_tsn, 1011u);
  EXPECT_EQ(sack.gaps, (Blocks{{2, 2}, {4, 4}, {6, 6}}));
}

TEST(DataTrackerTest, DuplicatesBeyondTheLimitAreNotListed) {
  DataTracker tracker = Established(1000, {.max_duplicate_tsns = 2});
  ReceivePacket(tracker, {1001, 1002, 1003});
  EXPECT_EQ(TakeSack(tracker).dups, (std::vector<uint32_t>{1001, 1002}));
  ReceivePacket(tracker, {1004});
  EXPECT_EQ(TakeSack(tracker).dups, (std::vector<uint32_t>{1004}));
}

TEST(DataTrackerTest, DefaultLimitsFitOneSackInAMinimumIpv6Packet) {
  // Section 6.7: as many blocks as fit the PMTU; the defaults keep a full
  // SACK plus the common header within 1280 - 40 (IPv6) - 8 (UDP) bytes.
  DataTracker tracker = Established(1000);  // cum 1009
  for (uint32_t i = 0; i < 300; ++i) tracker.Observe(Tsn(1011 + 2 * i));
  for (uint32_t i = 0; i < 40; ++i) tracker.Observe(Tsn(1000 + i % 10));
  tracker.ObservePacketEnd(kT0);
  std::vector<GapAckBlock> gaps;
  std::vector<Tsn> dups;
  const SackChunk sack = tracker.CreateSack(1500, gaps, dups);
  EXPECT_EQ(sack.gap_ack_blocks.size(), DataTracker::kDefaultMaxGapAckBlocks);
  EXPECT_EQ(sack.duplicate_tsns.size(), DataTracker::kDefaultMaxDuplicateTsns);
  EXPECT_LE(12 + sack.WireSize(), 1280u - 40u - 8u);
}

TEST(DataTrackerTest, ListLimitsAreClampedToOneSackChunk) {
  // Section 3.3.4: the chunk length is 16 bits, which bounds both lists
  // together.
  DataTracker tracker =
      Established(1000, {.max_gap_ack_blocks = 100000, .max_duplicate_tsns = 100000});
  for (uint32_t i = 0; i < 17000; ++i) tracker.Observe(Tsn(1011 + 2 * i));
  tracker.Observe(Tsn(1000));
  tracker.ObservePacketEnd(kT0);
  std::vector<GapAckBlock> gaps;
  std::vector<Tsn> dups;
  const SackChunk sack = tracker.CreateSack(1500, gaps, dups);
  EXPECT_EQ(sack.gap_ack_blocks.size(), DataTracker::kMaxSackListEntries);
  EXPECT_EQ(sack.duplicate_tsns.size(), 0u);
  EXPECT_LE(sack.WireSize(), 0xffffu);
  EXPECT_EQ(sack.gap_ack_blocks[DataTracker::kMaxSackListEntries - 1].start,
            2 * DataTracker::kMaxSackListEntries);
}

TEST(DataTrackerTest, TheSackSerializesAndParsesBack) {
  // Section 3.3.4: the views built by CreateSack give the wire chunk.
  DataTracker tracker = Established(1000);
  ReceivePacket(tracker, {1012, 1013, 1016, 1005});
  std::vector<GapAckBlock> gaps;
  std::vector<Tsn> dups;
  const SackChunk sack = tracker.CreateSack(65536, gaps, dups);
  std::vector<uint8_t> bytes(sack.WireSize());
  sack.SerializeTo(bytes);
  const std::vector<uint8_t> expected = {
      0x03, 0x00, 0x00, 0x1c,  // type 3, flags, length 28
      0x00, 0x00, 0x03, 0xf1,  // cumulative TSN ack 1009
      0x00, 0x01, 0x00, 0x00,  // a_rwnd 65536
      0x00, 0x02, 0x00, 0x01,  // 2 gap blocks, 1 duplicate
      0x00, 0x03, 0x00, 0x04,  // 1012-1013
      0x00, 0x07, 0x00, 0x07,  // 1016
      0x00, 0x00, 0x03, 0xed,  // duplicate 1005
  };
  EXPECT_EQ(bytes, expected);
  ParseResult<SackChunk> parsed = SackChunk::Parse(bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.value(), sack);
}

TEST(DataTrackerTest, ReusedStorageIsNotReallocated) {
  DataTracker tracker = Established(1000);
  std::vector<GapAckBlock> gaps;
  std::vector<Tsn> dups;
  ReceivePacket(tracker, {1012, 1003});
  tracker.CreateSack(1500, gaps, dups);
  const GapAckBlock* gap_data = gaps.data();
  const Tsn* dup_data = dups.data();
  ReceivePacket(tracker, {1014, 1016, 1018, 1004, 1005});
  const SackChunk sack = tracker.CreateSack(1500, gaps, dups);
  EXPECT_EQ(gaps.data(), gap_data);
  EXPECT_EQ(dups.data(), dup_data);
  EXPECT_EQ(sack.gap_ack_blocks.size(), 4u);
  EXPECT_EQ(sack.duplicate_tsns.size(), 2u);
}

TEST(DataTrackerTest, ToStringShowsTheState) {
  DataTracker tracker(Tsn(10));
  ReceivePacket(tracker, {10, 11, 12, 14, 15, 17});
  TakeSack(tracker);
  EXPECT_EQ(tracker.ToString(),
            "DataTracker cum_tsn=12 received=[14-15,17-17] dups=[] packets=0 ack=idle");
  tracker.Observe(Tsn(11));
  tracker.Observe(Tsn(19));
  tracker.ObservePacketEnd(kT0);
  EXPECT_EQ(tracker.ToString(),
            "DataTracker cum_tsn=12 received=[14-15,17-17,19-19] dups=[11] packets=1 ack=now");
}

// Reference model: the set of received TSNs above the cumulative ack, as
// plain 64-bit offsets from the initial TSN.
class Model {
 public:
  explicit Model(uint32_t initial_tsn) : initial_tsn_(initial_tsn) {}

  Tsn ToTsn(int64_t offset) const { return Tsn(static_cast<uint32_t>(initial_tsn_ + offset)); }
  int64_t cum() const { return cum_; }

  ObserveResult Observe(int64_t offset) {
    if (offset - cum_ > 0xffff || cum_ - offset > 0xffff) return ObserveResult::kInvalid;
    if (offset <= cum_ || !above_.insert(offset).second) {
      dups_.push_back(ToTsn(offset).value());
      return ObserveResult::kDuplicate;
    }
    Advance();
    return ObserveResult::kNew;
  }

  void ForwardTsn(int64_t offset) {
    if (offset <= cum_) return;
    cum_ = offset;
    above_.erase(above_.begin(), above_.upper_bound(cum_));
    Advance();
  }

  bool has_gaps() const { return !above_.empty(); }

  Blocks GapBlocks(size_t limit) const {
    Blocks blocks;
    for (int64_t offset : above_) {
      const int rel = static_cast<int>(offset - cum_);
      if (!blocks.empty() && blocks.back().second == rel - 1) {
        blocks.back().second = rel;
      } else if (blocks.size() < limit) {
        blocks.emplace_back(rel, rel);
      } else {
        break;
      }
    }
    return blocks;
  }

  std::vector<uint32_t> TakeDups(size_t limit) {
    std::vector<uint32_t> dups = std::move(dups_);
    dups_.clear();
    if (dups.size() > limit) dups.resize(limit);
    return dups;
  }

 private:
  void Advance() {
    while (!above_.empty() && *above_.begin() == cum_ + 1) {
      cum_ = *above_.begin();
      above_.erase(above_.begin());
    }
  }

  uint32_t initial_tsn_;
  int64_t cum_ = -1;
  std::set<int64_t> above_;
  std::vector<uint32_t> dups_;
};

TEST(DataTrackerTest, MatchesASetModelOver100kRandomArrivals) {
  // Starts just before the wrap so that the run crosses 0xffffffff.
  constexpr uint32_t kInitialTsn = 0xffffffff - 500;
  const DataTracker::Options options{.max_gap_ack_blocks = 8, .max_duplicate_tsns = 4};
  DataTracker tracker(Tsn(kInitialTsn), options);
  Model model(kInitialTsn);
  std::mt19937 rng(20240611);
  std::vector<GapAckBlock> gap_storage;
  std::vector<Tsn> dup_storage;
  TimePoint now = kT0;
  int arrivals = 0;
  int sacks = 0;
  int invalid = 0;
  while (arrivals < 100000) {
    const int chunks = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int c = 0; c < chunks; ++c, ++arrivals) {
      const int kind = std::uniform_int_distribution<int>(0, 999)(rng);
      int64_t offset;
      if (kind < 200) {
        offset = model.cum() + 1;  // the missing TSN, so the window moves
      } else if (kind < 995) {
        offset = model.cum() + std::uniform_int_distribution<int64_t>(-10, 60)(rng);
      } else if (kind < 998) {
        offset = model.cum() + std::uniform_int_distribution<int64_t>(0xffff, 0x30000)(rng);
      } else {
        offset = model.cum() - std::uniform_int_distribution<int64_t>(0xffff, 0x30000)(rng);
      }
      const ObserveResult expected = model.Observe(offset);
      if (expected == ObserveResult::kInvalid) ++invalid;
      ASSERT_EQ(tracker.Observe(model.ToTsn(offset)), expected) << "arrival " << arrivals;
      ASSERT_EQ(tracker.cumulative_tsn_ack(), model.ToTsn(model.cum()));
    }
    if (std::uniform_int_distribution<int>(0, 99)(rng) == 0) {
      const int64_t offset = model.cum() + std::uniform_int_distribution<int64_t>(-5, 30)(rng);
      model.ForwardTsn(offset);
      tracker.HandleForwardTsn(model.ToTsn(offset));
      ASSERT_EQ(tracker.cumulative_tsn_ack(), model.ToTsn(model.cum()));
    }
    now += milliseconds(1);
    tracker.ObservePacketEnd(now);
    ASSERT_EQ(tracker.has_gaps(), model.has_gaps());
    // Section 6.7: a SACK after every packet while gaps remain.
    if (model.has_gaps()) {
      ASSERT_TRUE(tracker.ShouldSendAck());
    }
    tracker.HandleDelayedAckTimeout(now);
    if (tracker.ShouldSendAck() || std::uniform_int_distribution<int>(0, 9)(rng) == 0) {
      const SackChunk sack = tracker.CreateSack(1500, gap_storage, dup_storage);
      ++sacks;
      ASSERT_EQ(sack.cumulative_tsn_ack, model.ToTsn(model.cum()));
      Blocks gaps;
      for (GapAckBlock block : sack.gap_ack_blocks) gaps.emplace_back(block.start, block.end);
      ASSERT_EQ(gaps, model.GapBlocks(options.max_gap_ack_blocks));
      std::vector<uint32_t> dups;
      for (Tsn tsn : sack.duplicate_tsns) dups.push_back(tsn.value());
      ASSERT_EQ(dups, model.TakeDups(options.max_duplicate_tsns));
    }
  }
  // The run crossed the wrap and exercised every path.
  EXPECT_GT(model.cum(), 500);
  EXPECT_GT(invalid, 0);
  EXPECT_GT(sacks, 1000);
}

}  // namespace
}  // namespace sctpdp
