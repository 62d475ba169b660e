// RFC 9260 section 6.2 (acknowledging DATA), 6.5 (stream identifiers) and
// 6.7 (gap reports), and RFC 8260 section 2.2.3 (I-DATA must be negotiated):
// the endpoint as a data receiver.
#include <gtest/gtest.h>

#include <array>
#include <chrono>

#include "dataplane/sctp/packet/chunk/cookie_echo_chunk.h"
#include "dataplane/sctp/packet/chunk/forward_tsn_chunk.h"
#include "dataplane/sctp/packet/chunk/i_data_chunk.h"
#include "dataplane/sctp/packet/error_cause/invalid_stream_identifier_cause.h"
#include "dataplane/sctp/packet/error_cause/no_user_data_cause.h"
#include "dataplane/sctp/packet/error_cause/protocol_violation_cause.h"
#include "dataplane/sctp/packet/parameter/forward_tsn_supported_parameter.h"
#include "dataplane/sctp/packet/parameter/supported_extensions_parameter.h"
#include "tests/unit/endpoint/scripted_peer.h"

namespace sctpdp::testing {
namespace {

using std::chrono::milliseconds;

// A SACK copied into plain values.
struct Ack {
  uint32_t cumulative_tsn_ack = 0;
  uint32_t a_rwnd = 0;
  std::vector<std::pair<uint16_t, uint16_t>> gaps{};
  std::vector<uint32_t> duplicates{};
};

Ack ToAck(const SackChunk& sack) {
  Ack ack{.cumulative_tsn_ack = sack.cumulative_tsn_ack.value(), .a_rwnd = sack.a_rwnd};
  for (GapAckBlock block : sack.gap_ack_blocks) ack.gaps.emplace_back(block.start, block.end);
  for (Tsn tsn : sack.duplicate_tsns) ack.duplicates.push_back(tsn.value());
  return ack;
}

class DataReceiveTest : public EndpointTest {
 protected:
  // The one packet sent, which must be (or hold) a SACK.
  Ack TakeSack() {
    const CapturedPacket packet = TakeOnePacket();
    const SackChunk* sack = packet.Find<SackChunk>();
    EXPECT_NE(sack, nullptr) << packet.ToString();
    EXPECT_EQ(packet.tag(), peer_.tag.value());
    return sack ? ToAck(*sack) : Ack{};
  }
  uint32_t Tsn0() const { return peer_.initial_tsn.value(); }
  std::vector<uint8_t> DataAt(uint32_t offset, size_t size, uint16_t ssn, bool beginning = true,
                              bool end = true) {
    const std::vector<uint8_t> payload = Payload(size, static_cast<uint8_t>(offset));
    DataChunk chunk = Data(Tsn(Tsn0() + offset), payload, 0, ssn);
    chunk.flags.beginning = beginning;
    chunk.flags.end = end;
    return ToLocal().Add(chunk).Build();
  }
};

// Section 5.1: "After the reception of the first DATA chunk in an
// association, the endpoint MUST immediately respond with a SACK chunk";
// section 6.2: "an acknowledgement SHOULD be generated for at least every
// second packet (not every second DATA chunk) received and SHOULD be
// generated within 200 ms of the arrival of any unacknowledged DATA chunk."
TEST_F(DataReceiveTest, FirstDataAckedAtOnceThenEverySecondPacketOrAfterSackDelay) {
  EstablishPassive();
  Receive(NextData(100));
  EXPECT_EQ(TakeSack().cumulative_tsn_ack, Tsn0());

  Receive(NextData(100));
  ExpectNoPacket();
  EXPECT_EQ(NextWakeup(), now() + options_.association.sack_delay);
  Receive(NextData(100));
  EXPECT_EQ(TakeSack().cumulative_tsn_ack, Tsn0() + 2);

  AdvanceTime(milliseconds(50));
  Receive(NextData(100));
  AdvanceTime(options_.association.sack_delay - milliseconds(1));
  ExpectNoPacket();
  AdvanceTime(milliseconds(1));
  const CapturedPacket delayed = TakeOnePacket();
  ASSERT_NE(delayed.Find<SackChunk>(), nullptr) << delayed.ToString();
  EXPECT_EQ(delayed.Find<SackChunk>()->cumulative_tsn_ack, Tsn(Tsn0() + 3));
  EXPECT_EQ(delayed.sent_at(), start() + milliseconds(50) + options_.association.sack_delay);

  const std::vector<FakeEnvironment::Delivery> deliveries = env().TakeDeliveries();
  ASSERT_EQ(deliveries.size(), 4u);
  for (size_t i = 0; i < deliveries.size(); ++i) {
    EXPECT_EQ(deliveries[i].message.first_tsn, Tsn(Tsn0() + static_cast<uint32_t>(i)));
    EXPECT_EQ(deliveries[i].message.payload,
              Payload(100, static_cast<uint8_t>(Tsn0() + static_cast<uint32_t>(i))));
  }
}

// Section 6.2: "Upon receipt of an SCTP packet containing a DATA chunk with
// the I bit set, the receiver SHOULD NOT delay the sending of the
// corresponding SACK chunk".
TEST_F(DataReceiveTest, DataWithIBitIsAckedAtOnce) {
  EstablishPassive();
  Receive(NextData(10));
  TakeSack();
  const std::vector<uint8_t> payload = Payload(10);
  DataChunk chunk = Data(next_peer_tsn_, payload, 0, next_peer_ssn_);
  chunk.flags.immediate_ack = true;
  Receive(ToLocal().Add(chunk));
  EXPECT_EQ(TakeSack().cumulative_tsn_ack, next_peer_tsn_.value());
}

// Section 6.2: "Any received DATA chunks with TSN greater than the value in
// the Cumulative TSN Ack field are reported in the Gap Ack Block fields";
// section 7.2.4: "whenever an endpoint notices a hole in the arriving TSN
// sequence, it SHOULD start sending a SACK chunk back every time a packet
// arrives carrying data until the hole is filled"; section 6.2: "When a
// packet arrives with duplicate DATA chunk(s) and with no new DATA chunk(s),
// the endpoint MUST immediately send a SACK chunk ... The duplicate TSN
// number(s) SHOULD be reported in the SACK chunk as duplicate."
TEST_F(DataReceiveTest, GapsAndDuplicatesAreReportedAtOnce) {
  EstablishPassive();
  Receive(DataAt(0, 40, 0));
  EXPECT_EQ(TakeSack().cumulative_tsn_ack, Tsn0());

  Receive(DataAt(2, 40, 2));
  Ack ack = TakeSack();
  EXPECT_EQ(ack.cumulative_tsn_ack, Tsn0());
  EXPECT_EQ(ack.gaps, (std::vector<std::pair<uint16_t, uint16_t>>{{2, 2}}));
  EXPECT_TRUE(ack.duplicates.empty());

  Receive(DataAt(4, 40, 4));
  ack = TakeSack();
  EXPECT_EQ(ack.gaps, (std::vector<std::pair<uint16_t, uint16_t>>{{2, 2}, {4, 4}}));

  Receive(DataAt(2, 40, 2));
  ack = TakeSack();
  EXPECT_EQ(ack.cumulative_tsn_ack, Tsn0());
  EXPECT_EQ(ack.duplicates, std::vector<uint32_t>{Tsn0() + 2});

  Receive(DataAt(1, 40, 1));
  ack = TakeSack();
  EXPECT_EQ(ack.cumulative_tsn_ack, Tsn0() + 2);
  EXPECT_EQ(ack.gaps, (std::vector<std::pair<uint16_t, uint16_t>>{{2, 2}}));
  EXPECT_TRUE(ack.duplicates.empty()) << "a duplicate is reported once";

  Receive(DataAt(3, 40, 3));
  ack = TakeSack();
  EXPECT_EQ(ack.cumulative_tsn_ack, Tsn0() + 4);
  EXPECT_TRUE(ack.gaps.empty());

  // Section 6.6: ordered delivery, SSN by SSN.
  std::vector<uint32_t> delivered;
  for (const FakeEnvironment::Delivery& d : env().TakeDeliveries()) {
    delivered.push_back(d.message.ssn.value());
  }
  EXPECT_EQ(delivered, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
}

// Section 6.5: "If an endpoint receives a DATA chunk with an invalid stream
// identifier, it SHOULD acknowledge the reception of the DATA chunk
// following the normal procedure, immediately send an ERROR chunk with cause
// set to 'Invalid Stream Identifier' (see Section 3.3.10), and discard the
// DATA chunk."
TEST_F(DataReceiveTest, DataOnAnInvalidStreamIsAckedDroppedAndReported) {
  peer_.outbound_streams = 4;  // streams 0 to 3
  EstablishPassive();
  Receive(NextData(10));
  TakeSack();
  env().TakeDeliveries();

  const Tsn tsn = next_peer_tsn_;
  Receive(NextData(10, 4));
  const CapturedPacket report = TakeOnePacket();
  const ErrorChunk* error = report.Find<ErrorChunk>();
  ASSERT_NE(error, nullptr) << report.ToString();
  const std::optional<InvalidStreamIdentifierCause> cause =
      error->error_causes.Find<InvalidStreamIdentifierCause>();
  ASSERT_TRUE(cause.has_value());
  EXPECT_EQ(cause->stream_id, StreamId(4));
  EXPECT_TRUE(env().TakeDeliveries().empty());

  // Acknowledged by the normal procedure: here by the delayed SACK, unless
  // it went with the ERROR.
  const SackChunk* sack = report.Find<SackChunk>();
  Tsn acked = sack ? sack->cumulative_tsn_ack : Tsn(0);
  if (!sack) {
    AdvanceTime(options_.association.sack_delay);
    const CapturedPacket later = TakeOnePacket();
    ASSERT_NE(later.Find<SackChunk>(), nullptr) << later.ToString();
    acked = later.Find<SackChunk>()->cumulative_tsn_ack;
  }
  EXPECT_EQ(acked, tsn);
  EXPECT_EQ(association()->state(), AssociationState::kEstablished);
}

// Section 6.2: "If an endpoint receives a DATA chunk with no user data
// (i.e., the Length field is set to 16), it SHOULD send an ABORT chunk with
// a 'No User Data' error cause"; section 3.3.10.9: the cause carries the
// chunk's TSN.
TEST_F(DataReceiveTest, EmptyDataIsAbortedWithNoUserData) {
  EstablishPassive();
  const Tsn tsn = next_peer_tsn_;
  Receive(ToLocal().Add(Data(tsn, std::span<const uint8_t>())));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  const AbortChunk* abort = answer.Get<AbortChunk>(0);
  EXPECT_FALSE(abort->tag_reflected);
  const std::optional<NoUserDataCause> cause = abort->error_causes.Find<NoUserDataCause>();
  ASSERT_TRUE(cause.has_value());
  EXPECT_EQ(cause->tsn, tsn);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
  EXPECT_EQ(changes[0].error, static_cast<uint16_t>(ErrorCauseCode::kNoUserData));
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// RFC 8260 section 2.2.3: "The same applies if I-DATA support has not been
// negotiated for an association and an I-DATA chunk is received": "the
// receiver ... MUST abort the association by sending an ABORT chunk. The
// ABORT chunk MAY include the 'Protocol Violation' error cause."
TEST_F(DataReceiveTest, IDataWithoutNegotiationIsAbortedWithProtocolViolation) {
  EstablishPassive();  // neither side offered I-DATA
  const std::vector<uint8_t> payload = Payload(20);
  Receive(ToLocal().Add(IDataChunk{.flags = DataFlags{.beginning = true, .end = true},
                                   .tsn = next_peer_tsn_,
                                   .stream_id = StreamId(0),
                                   .mid = Mid(0),
                                   .ppid = Ppid(1),
                                   .payload = payload}));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  EXPECT_TRUE(answer.Get<AbortChunk>(0)->error_causes.Find<ProtocolViolationCause>().has_value());
  EXPECT_TRUE(env().TakeDeliveries().empty());
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// RFC 8260 section 2.2.3: "If I-DATA support has been negotiated for an
// association, the reception of a DATA chunk is a violation of the above
// rules and therefore the receiver of the DATA chunk MUST abort the
// association by sending an ABORT chunk."
TEST_F(DataReceiveTest, DataAfterIDataWasNegotiatedIsAbortedWithProtocolViolation) {
  options_.association.enable_interleaving = true;
  const std::array<uint8_t, 1> i_data{static_cast<uint8_t>(ChunkType::kIData)};
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(SupportedExtensionsParameter{.chunk_types = i_data});
  SendInitExpectInitAck(parameters.list());
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  TakePackets();
  ASSERT_EQ(endpoint().association_count(), 1u);
  id_ = endpoint().association_ids().at(0);
  next_peer_tsn_ = peer_.initial_tsn;
  ASSERT_TRUE(association()->uses_interleaving());
  env().TakeEvents();

  Receive(NextData(20));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_TRUE(answer.Get<AbortChunk>(0)->error_causes.Find<ProtocolViolationCause>().has_value());
  EXPECT_TRUE(env().TakeDeliveries().empty());
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// RFC 8260 section 2.3.1: "If I-FORWARD-TSN support has been negotiated
// for an association, the reception of a FORWARD-TSN chunk is a violation
// of the above rules and therefore the receiver of the FORWARD-TSN chunk
// MUST abort the association by sending an ABORT chunk."
TEST_F(DataReceiveTest, ForwardTsnAfterIForwardTsnWasNegotiatedIsAborted) {
  options_.association.enable_interleaving = true;
  const std::array<uint8_t, 3> extensions{static_cast<uint8_t>(ChunkType::kIData),
                                          static_cast<uint8_t>(ChunkType::kForwardTsn),
                                          static_cast<uint8_t>(ChunkType::kIForwardTsn)};
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(SupportedExtensionsParameter{.chunk_types = extensions});
  parameters.Add(ForwardTsnSupportedParameter{});
  SendInitExpectInitAck(parameters.list());
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  TakePackets();
  ASSERT_EQ(endpoint().association_count(), 1u);
  id_ = endpoint().association_ids().at(0);
  ASSERT_TRUE(association()->uses_interleaving());

  Receive(PeerPacket(local_tag_).Add(ForwardTsnChunk{.new_cumulative_tsn = peer_.initial_tsn}));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_TRUE(answer.Get<AbortChunk>(0)->error_causes.Find<ProtocolViolationCause>().has_value());
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Section 6.2 A to D: a_rwnd starts at the buffer "allocated to the
// association" (the INIT ACK's), drops "as DATA chunks are received and
// buffered" and comes back "as DATA chunks are delivered to the ULP and
// released from the receive buffers"; a fragment held for reassembly is not
// released ("it SHOULD NOT increment a_rwnd").
TEST_F(DataReceiveTest, WindowShrinksWithHeldFragmentsAndReopensOnDelivery) {
  options_.association.receive_buffer_bytes = 10'000;
  const CapturedPacket init_ack = SendInitExpectInitAck();
  EXPECT_EQ(init_ack.Get<InitAckChunk>(0)->a_rwnd, 10'000u);
  env().TakePackets();
  EstablishPassive();

  Receive(DataAt(0, 500, 0));  // a whole message, delivered at once
  EXPECT_EQ(TakeSack().a_rwnd, 10'000u);
  ASSERT_EQ(env().TakeDeliveries().size(), 1u);

  Receive(DataAt(1, 1200, 1, /*beginning=*/true, /*end=*/false));
  Receive(DataAt(2, 1200, 1, /*beginning=*/false, /*end=*/false));
  Ack ack = TakeSack();
  EXPECT_EQ(ack.cumulative_tsn_ack, Tsn0() + 2);
  EXPECT_EQ(ack.a_rwnd, 10'000u - 2400u);
  EXPECT_TRUE(env().TakeDeliveries().empty());

  Receive(DataAt(3, 600, 1, /*beginning=*/false, /*end=*/true));
  Receive(DataAt(4, 10, 2));
  ack = TakeSack();
  EXPECT_EQ(ack.cumulative_tsn_ack, Tsn0() + 4);
  EXPECT_EQ(ack.a_rwnd, 10'000u);
  const std::vector<FakeEnvironment::Delivery> deliveries = env().TakeDeliveries();
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_EQ(deliveries[0].message.payload.size(), 3000u);
}

// Section 6.2: a DATA chunk the receive buffer cannot take is dropped, and
// "if such a DATA chunk is dropped, the receiver MUST immediately send back a
// SACK chunk with the current receive window showing only DATA chunks
// received and accepted so far. The dropped DATA chunk(s) MUST NOT be
// included in the SACK chunk". Held out-of-order data fills the buffer.
TEST_F(DataReceiveTest, DataBeyondTheWindowIsDroppedUnacknowledged) {
  options_.association.receive_buffer_bytes = 3000;
  EstablishPassive();
  Receive(DataAt(0, 100, 0));
  EXPECT_EQ(TakeSack().a_rwnd, 3000u);
  // TSN 1 is missing: 2 and 3 wait for it.
  Receive(DataAt(2, 1400, 2));
  TakeSack();
  Receive(DataAt(3, 1400, 3));
  Ack ack = TakeSack();
  EXPECT_EQ(ack.gaps, (std::vector<std::pair<uint16_t, uint16_t>>{{2, 3}}));
  EXPECT_EQ(ack.a_rwnd, 200u);

  Receive(DataAt(4, 1400, 4));
  ack = TakeSack();
  EXPECT_EQ(ack.cumulative_tsn_ack, Tsn0());
  EXPECT_EQ(ack.gaps, (std::vector<std::pair<uint16_t, uint16_t>>{{2, 3}}))
      << "TSN 4 was dropped and is not acknowledged";
  EXPECT_EQ(ack.a_rwnd, 200u);

  // The missing TSN fills the gap; everything held is delivered.
  Receive(DataAt(1, 100, 1));
  ack = TakeSack();
  EXPECT_EQ(ack.cumulative_tsn_ack, Tsn0() + 3);
  EXPECT_TRUE(ack.gaps.empty());
  EXPECT_EQ(ack.a_rwnd, 3000u);
  EXPECT_EQ(env().TakeDeliveries().size(), 4u);
  // The retransmission of TSN 4 is taken now (and acknowledged within
  // SACK.Delay).
  Receive(DataAt(4, 1400, 4));
  AdvanceTime(options_.association.sack_delay);
  EXPECT_EQ(TakeSack().cumulative_tsn_ack, Tsn0() + 4);
}

}  // namespace
}  // namespace sctpdp::testing
