#include "dataplane/sctp/tx/retransmission_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/chunk/gap_ack_block.h"
#include "dataplane/sctp/packet/chunk/sack_chunk.h"

namespace sctpdp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Kind = RetransmissionQueue::SackOutcome::Kind;
using Outcome = RetransmissionQueue::SackOutcome;

// A payload of 84 bytes makes a 100-byte DATA chunk (16-byte header, no
// padding), which keeps the flight size arithmetic readable.
constexpr size_t kPayload = 84;
constexpr size_t kChunk = 100;
constexpr uint32_t kArwnd = 100000;
constexpr uint32_t kInitialTsn = 100;
const PathId kPath0(0);
const PathId kPath1(1);
const TimePoint kT0 = TimePoint(seconds(1000));

struct Gap {
  uint32_t first = 0;  // TSNs, inclusive
  uint32_t last = 0;
};

class RetransmissionQueueTest : public testing::Test {
 protected:
  MessageBodyRef Body(size_t payload_size, OutgoingMessage message = {}) {
    message.payload.assign(payload_size, 0xab);
    return MessageBodyRef::Make(
        MessageBody{.message = std::move(message), .serial = next_serial_++});
  }

  // The bytes [offset, offset + length) of `body` as one fragment.
  static OutgoingFragment Piece(const MessageBodyRef& body, size_t offset, size_t length,
                                bool beginning, bool end) {
    OutgoingFragment fragment;
    fragment.body = body;
    fragment.offset = offset;
    fragment.length = length;
    fragment.stream_id = body->message.stream_id;
    fragment.unordered = body->message.unordered;
    fragment.beginning = beginning;
    fragment.end = end;
    return fragment;
  }
  static OutgoingFragment Whole(const MessageBodyRef& body) {
    return Piece(body, 0, body->message.payload.size(), true, true);
  }

  // Sends a new single-fragment message of kPayload bytes.
  Tsn Send(RetransmissionQueue& queue, PathId path = kPath0, TimePoint at = kT0) {
    return queue.AddSent(at, path, Whole(Body(kPayload)));
  }
  void SendN(RetransmissionQueue& queue, int n, PathId path = kPath0, TimePoint at = kT0) {
    for (int i = 0; i < n; ++i) Send(queue, path, at);
  }

  // A SACK with gap blocks given as absolute TSN ranges.
  static Outcome Sack(RetransmissionQueue& queue, uint32_t cum,
                      std::initializer_list<Gap> gaps = {}, uint32_t a_rwnd = kArwnd,
                      TimePoint now = kT0, bool in_fast_recovery = false,
                      std::initializer_list<uint32_t> duplicates = {}) {
    std::vector<GapAckBlock> blocks;
    for (const Gap& gap : gaps) {
      blocks.push_back(GapAckBlock{.start = static_cast<uint16_t>(gap.first - cum),
                                   .end = static_cast<uint16_t>(gap.last - cum)});
    }
    std::vector<Tsn> dups;
    for (uint32_t tsn : duplicates) dups.push_back(Tsn(tsn));
    return RawSack(queue, cum, blocks, a_rwnd, now, in_fast_recovery, dups);
  }
  static Outcome RawSack(RetransmissionQueue& queue, uint32_t cum,
                         const std::vector<GapAckBlock>& blocks, uint32_t a_rwnd = kArwnd,
                         TimePoint now = kT0, bool in_fast_recovery = false,
                         const std::vector<Tsn>& dups = {}) {
    SackChunk sack;
    sack.cumulative_tsn_ack = Tsn(cum);
    sack.a_rwnd = a_rwnd;
    sack.gap_ack_blocks = WireList<GapAckBlock>(std::span<const GapAckBlock>(blocks));
    sack.duplicate_tsns = WireList<Tsn>(std::span<const Tsn>(dups));
    return queue.HandleSack(now, sack, in_fast_recovery);
  }

  static std::vector<uint32_t> Collect(RetransmissionQueue& queue, size_t max_bytes,
                                       bool fast_only = false, PathId path = kPath0,
                                       TimePoint now = kT0) {
    std::vector<RetransmissionQueue::ChunkToSend> chunks;
    queue.CollectRetransmissions(now, path, max_bytes, fast_only, chunks);
    std::vector<uint32_t> tsns;
    for (const auto& chunk : chunks) tsns.push_back(chunk.tsn.value());
    return tsns;
  }

  static RetransmissionQueue::Options PrOptions(bool interleaving = false) {
    return {.use_interleaving = interleaving, .partial_reliability = true};
  }

  uint64_t next_serial_ = 1;
};

using Tsns = std::vector<uint32_t>;

TEST_F(RetransmissionQueueTest, ChunkSizeIsHeaderPlusPayloadPadded) {
  // RFC 9260 section 3.3.1: a 16-byte DATA header; RFC 8260 section 2.1: a
  // 20-byte I-DATA header; section 3.2: padded to 4 bytes.
  const RetransmissionQueue data(Tsn(1), kArwnd, {});
  const RetransmissionQueue idata(Tsn(1), kArwnd, {.use_interleaving = true});
  auto fragment = [this](size_t length) { return Whole(Body(length)); };
  EXPECT_EQ(data.ChunkSize(fragment(1)), 20u);
  EXPECT_EQ(data.ChunkSize(fragment(4)), 20u);
  EXPECT_EQ(data.ChunkSize(fragment(5)), 24u);
  EXPECT_EQ(data.ChunkSize(fragment(kPayload)), kChunk);
  EXPECT_EQ(idata.ChunkSize(fragment(1)), 24u);
  EXPECT_EQ(idata.ChunkSize(fragment(4)), 24u);
  EXPECT_EQ(idata.ChunkSize(fragment(7)), 28u);
  EXPECT_EQ(idata.ChunkSize(fragment(kPayload)), 104u);
}

TEST_F(RetransmissionQueueTest, AssignsConsecutiveTsnsFromTheInitialTsn) {
  // Section 3.3.1: TSNs start at the initial TSN and go up by one.
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.next_tsn().value(), 100u);
  EXPECT_EQ(queue.cumulative_tsn_ack().value(), 99u);
  EXPECT_EQ(Send(queue).value(), 100u);
  EXPECT_EQ(Send(queue).value(), 101u);
  EXPECT_EQ(Send(queue, kPath1).value(), 102u);
  EXPECT_EQ(queue.next_tsn().value(), 103u);
  EXPECT_FALSE(queue.empty());
  // Section 6.1 rule B: flight size per destination, in chunk bytes.
  EXPECT_EQ(queue.outstanding_bytes(), 3 * kChunk);
  EXPECT_EQ(queue.outstanding_bytes(kPath0), 2 * kChunk);
  EXPECT_EQ(queue.outstanding_bytes(kPath1), kChunk);
  EXPECT_TRUE(queue.has_outstanding(kPath1));
  EXPECT_FALSE(queue.has_outstanding(PathId(2)));
  // Section 6.2.1 B: each transmission reduces the peer's rwnd.
  EXPECT_EQ(queue.peer_rwnd(), kArwnd - 3 * kChunk);
}

TEST_F(RetransmissionQueueTest, CumulativeAckRemovesChunks) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 3);
  Outcome outcome = Sack(queue, 101);
  EXPECT_EQ(outcome.kind, Kind::kProcessed);
  EXPECT_TRUE(outcome.cum_ack_advanced);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 2 * kChunk);
  EXPECT_EQ(outcome.paths[0].flight_size_before, 3 * kChunk);
  EXPECT_FALSE(outcome.paths[0].all_acked);
  EXPECT_EQ(outcome.highest_outstanding_tsn.Wrap().value(), 102u);
  EXPECT_EQ(queue.cumulative_tsn_ack().value(), 101u);
  EXPECT_EQ(queue.outstanding_bytes(), kChunk);
  EXPECT_EQ(queue.peer_rwnd(), kArwnd - kChunk);

  outcome = Sack(queue, 102);
  EXPECT_TRUE(outcome.cum_ack_advanced);
  EXPECT_EQ(outcome.paths[0].bytes_acked, kChunk);
  EXPECT_EQ(outcome.paths[0].flight_size_before, kChunk);
  EXPECT_TRUE(outcome.paths[0].all_acked);
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.outstanding_bytes(), 0u);
  EXPECT_FALSE(queue.has_outstanding(kPath0));

  // The same SACK again acknowledges nothing new.
  outcome = Sack(queue, 102);
  EXPECT_EQ(outcome.kind, Kind::kProcessed);
  EXPECT_FALSE(outcome.cum_ack_advanced);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 0u);
}

TEST_F(RetransmissionQueueTest, GapBlocksAcknowledgeChunksThatStayUntilTheCumulativeAck) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 5);  // 100..104
  // Section 6.2.1: 100 by the cumulative ack, 102-103 by a gap block.
  Outcome outcome = Sack(queue, 100, {{102, 103}});
  EXPECT_EQ(outcome.paths[0].bytes_acked, 3 * kChunk);
  EXPECT_EQ(queue.outstanding_bytes(), 2 * kChunk);  // 101 and 104
  EXPECT_EQ(queue.peer_rwnd(), kArwnd - 2 * kChunk);
  EXPECT_FALSE(queue.empty());
  EXPECT_EQ(queue.next_tsn().value(), 105u);

  // 101 arrives: the cumulative ack passes the gap-acked chunks, which are
  // not acknowledged a second time.
  outcome = Sack(queue, 103);
  EXPECT_EQ(outcome.paths[0].bytes_acked, kChunk);
  EXPECT_EQ(queue.outstanding_bytes(), kChunk);
  EXPECT_EQ(queue.cumulative_tsn_ack().value(), 103u);
}

TEST_F(RetransmissionQueueTest, OverlappingAndUnsortedGapBlocksAreAcceptedOnce) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 8);  // 100..107
  const Outcome outcome = Sack(queue, 99, {{105, 106}, {101, 103}, {102, 102}, {103, 105}});
  EXPECT_EQ(outcome.kind, Kind::kProcessed);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 6 * kChunk);  // 101..106
  EXPECT_EQ(queue.outstanding_bytes(), 2 * kChunk);     // 100 and 107
}

TEST_F(RetransmissionQueueTest, DuplicateTsnsChangeNothing) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 4);
  Sack(queue, 101, {{103, 103}});
  const std::string before = queue.ToString();
  // The same SACK with duplicate reports (section 6.2: the receiver got those
  // TSNs twice) acknowledges nothing more and changes no state.
  const Outcome outcome = Sack(queue, 101, {{103, 103}}, kArwnd, kT0, false, {100, 101, 103});
  EXPECT_EQ(outcome.kind, Kind::kProcessed);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 0u);
  EXPECT_FALSE(outcome.cum_ack_advanced);
  EXPECT_EQ(queue.ToString(), before);
  EXPECT_FALSE(queue.has_chunks_to_retransmit());
}

TEST_F(RetransmissionQueueTest, OutOfDateSackIsIgnored) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 4);
  Sack(queue, 101, {}, 50000);
  EXPECT_EQ(queue.peer_rwnd(), 50000 - 2 * kChunk);
  // Section 6.2.1 D i: a cumulative TSN ack below the current one is an
  // overtaken SACK; its a_rwnd and gaps are ignored.
  const Outcome outcome = Sack(queue, 100, {{102, 103}}, 90000);
  EXPECT_EQ(outcome.kind, Kind::kOutOfDate);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 0u);
  EXPECT_EQ(queue.cumulative_tsn_ack().value(), 101u);
  EXPECT_EQ(queue.outstanding_bytes(), 2 * kChunk);
  EXPECT_EQ(queue.peer_rwnd(), 50000 - 2 * kChunk);
}

TEST_F(RetransmissionQueueTest, SameCumulativeAckWithNewGapsIsProcessed) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 4);
  Sack(queue, 100, {}, 50000);
  // Only a lower cumulative ack is out of date (6.2.1 D i); an equal one
  // brings new gap reports and a new a_rwnd.
  const Outcome outcome = Sack(queue, 100, {{102, 102}}, 60000);
  EXPECT_EQ(outcome.kind, Kind::kProcessed);
  EXPECT_FALSE(outcome.cum_ack_advanced);
  EXPECT_EQ(outcome.paths[0].bytes_acked, kChunk);
  EXPECT_EQ(queue.peer_rwnd(), 60000 - 2 * kChunk);  // 101 and 103 outstanding
}

TEST_F(RetransmissionQueueTest, SackAcknowledgingUnsentTsnsIsInvalid) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 3);  // 100..102
  Sack(queue, 100, {}, 50000);
  const std::string before = queue.ToString();
  // Cumulative ack beyond the highest TSN sent.
  EXPECT_EQ(Sack(queue, 103).kind, Kind::kInvalid);
  // A gap block ending beyond it.
  EXPECT_EQ(Sack(queue, 100, {{102, 103}}).kind, Kind::kInvalid);
  // A valid block next to an invalid one: nothing of it is applied.
  EXPECT_EQ(Sack(queue, 100, {{102, 102}, {104, 104}}, 70000).kind, Kind::kInvalid);
  // Malformed blocks: start after end, or a block at the cumulative ack.
  EXPECT_EQ(RawSack(queue, 100, {GapAckBlock{.start = 2, .end = 1}}).kind, Kind::kInvalid);
  EXPECT_EQ(RawSack(queue, 100, {GapAckBlock{.start = 0, .end = 1}}).kind, Kind::kInvalid);
  EXPECT_EQ(queue.ToString(), before);
  EXPECT_EQ(queue.outstanding_bytes(), 2 * kChunk);
  EXPECT_EQ(queue.peer_rwnd(), 50000 - 2 * kChunk);
  // Gap block end exactly at the highest TSN sent is fine.
  EXPECT_EQ(Sack(queue, 100, {{102, 102}}).kind, Kind::kProcessed);
}

TEST_F(RetransmissionQueueTest, PeerRwndIsArwndLessOutstanding) {
  RetransmissionQueue queue(Tsn(kInitialTsn), 1000, {});
  // Section 6.2.1 A: the a_rwnd of INIT / INIT ACK.
  EXPECT_EQ(queue.peer_rwnd(), 1000u);
  SendN(queue, 4);
  EXPECT_EQ(queue.peer_rwnd(), 600u);  // B: less each chunk sent
  // D ii: a_rwnd less the bytes outstanding after the SACK (101, 103).
  Sack(queue, 100, {{102, 102}}, 800);
  EXPECT_EQ(queue.peer_rwnd(), 600u);
  // An a_rwnd below what is outstanding leaves no window, not a negative one.
  Sack(queue, 100, {{102, 102}}, 150);
  EXPECT_EQ(queue.peer_rwnd(), 0u);
  Sack(queue, 100, {{102, 102}}, 800);
  // C: chunks marked for retransmission go back to the window.
  queue.HandleT3Expiry(kPath0);
  EXPECT_EQ(queue.peer_rwnd(), 800u);
  // B: and a retransmission takes it again.
  EXPECT_EQ(Collect(queue, 1500), (Tsns{101, 103}));
  EXPECT_EQ(queue.peer_rwnd(), 600u);
}

TEST_F(RetransmissionQueueTest, FlightSizeAndAcknowledgementsPerPath) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  Send(queue, kPath0);  // 100
  Send(queue, kPath1);  // 101
  Send(queue, kPath0);  // 102
  Send(queue, kPath1);  // 103
  const Outcome outcome = Sack(queue, 99, {{101, 101}, {103, 103}});
  EXPECT_EQ(outcome.paths[0].flight_size_before, 2 * kChunk);
  EXPECT_EQ(outcome.paths[1].flight_size_before, 2 * kChunk);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 0u);
  EXPECT_EQ(outcome.paths[1].bytes_acked, 2 * kChunk);
  EXPECT_FALSE(outcome.paths[0].all_acked);
  EXPECT_TRUE(outcome.paths[1].all_acked);
  EXPECT_TRUE(outcome.paths[2].all_acked);  // nothing was ever sent there
  EXPECT_EQ(queue.outstanding_bytes(kPath0), 2 * kChunk);
  EXPECT_EQ(queue.outstanding_bytes(kPath1), 0u);
  EXPECT_FALSE(queue.has_outstanding(kPath1));
}

TEST_F(RetransmissionQueueTest, ThreeMissIndicationsMarkForFastRetransmitOnce) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 5);  // 100..104; 100 is lost
  // Section 7.2.4: each SACK newly acknowledging a TSN above 100 is one
  // miss indication for 100; the third marks it.
  Outcome outcome = Sack(queue, 99, {{101, 101}});
  EXPECT_FALSE(outcome.paths[0].fast_retransmit);
  outcome = Sack(queue, 99, {{101, 102}});
  EXPECT_FALSE(outcome.paths[0].fast_retransmit);
  EXPECT_FALSE(queue.has_fast_retransmits());
  outcome = Sack(queue, 99, {{101, 103}});
  EXPECT_TRUE(outcome.paths[0].fast_retransmit);
  EXPECT_TRUE(queue.has_fast_retransmits());
  EXPECT_TRUE(queue.has_chunks_to_retransmit());
  // The marked chunk leaves the flight size (and returns to rwnd, 6.2.1 C).
  EXPECT_EQ(queue.outstanding_bytes(kPath0), kChunk);  // 104
  EXPECT_EQ(queue.ToString(), "RtxQueue cum=99 next=105 outstanding=100 rwnd=99900 rtx=[100]");

  // Step 3: retransmitted at once.
  EXPECT_EQ(Collect(queue, 1000, /*fast_only=*/true), (Tsns{100}));
  EXPECT_FALSE(queue.has_fast_retransmits());
  EXPECT_EQ(queue.outstanding_bytes(kPath0), 2 * kChunk);

  // The retransmission is lost as well. Step 5: never fast retransmitted a
  // second time, however many misses follow; T3-rtx recovers it.
  SendN(queue, 4);  // 105..108
  for (uint32_t last = 104; last <= 108; ++last) {
    outcome = Sack(queue, 99, {{101, last}});
    EXPECT_FALSE(outcome.paths[0].fast_retransmit) << last;
  }
  EXPECT_FALSE(queue.has_chunks_to_retransmit());
  queue.HandleT3Expiry(kPath0);
  EXPECT_EQ(Collect(queue, kChunk), (Tsns{100}));
}

TEST_F(RetransmissionQueueTest, FastRetransmitIsReportedForThePathTheChunkWasLastSentTo) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  Send(queue, kPath1);  // 100, lost
  SendN(queue, 3, kPath0);
  Sack(queue, 99, {{101, 101}});
  Sack(queue, 99, {{101, 102}});
  const Outcome outcome = Sack(queue, 99, {{101, 103}});
  EXPECT_TRUE(outcome.paths[1].fast_retransmit);
  EXPECT_FALSE(outcome.paths[0].fast_retransmit);
  EXPECT_EQ(queue.outstanding_bytes(kPath1), 0u);
  EXPECT_FALSE(outcome.paths[1].all_acked);  // marked, not acknowledged
}

TEST_F(RetransmissionQueueTest, HtnaCountsMissesOnlyBelowTheHighestNewlyAckedTsn) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 7);                                        // 100..106; 100, 103 and 105 are lost
  Sack(queue, 99, {{101, 102}, {104, 104}});              // HTNA 104: 100, 103 miss 1
  Sack(queue, 99, {{101, 102}, {104, 104}, {106, 106}});  // HTNA 106: 100, 103 miss 2; 105 miss 1
  // Nothing newly acknowledged: no HTNA, no miss indications at all.
  Sack(queue, 99, {{101, 102}, {104, 104}, {106, 106}});
  EXPECT_FALSE(queue.has_fast_retransmits());
  // 103 comes as a late original: HTNA 103, so 100 gets its third miss but
  // 105, above the HTNA, does not count one.
  const Outcome outcome = Sack(queue, 99, {{101, 104}, {106, 106}});
  EXPECT_TRUE(outcome.paths[0].fast_retransmit);
  EXPECT_EQ(Collect(queue, 1000, true), (Tsns{100}));
  // 105 is at one miss: two more SACKs with a higher HTNA mark it.
  SendN(queue, 2);  // 107, 108
  Sack(queue, 99, {{101, 104}, {106, 107}});
  EXPECT_FALSE(queue.has_fast_retransmits());
  Sack(queue, 99, {{101, 104}, {106, 108}});
  EXPECT_EQ(Collect(queue, 1000, true), (Tsns{105}));
}

TEST_F(RetransmissionQueueTest, InFastRecoveryACumulativeAdvanceCountsEveryReportedMiss) {
  // Section 7.2.4: in fast recovery, a SACK advancing the cumulative ack
  // counts a miss for every TSN it reports missing, even above the HTNA.
  for (const bool in_fast_recovery : {false, true}) {
    SCOPED_TRACE(in_fast_recovery);
    RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
    SendN(queue, 7);                                        // 100..106; 100, 102, 104 lost
    Sack(queue, 99, {{101, 101}});                          // 100: 1
    Sack(queue, 99, {{101, 101}, {103, 103}});              // 100: 2, 102: 1
    Sack(queue, 99, {{101, 101}, {103, 103}, {105, 105}});  // 100: 3, 102: 2, 104: 1
    EXPECT_EQ(Collect(queue, 1000, true), (Tsns{100}));
    // The retransmitted 100 arrives: the cumulative ack moves to 101 and
    // nothing above it is newly acknowledged (HTNA 100).
    const Outcome outcome =
        Sack(queue, 101, {{103, 103}, {105, 105}}, kArwnd, kT0, in_fast_recovery);
    EXPECT_EQ(outcome.paths[0].fast_retransmit, in_fast_recovery);
    EXPECT_EQ(Collect(queue, 1000, true), in_fast_recovery ? Tsns{102} : Tsns{});
    // A SACK that does not advance the cumulative ack follows HTNA even in
    // fast recovery: nothing is newly acknowledged, so no miss for 104.
    Sack(queue, 101, {{103, 103}, {105, 105}}, kArwnd, kT0, in_fast_recovery);
    Sack(queue, 101, {{103, 103}, {105, 105}}, kArwnd, kT0, in_fast_recovery);
    EXPECT_FALSE(queue.has_fast_retransmits());
  }
}

TEST_F(RetransmissionQueueTest, RenegedChunksAreOutstandingAgainWithOneMiss) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 6);                 // 100..105
  Sack(queue, 100, {{102, 102}});  // 101 missing: 1
  EXPECT_EQ(queue.outstanding_bytes(), 4 * kChunk);
  // Section 6.2.1 D iii: 102 is no longer reported, the receiver dropped
  // it. It is outstanding again on its path and counts one miss.
  Outcome outcome = Sack(queue, 100, {{103, 103}});  // HTNA 103: 101: 2, 102: 1
  EXPECT_EQ(outcome.paths[0].bytes_acked, kChunk);   // 103 only
  EXPECT_EQ(queue.outstanding_bytes(), 4 * kChunk);  // 101, 102, 104, 105
  EXPECT_FALSE(outcome.paths[0].all_acked);
  outcome = Sack(queue, 100, {{103, 104}});  // 101: 3, 102: 2
  EXPECT_TRUE(outcome.paths[0].fast_retransmit);
  EXPECT_EQ(Collect(queue, 1000, true), (Tsns{101}));
  // Without the reneging miss 102 would be at 2 now.
  outcome = Sack(queue, 100, {{103, 105}});
  EXPECT_TRUE(outcome.paths[0].fast_retransmit);
  EXPECT_EQ(Collect(queue, 1000, true), (Tsns{102}));
}

TEST_F(RetransmissionQueueTest, RenegingAboveTheLastReportedBlock) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 4);  // 100..103
  Sack(queue, 99, {{102, 103}});
  EXPECT_EQ(queue.outstanding_bytes(), 2 * kChunk);
  // A SACK without gap blocks drops 102 and 103 too: outstanding again, so
  // T3-rtx keeps running (section 6.3.2 R4) and its expiry resends them.
  const Outcome outcome = Sack(queue, 99);
  EXPECT_EQ(outcome.kind, Kind::kProcessed);
  EXPECT_EQ(queue.outstanding_bytes(), 4 * kChunk);
  EXPECT_TRUE(queue.has_outstanding(kPath0));
  queue.HandleT3Expiry(kPath0);
  EXPECT_EQ(Collect(queue, 1000), (Tsns{100, 101, 102, 103}));
  // Acknowledged again later, they count as newly acknowledged.
  EXPECT_EQ(Sack(queue, 99, {{102, 103}}).paths[0].bytes_acked, 2 * kChunk);
}

TEST_F(RetransmissionQueueTest, RenegingCountsOneMissEvenWithoutAnHtna) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 4);                                        // 100..103
  Sack(queue, 99, {{102, 103}});                          // HTNA 103: 100, 101 miss 1
  Sack(queue, 99);                                        // 6.2.1 D iii: 102, 103 reneged, miss 1
  SendN(queue, 2);                                        // 104, 105
  Sack(queue, 99, {{104, 104}});                          // HTNA 104: 100..103 miss 2
  const Outcome outcome = Sack(queue, 99, {{104, 105}});  // HTNA 105: miss 3
  EXPECT_TRUE(outcome.paths[0].fast_retransmit);
  EXPECT_EQ(Collect(queue, 1000, true), (Tsns{100, 101, 102, 103}));
}

TEST_F(RetransmissionQueueTest, T3ExpiryMarksTheChunksOutstandingOnThePath) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 2, kPath0);  // 100, 101
  Send(queue, kPath1);      // 102
  Send(queue, kPath0);      // 103
  Sack(queue, 99, {{101, 101}});
  // Section 6.3.3 E3: 100 and 103; not 101 (gap-acked), not 102 (path 1).
  queue.HandleT3Expiry(kPath0);
  EXPECT_TRUE(queue.has_chunks_to_retransmit());
  EXPECT_FALSE(queue.has_fast_retransmits());
  EXPECT_EQ(queue.outstanding_bytes(kPath0), 0u);
  EXPECT_EQ(queue.outstanding_bytes(kPath1), kChunk);
  EXPECT_FALSE(queue.has_outstanding(kPath0));
  EXPECT_EQ(queue.ToString(), "RtxQueue cum=99 next=104 outstanding=100 rwnd=99900 rtx=[100,103]");
  // Only T3-marked chunks: nothing for a fast retransmit.
  EXPECT_EQ(Collect(queue, 1000, true), Tsns{});
  // Retransmitted to the other path (section 6.4.1), all in one go.
  EXPECT_EQ(Collect(queue, 1000, false, kPath1), (Tsns{100, 103}));
  EXPECT_FALSE(queue.has_chunks_to_retransmit());
  EXPECT_EQ(queue.outstanding_bytes(kPath1), 3 * kChunk);
  EXPECT_EQ(queue.outstanding_bytes(kPath0), 0u);
  // Acknowledged now, they count for the path they were last sent to.
  const Outcome outcome = Sack(queue, 103);
  EXPECT_EQ(outcome.paths[1].bytes_acked, 3 * kChunk);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 0u);
}

TEST_F(RetransmissionQueueTest, T3ExpiryOnAPathWithNothingOutstandingDoesNothing) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 2, kPath0);
  queue.HandleT3Expiry(kPath1);
  EXPECT_FALSE(queue.has_chunks_to_retransmit());
  EXPECT_EQ(queue.outstanding_bytes(), 2 * kChunk);
}

TEST_F(RetransmissionQueueTest, CollectRetransmissionsRespectsTheByteLimit) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  SendN(queue, 4);  // 100..103
  queue.HandleT3Expiry(kPath0);
  // Lowest TSN first, as many whole chunks as fit.
  EXPECT_EQ(Collect(queue, kChunk - 1), Tsns{});
  EXPECT_EQ(Collect(queue, 2 * kChunk + 50), (Tsns{100, 101}));
  EXPECT_EQ(queue.outstanding_bytes(), 2 * kChunk);
  EXPECT_EQ(Collect(queue, kChunk), (Tsns{102}));
  EXPECT_EQ(Collect(queue, 10 * kChunk), (Tsns{103}));
  EXPECT_FALSE(queue.has_chunks_to_retransmit());
  EXPECT_EQ(Collect(queue, 10 * kChunk), Tsns{});
}

TEST_F(RetransmissionQueueTest, CollectRetransmissionsTakesTheLowestTsnsOnly) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  queue.AddSent(kT0, kPath0, Whole(Body(284)));  // 100: a 300-byte chunk
  Send(queue);                                   // 101: 100 bytes
  queue.HandleT3Expiry(kPath0);
  // Section 6.3.3 E3: the earliest chunks that fit; 101 does not jump the
  // queue when 100 does not fit.
  EXPECT_EQ(Collect(queue, 299), Tsns{});
  EXPECT_EQ(Collect(queue, 399), (Tsns{100}));
  EXPECT_EQ(Collect(queue, 100), (Tsns{101}));
}

TEST_F(RetransmissionQueueTest, CollectRetransmissionsReturnsTheFragments) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  const MessageBodyRef body = Body(300);
  queue.AddSent(kT0, kPath0, Piece(body, 0, 150, true, false));
  queue.AddSent(kT0, kPath0, Piece(body, 150, 150, false, true));
  queue.HandleT3Expiry(kPath0);
  std::vector<RetransmissionQueue::ChunkToSend> chunks{{}, {}, {}};  // cleared first
  queue.CollectRetransmissions(kT0, kPath1, 1000, false, chunks);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].tsn.value(), 100u);
  EXPECT_EQ(chunks[0].fragment->body, body);
  EXPECT_EQ(chunks[0].fragment->offset, 0u);
  EXPECT_TRUE(chunks[0].fragment->beginning);
  EXPECT_EQ(chunks[1].tsn.value(), 101u);
  EXPECT_EQ(chunks[1].fragment->offset, 150u);
  EXPECT_TRUE(chunks[1].fragment->end);
  EXPECT_EQ(chunks[1].fragment->payload().size(), 150u);
}

TEST_F(RetransmissionQueueTest, FastOnlyTakesFastRetransmitsAndAllTakesBoth) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  Send(queue, kPath1);      // 100: will be T3-marked
  SendN(queue, 4, kPath0);  // 101 lost, 102..104 arrive
  Sack(queue, 99, {{102, 102}});
  Sack(queue, 99, {{102, 103}});
  Sack(queue, 99, {{102, 104}});  // 100 and 101 fast-marked
  ASSERT_TRUE(queue.has_fast_retransmits());
  EXPECT_EQ(Collect(queue, kChunk, true), (Tsns{100}));
  EXPECT_TRUE(queue.has_fast_retransmits());  // step 5: 101 stays marked
  // A retransmission that was lost and then T3-marked is not fast.
  queue.HandleT3Expiry(kPath0);
  EXPECT_EQ(Collect(queue, 1000, true), (Tsns{101}));
  queue.HandleT3Expiry(kPath0);
  EXPECT_EQ(Collect(queue, 1000, true), Tsns{});
  EXPECT_EQ(Collect(queue, 1000, false), (Tsns{100, 101}));
}

TEST_F(RetransmissionQueueTest, KarnRttFromAChunkSentOnce) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  Send(queue, kPath1, kT0);
  const Outcome outcome = Sack(queue, 100, {}, kArwnd, kT0 + milliseconds(70));
  ASSERT_TRUE(outcome.rtt.has_value());
  EXPECT_EQ(*outcome.rtt, milliseconds(70));
  EXPECT_EQ(outcome.rtt_path, kPath1);
}

TEST_F(RetransmissionQueueTest, KarnNoRttFromARetransmittedChunk) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  Send(queue, kPath0, kT0);
  queue.HandleT3Expiry(kPath0);
  Collect(queue, 1000, false, kPath0, kT0 + seconds(1));
  // Section 6.3.1 C5: the SACK may answer either transmission.
  const Outcome outcome = Sack(queue, 100, {}, kArwnd, kT0 + seconds(1) + milliseconds(10));
  EXPECT_EQ(outcome.paths[0].bytes_acked, kChunk);
  EXPECT_FALSE(outcome.rtt.has_value());
}

TEST_F(RetransmissionQueueTest, KarnNoRttWhenALowerTsnWasRetransmittedSince) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  Send(queue, kPath0, kT0);  // 100
  Send(queue, kPath1, kT0);  // 101
  queue.HandleT3Expiry(kPath0);
  Collect(queue, 1000, false, kPath0, kT0 + seconds(1));  // 100 again
  Send(queue, kPath1, kT0 + seconds(2));                  // 102, after it
  // C5: 101 was sent before 100 was retransmitted, so no sample from it.
  Outcome outcome = Sack(queue, 99, {{101, 101}}, kArwnd, kT0 + seconds(3));
  EXPECT_EQ(outcome.paths[1].bytes_acked, kChunk);
  EXPECT_FALSE(outcome.rtt.has_value());
  // 102 was sent after the retransmission: valid.
  outcome = Sack(queue, 99, {{101, 102}}, kArwnd, kT0 + seconds(3));
  ASSERT_TRUE(outcome.rtt.has_value());
  EXPECT_EQ(*outcome.rtt, seconds(1));
  EXPECT_EQ(outcome.rtt_path, kPath1);
}

TEST_F(RetransmissionQueueTest, KarnAHigherRetransmittedTsnDoesNotSpoilALowerOne) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  Send(queue, kPath0, kT0);  // 100
  Send(queue, kPath1, kT0);  // 101
  queue.HandleT3Expiry(kPath1);
  Collect(queue, 1000, false, kPath1, kT0 + seconds(1));  // 101 again
  const Outcome outcome = Sack(queue, 100, {}, kArwnd, kT0 + milliseconds(1500));
  ASSERT_TRUE(outcome.rtt.has_value());
  EXPECT_EQ(*outcome.rtt, milliseconds(1500));
  EXPECT_EQ(outcome.rtt_path, kPath0);
}

TEST_F(RetransmissionQueueTest, KarnOneSampleFromTheMostRecentlySentChunk) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  Send(queue, kPath0, kT0);                     // 100
  Send(queue, kPath1, kT0 + milliseconds(20));  // 101
  Send(queue, kPath0, kT0 + milliseconds(40));  // 102
  Send(queue, kPath0, kT0 + milliseconds(60));  // 103
  // 100 by the cumulative ack, 102 by a gap block: 102 was sent last.
  Outcome outcome = Sack(queue, 100, {{102, 102}}, kArwnd, kT0 + milliseconds(100));
  ASSERT_TRUE(outcome.rtt.has_value());
  EXPECT_EQ(*outcome.rtt, milliseconds(60));
  EXPECT_EQ(outcome.rtt_path, kPath0);
  // 101 newly acked by the cumulative ack; 102 was acknowledged before and
  // gives no second sample.
  outcome = Sack(queue, 102, {}, kArwnd, kT0 + milliseconds(120));
  ASSERT_TRUE(outcome.rtt.has_value());
  EXPECT_EQ(*outcome.rtt, milliseconds(100));
  EXPECT_EQ(outcome.rtt_path, kPath1);
  // Nothing newly acknowledged: no sample.
  outcome = Sack(queue, 102, {}, kArwnd, kT0 + milliseconds(130));
  EXPECT_FALSE(outcome.rtt.has_value());
}

TEST_F(RetransmissionQueueTest, MessageBytesCountOnceTheCumulativeAckPassesTheLastFragment) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  const MessageBodyRef big = Body(300);
  queue.AddSent(kT0, kPath0, Piece(big, 0, 100, true, false));     // 100
  queue.AddSent(kT0, kPath0, Piece(big, 100, 100, false, false));  // 101
  queue.AddSent(kT0, kPath0, Piece(big, 200, 100, false, true));   // 102
  queue.AddSent(kT0, kPath0, Whole(Body(50)));                     // 103
  queue.AddSent(kT0, kPath0, Whole(Body(70)));                     // 104
  EXPECT_EQ(Sack(queue, 101).acked_message_bytes, 0u);
  // Gap-acked is not acknowledged for good: no message bytes yet.
  EXPECT_EQ(Sack(queue, 101, {{103, 104}}).acked_message_bytes, 0u);
  EXPECT_EQ(Sack(queue, 103).acked_message_bytes, 300u + 50u);
  EXPECT_EQ(Sack(queue, 104).acked_message_bytes, 70u);
}

TEST_F(RetransmissionQueueTest, MessageBytesWithInterleavedIData) {
  // RFC 8260: fragments of different messages interleave in TSN order.
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {.use_interleaving = true});
  OutgoingMessage on_stream_1;
  on_stream_1.stream_id = StreamId(1);
  const MessageBodyRef a = Body(300);
  const MessageBodyRef b = Body(200, on_stream_1);
  queue.AddSent(kT0, kPath0, Piece(a, 0, 100, true, false));     // 100
  queue.AddSent(kT0, kPath0, Piece(b, 0, 100, true, false));     // 101
  queue.AddSent(kT0, kPath0, Piece(a, 100, 100, false, false));  // 102
  queue.AddSent(kT0, kPath0, Piece(b, 100, 100, false, true));   // 103
  queue.AddSent(kT0, kPath0, Piece(a, 200, 100, false, true));   // 104
  EXPECT_EQ(Sack(queue, 102).acked_message_bytes, 0u);
  EXPECT_EQ(Sack(queue, 103).acked_message_bytes, 200u);
  EXPECT_EQ(Sack(queue, 104).acked_message_bytes, 300u);
}

TEST_F(RetransmissionQueueTest, AbandonsExpiredMessagesWithAllTheirFragments) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions());
  OutgoingMessage timed;
  timed.stream_id = StreamId(3);
  timed.expires_at = kT0 + milliseconds(100);
  const MessageBodyRef expiring = Body(200, timed);
  OutgoingFragment first = Piece(expiring, 0, 100, true, false);
  OutgoingFragment second = Piece(expiring, 100, 100, false, true);
  first.ssn = second.ssn = Ssn(7);
  queue.AddSent(kT0, kPath0, first);   // 100
  queue.AddSent(kT0, kPath0, second);  // 101
  Send(queue);                         // 102, reliable
  const size_t before = queue.outstanding_bytes();

  EXPECT_FALSE(queue.AbandonExpired(kT0 + milliseconds(99)));
  EXPECT_EQ(queue.outstanding_bytes(), before);
  std::vector<RetransmissionQueue::Skipped> skipped;
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 99u);
  EXPECT_TRUE(skipped.empty());

  // RFC 3758 A2/A3: both fragments abandoned, no longer outstanding; C2:
  // the Advanced.Peer.Ack.Point moves over them, so a FORWARD TSN is due.
  EXPECT_TRUE(queue.AbandonExpired(kT0 + milliseconds(100)));
  EXPECT_EQ(queue.outstanding_bytes(), before - 2 * queue.ChunkSize(first));
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 101u);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].stream_id, StreamId(3));
  EXPECT_FALSE(skipped[0].unordered);
  EXPECT_EQ(skipped[0].sequence, 7u);

  const std::vector<MessageBodyRef> abandoned = queue.TakeAbandoned();
  ASSERT_EQ(abandoned.size(), 1u);
  EXPECT_EQ(abandoned[0], expiring);
  EXPECT_TRUE(queue.TakeAbandoned().empty());
  // Checking again abandons nothing new.
  EXPECT_TRUE(queue.AbandonExpired(kT0 + seconds(1)));
  EXPECT_TRUE(queue.TakeAbandoned().empty());

  // The peer's SACK after the FORWARD TSN: abandoned chunks are not credited
  // (A2) and their message is not "acknowledged".
  const Outcome outcome = Sack(queue, 101);
  EXPECT_TRUE(outcome.cum_ack_advanced);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 0u);
  EXPECT_EQ(outcome.acked_message_bytes, 0u);
  EXPECT_FALSE(queue.AbandonExpired(kT0 + seconds(1)));
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 101u);
}

TEST_F(RetransmissionQueueTest, WithoutPartialReliabilityNothingIsAbandoned) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, {});
  OutgoingMessage limited;
  limited.expires_at = kT0;
  limited.max_retransmissions = 0;
  queue.AddSent(kT0, kPath0, Whole(Body(kPayload, limited)));
  EXPECT_FALSE(queue.AbandonExpired(kT0 + seconds(10)));
  queue.HandleT3Expiry(kPath0);
  EXPECT_EQ(Collect(queue, 1000, false, kPath0, kT0 + seconds(10)), (Tsns{100}));
  EXPECT_TRUE(queue.TakeAbandoned().empty());
  std::vector<RetransmissionQueue::Skipped> skipped;
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 99u);
}

TEST_F(RetransmissionQueueTest, AGapAckedMessageDoesNotExpire) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions());
  OutgoingMessage timed;
  timed.expires_at = kT0 + milliseconds(100);
  Send(queue);                                               // 100, lost
  queue.AddSent(kT0, kPath0, Whole(Body(kPayload, timed)));  // 101
  Sack(queue, 99, {{101, 101}});
  // The peer has all of it; nothing to give up on.
  EXPECT_FALSE(queue.AbandonExpired(kT0 + seconds(1)));
  EXPECT_TRUE(queue.TakeAbandoned().empty());
}

TEST_F(RetransmissionQueueTest, AbandonedChunksBehindAnOutstandingOneDoNotMoveThePoint) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions());
  OutgoingMessage timed;
  timed.expires_at = kT0 + milliseconds(100);
  Send(queue);                                               // 100, reliable
  queue.AddSent(kT0, kPath0, Whole(Body(kPayload, timed)));  // 101
  Send(queue);                                               // 102, reliable, gap-acked
  queue.AddSent(kT0, kPath0, Whole(Body(kPayload, timed)));  // 103
  Sack(queue, 99, {{102, 102}});
  // RFC 3758 C2: only abandoned chunks next to the point move it.
  EXPECT_FALSE(queue.AbandonExpired(kT0 + milliseconds(100)));
  EXPECT_EQ(queue.TakeAbandoned().size(), 2u);
  std::vector<RetransmissionQueue::Skipped> skipped;
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 99u);
  // 100 arrives: over 101 (abandoned) but not over 102, which is only
  // gap-acked (the receiver might renege on it).
  Sack(queue, 100, {{102, 102}});
  EXPECT_TRUE(queue.AbandonExpired(kT0 + milliseconds(100)));
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 101u);
  // The receiver takes the FORWARD TSN and acknowledges 102 with it.
  Sack(queue, 102);
  EXPECT_TRUE(queue.AbandonExpired(kT0 + milliseconds(100)));
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 103u);
}

TEST_F(RetransmissionQueueTest, ZeroRetransmissionsAbandonsOnT3Expiry) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions());
  OutgoingMessage once;
  once.max_retransmissions = 0;
  queue.AddSent(kT0, kPath0, Whole(Body(kPayload, once)));  // 100
  Send(queue);                                              // 101, reliable
  queue.HandleT3Expiry(kPath0);
  // 100 is abandoned instead of marked; 101 is marked.
  EXPECT_EQ(queue.ToString(), "RtxQueue cum=99 next=102 outstanding=0 rwnd=100000 rtx=[101]");
  EXPECT_EQ(queue.TakeAbandoned().size(), 1u);
  EXPECT_TRUE(queue.AbandonExpired(kT0));
  std::vector<RetransmissionQueue::Skipped> skipped;
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 100u);
  EXPECT_EQ(Collect(queue, 1000), (Tsns{101}));
}

TEST_F(RetransmissionQueueTest, RetransmissionLimitAllowsThatManyRetransmissions) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions());
  OutgoingMessage limited;
  limited.max_retransmissions = 2;
  queue.AddSent(kT0, kPath0, Whole(Body(kPayload, limited)));
  for (int retransmission = 1; retransmission <= 2; ++retransmission) {
    queue.HandleT3Expiry(kPath0);
    EXPECT_EQ(Collect(queue, 1000), (Tsns{100})) << retransmission;
  }
  // A third retransmission would exceed the limit.
  queue.HandleT3Expiry(kPath0);
  EXPECT_FALSE(queue.has_chunks_to_retransmit());
  EXPECT_EQ(queue.outstanding_bytes(), 0u);
  EXPECT_EQ(queue.TakeAbandoned().size(), 1u);
  EXPECT_TRUE(queue.AbandonExpired(kT0));
}

TEST_F(RetransmissionQueueTest, RetransmissionLimitOnFastRetransmitStillReportsTheLoss) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions());
  OutgoingMessage once;
  once.max_retransmissions = 0;
  queue.AddSent(kT0, kPath0, Whole(Body(kPayload, once)));  // 100, lost
  SendN(queue, 3);
  Sack(queue, 99, {{101, 101}});
  Sack(queue, 99, {{101, 102}});
  const Outcome outcome = Sack(queue, 99, {{101, 103}});
  // RFC 3758 F5: the congestion reaction to the loss still applies.
  EXPECT_TRUE(outcome.paths[0].fast_retransmit);
  EXPECT_FALSE(queue.has_fast_retransmits());
  EXPECT_EQ(queue.outstanding_bytes(), 0u);
  // The point moves over 100 only: 101..103 are gap-acked, not abandoned.
  EXPECT_TRUE(queue.AbandonExpired(kT0));
  std::vector<RetransmissionQueue::Skipped> skipped;
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 100u);
}

TEST_F(RetransmissionQueueTest, CollectRetransmissionsAbandonsExpiredMessages) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions());
  OutgoingMessage timed;
  timed.expires_at = kT0 + milliseconds(100);
  queue.AddSent(kT0, kPath0, Whole(Body(kPayload, timed)));  // 100
  Send(queue);                                               // 101
  queue.HandleT3Expiry(kPath0);
  EXPECT_EQ(Collect(queue, 1000, false, kPath0, kT0 + milliseconds(200)), (Tsns{101}));
  EXPECT_EQ(queue.TakeAbandoned().size(), 1u);
  std::vector<RetransmissionQueue::Skipped> skipped;
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 100u);
}

TEST_F(RetransmissionQueueTest, ForwardTsnListsTheHighestSsnPerStreamOfOrderedMessages) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions());
  auto send = [&](uint16_t stream, uint16_t ssn, bool unordered) {
    OutgoingMessage message;
    message.stream_id = StreamId(stream);
    message.unordered = unordered;
    message.max_retransmissions = 0;
    OutgoingFragment fragment = Whole(Body(kPayload, message));
    fragment.ssn = Ssn(ssn);
    queue.AddSent(kT0, kPath0, fragment);
  };
  send(1, 65535, false);
  send(2, 9, false);
  send(1, 0, false);  // SSN wrapped: 0 follows 65535
  send(3, 0, true);   // unordered: no SSN to report with DATA
  send(1, 1, false);
  queue.HandleT3Expiry(kPath0);
  EXPECT_TRUE(queue.AbandonExpired(kT0));
  std::vector<RetransmissionQueue::Skipped> skipped{{}};  // cleared first
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 104u);
  ASSERT_EQ(skipped.size(), 2u);
  EXPECT_EQ(skipped[0].stream_id, StreamId(1));
  EXPECT_EQ(skipped[0].sequence, 1u);
  EXPECT_FALSE(skipped[0].unordered);
  EXPECT_EQ(skipped[1].stream_id, StreamId(2));
  EXPECT_EQ(skipped[1].sequence, 9u);
  EXPECT_EQ(queue.TakeAbandoned().size(), 5u);
}

TEST_F(RetransmissionQueueTest, IForwardTsnListsOrderedAndUnorderedMidsApart) {
  // RFC 8260 section 2.3.1: MIDs, ordered and unordered (U bit) alike.
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions(/*interleaving=*/true));
  auto send = [&](uint16_t stream, uint32_t mid, bool unordered) {
    OutgoingMessage message;
    message.stream_id = StreamId(stream);
    message.unordered = unordered;
    message.max_retransmissions = 0;
    OutgoingFragment fragment = Whole(Body(kPayload, message));
    fragment.mid = Mid(mid);
    queue.AddSent(kT0, kPath0, fragment);
  };
  send(1, 0xffffffff, false);
  send(1, 4, true);
  send(1, 0, false);  // MID wrapped
  send(1, 5, true);
  send(2, 1, true);
  queue.HandleT3Expiry(kPath0);
  std::vector<RetransmissionQueue::Skipped> skipped;
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 104u);
  ASSERT_EQ(skipped.size(), 3u);
  EXPECT_EQ(skipped[0].stream_id, StreamId(1));
  EXPECT_FALSE(skipped[0].unordered);
  EXPECT_EQ(skipped[0].sequence, 0u);
  EXPECT_EQ(skipped[1].stream_id, StreamId(1));
  EXPECT_TRUE(skipped[1].unordered);
  EXPECT_EQ(skipped[1].sequence, 5u);
  EXPECT_EQ(skipped[2].stream_id, StreamId(2));
  EXPECT_TRUE(skipped[2].unordered);
  EXPECT_EQ(skipped[2].sequence, 1u);
}

TEST_F(RetransmissionQueueTest, AbandoningAnInterleavedMessageTakesAllItsFragments) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions(/*interleaving=*/true));
  OutgoingMessage timed;
  timed.expires_at = kT0 + milliseconds(10);
  const MessageBodyRef a = Body(200, timed);
  const MessageBodyRef b = Body(200);
  queue.AddSent(kT0, kPath0, Piece(a, 0, 80, true, false));    // 100
  queue.AddSent(kT0, kPath0, Piece(b, 0, 80, true, false));    // 101
  queue.AddSent(kT0, kPath0, Piece(a, 80, 80, false, false));  // 102
  queue.AddSent(kT0, kPath0, Piece(b, 80, 120, false, true));  // 103
  queue.AddSent(kT0, kPath0, Piece(a, 160, 40, false, true));  // 104
  Sack(queue, 99, {{102, 102}});                               // a's middle fragment is gap-acked
  EXPECT_TRUE(queue.AbandonExpired(kT0 + milliseconds(10)));
  // 101 and 103 (b) remain: 100 + 140 bytes of I-DATA.
  EXPECT_EQ(queue.outstanding_bytes(), 100u + 140u);
  std::vector<RetransmissionQueue::Skipped> skipped;
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 100u);
  EXPECT_EQ(queue.TakeAbandoned(), std::vector<MessageBodyRef>{a});
  // Once b is through, the point covers 104 as well.
  Sack(queue, 103);
  EXPECT_EQ(queue.ForwardTsnPoint(skipped).value(), 104u);
}

TEST_F(RetransmissionQueueTest, TsnWrapAround) {
  // RFC 9260 section 1.6: TSNs are serial numbers and wrap at 2^32.
  RetransmissionQueue queue(Tsn(0xfffffffe), kArwnd, {});
  EXPECT_EQ(queue.cumulative_tsn_ack().value(), 0xfffffffdu);
  EXPECT_EQ(Send(queue).value(), 0xfffffffeu);
  EXPECT_EQ(Send(queue).value(), 0xffffffffu);
  EXPECT_EQ(Send(queue).value(), 0u);
  EXPECT_EQ(Send(queue).value(), 1u);
  EXPECT_EQ(Send(queue).value(), 2u);
  EXPECT_EQ(queue.next_tsn().value(), 3u);
  // A gap block across the wrap: 0xffffffff..0 above cum 0xfffffffe.
  Outcome outcome = Sack(queue, 0xfffffffe, {{0xffffffff, 0}});
  EXPECT_EQ(outcome.kind, Kind::kProcessed);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 3 * kChunk);
  EXPECT_EQ(Sack(queue, 3).kind, Kind::kInvalid);
  EXPECT_EQ(Sack(queue, 0xfffffffe, {{0xffffffff, 3}}).kind, Kind::kInvalid);
  outcome = Sack(queue, 0);
  EXPECT_TRUE(outcome.cum_ack_advanced);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 0u);  // all gap-acked before
  EXPECT_EQ(queue.cumulative_tsn_ack().value(), 0u);
  EXPECT_EQ(Sack(queue, 0xffffffff).kind, Kind::kOutOfDate);
  outcome = Sack(queue, 2);
  EXPECT_EQ(outcome.paths[0].bytes_acked, 2 * kChunk);
  EXPECT_TRUE(queue.empty());
}

TEST_F(RetransmissionQueueTest, FastRetransmitAcrossTheWrap) {
  RetransmissionQueue queue(Tsn(0xffffffff), kArwnd, {});
  SendN(queue, 4);  // 0xffffffff, 0, 1, 2; the first is lost
  Sack(queue, 0xfffffffe, {{0, 0}});
  Sack(queue, 0xfffffffe, {{0, 1}});
  EXPECT_TRUE(Sack(queue, 0xfffffffe, {{0, 2}}).paths[0].fast_retransmit);
  EXPECT_EQ(Collect(queue, 1000, true), (Tsns{0xffffffff}));
  EXPECT_TRUE(Sack(queue, 2).cum_ack_advanced);
  EXPECT_TRUE(queue.empty());
}

TEST_F(RetransmissionQueueTest, TakeUnacknowledgedReturnsEachMessageOnceInTsnOrder) {
  RetransmissionQueue queue(Tsn(kInitialTsn), kArwnd, PrOptions(/*interleaving=*/true));
  OutgoingMessage once;
  once.max_retransmissions = 0;
  const MessageBodyRef a = Body(200);
  const MessageBodyRef b = Body(200);
  const MessageBodyRef c = Body(kPayload);
  const MessageBodyRef dropped = Body(kPayload, once);
  queue.AddSent(kT0, kPath1, Whole(dropped));                   // 100
  queue.AddSent(kT0, kPath0, Piece(a, 0, 100, true, false));    // 101
  queue.AddSent(kT0, kPath0, Piece(b, 0, 100, true, false));    // 102
  queue.AddSent(kT0, kPath0, Piece(a, 100, 100, false, true));  // 103
  queue.AddSent(kT0, kPath0, Whole(c));                         // 104
  queue.AddSent(kT0, kPath0, Piece(b, 100, 100, false, true));  // 105
  queue.HandleT3Expiry(kPath1);                                 // abandons `dropped`
  Sack(queue, 99, {{101, 101}, {104, 104}});                    // c is gap-acked only
  const std::vector<MessageBodyRef> messages = queue.TakeUnacknowledged();
  EXPECT_EQ(messages, (std::vector<MessageBodyRef>{a, b, c}));
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.outstanding_bytes(), 0u);
  EXPECT_EQ(queue.outstanding_bytes(kPath0), 0u);
  EXPECT_FALSE(queue.has_chunks_to_retransmit());
  EXPECT_EQ(queue.next_tsn().value(), 106u);
  EXPECT_TRUE(queue.TakeUnacknowledged().empty());
  // The abandoned one is reported through TakeAbandoned.
  EXPECT_EQ(queue.TakeAbandoned(), std::vector<MessageBodyRef>{dropped});
}

TEST_F(RetransmissionQueueTest, GrowsPastItsInitialCapacityAndKeepsOrder) {
  RetransmissionQueue queue(Tsn(0xffffff00), kArwnd, {});
  // Interleave sends and acks so the ring wraps and grows several times.
  uint32_t cum = 0xfffffeff;
  for (int round = 0; round < 50; ++round) {
    SendN(queue, 7);
    cum += 3;
    const Outcome outcome = Sack(queue, cum);
    ASSERT_EQ(outcome.kind, Kind::kProcessed);
    ASSERT_EQ(outcome.paths[0].bytes_acked, 3 * kChunk);
  }
  EXPECT_EQ(queue.outstanding_bytes(), 50 * 4 * kChunk);
  queue.HandleT3Expiry(kPath0);
  const Tsns tsns = Collect(queue, 3 * kChunk);
  EXPECT_EQ(tsns, (Tsns{cum + 1, cum + 2, cum + 3}));
  EXPECT_EQ(Sack(queue, cum + 200).paths[0].bytes_acked, 200 * kChunk);
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace sctpdp
