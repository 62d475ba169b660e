// RFC 9260 section 8.4 (out-of-the-blue packets), 8.5 and 8.5.1
// (verification tags) and 3.2 (chunk types the endpoint does not know).
#include <gtest/gtest.h>

#include <array>
#include <chrono>

#include "dataplane/sctp/packet/chunk/cookie_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/heartbeat_request_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_complete_chunk.h"
#include "dataplane/sctp/packet/chunk/unknown_chunk.h"
#include "dataplane/sctp/packet/error_cause/invalid_stream_identifier_cause.h"
#include "dataplane/sctp/packet/error_cause/out_of_resource_cause.h"
#include "dataplane/sctp/packet/error_cause/stale_cookie_cause.h"
#include "dataplane/sctp/packet/error_cause/unrecognized_chunk_type_cause.h"
#include "dataplane/sctp/packet/error_cause/user_initiated_abort_cause.h"
#include "dataplane/sctp/packet/parameter/heartbeat_info_parameter.h"
#include "tests/unit/endpoint/scripted_peer.h"

namespace sctpdp::testing {
namespace {

using std::chrono::milliseconds;

// A tag the endpoint never chose.
constexpr uint32_t kStrangerTag = 0x5717'a63e;

class OutOfTheBlueTest : public EndpointTest {
 protected:
  std::vector<uint8_t> OotbData(uint32_t tag = kStrangerTag) {
    const std::vector<uint8_t> payload = Payload(12);
    return PeerPacket(tag).Add(Data(Tsn(77), payload)).Build();
  }

  template <typename Cause>
  static std::vector<uint8_t> ErrorPacket(uint32_t tag, const Cause& cause) {
    TlvBuffer causes(WireKind::kErrorCause);
    causes.Add(cause);
    return PeerPacket(tag).Add(ErrorChunk{.error_causes = causes.list()}).Build();
  }

  // Section 8.4 rule 8: ABORT, T bit set, the packet's own tag reflected.
  void ExpectReflectedAbort(uint32_t tag) {
    const CapturedPacket answer = TakeOnePacket();
    ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
    EXPECT_TRUE(answer.Get<AbortChunk>(0)->tag_reflected);
    EXPECT_EQ(answer.tag(), tag);
    EXPECT_EQ(answer.destination(), PeerAddress());
    EXPECT_EQ(answer.header().destination_port, kPeerPort);
  }
};

// Rule 1: "If the OOTB packet is to or from a non-unicast address, a
// receiver SHOULD silently discard the packet."
TEST_F(OutOfTheBlueTest, Rule1PacketsFromNonUnicastAddressesAreDiscarded) {
  for (const IpAddress& source :
       {IpAddress::FromIpv4({224, 0, 0, 18}), IpAddress::FromIpv4({255, 255, 255, 255}),
        IpAddress::FromIpv4({0, 0, 0, 0})}) {
    SCOPED_TRACE(source.ToString());
    Receive(OotbData(), source);
    Receive(PeerPacket(0).Add(PeerInit()).Build(), source);
    ExpectNoPacket();
  }
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Rule 2: "If the OOTB packet contains an ABORT chunk, the receiver MUST
// silently discard the OOTB packet and take no further action."
TEST_F(OutOfTheBlueTest, Rule2PacketsWithAbortAreDiscarded) {
  Receive(PeerPacket(kStrangerTag).Add(AbortChunk{}));
  Receive(PeerPacket(kStrangerTag).Add(AbortChunk{.tag_reflected = true}));
  const std::vector<uint8_t> payload = Payload(4);
  Receive(PeerPacket(kStrangerTag).Add(CookieAckChunk{}).Add(AbortChunk{}));
  Receive(PeerPacket(kStrangerTag).Add(Data(Tsn(1), payload)).Add(AbortChunk{}).BuildUnchecked());
  ExpectNoPacket();
}

// Rule 3: an INIT "SHOULD be processed as described in Section 5.1. If, for
// whatever reason, the INIT chunk cannot be processed normally and an ABORT
// chunk has to be sent in response, the Verification Tag of the packet
// containing the ABORT chunk MUST be the Initiate Tag of the received INIT
// chunk, and the T bit of the ABORT chunk has to be set to 0". An endpoint
// that does not listen cannot process it normally.
TEST_F(OutOfTheBlueTest, Rule3InitToAnEndpointThatDoesNotListenIsAbortedWithItsInitiateTag) {
  options_.listening = false;
  Receive(PeerPacket(0).Add(PeerInit()));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  EXPECT_FALSE(answer.Get<AbortChunk>(0)->tag_reflected);
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Rule 3 with the endpoint's association table full (section 5.1: "lack of
// local resources ... SHOULD respond with an ABORT chunk").
TEST_F(OutOfTheBlueTest, Rule3InitBeyondTheAssociationLimitIsAbortedWithOutOfResource) {
  options_.max_associations = 1;
  EstablishPassive();
  peer_.tag = VerificationTag(0x7e57'0009);
  Receive(PeerPacket(VerificationTag(0), Port(6001), kLocalPort).Add(PeerInit()));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), 0x7e57'0009u);
  EXPECT_EQ(answer.header().destination_port, Port(6001));
  EXPECT_FALSE(answer.Get<AbortChunk>(0)->tag_reflected);
  EXPECT_TRUE(answer.Get<AbortChunk>(0)->error_causes.Find<OutOfResourceCause>().has_value());
}

// Rule 5: "If the packet contains a SHUTDOWN ACK chunk, the receiver SHOULD
// respond to the sender of the OOTB packet with a SHUTDOWN COMPLETE chunk.
// When sending the SHUTDOWN COMPLETE chunk, the receiver of the OOTB packet
// MUST fill in the Verification Tag field of the outbound packet with the
// Verification Tag received in the SHUTDOWN ACK chunk and set the T bit".
TEST_F(OutOfTheBlueTest, Rule5ShutdownAckIsAnsweredWithReflectedShutdownComplete) {
  Receive(PeerPacket(kStrangerTag).Add(ShutdownAckChunk{}));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kShutdownComplete})
      << answer.ToString();
  EXPECT_TRUE(answer.Get<ShutdownCompleteChunk>(0)->tag_reflected);
  EXPECT_EQ(answer.tag(), kStrangerTag);
  EXPECT_EQ(answer.destination(), PeerAddress());
}

// Rule 5 says "contains": a SHUTDOWN ACK after a SACK (a peer in
// SHUTDOWN-RECEIVED acknowledging its last DATA) gets the same answer.
TEST_F(OutOfTheBlueTest, Rule5ShutdownAckBundledAfterSackIsAnsweredTheSameWay) {
  Receive(PeerPacket(kStrangerTag)
              .Add(SackChunk{.cumulative_tsn_ack = Tsn(9), .a_rwnd = 5000})
              .Add(ShutdownAckChunk{}));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kShutdownComplete})
      << answer.ToString();
  EXPECT_TRUE(answer.Get<ShutdownCompleteChunk>(0)->tag_reflected);
  EXPECT_EQ(answer.tag(), kStrangerTag);
}

// Rule 6: "If the packet contains a SHUTDOWN COMPLETE chunk, the receiver
// SHOULD silently discard the packet and take no further action." Rule 7:
// "If the packet contains an ERROR chunk with the 'Stale Cookie' error cause
// or a COOKIE ACK chunk, the SCTP packet SHOULD be silently discarded."
TEST_F(OutOfTheBlueTest, Rules6And7ShutdownCompleteCookieAckAndStaleCookieAreDiscarded) {
  Receive(PeerPacket(kStrangerTag).Add(ShutdownCompleteChunk{}));
  Receive(PeerPacket(kStrangerTag).Add(ShutdownCompleteChunk{.tag_reflected = true}));
  Receive(PeerPacket(kStrangerTag).Add(CookieAckChunk{}));
  Receive(ErrorPacket(kStrangerTag, StaleCookieCause{.staleness_us = 1000}));
  ExpectNoPacket();
}

// Rule 8: "The receiver SHOULD respond to the sender of the OOTB packet with
// an ABORT chunk. When sending the ABORT chunk, the receiver of the OOTB
// packet MUST fill in the Verification Tag field of the outbound packet with
// the value found in the Verification Tag field of the OOTB packet and set
// the T bit in the Chunk Flags to indicate that the Verification Tag is
// reflected."
TEST_F(OutOfTheBlueTest, Rule8DataIsAnsweredWithReflectedAbort) {
  Receive(OotbData());
  ExpectReflectedAbort(kStrangerTag);
  EXPECT_TRUE(env().TakeDeliveries().empty());
  EXPECT_EQ(endpoint().association_count(), 0u);
}

TEST_F(OutOfTheBlueTest, Rule8SackAndHeartbeatAreAnsweredWithReflectedAbort) {
  Receive(PeerPacket(kStrangerTag).Add(SackChunk{.cumulative_tsn_ack = Tsn(3), .a_rwnd = 9000}));
  ExpectReflectedAbort(kStrangerTag);
  const std::array<uint8_t, 8> info{1, 2, 3, 4, 5, 6, 7, 8};
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(HeartbeatInfoParameter{.info = info});
  Receive(PeerPacket(kStrangerTag + 1).Add(HeartbeatRequestChunk{.parameters = parameters.list()}));
  ExpectReflectedAbort(kStrangerTag + 1);
}

// Rule 7 spares only an ERROR with "Stale Cookie"; any other ERROR falls
// through to rule 8.
TEST_F(OutOfTheBlueTest, Rule8ErrorWithoutStaleCookieIsAnsweredWithReflectedAbort) {
  Receive(ErrorPacket(kStrangerTag, InvalidStreamIdentifierCause{.stream_id = StreamId(3)}));
  ExpectReflectedAbort(kStrangerTag);
}

// Packets that reach an association: sections 8.5 and 8.5.1.
class VerificationTagTest : public EndpointTest {};

// Section 8.5: "When receiving an SCTP packet, the endpoint MUST ensure that
// the value in the Verification Tag field of the received SCTP packet
// matches its own tag. If the received Verification Tag value does not match
// the receiver's own tag value, the receiver MUST silently discard the
// packet and MUST NOT process it any further".
TEST_F(VerificationTagTest, PacketWithTheWrongTagIsSilentlyDiscarded) {
  EstablishPassive();
  const std::vector<uint8_t> payload = Payload(50);
  Receive(PeerPacket(local_tag_.value() ^ 0x1).Add(Data(next_peer_tsn_, payload)));
  Receive(PeerPacket(peer_.tag).Add(Data(next_peer_tsn_, payload)));
  ExpectNoPacket();
  EXPECT_TRUE(env().TakeDeliveries().empty());
  EXPECT_EQ(association()->metrics().packets_discarded, 2u);
  // The right tag gets through.
  Receive(PeerPacket(local_tag_).Add(Data(next_peer_tsn_, payload)));
  EXPECT_EQ(env().TakeDeliveries().size(), 1u);
}

// Section 8.5.1 B: "The receiver of an ABORT chunk MUST accept the packet if
// the Verification Tag field of the packet matches its own tag and the T bit
// is not set OR if it is set to its Peer's Tag and the T bit is set in the
// Chunk Flags. Otherwise, the receiver MUST silently discard the packet and
// take no further action."
TEST_F(VerificationTagTest, AbortIsAcceptedOnlyWithOwnTagOrReflectedPeerTag) {
  struct Case {
    const char* name;
    bool reflected;
    bool peer_tag;
    bool accepted;
  };
  for (const Case& c :
       {Case{"T=1, peer's tag", true, true, true}, Case{"T=1, own tag", true, false, false},
        Case{"T=0, peer's tag", false, true, false}, Case{"T=0, own tag", false, false, true}}) {
    SCOPED_TRACE(c.name);
    peer_.tag = VerificationTag(peer_.tag.value() + 1);
    EstablishPassive();
    const uint32_t tag = c.peer_tag ? peer_.tag.value() : local_tag_.value();
    Receive(PeerPacket(tag).Add(AbortChunk{.tag_reflected = c.reflected}));
    ExpectNoPacket();  // section 9.1: never answer an ABORT
    const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
    if (c.accepted) {
      ASSERT_EQ(changes.size(), 1u);
      EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
      EXPECT_EQ(endpoint().association_count(), 0u);
    } else {
      EXPECT_TRUE(changes.empty());
      ASSERT_EQ(endpoint().association_count(), 1u);
      EXPECT_EQ(association()->state(), AssociationState::kEstablished);
      // Leave a clean endpoint for the next case.
      endpoint().Abort(id_, now(), "next case");
      TakePackets();
      env().TakeEvents();
    }
  }
}

// Section 8.5.1 B in COOKIE-WAIT: no Peer's Tag is known yet (table 12:
// "0 - Tag unknown"), and 0 is never a tag (section 3.3.2), so a reflected
// ABORT cannot match one; only an ABORT with our own tag and no T bit ends
// the attempt.
TEST_F(VerificationTagTest, ReflectedAbortWithTagZeroDoesNotEndCookieWait) {
  const std::array<IpAddress, 1> peers{PeerAddress()};
  id_ = endpoint().Connect(now(), peers, kPeerPort).value();
  local_tag_ = TakeOnePacket().Get<InitChunk>(0)->initiate_tag;
  Receive(PeerPacket(0).Add(AbortChunk{.tag_reflected = true}));
  Receive(PeerPacket(0).Add(ShutdownCompleteChunk{.tag_reflected = true}));
  ASSERT_NE(association(), nullptr);
  EXPECT_EQ(association()->state(), AssociationState::kCookieWait);
  EXPECT_TRUE(env().TakeEvents().empty());

  Receive(PeerPacket(local_tag_).Add(AbortChunk{}));
  EXPECT_EQ(endpoint().association_count(), 0u);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCantStartAssociation);
}

// Section 8.5.1 E: "If the receiver is in COOKIE-ECHOED or COOKIE-WAIT
// state, the procedures in Section 8.4 SHOULD be followed; in other words, it
// is treated as an OOTB packet"; section 9.2: "The sender of the INIT chunk
// lets T1-init continue running and remains in the COOKIE-WAIT or
// COOKIE-ECHOED state."
TEST_F(VerificationTagTest, ShutdownAckInCookieWaitIsAnsweredAsOutOfTheBlue) {
  const std::array<IpAddress, 1> peers{PeerAddress()};
  id_ = endpoint().Connect(now(), peers, kPeerPort).value();
  TakePackets();
  const std::optional<TimePoint> t1 = NextWakeup();
  Receive(PeerPacket(kStrangerTag).Add(ShutdownAckChunk{}));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kShutdownComplete})
      << answer.ToString();
  EXPECT_TRUE(answer.Get<ShutdownCompleteChunk>(0)->tag_reflected);
  EXPECT_EQ(answer.tag(), kStrangerTag);
  EXPECT_EQ(association()->state(), AssociationState::kCookieWait);
  EXPECT_EQ(NextWakeup(), t1);
  // T1-init still brings the INIT again.
  FireNextWakeup();
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kInit});
}

// Section 3.2, table 2: the two upper bits of an unrecognized chunk type.
class UnknownChunkTest : public EndpointTest {
 protected:
  // An established association receives [unknown chunk of `type`, DATA].
  void ReceiveUnknownThenData(uint8_t type) {
    EstablishPassive();
    // The first DATA is acknowledged at once (section 5.1); let that pass.
    Receive(NextData(10));
    TakePackets();
    env().TakeDeliveries();
    unknown_ = UnknownChunk{.type = type, .flags = 0x5a, .value = unknown_value_};
    payload_ = Payload(30);
    Receive(ToLocal().Add(unknown_).Add(Data(next_peer_tsn_, payload_, 0, next_peer_ssn_)));
    // Whatever is due within SACK.Delay.
    AdvanceTime(options_.association.sack_delay);
  }

  // The ERROR chunks sent, and whether the DATA was taken.
  std::vector<CapturedPacket> sent() { return TakePackets(); }
  bool DataTaken() { return env().TakeDeliveries().size() == 1; }

  static void ExpectReported(const std::vector<CapturedPacket>& packets,
                             const std::vector<uint8_t>& chunk) {
    int reports = 0;
    for (const CapturedPacket& packet : packets) {
      for (const ErrorChunk* error : packet.All<ErrorChunk>()) {
        const std::optional<UnrecognizedChunkTypeCause> cause =
            error->error_causes.Find<UnrecognizedChunkTypeCause>();
        ASSERT_TRUE(cause.has_value());
        EXPECT_EQ(std::vector<uint8_t>(cause->chunk.begin(), cause->chunk.end()), chunk);
        ++reports;
      }
    }
    EXPECT_EQ(reports, 1) << ToString(packets);
  }
  static void ExpectNoError(const std::vector<CapturedPacket>& packets) {
    for (const CapturedPacket& packet : packets) {
      EXPECT_EQ(packet.Find<ErrorChunk>(), nullptr) << packet.ToString();
    }
  }
  std::vector<uint8_t> UnknownBytes() const {
    std::vector<uint8_t> bytes(unknown_.WireSize());
    unknown_.SerializeTo(bytes);
    return bytes;
  }

  const std::array<uint8_t, 6> unknown_value_{9, 8, 7, 6, 5, 4};
  UnknownChunk unknown_{};
  std::vector<uint8_t> payload_;
};

// 00: "Stop processing this SCTP packet and discard the unrecognized chunk
// and all further chunks."
TEST_F(UnknownChunkTest, Action00StopsProcessingSilently) {
  ReceiveUnknownThenData(0x30);
  const std::vector<CapturedPacket> packets = sent();
  EXPECT_TRUE(packets.empty()) << ToString(packets);
  EXPECT_FALSE(DataTaken());
}

// 01: "Stop processing this SCTP packet, discard the unrecognized chunk and
// all further chunks, and report the unrecognized chunk in an ERROR chunk
// using the 'Unrecognized Chunk Type' error cause."
TEST_F(UnknownChunkTest, Action01StopsProcessingAndReports) {
  ReceiveUnknownThenData(0x70);
  const std::vector<CapturedPacket> packets = sent();
  ExpectReported(packets, UnknownBytes());
  for (const CapturedPacket& packet : packets) {
    EXPECT_EQ(packet.Find<SackChunk>(), nullptr) << "the DATA was not processed";
    EXPECT_EQ(packet.tag(), peer_.tag.value());
  }
  EXPECT_FALSE(DataTaken());
}

// 10: "Skip this chunk and continue processing."
TEST_F(UnknownChunkTest, Action10SkipsTheChunkAndContinues) {
  ReceiveUnknownThenData(0xb0);
  const std::vector<CapturedPacket> packets = sent();
  ExpectNoError(packets);
  EXPECT_TRUE(DataTaken());
  ASSERT_EQ(packets.size(), 1u) << ToString(packets);
  ASSERT_NE(packets[0].Find<SackChunk>(), nullptr);
  EXPECT_EQ(packets[0].Find<SackChunk>()->cumulative_tsn_ack, next_peer_tsn_);
}

// 11: "Skip this chunk and continue processing, but report it in an ERROR
// chunk using the 'Unrecognized Chunk Type' error cause."
TEST_F(UnknownChunkTest, Action11SkipsTheChunkContinuesAndReports) {
  ReceiveUnknownThenData(0xf0);
  const std::vector<CapturedPacket> packets = sent();
  ExpectReported(packets, UnknownBytes());
  EXPECT_TRUE(DataTaken());
  bool acked = false;
  for (const CapturedPacket& packet : packets) {
    if (const SackChunk* sack = packet.Find<SackChunk>()) {
      acked |= sack->cumulative_tsn_ack == next_peer_tsn_;
    }
  }
  EXPECT_TRUE(acked) << ToString(packets);
}

}  // namespace
}  // namespace sctpdp::testing
