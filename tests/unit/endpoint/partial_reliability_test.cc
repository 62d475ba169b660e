// RFC 3758 section 3.5 (sending FORWARD TSN) and RFC 8260 section 2.3.1
// (I-FORWARD-TSN): the endpoint as a partially reliable data sender, for a
// message abandoned when only its first fragment had been sent.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <optional>

#include "dataplane/sctp/packet/chunk/cookie_echo_chunk.h"
#include "dataplane/sctp/packet/chunk/forward_tsn_chunk.h"
#include "dataplane/sctp/packet/chunk/i_data_chunk.h"
#include "dataplane/sctp/packet/chunk/i_forward_tsn_chunk.h"
#include "dataplane/sctp/packet/parameter/forward_tsn_supported_parameter.h"
#include "dataplane/sctp/packet/parameter/supported_extensions_parameter.h"
#include "tests/unit/endpoint/scripted_peer.h"

namespace sctpdp::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// The peer announces the smallest window allowed (RFC 9260 section 3.3.2),
// and the path takes packets one chunk of exactly that size long: the first
// fragment of a message fills the window and holds the rest back.
constexpr uint32_t kWindow = 1500;
constexpr size_t kPathMtu = 20 + CommonHeader::kSize + kWindow;  // IPv4
// Three fragments.
constexpr size_t kMessage = 4000;
constexpr Duration kLifetime = milliseconds(100);

// A FORWARD TSN or I-FORWARD-TSN, as plain values.
struct Forward {
  uint32_t new_cumulative_tsn = 0;
  uint16_t stream = 0;
  uint32_t sequence = 0;  // SSN or MID
  bool unordered = false;
  size_t entries = 0;
};

class PartialReliabilityTest : public EndpointTest {
 protected:
  // Passive open with a peer that offers FORWARD-TSN (and I-DATA with
  // I-FORWARD-TSN when `interleaving`) and announces a window of one
  // fragment.
  void Establish(bool interleaving) {
    options_.association.enable_interleaving = interleaving;
    options_.association.path_mtu = kPathMtu;
    peer_.a_rwnd = kWindow;
    TlvBuffer parameters(WireKind::kParameter);
    if (interleaving) {
      const std::array<uint8_t, 3> extensions{static_cast<uint8_t>(ChunkType::kIData),
                                              static_cast<uint8_t>(ChunkType::kForwardTsn),
                                              static_cast<uint8_t>(ChunkType::kIForwardTsn)};
      parameters.Add(SupportedExtensionsParameter{.chunk_types = extensions});
    }
    parameters.Add(ForwardTsnSupportedParameter{});
    SendInitExpectInitAck(parameters.list());
    Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
    TakePackets();
    env().TakeEvents();
    ASSERT_EQ(endpoint().association_count(), 1u);
    id_ = endpoint().association_ids().at(0);
    ASSERT_EQ(association()->uses_interleaving(), interleaving);
  }

  Tsn L(uint32_t n) const { return Tsn(local_initial_tsn_.value() + n); }
  // The payload of a fragment that fills the window.
  size_t Fragment() {
    return kWindow -
           (association()->uses_interleaving() ? IDataChunk::kHeaderSize : DataChunk::kHeaderSize);
  }

  SendResult SendTimed(uint16_t stream, bool unordered) {
    OutgoingMessage message = Message(kMessage, stream, 7);
    message.unordered = unordered;
    message.expires_at = now() + kLifetime;
    return endpoint().Send(id_, now(), std::move(message));
  }

  // The one packet sent, which must be a FORWARD TSN (I-FORWARD-TSN) alone.
  std::optional<Forward> TakeForward() {
    const CapturedPacket packet = TakeOnePacket();
    EXPECT_EQ(packet.chunk_count(), 1u) << packet.ToString();
    if (const ForwardTsnChunk* chunk = packet.Find<ForwardTsnChunk>()) {
      Forward forward{.new_cumulative_tsn = chunk->new_cumulative_tsn.value(),
                      .entries = chunk->skipped_streams.size()};
      if (forward.entries > 0) {
        forward.stream = chunk->skipped_streams[0].stream_id.value();
        forward.sequence = chunk->skipped_streams[0].ssn.value();
      }
      return forward;
    }
    if (const IForwardTsnChunk* chunk = packet.Find<IForwardTsnChunk>()) {
      Forward forward{.new_cumulative_tsn = chunk->new_cumulative_tsn.value(),
                      .entries = chunk->skipped_streams.size()};
      if (forward.entries > 0) {
        forward.stream = chunk->skipped_streams[0].stream_id.value();
        forward.sequence = chunk->skipped_streams[0].mid.value();
        forward.unordered = chunk->skipped_streams[0].unordered;
      }
      return forward;
    }
    ADD_FAILURE() << "no FORWARD TSN: " << packet.ToString();
    return std::nullopt;
  }

  // The whole story: the first fragment goes (TSN L(0)), the window holds
  // the rest, the peer's SACK for it is lost, T3-rtx finds the message
  // expired. The FORWARD TSN must name L(1), the TSN the unsent rest took:
  // the peer holds the first fragment, and only a cumulative TSN beyond it
  // makes it drop that partial message (RFC 3758 section 3.6). The FORWARD
  // TSN is lost twice, each time after the peer acknowledged the fragment,
  // and goes again each time T3-rtx expires until the peer acknowledges
  // L(1).
  void AbandonPartlySentMessage(bool interleaving, uint16_t stream, bool unordered,
                                uint32_t sequence) {
    ASSERT_EQ(SendTimed(stream, unordered), SendResult::kOk);
    const CapturedPacket first = TakeOnePacket();
    if (interleaving) {
      const IDataChunk* data = first.Find<IDataChunk>();
      ASSERT_NE(data, nullptr) << first.ToString();
      EXPECT_EQ(data->tsn, L(0));
      EXPECT_EQ(data->payload.size(), Fragment());
      EXPECT_TRUE(data->flags.beginning && !data->flags.end);
      EXPECT_EQ(data->mid.value(), sequence);
    } else {
      const DataChunk* data = first.Find<DataChunk>();
      ASSERT_NE(data, nullptr) << first.ToString();
      EXPECT_EQ(data->tsn, L(0));
      EXPECT_EQ(data->payload.size(), Fragment());
      EXPECT_TRUE(data->flags.beginning && !data->flags.end);
      EXPECT_EQ(data->ssn.value(), unordered ? 0u : sequence);
    }

    // T3-rtx (RTO.Initial, 1 s): the lifetime is long over. RFC 3758 A3:
    // the whole message goes; C2/C3: a FORWARD TSN over its TSNs.
    AdvanceTime(seconds(1));
    std::optional<Forward> forward = TakeForward();
    ASSERT_TRUE(forward.has_value());
    EXPECT_EQ(forward->new_cumulative_tsn, L(1).value());
    // C4: ordered messages (I-DATA: all) are listed by stream.
    const bool listed = interleaving || !unordered;
    ASSERT_EQ(forward->entries, listed ? 1u : 0u);
    if (listed) {
      EXPECT_EQ(forward->stream, stream);
      EXPECT_EQ(forward->sequence, sequence);
      EXPECT_EQ(forward->unordered, unordered);
    }
    const std::vector<SendFailed> failed = EventsOf<SendFailed>(env().TakeEvents());
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_TRUE(failed[0].sent);
    EXPECT_EQ(failed[0].payload.size(), kMessage);
    // The rest never goes, not even when the window opens.
    Receive(SackPacket(L(0), 100'000));
    ExpectNoPacket();

    // The FORWARD TSN was lost. A timer still runs for it (C5), and its
    // expiry repeats it (A5), with the RTO backed off each time.
    Duration wait = seconds(2);
    for (int loss = 0; loss < 2; ++loss) {
      ASSERT_TRUE(Deadline().has_value()) << "nothing left to repeat the FORWARD TSN";
      AdvanceTime(wait - milliseconds(1));
      ExpectNoPacket();
      AdvanceTime(milliseconds(1));
      forward = TakeForward();
      ASSERT_TRUE(forward.has_value());
      EXPECT_EQ(forward->new_cumulative_tsn, L(1).value()) << loss;
      wait *= 2;
      // The peer acknowledges the fragment again; that changes nothing.
      Receive(SackPacket(L(0), 100'000));
      ExpectNoPacket();
    }

    // This one arrives: the peer acknowledges up to L(1); nothing more goes.
    Receive(SackPacket(L(1), 100'000));
    ExpectNoPacket();
    EXPECT_FALSE(Deadline().has_value());
    AdvanceTime(seconds(120));
    ExpectNoPacket();
    // The stream goes on: the next message takes TSN L(2), and the
    // sequence number after the abandoned one.
    ASSERT_EQ(endpoint().Send(id_, now(), Message(100, stream, 8)), SendResult::kOk);
    const CapturedPacket next = TakeOnePacket();
    if (interleaving) {
      const IDataChunk* data = next.Find<IDataChunk>();
      ASSERT_NE(data, nullptr) << next.ToString();
      EXPECT_EQ(data->tsn, L(2));
      EXPECT_EQ(data->mid.value(), unordered ? 0u : sequence + 1);
    } else {
      const DataChunk* data = next.Find<DataChunk>();
      ASSERT_NE(data, nullptr) << next.ToString();
      EXPECT_EQ(data->tsn, L(2));
      EXPECT_EQ(data->ssn.value(), unordered ? sequence : sequence + 1);
    }
  }
};

TEST_F(PartialReliabilityTest, RestOfAnOrderedMessageTakesATsnTheForwardTsnPasses) {
  Establish(/*interleaving=*/false);
  AbandonPartlySentMessage(false, /*stream=*/2, /*unordered=*/false, /*sequence=*/0);
}

TEST_F(PartialReliabilityTest, RestOfAnUnorderedMessageTakesATsnTheForwardTsnPasses) {
  // Unordered DATA has no SSN to list: only the TSN tells the peer.
  Establish(/*interleaving=*/false);
  AbandonPartlySentMessage(false, /*stream=*/1, /*unordered=*/true, /*sequence=*/0);
}

TEST_F(PartialReliabilityTest, RestOfAnInterleavedMessageTakesATsnTheIForwardTsnPasses) {
  Establish(/*interleaving=*/true);
  AbandonPartlySentMessage(true, /*stream=*/3, /*unordered=*/false, /*sequence=*/0);
}

// Congestion control: the TSN of the unsent rest is never in flight, so the
// abandoned message leaves the window to the next one at once.
TEST_F(PartialReliabilityTest, TheRestsTsnTakesNoRoomInFlight) {
  Establish(/*interleaving=*/false);
  ASSERT_EQ(SendTimed(0, false), SendResult::kOk);
  TakeOnePacket();
  AdvanceTime(seconds(1));
  ASSERT_TRUE(TakeForward().has_value());
  // The peer took the FORWARD TSN and opens its window.
  Receive(SackPacket(L(1), kWindow));
  ASSERT_EQ(endpoint().Send(id_, now(), Message(Fragment(), 0, 9)), SendResult::kOk);
  const CapturedPacket next = TakeOnePacket();
  const DataChunk* data = next.Find<DataChunk>();
  ASSERT_NE(data, nullptr) << next.ToString();
  EXPECT_EQ(data->tsn, L(2));
  EXPECT_EQ(data->payload.size(), Fragment());
}

}  // namespace
}  // namespace sctpdp::testing
