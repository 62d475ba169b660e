// RFC 9260 section 8.3: answering HEARTBEAT, sending HEARTBEAT on idle paths
// and counting unanswered ones (with section 8.2).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "dataplane/sctp/packet/chunk/heartbeat_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/heartbeat_request_chunk.h"
#include "dataplane/sctp/packet/parameter/heartbeat_info_parameter.h"
#include "dataplane/sctp/packet/parameter/state_cookie_parameter.h"
#include "dataplane/sctp/packet/parameter/unknown_parameter.h"
#include "tests/unit/endpoint/scripted_peer.h"

namespace sctpdp::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class HeartbeatTest : public EndpointTest {
 protected:
  HeartbeatTest() { options_.association.heartbeats_enabled = true; }

  // Echoes a HEARTBEAT back the way a peer does.
  void Answer(const CapturedPacket& packet) {
    const HeartbeatRequestChunk* request = packet.Find<HeartbeatRequestChunk>();
    ASSERT_NE(request, nullptr) << packet.ToString();
    Receive(ToLocal().Add(HeartbeatAckChunk{.parameters = request->parameters}));
  }
};

// Section 8.3: "The receiver of the HEARTBEAT chunk SHOULD immediately
// respond with a HEARTBEAT ACK chunk that contains the Heartbeat Information
// TLV, together with any other received TLVs, copied unchanged from the
// received HEARTBEAT chunk"; section 6.4: replies go to the source of the
// chunk they answer.
TEST_F(HeartbeatTest, HeartbeatIsAnsweredWithItsParametersUnchanged) {
  options_.association.heartbeats_enabled = false;
  EstablishPassive();
  const std::array<uint8_t, 13> info{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
  const std::array<uint8_t, 4> extra{0xaa, 0xbb, 0xcc, 0xdd};
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(HeartbeatInfoParameter{.info = info})
      .Add(UnknownParameter{.type = 0x8abc, .value = extra});
  Receive(ToLocal().Add(HeartbeatRequestChunk{.parameters = parameters.list()}));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kHeartbeatAck}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  EXPECT_EQ(answer.destination(), PeerAddress());
  const std::span<const uint8_t> echoed = answer.Get<HeartbeatAckChunk>(0)->parameters.bytes();
  const std::span<const uint8_t> sent = parameters.list().bytes();
  EXPECT_EQ(std::vector<uint8_t>(echoed.begin(), echoed.end()),
            std::vector<uint8_t>(sent.begin(), sent.end()));
}

// Section 8.3: "A receiver of a HEARTBEAT chunk MUST respond to a HEARTBEAT
// chunk with a HEARTBEAT ACK chunk after entering the COOKIE-ECHOED state
// (sender of the INIT chunk)".
TEST_F(HeartbeatTest, HeartbeatIsAnsweredInCookieEchoed) {
  const std::array<IpAddress, 1> peers{PeerAddress()};
  id_ = endpoint().Connect(now(), peers, kPeerPort).value();
  local_tag_ = TakeOnePacket().Get<InitChunk>(0)->initiate_tag;
  const std::vector<uint8_t> cookie = Payload(32);
  TlvBuffer ack_parameters(WireKind::kParameter);
  ack_parameters.Add(StateCookieParameter{.cookie = cookie});
  Receive(ToLocal().Add(InitAckChunk{.initiate_tag = peer_.tag,
                                     .a_rwnd = peer_.a_rwnd,
                                     .outbound_streams = 5,
                                     .inbound_streams = 5,
                                     .initial_tsn = peer_.initial_tsn,
                                     .parameters = ack_parameters.list()}));
  ASSERT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kCookieEcho});
  const std::array<uint8_t, 8> info{8, 7, 6, 5, 4, 3, 2, 1};
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(HeartbeatInfoParameter{.info = info});
  Receive(ToLocal().Add(HeartbeatRequestChunk{.parameters = parameters.list()}));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kHeartbeatAck}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
}

// Section 8.3: "On an idle destination address that is allowed to
// heartbeat, it is RECOMMENDED that a HEARTBEAT chunk is sent once per RTO
// of that destination address plus the protocol parameter 'HB.interval',
// with jittering of +/- 50% of the RTO value"; "The sender of the HEARTBEAT
// chunk SHOULD include in the Heartbeat Information field of the chunk the
// current time when the packet is sent and the destination address".
TEST_F(HeartbeatTest, IdlePathIsProbedEveryIntervalPlusRtoWithJitter) {
  EstablishPassive();
  const Duration hb = options_.association.hb_interval;
  const Duration rto = options_.association.rto_initial;  // no RTT above RTO.Min here
  TimePoint last = now();
  std::vector<Duration> intervals;
  for (int beat = 0; beat < 6; ++beat) {
    ASSERT_TRUE(FireNextWakeup().has_value());
    const CapturedPacket packet = TakeOnePacket();
    ASSERT_EQ(packet.types(), std::vector<ChunkType>{ChunkType::kHeartbeat}) << packet.ToString();
    EXPECT_EQ(packet.tag(), peer_.tag.value());
    EXPECT_EQ(packet.destination(), PeerAddress());
    EXPECT_TRUE(packet.Get<HeartbeatRequestChunk>(0)
                    ->parameters.Find<HeartbeatInfoParameter>()
                    .has_value());
    intervals.push_back(packet.sent_at() - last);
    last = packet.sent_at();
    AdvanceTime(milliseconds(20));
    Answer(packet);
    ExpectNoPacket();
  }
  for (size_t i = 0; i < intervals.size(); ++i) {
    // The first interval counts from the handshake; later ones from the
    // previous heartbeat, whose answer took 20 ms.
    SCOPED_TRACE(i);
    EXPECT_GE(intervals[i], hb + rto / 2);
    EXPECT_LE(intervals[i], hb + rto + rto / 2);
  }
  EXPECT_NE(std::count(intervals.begin(), intervals.end(), intervals[0]),
            static_cast<std::ptrdiff_t>(intervals.size()))
      << "the intervals are jittered";
  EXPECT_TRUE(EventsOf<AssociationChange>(env().TakeEvents()).empty());
}

// Section 8.3: a destination is idle if no chunk that can update its RTT
// "and no HEARTBEAT chunk has been sent to it within the current heartbeat
// period": DATA every 20 s keeps a 30 s heartbeat away.
TEST_F(HeartbeatTest, DataTrafficKeepsThePathFromBeingIdle) {
  EstablishPassive();
  for (int i = 0; i < 6; ++i) {
    ASSERT_EQ(endpoint().Send(id_, now(), Message(100)), SendResult::kOk);
    const CapturedPacket data = TakeOnePacket();
    ASSERT_NE(data.Find<DataChunk>(), nullptr) << data.ToString();
    Receive(SackPacket(data.Find<DataChunk>()->tsn, 100'000));
    AdvanceTime(seconds(20));
    ExpectNoPacket();
  }
}

// Section 8.3: "The endpoint SHOULD increment the respective error counter
// of the destination transport address each time a HEARTBEAT chunk is sent
// to that address and not acknowledged within one RTO. When the value of
// this counter exceeds the protocol parameter 'Path.Max.Retrans', the
// endpoint SHOULD mark the corresponding destination address as inactive
// ... and SHOULD also report to the upper layer"; section 8.1 counts them
// against the association on the path used for data, and "Upon the receipt
// of the HEARTBEAT ACK chunk, the sender ... SHOULD clear the error counter
// ... and mark the destination transport address as active".
TEST_F(HeartbeatTest, UnansweredHeartbeatsMakeThePathInactiveAndAnAnswerRevivesIt) {
  options_.association.path_max_retrans = 2;
  options_.association.association_max_retrans = 10;
  EstablishPassive();
  CapturedPacket last;
  for (int beat = 0; beat < 4; ++beat) {
    // The heartbeat, then its RTO running out.
    ASSERT_TRUE(FireNextWakeup().has_value());
    last = TakeOnePacket();
    ASSERT_EQ(last.types(), std::vector<ChunkType>{ChunkType::kHeartbeat});
    if (beat < 3) {
      ASSERT_TRUE(FireNextWakeup().has_value());
      ExpectNoPacket();
    }
  }
  std::vector<PeerAddressChange> changes = EventsOf<PeerAddressChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, PeerAddressChange::State::kUnreachable);
  EXPECT_FALSE(association()->paths().at(0).active);

  Answer(last);
  changes = EventsOf<PeerAddressChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, PeerAddressChange::State::kAvailable);
  EXPECT_TRUE(association()->paths().at(0).active);
  EXPECT_EQ(association()->paths().at(0).error_count, 0);
}

// Section 8.1 with section 8.3: unanswered heartbeats on the only path count
// against 'Association.Max.Retrans' until the peer is unreachable.
TEST_F(HeartbeatTest, UnansweredHeartbeatsEventuallyLoseTheAssociation) {
  options_.association.path_max_retrans = 1;
  options_.association.association_max_retrans = 2;
  EstablishPassive();
  int heartbeats = 0;
  while (endpoint().Find(id_) && FireNextWakeup()) {
    heartbeats += static_cast<int>(TakePackets().size());
  }
  EXPECT_EQ(heartbeats, 3);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
}

}  // namespace
}  // namespace sctpdp::testing
