// RFC 9260 section 9.2 (graceful shutdown, T2-shutdown, T5-shutdown-guard),
// 9.1 (ABORT), 3.3.10 (ERROR) and 8.5.1 C (SHUTDOWN COMPLETE tags).
#include <gtest/gtest.h>

#include <chrono>

#include "dataplane/sctp/packet/chunk/shutdown_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_complete_chunk.h"
#include "dataplane/sctp/packet/error_cause/invalid_stream_identifier_cause.h"
#include "dataplane/sctp/packet/error_cause/user_initiated_abort_cause.h"
#include "tests/unit/endpoint/scripted_peer.h"

namespace sctpdp::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class ShutdownTest : public EndpointTest {
 protected:
  Tsn L(uint32_t n) const { return Tsn(local_initial_tsn_.value() + n); }
  // The peer's last TSN delivered so far.
  Tsn PeerCumulative() const { return Tsn(next_peer_tsn_.value() - 1); }
  std::vector<AssociationChange> Changes() {
    return EventsOf<AssociationChange>(env().TakeEvents());
  }

  // Established, two DATA from the peer received and acknowledged, one
  // message of ours sent and acknowledged.
  void EstablishWithTraffic() {
    EstablishPassive();
    Receive(NextData(10));
    Receive(NextData(10));
    AdvanceTime(options_.association.sack_delay);
    TakePackets();
    env().TakeDeliveries();
    ASSERT_EQ(endpoint().Send(id_, now(), Message(10)), SendResult::kOk);
    TakePackets();
    Receive(SackPacket(L(0), 100'000));
    TakePackets();
    env().TakeEvents();
  }

  // The peer's SHUTDOWN, acknowledging everything we sent.
  std::vector<uint8_t> PeerShutdown(Tsn cumulative) const {
    return ToLocal().Add(ShutdownChunk{.cumulative_tsn_ack = cumulative}).Build();
  }
};

// Section 9.2: "Once all its outstanding data has been acknowledged, the
// endpoint sends a SHUTDOWN chunk to its peer, including in the Cumulative
// TSN Ack field the last sequential TSN it has received from the peer. It
// SHOULD then start the T2-shutdown timer and enter the SHUTDOWN-SENT
// state" and "Upon the receipt of the SHUTDOWN ACK chunk, the sender of the
// SHUTDOWN chunk MUST stop the T2-shutdown timer, send a SHUTDOWN COMPLETE
// chunk to its peer, and remove all record of the association"; section
// 8.5.1 C: with a TCB "the destination endpoint's tag MUST be used and the T
// bit MUST NOT be set".
TEST_F(ShutdownTest, LocalShutdownSendsShutdownAndCompletesOnShutdownAck) {
  EstablishWithTraffic();
  endpoint().Shutdown(id_, now());
  const CapturedPacket shutdown = TakeOnePacket();
  ASSERT_NE(shutdown.Find<ShutdownChunk>(), nullptr) << shutdown.ToString();
  EXPECT_EQ(shutdown.Find<ShutdownChunk>()->cumulative_tsn_ack, PeerCumulative());
  EXPECT_EQ(shutdown.tag(), peer_.tag.value());
  EXPECT_EQ(association()->state(), AssociationState::kShutdownSent);
  EXPECT_EQ(NextWakeup(), now() + options_.association.rto_initial);
  // Section 9.2: "An endpoint SHOULD reject any new data request from its
  // upper layer if it is in the SHUTDOWN-PENDING, SHUTDOWN-SENT ... state."
  EXPECT_EQ(endpoint().Send(id_, now(), Message(10)), SendResult::kNotConnected);

  Receive(ToLocal().Add(ShutdownAckChunk{}));
  const CapturedPacket complete = TakeOnePacket();
  ASSERT_EQ(complete.types(), std::vector<ChunkType>{ChunkType::kShutdownComplete})
      << complete.ToString();
  EXPECT_FALSE(complete.Get<ShutdownCompleteChunk>(0)->tag_reflected);
  EXPECT_EQ(complete.tag(), peer_.tag.value());
  const std::vector<AssociationChange> changes = Changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kShutdownComplete);
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Section 9.2: "Upon receipt of the SHUTDOWN primitive from its upper layer,
// the endpoint enters the SHUTDOWN-PENDING state and remains there until all
// outstanding data has been acknowledged by its peer. The endpoint accepts
// no new data from its upper layer but retransmits data to the peer
// endpoint if necessary to fill gaps."
TEST_F(ShutdownTest, ShutdownWaitsForOutstandingDataToBeAcknowledged) {
  EstablishWithTraffic();
  ASSERT_EQ(endpoint().Send(id_, now(), Message(50)), SendResult::kOk);
  TakePackets();
  endpoint().Shutdown(id_, now());
  ExpectNoPacket();
  EXPECT_EQ(association()->state(), AssociationState::kShutdownPending);
  EXPECT_EQ(endpoint().Send(id_, now(), Message(10)), SendResult::kNotConnected);

  // The T3-rtx retransmission still goes.
  FireNextWakeup();
  const CapturedPacket again = TakeOnePacket();
  ASSERT_NE(again.Find<DataChunk>(), nullptr) << again.ToString();
  EXPECT_EQ(again.Find<DataChunk>()->tsn, L(1));

  Receive(SackPacket(L(1), 100'000));
  const CapturedPacket shutdown = TakeOnePacket();
  ASSERT_NE(shutdown.Find<ShutdownChunk>(), nullptr) << shutdown.ToString();
  EXPECT_EQ(association()->state(), AssociationState::kShutdownSent);
}

// Section 9.2: "Upon reception of the SHUTDOWN chunk, the peer endpoint ...
// enter[s] the SHUTDOWN-RECEIVED state, stop[s] accepting new data from its
// SCTP user" and, with nothing outstanding, "MUST send a SHUTDOWN ACK chunk
// and start a T2-shutdown timer of its own, entering the SHUTDOWN-ACK-SENT
// state"; "If the endpoint is in the SHUTDOWN-ACK-SENT state, the endpoint
// SHOULD stop the T2-shutdown timer and remove all knowledge of the
// association"; RFC 6458 section 6.1.5: SCTP_SHUTDOWN_EVENT.
TEST_F(ShutdownTest, PeerShutdownIsAnsweredWithShutdownAckThenCompletes) {
  EstablishWithTraffic();
  Receive(PeerShutdown(L(0)));
  const CapturedPacket ack = TakeOnePacket();
  ASSERT_EQ(ack.types(), std::vector<ChunkType>{ChunkType::kShutdownAck}) << ack.ToString();
  EXPECT_EQ(ack.tag(), peer_.tag.value());
  EXPECT_EQ(association()->state(), AssociationState::kShutdownAckSent);
  EXPECT_EQ(EventsOf<ShutdownEvent>(env().TakeEvents()).size(), 1u);
  EXPECT_EQ(endpoint().Send(id_, now(), Message(10)), SendResult::kNotConnected);
  EXPECT_EQ(NextWakeup(), now() + options_.association.rto_initial);

  Receive(ToLocal().Add(ShutdownCompleteChunk{}));
  ExpectNoPacket();
  const std::vector<AssociationChange> changes = Changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kShutdownComplete);
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Section 9.2: "If there are still outstanding DATA chunks left, the
// SHUTDOWN chunk receiver MUST continue to follow normal data transmission
// procedures defined in Section 6, until all outstanding DATA chunks are
// acknowledged" before its SHUTDOWN ACK.
TEST_F(ShutdownTest, PeerShutdownWaitsForOurOutstandingData) {
  EstablishWithTraffic();
  ASSERT_EQ(endpoint().Send(id_, now(), Message(40)), SendResult::kOk);
  TakePackets();
  Receive(PeerShutdown(L(0)));  // our TSN 1 not yet received
  ExpectNoPacket();
  EXPECT_EQ(association()->state(), AssociationState::kShutdownReceived);
  FireNextWakeup();
  const CapturedPacket again = TakeOnePacket();
  ASSERT_NE(again.Find<DataChunk>(), nullptr) << again.ToString();
  // "Once an endpoint has reached the SHUTDOWN-RECEIVED state, it MUST
  // ignore ULP shutdown requests".
  endpoint().Shutdown(id_, now());
  ExpectNoPacket();
  EXPECT_EQ(association()->state(), AssociationState::kShutdownReceived);
  // The peer's SHUTDOWN repeated with the new cumulative TSN ack acts as
  // its SACK (section 6.2: "an endpoint MAY send an acknowledgement in the
  // SHUTDOWN chunk").
  Receive(PeerShutdown(L(1)));
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kShutdownAck});
  EXPECT_EQ(association()->state(), AssociationState::kShutdownAckSent);
}

// Section 9.2: "If an endpoint is in the SHUTDOWN-SENT state and receives a
// SHUTDOWN chunk from its peer, the endpoint SHOULD respond immediately with
// a SHUTDOWN ACK chunk to its peer and move into the SHUTDOWN-ACK-SENT
// state, restarting its T2-shutdown timer" and "If an endpoint is in the
// SHUTDOWN-ACK-SENT state and receives a SHUTDOWN ACK, it MUST stop the
// T2-shutdown timer, send a SHUTDOWN COMPLETE chunk to its peer, and remove
// all record of the association."
TEST_F(ShutdownTest, ShutdownCollisionCompletesOnShutdownAck) {
  EstablishWithTraffic();
  endpoint().Shutdown(id_, now());
  TakePackets();
  AdvanceTime(milliseconds(300));
  Receive(PeerShutdown(L(0)));
  const CapturedPacket ack = TakeOnePacket();
  EXPECT_NE(ack.Find<ShutdownAckChunk>(), nullptr) << ack.ToString();
  EXPECT_EQ(ack.Find<ShutdownChunk>(), nullptr) << ack.ToString();
  EXPECT_EQ(association()->state(), AssociationState::kShutdownAckSent);
  EXPECT_EQ(NextWakeup(), now() + options_.association.rto_initial);

  Receive(ToLocal().Add(ShutdownAckChunk{}));
  const CapturedPacket complete = TakeOnePacket();
  ASSERT_EQ(complete.types(), std::vector<ChunkType>{ChunkType::kShutdownComplete})
      << complete.ToString();
  EXPECT_FALSE(complete.Get<ShutdownCompleteChunk>(0)->tag_reflected);
  EXPECT_EQ(complete.tag(), peer_.tag.value());
  const std::vector<AssociationChange> changes = Changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kShutdownComplete);
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Section 8.5.1 C: "The receiver of a SHUTDOWN COMPLETE chunk accepts the
// packet if the Verification Tag field of the packet matches its own tag and
// the T bit is not set OR if it is set to its Peer's Tag and the T bit is
// set in the Chunk Flags. Otherwise, the receiver MUST silently discard the
// packet ... An endpoint MUST ignore the SHUTDOWN COMPLETE chunk if it is
// not in the SHUTDOWN-ACK-SENT state."
TEST_F(ShutdownTest, ShutdownCompleteTagRules) {
  EstablishWithTraffic();
  Receive(ToLocal().Add(ShutdownCompleteChunk{}));
  EXPECT_EQ(association()->state(), AssociationState::kEstablished) << "not in SHUTDOWN-ACK-SENT";

  Receive(PeerShutdown(L(0)));
  TakePackets();
  Receive(PeerPacket(peer_.tag).Add(ShutdownCompleteChunk{}));
  Receive(ToLocal().Add(ShutdownCompleteChunk{.tag_reflected = true}));
  ASSERT_NE(association(), nullptr);
  EXPECT_EQ(association()->state(), AssociationState::kShutdownAckSent);
  Receive(PeerPacket(peer_.tag).Add(ShutdownCompleteChunk{.tag_reflected = true}));
  EXPECT_EQ(endpoint().association_count(), 0u);
  ExpectNoPacket();
}

// Section 9.2: "If the timer expires, the endpoint MUST resend the SHUTDOWN
// chunk with the updated last sequential TSN received from its peer. The
// rules in Section 6.3 MUST be followed to determine the proper timer value
// for T2-shutdown" (so it backs off like T3-rtx).
TEST_F(ShutdownTest, T2RetransmitsShutdownWithBackoff) {
  EstablishWithTraffic();
  const TimePoint t0 = now();
  endpoint().Shutdown(id_, now());
  TakePackets();
  std::vector<TimePoint> resent;
  for (int i = 0; i < 3; ++i) {
    FireNextWakeup();
    const CapturedPacket packet = TakeOnePacket();
    ASSERT_NE(packet.Find<ShutdownChunk>(), nullptr) << packet.ToString();
    EXPECT_EQ(packet.Find<ShutdownChunk>()->cumulative_tsn_ack, PeerCumulative());
    resent.push_back(packet.sent_at());
  }
  EXPECT_EQ(resent, (std::vector<TimePoint>{t0 + seconds(1), t0 + seconds(3), t0 + seconds(7)}));
}

// Section 9.2: "If the timer expires, the endpoint MUST resend the SHUTDOWN
// ACK chunk."
TEST_F(ShutdownTest, T2RetransmitsShutdownAck) {
  EstablishWithTraffic();
  Receive(PeerShutdown(L(0)));
  TakePackets();
  FireNextWakeup();
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kShutdownAck});
  FireNextWakeup();
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kShutdownAck});
}

// Section 4 note 4 and section 9.2: "While in the SHUTDOWN-SENT state, the
// SHUTDOWN chunk sender MUST immediately respond to each received packet
// containing one or more DATA chunks with a SHUTDOWN chunk and restart the
// T2-shutdown timer. If a SHUTDOWN chunk by itself cannot acknowledge all of
// the received DATA chunks (i.e., there are TSNs that can be acknowledged
// that are larger than the cumulative TSN and thus gaps exist in the TSN
// sequence) or if duplicate TSNs have been received, then a SACK chunk MUST
// also be sent."
TEST_F(ShutdownTest, DataInShutdownSentIsAnsweredWithSackAndShutdownAtOnce) {
  EstablishWithTraffic();
  endpoint().Shutdown(id_, now());
  TakePackets();
  AdvanceTime(milliseconds(400));

  Receive(NextData(20));
  CapturedPacket answer = TakeOnePacket();
  ASSERT_NE(answer.Find<ShutdownChunk>(), nullptr) << answer.ToString();
  EXPECT_EQ(answer.Find<ShutdownChunk>()->cumulative_tsn_ack, PeerCumulative());
  EXPECT_EQ(NextWakeup(), now() + options_.association.rto_initial) << "T2 restarted";
  EXPECT_EQ(env().TakeDeliveries().size(), 1u);

  // With a gap, a SACK must say what the SHUTDOWN cannot.
  const Tsn skipped = next_peer_tsn_;
  next_peer_tsn_ = Tsn(next_peer_tsn_.value() + 1);
  ++next_peer_ssn_;
  Receive(NextData(20));
  answer = TakeOnePacket();
  ASSERT_NE(answer.Find<ShutdownChunk>(), nullptr) << answer.ToString();
  const SackChunk* sack = answer.Find<SackChunk>();
  ASSERT_NE(sack, nullptr) << answer.ToString();
  EXPECT_EQ(sack->cumulative_tsn_ack, Tsn(skipped.value() - 1));
  ASSERT_EQ(sack->gap_ack_blocks.size(), 1u);
  EXPECT_EQ(sack->gap_ack_blocks[0], (GapAckBlock{.start = 2, .end = 2}));
}

// Section 9.2: "The sender of the SHUTDOWN chunk MAY also start an overall
// guard timer T5-shutdown-guard to bound the overall time for the shutdown
// sequence. At the expiration of this timer, the sender SHOULD abort the
// association by sending an ABORT chunk. If the T5-shutdown-guard timer is
// used, it SHOULD be set to the RECOMMENDED value of 5 times 'RTO.Max'."
TEST_F(ShutdownTest, T5GuardAbortsAShutdownThatNeverCompletes) {
  EstablishWithTraffic();
  const TimePoint t0 = now();
  endpoint().Shutdown(id_, now());
  TakePackets();
  CapturedPacket abort;
  while (endpoint().Find(id_) && FireNextWakeup()) {
    for (const CapturedPacket& packet : TakePackets()) {
      if (packet.Find<AbortChunk>()) abort = packet;
    }
  }
  ASSERT_TRUE(abort.valid());
  EXPECT_EQ(abort.types(), std::vector<ChunkType>{ChunkType::kAbort});
  EXPECT_EQ(abort.sent_at(), t0 + 5 * options_.association.rto_max);
  EXPECT_EQ(abort.tag(), peer_.tag.value());
  const std::vector<AssociationChange> changes = Changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
}

// Section 9.2: "An endpoint SHOULD limit the number of retransmissions of
// the SHUTDOWN chunk to the protocol parameter 'Association.Max.Retrans'. If
// this threshold is exceeded, the endpoint SHOULD destroy the TCB and SHOULD
// report the peer endpoint unreachable to the upper layer".
TEST_F(ShutdownTest, ShutdownRetransmissionsAreLimitedByAssociationMaxRetrans) {
  options_.association.association_max_retrans = 3;
  options_.association.shutdown_guard = std::chrono::hours(1);
  EstablishWithTraffic();
  endpoint().Shutdown(id_, now());
  TakePackets();
  int retransmissions = 0;
  while (endpoint().Find(id_) && FireNextWakeup()) {
    for (const CapturedPacket& packet : TakePackets()) {
      EXPECT_NE(packet.Find<ShutdownChunk>(), nullptr) << packet.ToString();
      ++retransmissions;
    }
  }
  EXPECT_EQ(retransmissions, 3);
  const std::vector<AssociationChange> changes = Changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
}

// Section 9.2: "The sender of the SHUTDOWN ACK chunk SHOULD limit the number
// of retransmissions of the SHUTDOWN ACK chunk to the protocol parameter
// 'Association.Max.Retrans'".
TEST_F(ShutdownTest, ShutdownAckRetransmissionsAreLimitedByAssociationMaxRetrans) {
  options_.association.association_max_retrans = 2;
  EstablishWithTraffic();
  Receive(PeerShutdown(L(0)));
  TakePackets();
  env().TakeEvents();
  int retransmissions = 0;
  while (endpoint().Find(id_) && FireNextWakeup()) {
    retransmissions += static_cast<int>(TakePackets().size());
  }
  EXPECT_EQ(retransmissions, 2);
  const std::vector<AssociationChange> changes = Changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
}

// Section 9.2: "If an endpoint is in the SHUTDOWN-ACK-SENT state and
// receives an INIT chunk (e.g., if the SHUTDOWN COMPLETE chunk was lost)
// with source and destination transport addresses ... that belong to this
// association, it SHOULD discard the INIT chunk and retransmit the SHUTDOWN
// ACK chunk."
TEST_F(ShutdownTest, InitInShutdownAckSentRetransmitsShutdownAck) {
  EstablishWithTraffic();
  Receive(PeerShutdown(L(0)));
  TakePackets();
  peer_.tag = VerificationTag(0x7e57'0042);
  Receive(PeerPacket(0).Add(PeerInit()));
  const CapturedPacket answer = TakeOnePacket();
  EXPECT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kShutdownAck}) << answer.ToString();
  EXPECT_EQ(association()->state(), AssociationState::kShutdownAckSent);
}

// Section 9.2: "If a SHUTDOWN chunk is received in the COOKIE-WAIT or COOKIE
// ECHOED state, the SHUTDOWN chunk SHOULD be silently discarded."
TEST_F(ShutdownTest, ShutdownInCookieWaitIsDiscarded) {
  const std::array<IpAddress, 1> peers{PeerAddress()};
  id_ = endpoint().Connect(now(), peers, kPeerPort).value();
  local_tag_ = TakeOnePacket().Get<InitChunk>(0)->initiate_tag;
  Receive(PeerShutdown(Tsn(1)));
  ExpectNoPacket();
  EXPECT_EQ(association()->state(), AssociationState::kCookieWait);
}

// Section 9.1: "After checking the Verification Tag, the receiving endpoint
// MUST remove the association from its record and SHOULD report the
// termination to its upper layer. If a 'User-Initiated Abort' error cause is
// present in the ABORT chunk, the Upper Layer Abort Reason SHOULD be made
// available to the upper layer" and "An endpoint MUST NOT respond to any
// received packet that contains an ABORT chunk". RFC 6458 section 6.1.1:
// sac_error and sac_info carry the cause; section 6.1.11: messages never
// sent are returned with SCTP_SEND_FAILED_EVENT.
TEST_F(ShutdownTest, AbortReceivedEndsTheAssociationWithItsCause) {
  EstablishWithTraffic();
  ASSERT_EQ(endpoint().Send(id_, now(), Message(30, 0, 7)), SendResult::kOk);
  TakePackets();
  const std::string reason = "going away";
  const UserInitiatedAbortCause cause{
      .reason =
          std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(reason.data()), reason.size())};
  TlvBuffer causes(WireKind::kErrorCause);
  causes.Add(cause);
  Receive(ToLocal().Add(AbortChunk{.error_causes = causes.list()}));
  ExpectNoPacket();
  EXPECT_EQ(endpoint().association_count(), 0u);
  const std::vector<FakeEnvironment::Event> events = env().TakeEvents();
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(events);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
  EXPECT_EQ(changes[0].reason, AssociationChange::Reason::kPeerAbort);
  EXPECT_EQ(changes[0].error, static_cast<uint16_t>(ErrorCauseCode::kUserInitiatedAbort));
  const std::span<const uint8_t> sent = causes.list().bytes();
  EXPECT_EQ(changes[0].abort_causes, std::vector<uint8_t>(sent.begin(), sent.end()));
  const std::vector<SendFailed> failed = EventsOf<SendFailed>(events);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].ppid, Ppid(7));
  EXPECT_EQ(failed[0].payload, Payload(30, 7));
}

// Section 3.3.10: an ERROR chunk reports a condition that is not fatal; the
// association goes on and RFC 6458 section 6.1.4 (SCTP_REMOTE_ERROR) hands
// the causes to the user.
TEST_F(ShutdownTest, ErrorChunkIsReportedToTheUser) {
  EstablishWithTraffic();
  TlvBuffer causes(WireKind::kErrorCause);
  causes.Add(InvalidStreamIdentifierCause{.stream_id = StreamId(9)});
  Receive(ToLocal().Add(ErrorChunk{.error_causes = causes.list()}));
  ExpectNoPacket();
  const std::vector<RemoteError> errors = EventsOf<RemoteError>(env().TakeEvents());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].error, static_cast<uint16_t>(ErrorCauseCode::kInvalidStreamIdentifier));
  const std::span<const uint8_t> sent = causes.list().bytes();
  EXPECT_EQ(errors[0].causes, std::vector<uint8_t>(sent.begin(), sent.end()));
  EXPECT_EQ(association()->state(), AssociationState::kEstablished);
}

// Section 9.1: "When an endpoint decides to abort an existing association,
// it MUST send an ABORT chunk to its peer endpoint. The sender MUST fill in
// the peer's Verification Tag in the outbound packet and MUST NOT bundle any
// DATA chunk with the ABORT chunk. If the association is aborted on request
// of the upper layer, a 'User-Initiated Abort' error cause ... SHOULD be
// present".
TEST_F(ShutdownTest, UserAbortSendsAbortWithUserInitiatedAbortCause) {
  EstablishWithTraffic();
  ASSERT_EQ(endpoint().Send(id_, now(), Message(30)), SendResult::kOk);
  TakePackets();
  endpoint().Abort(id_, now(), "bye");
  const CapturedPacket abort = TakeOnePacket();
  ASSERT_EQ(abort.types(), std::vector<ChunkType>{ChunkType::kAbort}) << abort.ToString();
  EXPECT_EQ(abort.tag(), peer_.tag.value());
  EXPECT_FALSE(abort.Get<AbortChunk>(0)->tag_reflected);
  const std::optional<UserInitiatedAbortCause> cause =
      abort.Get<AbortChunk>(0)->error_causes.Find<UserInitiatedAbortCause>();
  ASSERT_TRUE(cause.has_value());
  EXPECT_EQ(std::string(cause->reason.begin(), cause->reason.end()), "bye");
  const std::vector<AssociationChange> changes = Changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
  EXPECT_EQ(endpoint().association_count(), 0u);
}

}  // namespace
}  // namespace sctpdp::testing
