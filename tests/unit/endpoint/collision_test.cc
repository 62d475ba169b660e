// RFC 9260 section 5.2: duplicate or unexpected INIT, INIT ACK, COOKIE ECHO
// and COOKIE ACK chunks (collisions, restarts, late cookies) and the rules
// of table 12.
#include <gtest/gtest.h>

#include <array>
#include <chrono>

#include "dataplane/sctp/packet/chunk/cookie_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/cookie_echo_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_chunk.h"
#include "dataplane/sctp/packet/error_cause/cookie_received_while_shutting_down_cause.h"
#include "dataplane/sctp/packet/error_cause/restart_with_new_addresses_cause.h"
#include "dataplane/sctp/packet/error_cause/stale_cookie_cause.h"
#include "dataplane/sctp/packet/parameter/ipv4_address_parameter.h"
#include "dataplane/sctp/packet/parameter/state_cookie_parameter.h"
#include "tests/unit/endpoint/scripted_peer.h"

namespace sctpdp::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class CollisionTest : public EndpointTest {
 protected:
  // The state of the association under test, to check it did not change.
  struct Snapshot {
    AssociationState state{};
    uint32_t local_tag = 0;
    uint32_t peer_tag = 0;
    friend bool operator==(const Snapshot&, const Snapshot&) = default;
  };
  Snapshot Take() {
    const Association* a = association();
    if (!a) return Snapshot{};
    return Snapshot{.state = a->state(),
                    .local_tag = a->local_tag().value(),
                    .peer_tag = a->peer_tag().value()};
  }

  // The peer restarts: a new INIT with a new tag (and TSN), from the same
  // address and port.
  CapturedPacket RestartInit() {
    peer_.tag = VerificationTag(0x7e57'0002);
    peer_.initial_tsn = Tsn(50'000);
    Receive(PeerPacket(0).Add(PeerInit()));
    return TakeOnePacket();
  }
};

// Section 5.2.2: "upon receipt of an unexpected INIT chunk for this
// association, the endpoint MUST generate an INIT ACK chunk with a State
// Cookie ... The outbound SCTP packet containing this INIT ACK chunk MUST
// carry a Verification Tag value equal to the Initiate Tag found in the
// unexpected INIT chunk. And the INIT ACK chunk MUST contain a new Initiate
// Tag" and "the existing association, including its current state, and the
// corresponding TCB MUST NOT be changed."
TEST_F(CollisionTest, InitInEstablishedIsAnsweredWithNewTagAndChangesNothing) {
  EstablishPassive();
  const Snapshot before = Take();
  const CapturedPacket answer = RestartInit();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kInitAck}) << answer.ToString();
  EXPECT_EQ(answer.tag(), 0x7e57'0002u);
  const InitAckChunk* init_ack = answer.Get<InitAckChunk>(0);
  EXPECT_NE(init_ack->initiate_tag.value(), 0u);
  EXPECT_NE(init_ack->initiate_tag, local_tag_);
  EXPECT_FALSE(CookieOf(answer).empty());
  EXPECT_EQ(Take(), before);
  EXPECT_EQ(endpoint().association_count(), 1u);
  EXPECT_TRUE(env().TakeEvents().empty());
}

// Section 5.2.4, table 12 action A (tags X X, tie-tags M M): "the peer
// might have restarted ... the existing session is treated the same as if it
// received an ABORT chunk followed by a new COOKIE ECHO chunk with the
// following exceptions: ... A RESTART notification SHOULD be sent to the ULP
// instead of a COMMUNICATION LOST notification ... After this, the endpoint
// enters the ESTABLISHED state"; the COOKIE ACK goes with the new tag.
TEST_F(CollisionTest, CookieFromRestartedPeerRestartsTheAssociation) {
  EstablishPassive();
  // Data of the old incarnation, acknowledged.
  Receive(NextData(100));
  TakePackets();
  env().TakeDeliveries();
  const CapturedPacket answer = RestartInit();
  const VerificationTag new_local_tag = answer.Get<InitAckChunk>(0)->initiate_tag;
  const Tsn new_local_tsn = answer.Get<InitAckChunk>(0)->initial_tsn;
  Receive(PeerPacket(new_local_tag).Add(CookieEchoChunk{.cookie = CookieOf(answer)}));
  const CapturedPacket ack = TakeOnePacket();
  EXPECT_EQ(ack.types(), std::vector<ChunkType>{ChunkType::kCookieAck});
  EXPECT_EQ(ack.tag(), 0x7e57'0002u);

  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kRestart);
  ASSERT_EQ(endpoint().association_ids(), std::vector<AssociationId>{id_});
  EXPECT_EQ(association()->state(), AssociationState::kEstablished);
  EXPECT_EQ(association()->local_tag(), new_local_tag);
  EXPECT_EQ(association()->peer_tag(), VerificationTag(0x7e57'0002));

  // The new incarnation's sequence numbers: the peer's new initial TSN is
  // acknowledged, and our DATA starts at the Initial TSN of the INIT ACK.
  local_tag_ = new_local_tag;
  next_peer_tsn_ = Tsn(50'000);
  next_peer_ssn_ = 0;
  Receive(NextData(10));
  const CapturedPacket sack = TakeOnePacket();
  ASSERT_NE(sack.Find<SackChunk>(), nullptr) << sack.ToString();
  EXPECT_EQ(sack.Find<SackChunk>()->cumulative_tsn_ack, Tsn(50'000));
  EXPECT_EQ(env().TakeDeliveries().size(), 1u);
  ASSERT_EQ(endpoint().Send(id_, now(), Message(10)), SendResult::kOk);
  const CapturedPacket data = TakeOnePacket();
  ASSERT_NE(data.Find<DataChunk>(), nullptr) << data.ToString();
  EXPECT_EQ(data.Find<DataChunk>()->tsn, new_local_tsn);
  EXPECT_EQ(data.tag(), 0x7e57'0002u);
}

// Section 5.2.2: "If new addresses are added to the association, the
// endpoint MUST respond with an ABORT chunk, copying the 'Initiate Tag' of
// the unexpected INIT chunk into the 'Verification Tag' of the outbound
// packet carrying the ABORT chunk. In the ABORT chunk, the error cause MAY
// be set to 'Restart of an Association with New Addresses'. The error SHOULD
// list the addresses that were added"; the association is not changed.
TEST_F(CollisionTest, InitAddingAnAddressIsAbortedWithRestartWithNewAddresses) {
  EstablishPassive();
  const Snapshot before = Take();
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(Ipv4AddressParameter{.address = {192, 0, 2, 2}})
      .Add(Ipv4AddressParameter{.address = {198, 51, 100, 7}});
  peer_.tag = VerificationTag(0x7e57'0003);
  Receive(PeerPacket(0).Add(PeerInit(parameters.list())));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), 0x7e57'0003u);
  const AbortChunk* abort = answer.Get<AbortChunk>(0);
  EXPECT_FALSE(abort->tag_reflected);
  const std::optional<RestartWithNewAddressesCause> cause =
      abort->error_causes.Find<RestartWithNewAddressesCause>();
  ASSERT_TRUE(cause.has_value());
  std::vector<std::string> listed;
  for (const TlvList::Field& field : cause->new_addresses) {
    ParseResult<Ipv4AddressParameter> address = Ipv4AddressParameter::Parse(field.bytes);
    ASSERT_TRUE(address.ok());
    listed.push_back(address.value().AddressString());
  }
  EXPECT_EQ(listed, std::vector<std::string>{"198.51.100.7"});
  EXPECT_EQ(Take(), before);
  EXPECT_TRUE(env().TakeEvents().empty());
}

// Section 3.3.2: an INIT with zero streams draws an ABORT "using the
// Initiate Tag as the Verification Tag, and MUST NOT change the state of any
// existing association".
TEST_F(CollisionTest, InvalidInitInEstablishedIsAbortedWithoutTouchingTheAssociation) {
  EstablishPassive();
  const Snapshot before = Take();
  peer_.tag = VerificationTag(0x7e57'0004);
  peer_.inbound_streams = 0;
  Receive(PeerPacket(0).Add(PeerInit()));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), 0x7e57'0004u);
  EXPECT_EQ(Take(), before);
  EXPECT_TRUE(env().TakeEvents().empty());
}

// Section 5.2.5: "At any state other than COOKIE-ECHOED, an endpoint SHOULD
// silently discard a received COOKIE ACK chunk."
TEST_F(CollisionTest, CookieAckInEstablishedIsIgnored) {
  EstablishPassive();
  const Snapshot before = Take();
  Receive(ToLocal().Add(CookieAckChunk{}));
  ExpectNoPacket();
  EXPECT_EQ(Take(), before);
  EXPECT_TRUE(env().TakeEvents().empty());
}

// Section 5.2.3: "If an INIT ACK chunk is received by an endpoint in any
// state other than the COOKIE-WAIT or CLOSED state, the endpoint SHOULD
// discard the INIT ACK chunk."
TEST_F(CollisionTest, InitAckInEstablishedIsIgnored) {
  EstablishActive();
  const Snapshot before = Take();
  const std::vector<uint8_t> cookie = Payload(40);
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(StateCookieParameter{.cookie = cookie});
  Receive(ToLocal().Add(InitAckChunk{.initiate_tag = VerificationTag(0x0bad'0bad),
                                     .a_rwnd = 50'000,
                                     .outbound_streams = 3,
                                     .inbound_streams = 3,
                                     .initial_tsn = Tsn(7),
                                     .parameters = parameters.list()}));
  ExpectNoPacket();
  EXPECT_EQ(Take(), before);
  EXPECT_TRUE(env().TakeEvents().empty());
}

// Section 5.2.4, table 12 action C (tags X M, no tie-tags): "the local
// endpoint's cookie has arrived late ... The cookie SHOULD be silently
// discarded. The endpoint SHOULD NOT change states and SHOULD leave any
// timers running." The late cookie is the answer to an earlier INIT of the
// same peer.
TEST_F(CollisionTest, LateCookieOfAnEarlierInitIsSilentlyDiscarded) {
  const CapturedPacket first = SendInitExpectInitAck();
  const std::vector<uint8_t> late_cookie = cookie_;
  const VerificationTag late_tag = local_tag_;
  SendInitExpectInitAck();
  ASSERT_NE(local_tag_, late_tag);
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  ASSERT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kCookieAck});
  env().TakeEvents();
  id_ = endpoint().association_ids().at(0);
  const Snapshot before = Take();

  Receive(PeerPacket(late_tag).Add(CookieEchoChunk{.cookie = late_cookie}));
  ExpectNoPacket();
  EXPECT_EQ(Take(), before);
  EXPECT_EQ(endpoint().association_count(), 1u);
  EXPECT_TRUE(env().TakeEvents().empty());
}

// Section 5.2.4, table 12 action D (tags M M): "the endpoint SHOULD enter
// the ESTABLISHED state if it is in the COOKIE-ECHOED state ... and send a
// COOKIE ACK chunk" - here the peer lost our COOKIE ACK (case E of section
// 5.2) and repeats its COOKIE ECHO: one more COOKIE ACK, nothing else.
TEST_F(CollisionTest, RepeatedCookieEchoIsAnsweredWithAnotherCookieAck) {
  EstablishPassive();
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  const CapturedPacket answer = TakeOnePacket();
  EXPECT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kCookieAck});
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  EXPECT_EQ(endpoint().association_count(), 1u);
  EXPECT_TRUE(env().TakeEvents().empty());
}

// Section 5.2.4 step 3: "If both Verification Tags in the State Cookie match
// the Verification Tags of the current association, consider the State
// Cookie valid (this is case E in Section 5.2), even if the lifespan is
// exceeded."
TEST_F(CollisionTest, StaleCookieOfTheCurrentAssociationIsStillAcknowledged) {
  EstablishPassive();
  AdvanceTime(options_.association.valid_cookie_life + seconds(5));
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kCookieAck});
  EXPECT_EQ(association()->state(), AssociationState::kEstablished);
}

// Section 5.2.4 step 3: "If the State Cookie is older than the lifespan
// carried in the State Cookie and the Verification Tags contained in the
// State Cookie do not match the current association's Verification Tags,
// the packet ... SHOULD be discarded. The endpoint also MUST transmit an
// ERROR chunk with a 'Stale Cookie' error cause".
TEST_F(CollisionTest, StaleCookieOfAnotherIncarnationGetsStaleCookieError) {
  SendInitExpectInitAck();
  const std::vector<uint8_t> old_cookie = cookie_;
  const VerificationTag old_tag = local_tag_;
  EstablishPassive();
  AdvanceTime(options_.association.valid_cookie_life + milliseconds(3));
  Receive(PeerPacket(old_tag).Add(CookieEchoChunk{.cookie = old_cookie}));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kError}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  const std::optional<StaleCookieCause> stale =
      answer.Get<ErrorChunk>(0)->error_causes.Find<StaleCookieCause>();
  ASSERT_TRUE(stale.has_value());
  EXPECT_EQ(stale->staleness_us, 3000u);
  EXPECT_EQ(association()->local_tag(), local_tag_);
}

// Section 5.2.1: "Upon receipt of an INIT chunk in the COOKIE-WAIT state,
// an endpoint MUST respond with an INIT ACK chunk using the same parameters
// it sent in its original INIT chunk (including its Initiate Tag,
// unchanged) ... After that, the endpoint MUST NOT change its state, the
// T1-init timer MUST be left running". Its cookie then resolves the
// collision by table 12 action B (tags M 0): "The endpoint SHOULD stay in or
// enter the ESTABLISHED state, but it MUST update its peer's Verification
// Tag from the State Cookie, stop any T1-init or T1-cookie timers that
// might be running, and send a COOKIE ACK chunk."
TEST_F(CollisionTest, InitCollisionInCookieWaitResolvesByActionB) {
  const std::array<IpAddress, 1> peers{PeerAddress()};
  id_ = endpoint().Connect(now(), peers, kPeerPort).value();
  const CapturedPacket init = TakeOnePacket();
  ASSERT_NE(init.Get<InitChunk>(0), nullptr);
  const InitChunk ours = *init.Get<InitChunk>(0);
  const std::optional<TimePoint> t1 = NextWakeup();

  AdvanceTime(milliseconds(10));
  Receive(PeerPacket(0).Add(PeerInit()));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kInitAck}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  const InitAckChunk* init_ack = answer.Get<InitAckChunk>(0);
  EXPECT_EQ(init_ack->initiate_tag, ours.initiate_tag);
  EXPECT_EQ(init_ack->initial_tsn, ours.initial_tsn);
  EXPECT_EQ(init_ack->outbound_streams, ours.outbound_streams);
  EXPECT_EQ(init_ack->inbound_streams, ours.inbound_streams);
  EXPECT_EQ(association()->state(), AssociationState::kCookieWait);
  EXPECT_EQ(NextWakeup(), t1);

  Receive(PeerPacket(ours.initiate_tag).Add(CookieEchoChunk{.cookie = CookieOf(answer)}));
  const CapturedPacket ack = TakeOnePacket();
  EXPECT_EQ(ack.types(), std::vector<ChunkType>{ChunkType::kCookieAck});
  EXPECT_EQ(ack.tag(), peer_.tag.value());
  EXPECT_EQ(association()->state(), AssociationState::kEstablished);
  EXPECT_EQ(association()->peer_tag(), peer_.tag);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommUp);
  // T1-init is stopped: nothing fires any more (heartbeats are off).
  EXPECT_EQ(Deadline(), std::nullopt);
  AdvanceTime(seconds(10));
  ExpectNoPacket();
}

// Section 5.2.1: "Upon receipt of an INIT chunk in the COOKIE-ECHOED state,
// an endpoint MUST respond with an INIT ACK chunk using the same parameters
// it sent in its original INIT chunk (including its Initiate Tag,
// unchanged), provided that no new address has been added ... If the INIT
// chunk indicates that a new address has been added to the association,
// then the entire INIT chunk MUST be discarded, and the state of the
// existing association SHOULD NOT be changed. An ABORT chunk SHOULD be
// sent".
TEST_F(CollisionTest, InitInCookieEchoedKeepsTheTagOrIsAbortedForNewAddresses) {
  const std::array<IpAddress, 1> peers{PeerAddress()};
  id_ = endpoint().Connect(now(), peers, kPeerPort).value();
  local_tag_ = TakeOnePacket().Get<InitChunk>(0)->initiate_tag;
  const std::vector<uint8_t> cookie = Payload(32);
  TlvBuffer ack_parameters(WireKind::kParameter);
  ack_parameters.Add(StateCookieParameter{.cookie = cookie});
  Receive(PeerPacket(local_tag_)
              .Add(InitAckChunk{.initiate_tag = peer_.tag,
                                .a_rwnd = peer_.a_rwnd,
                                .outbound_streams = 5,
                                .inbound_streams = 5,
                                .initial_tsn = peer_.initial_tsn,
                                .parameters = ack_parameters.list()}));
  ASSERT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kCookieEcho});
  ASSERT_EQ(association()->state(), AssociationState::kCookieEchoed);

  Receive(PeerPacket(0).Add(PeerInit()));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kInitAck}) << answer.ToString();
  EXPECT_EQ(answer.Get<InitAckChunk>(0)->initiate_tag, local_tag_);
  EXPECT_EQ(association()->state(), AssociationState::kCookieEchoed);

  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(Ipv4AddressParameter{.address = {198, 51, 100, 9}});
  Receive(PeerPacket(0).Add(PeerInit(parameters.list())));
  const CapturedPacket abort = TakeOnePacket();
  ASSERT_EQ(abort.types(), std::vector<ChunkType>{ChunkType::kAbort}) << abort.ToString();
  EXPECT_EQ(abort.tag(), peer_.tag.value());
  EXPECT_EQ(association()->state(), AssociationState::kCookieEchoed);
  EXPECT_TRUE(env().TakeEvents().empty());
}

// Section 5.2.4 action A: "If the endpoint is in the SHUTDOWN-ACK-SENT state
// and recognizes that the peer has restarted (Action A), it MUST NOT set up a
// new association but instead resend the SHUTDOWN ACK chunk and send an
// ERROR chunk with a 'Cookie Received While Shutting Down' error cause".
TEST_F(CollisionTest, RestartCookieInShutdownAckSentResendsShutdownAck) {
  EstablishPassive();
  const VerificationTag old_peer_tag = peer_.tag;
  // The restart INIT ACK's cookie, echoed only once we are shutting down.
  const CapturedPacket answer = RestartInit();
  const VerificationTag new_local_tag = answer.Get<InitAckChunk>(0)->initiate_tag;
  Receive(PeerPacket(local_tag_)
              .Add(ShutdownChunk{.cumulative_tsn_ack = Tsn(local_initial_tsn_.value() - 1)}));
  ASSERT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kShutdownAck});
  ASSERT_EQ(association()->state(), AssociationState::kShutdownAckSent);
  env().TakeEvents();

  Receive(PeerPacket(new_local_tag).Add(CookieEchoChunk{.cookie = CookieOf(answer)}));
  const CapturedPacket reply = TakeOnePacket();
  EXPECT_NE(reply.Find<ShutdownAckChunk>(), nullptr) << reply.ToString();
  const ErrorChunk* error = reply.Find<ErrorChunk>();
  ASSERT_NE(error, nullptr) << reply.ToString();
  EXPECT_TRUE(error->error_causes.Find<CookieReceivedWhileShuttingDownCause>().has_value());
  EXPECT_EQ(reply.tag(), old_peer_tag.value());
  EXPECT_EQ(association()->state(), AssociationState::kShutdownAckSent);
  EXPECT_EQ(association()->local_tag(), local_tag_);
  EXPECT_TRUE(EventsOf<AssociationChange>(env().TakeEvents()).empty());
}

}  // namespace
}  // namespace sctpdp::testing
