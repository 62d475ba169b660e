// RFC 9260 section 6.1 (transmission rules A to E, zero window probes),
// 6.3.2 and 6.3.3 (T3-rtx), 7.2.4 (fast retransmit), 8.1 (endpoint failure)
// and 12.4 (SACK for a TSN not sent): the endpoint as a data sender.
#include <gtest/gtest.h>

#include <chrono>

#include "dataplane/sctp/packet/chunk/forward_tsn_chunk.h"
#include "dataplane/sctp/packet/error_cause/protocol_violation_cause.h"
#include "dataplane/sctp/packet/parameter/forward_tsn_supported_parameter.h"
#include "tests/unit/endpoint/scripted_peer.h"

namespace sctpdp::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class DataSendTest : public EndpointTest {
 protected:
  // The DATA chunks of `packets`, as (TSN, payload size).
  static std::vector<std::pair<uint32_t, size_t>> DataOf(
      const std::vector<CapturedPacket>& packets) {
    std::vector<std::pair<uint32_t, size_t>> out;
    for (const CapturedPacket& packet : packets) {
      for (const DataChunk* data : packet.All<DataChunk>()) {
        out.emplace_back(data->tsn.value(), data->payload.size());
      }
    }
    return out;
  }
  static size_t PayloadBytes(const std::vector<std::pair<uint32_t, size_t>>& chunks) {
    size_t total = 0;
    for (const auto& [tsn, size] : chunks) total += size;
    return total;
  }
  // Our n-th TSN.
  Tsn L(uint32_t n) const { return Tsn(local_initial_tsn_.value() + n); }
  uint32_t l(uint32_t n) const { return L(n).value(); }

  SendResult Send(size_t size, uint32_t ppid = 0) {
    return endpoint().Send(id_, now(), Message(size, 0, ppid));
  }
};

// Section 6.1 A: "the data sender MUST NOT transmit new data to any
// destination transport address if its peer's rwnd indicates that the peer
// has no buffer space (i.e., rwnd is smaller than the size of the next DATA
// chunk ...)"; section 6.2.1 B: the rwnd drops by each DATA chunk sent, and
// D ii): a SACK sets it to its a_rwnd less what is still outstanding.
TEST_F(DataSendTest, NewDataStaysWithinThePeersWindow) {
  options_.association.nodelay = true;
  EstablishPassive();
  ASSERT_EQ(Send(1000), SendResult::kOk);
  ASSERT_EQ(DataOf(TakePackets()).size(), 1u);
  Receive(SackPacket(L(0), 1200));
  ExpectNoPacket();

  for (uint32_t i = 1; i <= 3; ++i) ASSERT_EQ(Send(1000, i), SendResult::kOk);
  const std::vector<std::pair<uint32_t, size_t>> sent = DataOf(TakePackets());
  EXPECT_GT(PayloadBytes(sent), 0u);
  EXPECT_LE(PayloadBytes(sent), 1200u);

  // The window opens: the rest goes.
  Receive(SackPacket(Tsn(sent.back().first), 100'000));
  const std::vector<std::pair<uint32_t, size_t>> rest = DataOf(TakePackets());
  EXPECT_EQ(PayloadBytes(sent) + PayloadBytes(rest), 3000u);
  EXPECT_EQ(rest.front().first, sent.back().first + 1);
}

// Section 6.1 A: "A zero window probe is a DATA chunk sent when the receiver
// has no buffer space ... A zero window probe SHOULD only be sent when all
// outstanding DATA chunks have been cumulatively acknowledged and no DATA
// chunks are in flight." and "The sender SHOULD send the first zero window
// probe after 1 RTO when it detects that the receiver has closed its
// window".
TEST_F(DataSendTest, ZeroWindowAllowsOneProbeChunkOnly) {
  options_.association.nodelay = true;
  EstablishPassive();
  ASSERT_EQ(Send(100), SendResult::kOk);
  TakePackets();
  Receive(SackPacket(L(0), 0));
  for (uint32_t i = 1; i <= 3; ++i) ASSERT_EQ(Send(100, i), SendResult::kOk);
  EXPECT_TRUE(DataOf(TakePackets()).empty()) << "no probe before one RTO";
  const TimePoint closed = now();
  ASSERT_TRUE(FireNextWakeup().has_value());
  EXPECT_EQ(now() - closed, association()->paths()[0].rto.rto());
  const std::vector<std::pair<uint32_t, size_t>> probe = DataOf(TakePackets());
  ASSERT_EQ(probe.size(), 1u);
  EXPECT_EQ(probe[0].first, l(1));

  // While the probe is outstanding and the window stays shut, nothing more.
  ASSERT_EQ(Send(100, 4), SendResult::kOk);
  Receive(SackPacket(L(0), 0));
  EXPECT_TRUE(DataOf(TakePackets()).empty());

  // The window opens with the probe's acknowledgement.
  Receive(SackPacket(L(1), 50'000));
  const std::vector<std::pair<uint32_t, size_t>> rest = DataOf(TakePackets());
  ASSERT_EQ(rest.size(), 3u);
  EXPECT_EQ(rest[0].first, l(2));
}

// Section 6.1 A: "If the sender continues to receive SACK chunks from the
// peer while doing zero window probing, the unacknowledged window probes
// SHOULD NOT increment the error counter for the association or any
// destination transport address. This is because the receiver could keep
// its window closed for an indefinite time." The peer drops each probe (its
// window is 0, section 6.2) and answers it with a SACK.
TEST_F(DataSendTest, ProbesAnsweredBySacksDoNotExhaustAssociationMaxRetrans) {
  options_.association.association_max_retrans = 3;
  EstablishPassive();
  ASSERT_EQ(Send(100), SendResult::kOk);
  TakePackets();
  Receive(SackPacket(L(0), 0));
  ASSERT_EQ(Send(100, 1), SendResult::kOk);
  ASSERT_TRUE(FireNextWakeup().has_value());  // the first probe, one RTO later
  ASSERT_EQ(DataOf(TakePackets()).size(), 1u);
  Receive(SackPacket(L(0), 0));
  int probes = 0;
  for (int i = 0; i < 8 && endpoint().Find(id_); ++i) {
    ASSERT_TRUE(FireNextWakeup().has_value());
    const std::vector<std::pair<uint32_t, size_t>> probe = DataOf(TakePackets());
    if (probe.empty()) continue;
    EXPECT_EQ(probe, (std::vector<std::pair<uint32_t, size_t>>{{l(1), 100}}));
    ++probes;
    Receive(SackPacket(L(0), 0));
  }
  EXPECT_EQ(probes, 8);
  ASSERT_NE(endpoint().Find(id_), nullptr) << "the peer answers every probe";
  EXPECT_TRUE(EventsOf<AssociationChange>(env().TakeEvents()).empty());
  // The window opens at last.
  Receive(SackPacket(L(1), 10'000));
  EXPECT_EQ(association()->state(), AssociationState::kEstablished);
}

// Section 6.1: "A ULP can request that no bundling is performed, but this
// only turns off any delays that an SCTP implementation might be using to
// increase bundling efficiency"; RFC 6458 section 8.1.5 (SCTP_NODELAY)
// "Turn on/off any Nagle-like algorithm": with data outstanding, a small
// message waits for the acknowledgement (and goes bundled with the next),
// unless SCTP_NODELAY is on. A packet's worth is not held.
TEST_F(DataSendTest, SmallMessagesWaitWhileDataIsOutstandingUnlessNoDelay) {
  EstablishPassive();
  ASSERT_EQ(Send(100, 1), SendResult::kOk);
  EXPECT_EQ(DataOf(TakePackets()).size(), 1u) << "nothing outstanding: sent at once";
  ASSERT_EQ(Send(100, 2), SendResult::kOk);
  ASSERT_EQ(Send(100, 3), SendResult::kOk);
  ExpectNoPacket();

  Receive(SackPacket(L(0), 100'000));
  const std::vector<CapturedPacket> bundled = TakePackets();
  ASSERT_EQ(bundled.size(), 1u) << ToString(bundled);
  EXPECT_EQ(DataOf(bundled), (std::vector<std::pair<uint32_t, size_t>>{{l(1), 100}, {l(2), 100}}));

  // A full chunk's worth is not held back; its small tail is.
  ASSERT_EQ(Send(2000, 4), SendResult::kOk);
  const std::vector<std::pair<uint32_t, size_t>> full = DataOf(TakePackets());
  ASSERT_EQ(full.size(), 1u);
  EXPECT_EQ(full[0].first, l(3));
  EXPECT_GT(full[0].second, 1000u);

  association()->SetNoDelay(now(), true);
  // Turning the rule off sends what it held.
  const std::vector<std::pair<uint32_t, size_t>> tail = DataOf(TakePackets());
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(full[0].second + tail[0].second, 2000u);
  ASSERT_EQ(Send(100, 5), SendResult::kOk);
  EXPECT_EQ(DataOf(TakePackets()).size(), 1u) << "SCTP_NODELAY: sent although data is outstanding";
}

// Section 6.3.2 R1: the T3-rtx timer starts with the RTO when DATA is sent;
// section 6.3.3: on expiry "E2) ... set RTO = RTO * 2" and "E3) ... Bundle
// and retransmit those K DATA chunks in a single packet"; R2: "Whenever all
// outstanding data sent to an address have been acknowledged, turn off the
// T3-rtx timer".
TEST_F(DataSendTest, T3ExpiryRetransmitsInOnePacketWithDoubledRto) {
  options_.association.nodelay = true;
  EstablishPassive();
  const TimePoint t0 = now();
  for (uint32_t i = 0; i < 3; ++i) ASSERT_EQ(Send(200, i), SendResult::kOk);
  ASSERT_EQ(DataOf(TakePackets()).size(), 3u);
  EXPECT_EQ(NextWakeup(), t0 + seconds(1));

  const std::vector<std::pair<uint32_t, size_t>> all = {{l(0), 200}, {l(1), 200}, {l(2), 200}};
  std::vector<TimePoint> retransmitted_at;
  for (int expiry = 0; expiry < 3; ++expiry) {
    ASSERT_TRUE(FireNextWakeup().has_value());
    const std::vector<CapturedPacket> packets = TakePackets();
    ASSERT_EQ(packets.size(), 1u) << ToString(packets);
    EXPECT_EQ(DataOf(packets), all);
    EXPECT_EQ(packets[0].tag(), peer_.tag.value());
    retransmitted_at.push_back(packets[0].sent_at());
  }
  EXPECT_EQ(retransmitted_at,
            (std::vector<TimePoint>{t0 + seconds(1), t0 + seconds(3), t0 + seconds(7)}));
  EXPECT_EQ(NextWakeup(), t0 + seconds(15));
  EXPECT_EQ(association()->metrics().t3_expiries, 3u);

  Receive(SackPacket(L(2), 100'000));
  EXPECT_EQ(Deadline(), std::nullopt);
  AdvanceTime(seconds(60));
  ExpectNoPacket();
}

// Section 6.1: "Before an endpoint transmits a DATA chunk, if any received
// DATA chunks have not been acknowledged (e.g., due to delayed ack), the
// sender SHOULD create a SACK chunk and bundle it with the outbound DATA
// chunk"; section 6.10 puts control chunks first.
TEST_F(DataSendTest, PendingDelayedSackRidesWithOutgoingData) {
  EstablishPassive();
  Receive(NextData(10));
  TakePackets();  // the first DATA's immediate SACK
  Receive(NextData(10));
  ExpectNoPacket();  // delayed
  AdvanceTime(milliseconds(50));
  ASSERT_EQ(Send(100), SendResult::kOk);
  const CapturedPacket packet = TakeOnePacket();
  ASSERT_EQ(packet.types(), (std::vector<ChunkType>{ChunkType::kSack, ChunkType::kData}))
      << packet.ToString();
  EXPECT_EQ(packet.Get<SackChunk>(0)->cumulative_tsn_ack, Tsn(next_peer_tsn_.value() - 1));
  // Nothing is left for the delayed-ack timer.
  AdvanceTime(options_.association.sack_delay);
  ExpectNoPacket();
}

// Section 6.3.2 R1: "if the T3-rtx timer of that address is not running,
// start it" (and only then); R3: "Whenever a SACK chunk is received that
// acknowledges the DATA chunk with the earliest outstanding TSN for that
// address, restart the T3-rtx timer for that address with its current RTO".
// The RTO then comes from the first measurement (section 6.3.1 C2: SRTT = R,
// RTTVAR = R/2, RTO = SRTT + 4 * RTTVAR).
TEST_F(DataSendTest, T3StartsOnceAndRestartsWhenTheEarliestTsnIsAcked) {
  options_.association.nodelay = true;
  EstablishPassive();
  const TimePoint t0 = now();
  ASSERT_EQ(Send(100, 0), SendResult::kOk);
  EXPECT_EQ(Deadline(), t0 + seconds(1));
  AdvanceTime(milliseconds(500));
  ASSERT_EQ(Send(100, 1), SendResult::kOk);
  EXPECT_EQ(Deadline(), t0 + seconds(1)) << "R1: a running T3-rtx is not restarted";
  ASSERT_EQ(DataOf(TakePackets()).size(), 2u);
  AdvanceTime(milliseconds(300));
  Receive(SackPacket(L(0), 100'000));
  EXPECT_EQ(Deadline(), t0 + milliseconds(800) + 3 * milliseconds(800));
}

// Section 6.2.1 D i: "If Cumulative TSN Ack is less than the Cumulative TSN
// Ack Point, then drop the SACK chunk. Since Cumulative TSN Ack is
// monotonically increasing, a SACK chunk whose Cumulative TSN Ack is less
// than the Cumulative TSN Ack Point indicates an out-of-order SACK chunk" -
// its a_rwnd is not taken either.
TEST_F(DataSendTest, OutOfOrderSackIsDropped) {
  options_.association.nodelay = true;
  EstablishPassive();
  ASSERT_EQ(Send(100, 0), SendResult::kOk);
  ASSERT_EQ(Send(100, 1), SendResult::kOk);
  TakePackets();
  Receive(SackPacket(L(1), 100'000));
  Receive(SackPacket(L(0), 0));  // older, overtaken
  ASSERT_EQ(Send(100, 2), SendResult::kOk);
  ASSERT_EQ(Send(100, 3), SendResult::kOk);
  EXPECT_EQ(DataOf(TakePackets()).size(), 2u) << "the stale zero window was ignored";
}

// Section 7.2.4: "Whenever an endpoint receives a SACK chunk that indicates
// that some TSNs are missing, it SHOULD wait for two further miss
// indications (via subsequent SACK chunks for a total of three missing
// reports) on the same TSNs before taking action with regard to Fast
// Retransmit ... Miss indications SHOULD follow the Highest TSN Newly
// Acknowledged (HTNA) algorithm" and step 3: "Retransmit those K DATA
// chunks in a single packet ... the sender SHOULD ignore the value of cwnd".
TEST_F(DataSendTest, ThirdMissIndicationTriggersFastRetransmitOfTheMissingTsn) {
  options_.association.nodelay = true;
  EstablishPassive();
  for (uint32_t i = 0; i < 5; ++i) ASSERT_EQ(Send(500, i), SendResult::kOk);
  ASSERT_EQ(DataOf(TakePackets()).size(), 5u);

  // TSN 1 is missing; 2, then 3, then 4 arrive.
  Receive(SackPacket(L(0), 100'000, {{2, 2}}));
  EXPECT_TRUE(DataOf(TakePackets()).empty());
  Receive(SackPacket(L(0), 100'000, {{2, 3}}));
  EXPECT_TRUE(DataOf(TakePackets()).empty());
  // The same report again has no newly acknowledged TSN: no miss indication.
  Receive(SackPacket(L(0), 100'000, {{2, 3}}));
  EXPECT_TRUE(DataOf(TakePackets()).empty());
  Receive(SackPacket(L(0), 100'000, {{2, 4}}));
  const std::vector<CapturedPacket> packets = TakePackets();
  ASSERT_EQ(packets.size(), 1u) << ToString(packets);
  EXPECT_EQ(DataOf(packets), (std::vector<std::pair<uint32_t, size_t>>{{l(1), 500}}));
  const DataChunk* again = packets[0].Find<DataChunk>();
  EXPECT_EQ(std::vector<uint8_t>(again->payload.begin(), again->payload.end()), Payload(500, 1));
  EXPECT_EQ(association()->metrics().fast_retransmits, 1u);
  // Section 7.2.4 step 5: not fast retransmitted again.
  Receive(SackPacket(L(0), 100'000, {{2, 4}}));
  EXPECT_TRUE(DataOf(TakePackets()).empty());
}

// Section 12.4: "An SCTP implementation MUST abort the association if it
// receives a SACK chunk acknowledging a TSN that has not been sent."
TEST_F(DataSendTest, SackForATsnNotSentAbortsWithProtocolViolation) {
  EstablishPassive();
  ASSERT_EQ(Send(100), SendResult::kOk);
  TakePackets();
  Receive(SackPacket(L(5), 100'000));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  EXPECT_FALSE(answer.Get<AbortChunk>(0)->tag_reflected);
  EXPECT_TRUE(answer.Get<AbortChunk>(0)->error_causes.Find<ProtocolViolationCause>().has_value());
  const std::vector<FakeEnvironment::Event> events = env().TakeEvents();
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(events);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
  EXPECT_EQ(EventsOf<SendFailed>(events).size(), 1u);
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// The same for a Gap Ack Block beyond the highest TSN sent.
TEST_F(DataSendTest, GapBlockForATsnNotSentAbortsWithProtocolViolation) {
  EstablishPassive();
  ASSERT_EQ(Send(100), SendResult::kOk);
  TakePackets();
  Receive(SackPacket(Tsn(l(0) - 1), 100'000, {{2, 2}}));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Section 8.1: "If the value of this counter exceeds the limit indicated in
// the protocol parameter 'Association.Max.Retrans', the endpoint SHOULD
// consider the peer endpoint unreachable and SHALL stop transmitting any
// more data to it ... the endpoint SHOULD report the failure to the upper
// layer and optionally report back all outstanding user data"; section
// 8.2: past 'Path.Max.Retrans' the address is inactive "and a notification
// SHOULD be sent to the upper layer".
TEST_F(DataSendTest, AssociationMaxRetransEndsWithCommLostAndSendFailed) {
  EstablishPassive();
  ASSERT_EQ(Send(300, 42), SendResult::kOk);
  TakePackets();
  int retransmissions = 0;
  while (endpoint().Find(id_) && FireNextWakeup()) {
    retransmissions += static_cast<int>(DataOf(TakePackets()).size());
  }
  EXPECT_EQ(retransmissions, options_.association.association_max_retrans);
  EXPECT_EQ(endpoint().Find(id_), nullptr);
  const std::vector<FakeEnvironment::Event> events = env().TakeEvents();
  const std::vector<PeerAddressChange> unreachable = EventsOf<PeerAddressChange>(events);
  ASSERT_EQ(unreachable.size(), 1u);
  EXPECT_EQ(unreachable[0].state, PeerAddressChange::State::kUnreachable);
  EXPECT_EQ(unreachable[0].address, PeerAddress());
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(events);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
  EXPECT_EQ(changes[0].reason, AssociationChange::Reason::kRetransmissionLimit);
  const std::vector<SendFailed> failed = EventsOf<SendFailed>(events);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_TRUE(failed[0].sent);
  EXPECT_EQ(failed[0].ppid, Ppid(42));
  EXPECT_EQ(failed[0].payload, Payload(300, 42));
  ExpectNoPacket();
}

// Section 8.1: "The counter used for endpoint failure detection MUST be
// reset each time a DATA chunk sent to that peer endpoint is acknowledged".
TEST_F(DataSendTest, AcknowledgedDataResetsTheErrorCounter) {
  options_.association.association_max_retrans = 3;
  EstablishPassive();
  ASSERT_EQ(Send(100), SendResult::kOk);
  for (int i = 0; i < 3; ++i) FireNextWakeup();
  ASSERT_EQ(DataOf(TakePackets()).size(), 4u);
  Receive(SackPacket(L(0), 100'000));

  ASSERT_EQ(Send(100), SendResult::kOk);
  TakePackets();
  for (int i = 0; i < 3; ++i) FireNextWakeup();
  EXPECT_EQ(DataOf(TakePackets()).size(), 3u);
  ASSERT_NE(endpoint().Find(id_), nullptr) << "three timeouts since the last ack are allowed";
  FireNextWakeup();
  EXPECT_EQ(endpoint().Find(id_), nullptr);
}

}  // namespace
}  // namespace sctpdp::testing

namespace sctpdp::testing {
namespace {

// RFC 3758 section 3.5 A3 and C1: a message abandoned after its first
// fragment went out loses its unsent fragments too, yet the peer holds the
// first one and waits for the rest. Its cumulative ack can reach every TSN
// sent, so the FORWARD TSN must name a TSN beyond them: the rest takes one,
// never sent, and the FORWARD TSN is repeated until the peer acknowledges
// that TSN (C3, "retransmit per RTO").
TEST_F(DataSendTest, AbandonedPartlySentMessageIsSkippedBeyondItsLastSentFragment) {
  options_.association.nodelay = true;
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(ForwardTsnSupportedParameter{});
  peer_.a_rwnd = 1500;  // room for part of the message only
  SendInitExpectInitAck(parameters.list());
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  TakePackets();
  id_ = endpoint().association_ids().at(0);
  env().TakeEvents();

  OutgoingMessage message = Message(3500, 0);
  message.expires_at = now() + milliseconds(300);
  ASSERT_EQ(endpoint().Send(id_, now(), std::move(message)), SendResult::kOk);
  const std::vector<std::pair<uint32_t, size_t>> first = DataOf(TakePackets());
  ASSERT_FALSE(first.empty());
  ASSERT_LT(PayloadBytes(first), 3500u);
  const auto sent = static_cast<uint32_t>(first.size());

  // The fragments sent arrive and are acknowledged; the window stays shut.
  AdvanceTime(milliseconds(100));
  Receive(SackPacket(L(sent - 1), 0));
  TakePackets();
  // The lifetime ends: at the next look (the zero window probe's turn, one
  // RTO on, which may still carry a fragment) the rest is abandoned, and
  // the FORWARD TSN moves the peer past a TSN that was never sent: the one
  // after the last fragment that went out.
  AdvanceTime(seconds(2));
  std::vector<CapturedPacket> packets = TakePackets();
  const ForwardTsnChunk* forward = nullptr;
  uint32_t last_sent = first.back().first;
  for (const CapturedPacket& packet : packets) {
    for (const DataChunk* data : packet.All<DataChunk>()) {
      ASSERT_EQ(forward, nullptr) << "DATA after the FORWARD TSN: " << ToString(packets);
      last_sent = std::max(last_sent, data->tsn.value());
    }
    if (const ForwardTsnChunk* chunk = packet.Get<ForwardTsnChunk>(0)) forward = chunk;
  }
  ASSERT_NE(forward, nullptr) << ToString(packets);
  const Tsn skipped(last_sent + 1);
  EXPECT_EQ(forward->new_cumulative_tsn, skipped);
  ASSERT_EQ(forward->skipped_streams.size(), 1u);
  EXPECT_EQ(forward->skipped_streams[0].ssn, Ssn(0));
  const std::vector<SendFailed> failed = EventsOf<SendFailed>(env().TakeEvents());
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_TRUE(failed[0].sent);

  // The FORWARD TSN is lost: it comes again after an RTO, and stops once
  // the peer's cumulative ack reaches the skipped TSN.
  AdvanceTime(seconds(4));
  bool again = false;
  for (const CapturedPacket& packet : TakePackets()) again |= packet.Get<ForwardTsnChunk>(0) != nullptr;
  EXPECT_TRUE(again);
  Receive(SackPacket(skipped, 100'000));
  TakePackets();
  AdvanceTime(seconds(10));
  for (const CapturedPacket& packet : TakePackets()) {
    EXPECT_EQ(packet.Get<ForwardTsnChunk>(0), nullptr) << packet.ToString();
  }
  // The next message gets the next TSN after the skipped one.
  ASSERT_EQ(Send(100), SendResult::kOk);
  const std::vector<std::pair<uint32_t, size_t>> next = DataOf(TakePackets());
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].first, skipped.value() + 1);
}

}  // namespace
}  // namespace sctpdp::testing
