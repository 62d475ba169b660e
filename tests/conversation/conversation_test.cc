// Two sctpdp engines back to back over a simulated network: the
// procedures of RFC 9260 end to end, with loss, duplication, reordering and
// a failing path.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/conversation/back_to_back.h"

namespace sctpdp::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using State = AssociationChange::State;

TEST(ConversationTest, HandshakeBringsBothSidesUp) {
  BackToBack b2b(1);
  const AssociationId id = b2b.Connect();
  ASSERT_NE(id, AssociationId(0));
  Association* a = b2b.a().endpoint->Find(id);
  Association* z = b2b.z().endpoint->Find(b2b.ZAssociation());
  ASSERT_NE(a, nullptr);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(a->state(), AssociationState::kEstablished);
  EXPECT_EQ(z->state(), AssociationState::kEstablished);
  // Section 5.1: each side's tag is the other's peer tag.
  EXPECT_EQ(a->local_tag(), z->peer_tag());
  EXPECT_EQ(a->peer_tag(), z->local_tag());
  // Section 5.1.1: min(OS, MIS) each way.
  EXPECT_EQ(a->outbound_streams(), 16);
  EXPECT_EQ(z->inbound_streams(), 16);
  // Section 5.1.2: both of z's addresses are paths of a, and vice versa.
  EXPECT_EQ(a->paths().size(), 2u);
  EXPECT_EQ(z->paths().size(), 2u);
  EXPECT_TRUE(a->IsConsistent());
  EXPECT_TRUE(z->IsConsistent());
}

TEST(ConversationTest, MessagesArriveExactlyOnceInOrder) {
  BackToBack b2b(2);
  const AssociationId id = b2b.Connect();
  MessageFlow flow(b2b, b2b.a(), id, b2b.z(), MessageFlow::Spec{.count = 2000}, 7);
  flow.Start();
  ASSERT_TRUE(b2b.net().RunUntil([&] { return flow.AllDelivered(); }, seconds(60)));
  EXPECT_EQ(flow.Check(), "");
}

TEST(ConversationTest, BothDirectionsAtOnce) {
  BackToBack b2b(3);
  const AssociationId id = b2b.Connect();
  MessageFlow up(b2b, b2b.a(), id, b2b.z(), MessageFlow::Spec{.count = 500}, 1);
  MessageFlow down(b2b, b2b.z(), b2b.ZAssociation(), b2b.a(), MessageFlow::Spec{.count = 500}, 2);
  up.Start();
  down.Start();
  ASSERT_TRUE(
      b2b.net().RunUntil([&] { return up.AllDelivered() && down.AllDelivered(); }, seconds(60)));
  EXPECT_EQ(up.Check(), "");
  EXPECT_EQ(down.Check(), "");
}

TEST(ConversationTest, LargeMessagesAreFragmentedAndReassembled) {
  BackToBack b2b(4);
  const AssociationId id = b2b.Connect();
  MessageFlow flow(b2b, b2b.a(), id, b2b.z(),
                   MessageFlow::Spec{.count = 40, .min_size = 1, .max_size = 60000}, 3);
  flow.Start();
  ASSERT_TRUE(b2b.net().RunUntil([&] { return flow.AllDelivered(); }, seconds(60)));
  EXPECT_EQ(flow.Check(), "");
}

class LossyConversationTest : public ::testing::TestWithParam<double> {};

TEST_P(LossyConversationTest, EveryMessageSurvivesLossDuplicationAndReordering) {
  const double loss = GetParam();
  LinkConfig link;
  link.delay = milliseconds(5);
  link.jitter = milliseconds(2);
  link.loss = loss;
  link.duplication = 0.02;
  link.reorder = 0.05;
  BackToBack b2b(static_cast<uint64_t>(loss * 1000) + 11, link);
  const AssociationId id = b2b.Connect();
  ASSERT_NE(id, AssociationId(0));
  MessageFlow flow(b2b, b2b.a(), id, b2b.z(), MessageFlow::Spec{.count = 1500, .max_size = 3000},
                   5);
  flow.Start();
  ASSERT_TRUE(b2b.net().RunUntil([&] { return flow.AllDelivered(); }, seconds(600)))
      << b2b.a().endpoint->Find(id)->ToString();
  EXPECT_EQ(flow.Check(), "");
  Association* a = b2b.a().endpoint->Find(id);
  ASSERT_NE(a, nullptr);
  if (loss > 0) {
    EXPECT_GT(a->metrics().retransmitted_chunks, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(LossRates, LossyConversationTest,
                         ::testing::Values(0.0, 0.01, 0.05, 0.10));

TEST(ConversationTest, SurvivesPrimaryPathFailure) {
  BackToBack b2b(5);
  const AssociationId id = b2b.Connect();
  // Let the heartbeats confirm the second path (section 5.4).
  b2b.net().RunFor(seconds(3));
  MessageFlow flow(b2b, b2b.a(), id, b2b.z(), MessageFlow::Spec{.count = 3000}, 9);
  flow.Start();
  b2b.net().RunFor(milliseconds(20));
  b2b.net().SetPathUp(BackToBack::kA0, BackToBack::kZ0, false);
  ASSERT_TRUE(b2b.net().RunUntil([&] { return flow.AllDelivered(); }, seconds(120)));
  EXPECT_EQ(flow.Check(), "");
  Association* a = b2b.a().endpoint->Find(id);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->state(), AssociationState::kEstablished);
  // Section 8.2: the failed destination is reported unreachable.
  bool unreachable = false;
  for (const PeerAddressChange& change : b2b.Notifications<PeerAddressChange>(b2b.a())) {
    unreachable |=
        change.address == BackToBack::kZ0 && change.state == PeerAddressChange::State::kUnreachable;
  }
  EXPECT_TRUE(unreachable);
  EXPECT_FALSE(b2b.HasAssociationChange(b2b.a(), State::kCommLost));
}

TEST(ConversationTest, PathReturnsAfterFailure) {
  BackToBack b2b(6);
  const AssociationId id = b2b.Connect();
  b2b.net().SetPathUp(BackToBack::kA0, BackToBack::kZ0, false);
  b2b.net().RunFor(seconds(30));
  b2b.net().SetPathUp(BackToBack::kA0, BackToBack::kZ0, true);
  b2b.net().RunFor(seconds(30));
  bool available = false;
  for (const PeerAddressChange& change : b2b.Notifications<PeerAddressChange>(b2b.a())) {
    available |=
        change.address == BackToBack::kZ0 && change.state == PeerAddressChange::State::kAvailable;
  }
  EXPECT_TRUE(available);
  EXPECT_EQ(b2b.a().endpoint->Find(id)->state(), AssociationState::kEstablished);
}

TEST(ConversationTest, GracefulShutdownDeliversEverythingFirst) {
  BackToBack b2b(7);
  const AssociationId id = b2b.Connect();
  MessageFlow flow(b2b, b2b.a(), id, b2b.z(), MessageFlow::Spec{.count = 200}, 4);
  flow.Start();
  ASSERT_TRUE(flow.AllSent());  // 200 messages fit the send buffer
  b2b.a().endpoint->Shutdown(id, b2b.net().now());
  ASSERT_TRUE(b2b.net().RunUntil(
      [&] {
        return b2b.HasAssociationChange(b2b.a(), State::kShutdownComplete) &&
               b2b.HasAssociationChange(b2b.z(), State::kShutdownComplete);
      },
      seconds(30)));
  EXPECT_EQ(flow.Check(), "");
  EXPECT_EQ(b2b.Notifications<ShutdownEvent>(b2b.z()).size(), 1u);
  // Both sides freed their associations.
  EXPECT_EQ(b2b.a().endpoint->association_count(), 0u);
  EXPECT_EQ(b2b.z().endpoint->association_count(), 0u);
}

TEST(ConversationTest, ShutdownFromTheListeningSide) {
  BackToBack b2b(8);
  b2b.Connect();
  b2b.z().endpoint->Shutdown(b2b.ZAssociation(), b2b.net().now());
  ASSERT_TRUE(b2b.net().RunUntil(
      [&] {
        return b2b.HasAssociationChange(b2b.a(), State::kShutdownComplete) &&
               b2b.HasAssociationChange(b2b.z(), State::kShutdownComplete);
      },
      seconds(30)));
}

TEST(ConversationTest, SendAfterShutdownIsRefused) {
  BackToBack b2b(9);
  const AssociationId id = b2b.Connect();
  b2b.a().endpoint->Shutdown(id, b2b.net().now());
  OutgoingMessage m;
  m.payload = {1, 2, 3};
  EXPECT_EQ(b2b.a().endpoint->Send(id, b2b.net().now(), m), SendResult::kNotConnected);
}

TEST(ConversationTest, AbortReachesThePeerWithItsCause) {
  BackToBack b2b(10);
  const AssociationId id = b2b.Connect();
  b2b.a().endpoint->Abort(id, b2b.net().now(), "bye");
  ASSERT_TRUE(b2b.net().RunUntil(
      [&] { return b2b.HasAssociationChange(b2b.z(), State::kCommLost); }, seconds(5)));
  const auto changes = b2b.Notifications<AssociationChange>(b2b.z());
  const AssociationChange& lost = changes.back();
  EXPECT_EQ(lost.reason, AssociationChange::Reason::kPeerAbort);
  EXPECT_EQ(lost.error, static_cast<uint16_t>(ErrorCauseCode::kUserInitiatedAbort));
  EXPECT_TRUE(b2b.HasAssociationChange(b2b.a(), State::kCommLost));
  EXPECT_EQ(b2b.z().endpoint->association_count(), 0u);
}

TEST(ConversationTest, UnreachablePeerFailsTheAssociationAndReturnsTheData) {
  BackToBack b2b(11);
  const AssociationId id = b2b.Connect();
  b2b.net().SetPathUp(BackToBack::kA0, BackToBack::kZ0, false);
  b2b.net().SetPathUp(BackToBack::kA1, BackToBack::kZ1, false);
  OutgoingMessage m;
  m.stream_id = StreamId(1);
  m.ppid = Ppid(77);
  m.context = 1234;
  m.payload = std::vector<uint8_t>(100, 0x5a);
  ASSERT_EQ(b2b.a().endpoint->Send(id, b2b.net().now(), m), SendResult::kOk);
  // Section 8.1: Association.Max.Retrans consecutive timeouts end it.
  ASSERT_TRUE(b2b.net().RunUntil(
      [&] { return b2b.HasAssociationChange(b2b.a(), State::kCommLost); }, seconds(600)));
  const auto failed = b2b.Notifications<SendFailed>(b2b.a());
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_TRUE(failed[0].sent);
  EXPECT_EQ(failed[0].context, 1234u);
  EXPECT_EQ(failed[0].payload, m.payload);
  EXPECT_EQ(b2b.Notifications<AssociationChange>(b2b.a()).back().reason,
            AssociationChange::Reason::kRetransmissionLimit);
}

TEST(ConversationTest, ConnectToAnUnreachablePeerGivesUp) {
  BackToBack b2b(12);
  b2b.net().SetPathUp(BackToBack::kA0, BackToBack::kZ0, false);
  b2b.net().SetPathUp(BackToBack::kA1, BackToBack::kZ1, false);
  const std::vector<IpAddress> peer = {BackToBack::kZ0};
  ASSERT_TRUE(b2b.a().endpoint->Connect(b2b.net().now(), peer, BackToBack::kPortZ));
  // Section 5.1 A: Max.Init.Retransmits, then CANT_STR_ASSOC.
  ASSERT_TRUE(b2b.net().RunUntil(
      [&] { return b2b.HasAssociationChange(b2b.a(), State::kCantStartAssociation); },
      seconds(600)));
  EXPECT_EQ(b2b.a().endpoint->association_count(), 0u);
}

TEST(ConversationTest, InitCollisionEndsInOneAssociation) {
  BackToBack b2b(13);
  // Both sides listen and connect at the same moment (section 5.2.1).
  b2b.a().endpoint =
      std::make_unique<Endpoint>(EndpointOptions{.local_port = BackToBack::kPortA,
                                                 .local_addresses = b2b.a().addresses,
                                                 .association = BackToBack::DefaultOptions(),
                                                 .listening = true},
                                 b2b.net().env(b2b.a().node), b2b.net().now());
  const std::vector<IpAddress> to_z = {BackToBack::kZ0};
  const std::vector<IpAddress> to_a = {BackToBack::kA0};
  const TimePoint now = b2b.net().now();
  ASSERT_TRUE(b2b.a().endpoint->Connect(now, to_z, BackToBack::kPortZ));
  ASSERT_TRUE(b2b.z().endpoint->Connect(now, to_a, BackToBack::kPortA));
  ASSERT_TRUE(b2b.net().RunUntil(
      [&] {
        return b2b.HasAssociationChange(b2b.a(), State::kCommUp) &&
               b2b.HasAssociationChange(b2b.z(), State::kCommUp);
      },
      seconds(30)));
  b2b.net().RunFor(seconds(2));
  ASSERT_EQ(b2b.a().endpoint->association_count(), 1u);
  ASSERT_EQ(b2b.z().endpoint->association_count(), 1u);
  Association* a = b2b.a().endpoint->Find(b2b.a().endpoint->association_ids()[0]);
  Association* z = b2b.z().endpoint->Find(b2b.ZAssociation());
  EXPECT_EQ(a->local_tag(), z->peer_tag());
  EXPECT_EQ(a->peer_tag(), z->local_tag());
  MessageFlow flow(b2b, b2b.a(), a->id(), b2b.z(), MessageFlow::Spec{.count = 100}, 1);
  flow.Start();
  ASSERT_TRUE(b2b.net().RunUntil([&] { return flow.AllDelivered(); }, seconds(30)));
  EXPECT_EQ(flow.Check(), "");
}

TEST(ConversationTest, PeerRestartIsDetected) {
  BackToBack b2b(14);
  b2b.Connect();
  // a's endpoint loses its state and connects again from the same address
  // and port: z sees a restart (section 5.2.4 action A).
  b2b.a().endpoint =
      std::make_unique<Endpoint>(EndpointOptions{.local_port = BackToBack::kPortA,
                                                 .local_addresses = b2b.a().addresses,
                                                 .association = BackToBack::DefaultOptions()},
                                 b2b.net().env(b2b.a().node), b2b.net().now());
  const std::vector<IpAddress> peer = {BackToBack::kZ0, BackToBack::kZ1};
  const size_t before = b2b.Notifications<AssociationChange>(b2b.a()).size();
  ASSERT_TRUE(b2b.a().endpoint->Connect(b2b.net().now(), peer, BackToBack::kPortZ));
  ASSERT_TRUE(b2b.net().RunUntil([&] { return b2b.HasAssociationChange(b2b.z(), State::kRestart); },
                                 seconds(30)));
  ASSERT_TRUE(b2b.net().RunUntil(
      [&] { return b2b.Notifications<AssociationChange>(b2b.a()).size() > before; }, seconds(30)));
  EXPECT_EQ(b2b.Notifications<AssociationChange>(b2b.a()).back().state, State::kCommUp);
  EXPECT_EQ(b2b.z().endpoint->association_count(), 1u);
  // The restarted association carries data.
  MessageFlow flow(b2b, b2b.z(), b2b.ZAssociation(), b2b.a(), MessageFlow::Spec{.count = 50}, 1);
  flow.Start();
  ASSERT_TRUE(b2b.net().RunUntil([&] { return flow.AllDelivered(); }, seconds(30)));
  EXPECT_EQ(flow.Check(), "");
}

TEST(ConversationTest, StaleCookieIsRetriedWithAPreservative) {
  LinkConfig slow;
  slow.delay = milliseconds(400);
  AssociationOptions options = BackToBack::DefaultOptions();
  options.valid_cookie_life = milliseconds(500);  // shorter than the 800 ms round trip
  options.rto_initial = seconds(2);
  options.rto_max = seconds(4);
  BackToBack b2b(15, slow, options);
  const AssociationId id = b2b.Connect();
  ASSERT_NE(b2b.a().endpoint->Find(id), nullptr);
  EXPECT_EQ(b2b.a().endpoint->Find(id)->state(), AssociationState::kEstablished);
  EXPECT_GE(b2b.z().endpoint->metrics().stale_cookies, 1u);
}

TEST(ConversationTest, IdleAssociationStaysUpOnHeartbeats) {
  BackToBack b2b(16);
  const AssociationId id = b2b.Connect();
  b2b.net().RunFor(seconds(120));
  Association* a = b2b.a().endpoint->Find(id);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->state(), AssociationState::kEstablished);
  // Section 5.4: a's addresses came to z in the INIT, so z confirmed the
  // second one by heartbeat (the first carried the handshake); a's were
  // given by its user, hence confirmed from the start.
  Association* z = b2b.z().endpoint->Find(b2b.ZAssociation());
  ASSERT_NE(z, nullptr);
  ASSERT_EQ(z->paths().size(), 2u);
  EXPECT_TRUE(z->paths()[1].confirmed);
  const auto changes = b2b.Notifications<PeerAddressChange>(b2b.z());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].address, BackToBack::kA1);
  EXPECT_EQ(changes[0].state, PeerAddressChange::State::kConfirmed);
  EXPECT_TRUE(b2b.Notifications<PeerAddressChange>(b2b.a()).empty());
  // Heartbeats measured the RTT of both paths (section 8.3).
  EXPECT_TRUE(a->paths()[0].rto.has_measurement());
  EXPECT_TRUE(a->paths()[1].rto.has_measurement());
}

TEST(ConversationTest, InterleavingNegotiatedCarriesIData) {
  AssociationOptions options = BackToBack::DefaultOptions();
  options.enable_interleaving = true;
  BackToBack b2b(17, LinkConfig{}, options);
  const AssociationId id = b2b.Connect();
  EXPECT_TRUE(b2b.a().endpoint->Find(id)->uses_interleaving());
  MessageFlow flow(b2b, b2b.a(), id, b2b.z(), MessageFlow::Spec{.count = 300, .max_size = 20000},
                   2);
  flow.Start();
  ASSERT_TRUE(b2b.net().RunUntil([&] { return flow.AllDelivered(); }, seconds(60)));
  EXPECT_EQ(flow.Check(), "");
}

}  // namespace
}  // namespace sctpdp::testing

namespace sctpdp::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// The handover interface (peeloff's basis): z's association leaves its
// endpoint mid-transfer, packets meanwhile are lost (as in a shard move
// whose steering queue overflowed), and it resumes in another endpoint.
TEST(ConversationTest, HandoverMidTransferLosesNothing) {
  LinkConfig link;
  link.delay = milliseconds(2);
  BackToBack b2b(21, link);
  const AssociationId id = b2b.Connect();
  MessageFlow flow(b2b, b2b.a(), id, b2b.z(), MessageFlow::Spec{.count = 2000}, 8);
  flow.Start();
  b2b.net().RunFor(milliseconds(15));
  ASSERT_FALSE(flow.AllDelivered());

  const AssociationId z_id = b2b.ZAssociation();
  ASSERT_EQ(b2b.z().endpoint->Find(z_id)->CanDetach(), HandoverBlocker::kNone);
  std::unique_ptr<Association> moving = b2b.z().endpoint->Detach(z_id);
  ASSERT_NE(moving, nullptr);
  EXPECT_EQ(b2b.z().endpoint->association_count(), 0u);
  // In transit: z's packets go nowhere (its wakeups reach the old
  // endpoint, which no longer knows the association).
  b2b.net().OnPacket(
      b2b.z().node, [](TimePoint, const IpAddress&, const IpAddress&, std::span<const uint8_t>) {});
  b2b.net().RunFor(milliseconds(5));

  auto arrived =
      std::make_unique<Endpoint>(EndpointOptions{.local_port = BackToBack::kPortZ,
                                                 .local_addresses = b2b.z().addresses,
                                                 .association = BackToBack::DefaultOptions()},
                                 b2b.net().env(b2b.z().node), b2b.net().now());
  arrived->Attach(std::move(moving), b2b.net().now());
  b2b.z().endpoint = std::move(arrived);
  BackToBack::Side& z = b2b.z();
  b2b.net().OnPacket(z.node, [&z](TimePoint now, const IpAddress& source, const IpAddress&,
                                  std::span<const uint8_t> packet) {
    z.endpoint->HandlePacket(now, source, packet);
  });
  ASSERT_TRUE(b2b.net().RunUntil([&] { return flow.AllDelivered(); }, seconds(60)));
  EXPECT_EQ(flow.Check(), "");
  EXPECT_EQ(b2b.z().endpoint->Find(z_id)->state(), AssociationState::kEstablished);
  EXPECT_FALSE(b2b.HasAssociationChange(b2b.a(), AssociationChange::State::kCommLost));
}

// RFC 3758: with a retransmission limit of zero under 10% loss, lost
// messages are abandoned and returned to the sender (SendFailed), FORWARD
// TSN moves the receiver past them, and everything else still arrives once
// and in order.
TEST(ConversationTest, PartialReliabilityAbandonsLostMessagesOnly) {
  LinkConfig link;
  link.delay = milliseconds(5);
  link.loss = 0.10;
  BackToBack b2b(23, link);
  const AssociationId id = b2b.Connect();
  ASSERT_NE(id, AssociationId(0));
  MessageFlow flow(b2b, b2b.a(), id, b2b.z(),
                   MessageFlow::Spec{.count = 1000, .max_size = 800, .max_retransmissions = 0}, 6);
  flow.Start();
  // Settled: everything sent and nothing left unacknowledged or unabandoned.
  ASSERT_TRUE(b2b.net().RunUntil(
      [&] { return flow.AllSent() && b2b.a().endpoint->Find(id)->buffered_send_bytes() == 0; },
      seconds(120)));
  b2b.net().RunFor(seconds(2));
  const auto failed = b2b.Notifications<SendFailed>(b2b.a());
  EXPECT_EQ(flow.CheckPartial(failed), "");
  EXPECT_GT(failed.size(), 0u);
  EXPECT_LT(failed.size(), 400u);
  for (const SendFailed& f : failed) EXPECT_TRUE(f.sent);
  // The receiver was moved past what it never got: messages after the
  // first abandoned one were delivered.
  EXPECT_GT(b2b.net().deliveries(b2b.z().node).size(), 1000 - failed.size());

  EXPECT_EQ(b2b.a().endpoint->Find(id)->state(), AssociationState::kEstablished);
}

// RFC 3758 with lifetimes under loss, DATA and I-DATA (RFC 8260): messages
// of several fragments expire part way sent, and their FORWARD TSNs are lost
// too at times. Each message arrives whole or comes back through SEND_FAILED
// (an abandoned one may do both), ordered streams never stall behind an
// abandoned message, and the receiver holds no fragment of one at the end.
class LifetimeConversationTest : public ::testing::TestWithParam<bool> {};

TEST_P(LifetimeConversationTest, AbandonedMessagesNeverStallTheReceiver) {
  const bool interleaving = GetParam();
  LinkConfig link;
  link.delay = milliseconds(5);
  link.jitter = milliseconds(2);
  link.loss = 0.10;
  link.duplication = 0.02;
  link.reorder = 0.05;
  AssociationOptions options = BackToBack::DefaultOptions();
  options.enable_interleaving = interleaving;
  // A short queue: messages wait for the window, not for each other, so
  // most of them get out in time.
  options.send_buffer_bytes = 16 << 10;
  BackToBack b2b(interleaving ? 31 : 29, link, options);
  const AssociationId id = b2b.Connect();
  ASSERT_NE(id, AssociationId(0));
  const AssociationId z_id = b2b.ZAssociation();
  ASSERT_EQ(b2b.a().endpoint->Find(id)->uses_interleaving(), interleaving);
  MessageFlow flow(
      b2b, b2b.a(), id, b2b.z(),
      MessageFlow::Spec{.count = 800, .max_size = 6000, .streams = 4, .lifetime = milliseconds(60)},
      interleaving ? 8 : 7);
  flow.Start();
  ASSERT_TRUE(b2b.net().RunUntil(
      [&] { return flow.AllSent() && b2b.a().endpoint->Find(id)->buffered_send_bytes() == 0; },
      seconds(300)))
      << b2b.a().endpoint->Find(id)->ToString();
  // Long enough for a lost FORWARD TSN to be repeated (RTO.Max is 2 s).
  b2b.net().RunFor(seconds(20));
  const auto failed = b2b.Notifications<SendFailed>(b2b.a());
  EXPECT_EQ(flow.CheckPartial(failed), "");
  // Messages of several fragments abandoned once sent (in part, or whole)
  // are what this is about.
  const auto several_fragments_sent =
      std::count_if(failed.begin(), failed.end(),
                    [](const SendFailed& f) { return f.sent && f.payload.size() > 1452; });
  EXPECT_GT(several_fragments_sent, 0);
  EXPECT_LT(failed.size(), 400u);
  const Association* z = b2b.z().endpoint->Find(z_id);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->state(), AssociationState::kEstablished);
  EXPECT_EQ(z->ReceiveWindow(), options.receive_buffer_bytes) << z->ToString();
  EXPECT_EQ(b2b.a().endpoint->Find(id)->state(), AssociationState::kEstablished);
}

INSTANTIATE_TEST_SUITE_P(DataAndIData, LifetimeConversationTest, ::testing::Bool());

// Counts what an association charges, with a send limit.
class CountingBudget : public BufferBudget {
 public:
  explicit CountingBudget(size_t send_limit) : send_limit_(send_limit) {}
  bool TryCharge(Kind kind, size_t bytes) override {
    if (kind == Kind::kSend && send_ + bytes > send_limit_) return false;
    Charge(kind, bytes);
    return true;
  }
  void Charge(Kind kind, size_t bytes) override {
    (kind == Kind::kSend ? send_ : receive_) += bytes;
  }
  void Release(Kind kind, size_t bytes) override {
    (kind == Kind::kSend ? send_ : receive_) -= bytes;
  }
  size_t Available(Kind kind) const override {
    return kind == Kind::kSend ? send_limit_ - send_ : size_t{1} << 30;
  }
  size_t send() const { return send_; }
  size_t receive() const { return receive_; }

 private:
  size_t send_limit_;
  size_t send_ = 0;
  size_t receive_ = 0;
};

TEST(ConversationTest, BufferBudgetChargesQueuedBytesToTheOwner) {
  BackToBack b2b(22);
  const AssociationId id = b2b.Connect();
  CountingBudget sender(10000);
  CountingBudget receiver(0);
  b2b.a().endpoint->Find(id)->SetBudget(&sender);
  b2b.z().endpoint->Find(b2b.ZAssociation())->SetBudget(&receiver);
  // SO_SNDBUF-like: the owner's limit refuses the send that would pass it.
  OutgoingMessage m;
  m.payload.assign(4000, 1);
  const TimePoint now = b2b.net().now();
  EXPECT_EQ(b2b.a().endpoint->Send(id, now, m, /*more=*/true), SendResult::kOk);
  EXPECT_EQ(b2b.a().endpoint->Send(id, now, m, /*more=*/true), SendResult::kOk);
  EXPECT_EQ(b2b.a().endpoint->Send(id, now, m, /*more=*/true), SendResult::kWouldBlock);
  EXPECT_EQ(sender.send(), 8000u);
  b2b.a().endpoint->Flush(now);
  // Acknowledged bytes are released; delivered bytes are the receiving
  // owner's until its user reads them.
  ASSERT_TRUE(b2b.net().RunUntil([&] { return sender.send() == 0; }, seconds(5)));
  EXPECT_EQ(receiver.receive(), 8000u);
  // A new owner takes over the charges (peeloff).
  CountingBudget next(10000);
  EXPECT_EQ(b2b.a().endpoint->Send(id, b2b.net().now(), m), SendResult::kOk);
  b2b.a().endpoint->Find(id)->SetBudget(&next);
  EXPECT_EQ(sender.send(), 0u);
  EXPECT_EQ(next.send(), 4000u);
  ASSERT_TRUE(b2b.net().RunUntil([&] { return next.send() == 0; }, seconds(5)));
}

}  // namespace
}  // namespace sctpdp::testing
