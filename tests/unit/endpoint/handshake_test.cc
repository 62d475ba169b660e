// RFC 9260 section 5.1: association setup, both as the endpoint answering
// an INIT (stateless INIT ACK, COOKIE ECHO acceptance) and as the one that
// starts it (INIT, COOKIE ECHO, T1-init and T1-cookie), with the parameter
// rules of sections 3.2.1, 3.2.2, 3.3.2 and 3.3.3.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <set>

#include "dataplane/sctp/packet/chunk/cookie_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/cookie_echo_chunk.h"
#include "dataplane/sctp/packet/error_cause/invalid_mandatory_parameter_cause.h"
#include "dataplane/sctp/packet/error_cause/missing_mandatory_parameter_cause.h"
#include "dataplane/sctp/packet/error_cause/stale_cookie_cause.h"
#include "dataplane/sctp/packet/error_cause/unrecognized_parameters_cause.h"
#include "dataplane/sctp/packet/error_cause/unresolvable_address_cause.h"
#include "dataplane/sctp/packet/parameter/cookie_preservative_parameter.h"
#include "dataplane/sctp/packet/parameter/host_name_address_parameter.h"
#include "dataplane/sctp/packet/parameter/state_cookie_parameter.h"
#include "dataplane/sctp/packet/parameter/unknown_parameter.h"
#include "dataplane/sctp/packet/parameter/unrecognized_parameter.h"
#include "tests/unit/endpoint/scripted_peer.h"

namespace sctpdp::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Parameter types no RFC assigns, one for each pair of action bits
// (RFC 9260 section 3.2.1, table 3).
constexpr uint16_t kStopType = 0x0123;         // 00: stop, do not report
constexpr uint16_t kStopReportType = 0x4123;   // 01: stop, report
constexpr uint16_t kSkipType = 0x8123;         // 10: skip
constexpr uint16_t kSkipReportType = 0xc123;   // 11: skip, report
constexpr uint16_t kSkipReportType2 = 0xc124;  // 11 as well

template <typename T>
std::vector<uint8_t> Wire(const T& object) {
  std::vector<uint8_t> bytes(object.WireSize());
  object.SerializeTo(bytes);
  return bytes;
}

// A parameter of an unassigned type with a four-byte value (so no padding
// can differ between what is sent and what is quoted back).
struct TestParameter {
  uint16_t type = 0;
  std::array<uint8_t, 4> value{};

  size_t WireSize() const { return UnknownParameter::kHeaderSize + value.size(); }
  void SerializeTo(std::span<uint8_t> out) const {
    UnknownParameter{.type = type, .value = value}.SerializeTo(out);
  }
};

TestParameter Unknown(uint16_t type, uint8_t fill) {
  return TestParameter{.type = type, .value = {fill, fill, fill, fill}};
}

// The parameters an INIT ACK returns in Unrecognized Parameter parameters
// (section 3.3.3.1), each as the bytes it quotes.
std::vector<std::vector<uint8_t>> ReportedParameters(const InitAckChunk& init_ack) {
  std::vector<std::vector<uint8_t>> out;
  for (const TlvList::Field& field : init_ack.parameters) {
    if (field.type != static_cast<uint16_t>(ParameterType::kUnrecognizedParameter)) continue;
    ParseResult<UnrecognizedParameter> parsed = UnrecognizedParameter::Parse(field.bytes);
    EXPECT_TRUE(parsed.ok());
    if (parsed.ok()) {
      out.emplace_back(parsed.value().parameter.begin(), parsed.value().parameter.end());
    }
  }
  return out;
}

class PassiveOpenTest : public EndpointTest {};

// Section 5.1 B: "'Z' responds immediately with an INIT ACK chunk. The
// destination IP address of the INIT ACK chunk MUST be set to the source IP
// address of the INIT chunk ... 'Z' MUST set the Verification Tag field to
// Tag_A and also provide its own Verification Tag (Tag_Z) in the Initiate
// Tag field. Moreover, 'Z' MUST generate and send along with the INIT ACK
// chunk a State Cookie." and "After sending an INIT ACK chunk with the State
// Cookie parameter, 'Z' MUST NOT allocate any resources".
TEST_F(PassiveOpenTest, InitIsAnsweredWithInitAckCarryingTagsStreamsWindowAndCookie) {
  peer_.outbound_streams = 20;
  peer_.inbound_streams = 30;
  const CapturedPacket answer = SendInitExpectInitAck();
  EXPECT_EQ(answer.destination(), PeerAddress());
  EXPECT_EQ(answer.header().source_port, kLocalPort);
  EXPECT_EQ(answer.header().destination_port, kPeerPort);
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  const InitAckChunk* init_ack = answer.Get<InitAckChunk>(0);
  ASSERT_NE(init_ack, nullptr);
  EXPECT_NE(init_ack->initiate_tag.value(), 0u);
  // Sections 3.3.3 and 5.1.1: the streams we want and accept, the window
  // of section 6.2 A (the receive buffer).
  EXPECT_EQ(init_ack->outbound_streams, options_.association.outbound_streams);
  EXPECT_EQ(init_ack->inbound_streams, options_.association.max_inbound_streams);
  EXPECT_EQ(init_ack->a_rwnd, options_.association.receive_buffer_bytes);
  EXPECT_FALSE(cookie_.empty());
  EXPECT_EQ(endpoint().association_count(), 0u);
  EXPECT_TRUE(env().TakeEvents().empty());
}

// Section 5.3.1: "It is very important that the Initiate Tag value be
// randomized" and "A new Verification Tag value MUST be used each time the
// endpoint tears down and then reestablishes an association".
TEST_F(PassiveOpenTest, EveryInitAckChoosesAFreshInitiateTag) {
  const uint32_t first = SendInitExpectInitAck().Get<InitAckChunk>(0)->initiate_tag.value();
  const uint32_t second = SendInitExpectInitAck().Get<InitAckChunk>(0)->initiate_tag.value();
  EXPECT_NE(first, 0u);
  EXPECT_NE(second, 0u);
  EXPECT_NE(first, second);
}

// A sharded data plane steers packets by the tag they carry: every tag the
// endpoint chooses, answering or starting, keeps the residue it was given,
// and is still random and non-zero within it.
TEST_F(PassiveOpenTest, TagsKeepTheConfiguredResidueForSteering) {
  options_.tag_modulus = 4;
  options_.tag_residue = 3;
  std::set<uint32_t> tags;
  for (int i = 0; i < 16; ++i) {
    const uint32_t tag = SendInitExpectInitAck().Get<InitAckChunk>(0)->initiate_tag.value();
    EXPECT_EQ(tag % 4, 3u);
    tags.insert(tag);
  }
  const std::array<IpAddress, 1> peer = {PeerAddress()};
  ASSERT_TRUE(endpoint().Connect(now(), peer, kPeerPort).has_value());
  const uint32_t init_tag = TakeOnePacket().Get<InitChunk>(0)->initiate_tag.value();
  EXPECT_EQ(init_tag % 4, 3u);
  tags.insert(init_tag);
  EXPECT_EQ(tags.size(), 17u);
}

// Section 3.3.3, Number of Outbound Streams of INIT ACK: "the value MUST NOT
// be greater than the MIS value sent in the INIT chunk"; section 5.1.1: the
// endpoint "MUST use MIS outbound streams".
TEST_F(PassiveOpenTest, InitAckAsksNoMoreOutboundStreamsThanTheInitAllows) {
  peer_.inbound_streams = 4;
  const CapturedPacket answer = SendInitExpectInitAck();
  ASSERT_NE(answer.Get<InitAckChunk>(0), nullptr);
  EXPECT_EQ(answer.Get<InitAckChunk>(0)->outbound_streams, 4);

  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kCookieAck});
  const std::vector<AssociationChange> up = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].outbound_streams, 4);
  const AssociationId id = endpoint().association_ids().at(0);
  // "The valid outbound stream identifier range ... MUST be 0 to min(local
  // OS, remote MIS) - 1."
  EXPECT_EQ(endpoint().Send(id, now(), Message(10, 3)), SendResult::kOk);
  EXPECT_EQ(endpoint().Send(id, now(), Message(10, 4)), SendResult::kInvalidStream);
}

// Section 3.2.1, table 3, and section 3.2.2: "If the receiver of an INIT
// chunk detects unrecognized parameters and has to report them according to
// Section 3.2.1, it MUST put the 'Unrecognized Parameter' parameter(s) in
// the INIT ACK chunk". 11 and 10 skip and go on (11 reporting), 01 stops
// and reports; what follows a stop is not looked at. "When an INIT ... is
// received, in all four cases, an INIT ACK ... is sent in response".
TEST_F(PassiveOpenTest, UnrecognizedInitParametersAreReportedAsTheirActionBitsSay) {
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(Unknown(kSkipReportType, 1))
      .Add(Unknown(kSkipType, 2))
      .Add(Unknown(kStopReportType, 3))
      .Add(Unknown(kSkipReportType2, 4));
  const CapturedPacket answer = SendInitExpectInitAck(parameters.list());
  const InitAckChunk* init_ack = answer.Get<InitAckChunk>(0);
  ASSERT_NE(init_ack, nullptr);
  const std::vector<std::vector<uint8_t>> expected = {Wire(Unknown(kSkipReportType, 1)),
                                                      Wire(Unknown(kStopReportType, 3))};
  EXPECT_EQ(ReportedParameters(*init_ack), expected);
  // The association still comes up from that INIT ACK's cookie.
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kCookieAck});
}

// Section 3.2.1, table 3: 00 "Stop processing this parameter and do not
// process any further parameters within this chunk" and does not report.
TEST_F(PassiveOpenTest, StopWithoutReportEndsTheParametersSilently) {
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(Unknown(kStopType, 1)).Add(Unknown(kSkipReportType, 2));
  const CapturedPacket answer = SendInitExpectInitAck(parameters.list());
  const InitAckChunk* init_ack = answer.Get<InitAckChunk>(0);
  ASSERT_NE(init_ack, nullptr);
  EXPECT_TRUE(ReportedParameters(*init_ack).empty());
}

// Section 3.3.2, Initiate Tag: "If the value of the Initiate Tag in a
// received INIT chunk is found to be 0, the receiver MUST silently discard
// the packet."
TEST_F(PassiveOpenTest, InitWithZeroInitiateTagIsSilentlyDiscarded) {
  peer_.tag = VerificationTag(0);
  Receive(PeerPacket(0).Add(PeerInit()));
  ExpectNoPacket();
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Section 3.3.2: "A receiver of an INIT chunk with the OS value set to 0
// MUST discard the packet, SHOULD send a packet in response containing an
// ABORT chunk and using the Initiate Tag as the Verification Tag" (and the
// same for MIS); section 8.4 rule 3: the T bit "has to be set to 0".
TEST_F(PassiveOpenTest, InitWithZeroStreamsIsAbortedWithTheInitiateTag) {
  for (const bool zero_outbound : {true, false}) {
    SCOPED_TRACE(zero_outbound ? "OS = 0" : "MIS = 0");
    peer_.outbound_streams = zero_outbound ? 0 : 16;
    peer_.inbound_streams = zero_outbound ? 16 : 0;
    Receive(PeerPacket(0).Add(PeerInit()));
    const CapturedPacket answer = TakeOnePacket();
    const AbortChunk* abort = answer.Get<AbortChunk>(0);
    ASSERT_NE(abort, nullptr) << answer.ToString();
    EXPECT_EQ(answer.chunk_count(), 1u);
    EXPECT_EQ(answer.tag(), peer_.tag.value());
    EXPECT_FALSE(abort->tag_reflected);
    EXPECT_TRUE(abort->error_causes.Find<InvalidMandatoryParameterCause>().has_value());
    EXPECT_EQ(endpoint().association_count(), 0u);
  }
}

// Section 3.3.2, a_rwnd: "A receiver of an INIT chunk with the a_rwnd value
// set to a value smaller than 1500 MUST discard the packet, SHOULD send a
// packet in response containing an ABORT chunk and using the Initiate Tag
// as the Verification Tag".
TEST_F(PassiveOpenTest, InitWithWindowBelow1500IsAbortedWithTheInitiateTag) {
  peer_.a_rwnd = 1499;
  Receive(PeerPacket(0).Add(PeerInit()));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  EXPECT_FALSE(answer.Get<AbortChunk>(0)->tag_reflected);

  peer_.a_rwnd = 1500;
  SendInitExpectInitAck();
}

// Section 8.5.1 A: "When an endpoint receives an SCTP packet with the
// Verification Tag set to 0, it SHOULD verify that the packet contains only
// an INIT chunk. Otherwise, the receiver MUST silently discard the packet";
// the sender of an INIT "MUST set the Verification Tag of the packet to 0".
TEST_F(PassiveOpenTest, InitWithNonZeroCommonHeaderTagIsSilentlyDiscarded) {
  Receive(PeerPacket(0x1234'5678).Add(PeerInit()));
  ExpectNoPacket();
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Section 5.1: "An INIT or INIT ACK chunk MUST NOT be bundled with any other
// chunk"; section 8.5.1 A as above.
TEST_F(PassiveOpenTest, InitBundledWithAnotherChunkIsSilentlyDiscarded) {
  const std::vector<uint8_t> payload = Payload(8);
  Receive(PeerPacket(0).Add(PeerInit()).Add(Data(Tsn(1), payload)).BuildUnchecked());
  ExpectNoPacket();
  Receive(PeerPacket(0).Add(Data(Tsn(1), payload)).Add(PeerInit()).BuildUnchecked());
  ExpectNoPacket();
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Section 5.1 D: "Upon reception of the COOKIE ECHO chunk, endpoint 'Z'
// replies with a COOKIE ACK chunk after building a TCB and moving to the
// ESTABLISHED state" (with the COMMUNICATION UP notification of the
// implementation note); section 5.1.1: min(OS, MIS) streams each way.
TEST_F(PassiveOpenTest, ValidCookieEchoIsAnsweredWithCookieAckAndCommUp) {
  peer_.outbound_streams = 7;
  peer_.inbound_streams = 300;
  SendInitExpectInitAck();
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  const CapturedPacket answer = TakeOnePacket();
  EXPECT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kCookieAck});
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  EXPECT_EQ(answer.destination(), PeerAddress());

  const std::vector<FakeEnvironment::Event> events = env().TakeEvents();
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(events);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommUp);
  EXPECT_EQ(changes[0].outbound_streams, 10);  // min(our OS 10, peer MIS 300)
  EXPECT_EQ(changes[0].inbound_streams, 7);    // min(our MIS, peer OS 7)
  ASSERT_EQ(endpoint().association_count(), 1u);
  const AssociationId id = endpoint().association_ids().at(0);
  EXPECT_EQ(events[0].association, id);
  const Association* association = endpoint().Find(id);
  ASSERT_NE(association, nullptr);
  EXPECT_EQ(association->state(), AssociationState::kEstablished);
  EXPECT_EQ(association->local_tag(), local_tag_);
  EXPECT_EQ(association->peer_tag(), peer_.tag);
}

// Section 5.1.5 step 2: "If this comparison fails, the SCTP packet,
// including the COOKIE ECHO chunk and any DATA chunks, MUST be silently
// discarded."
TEST_F(PassiveOpenTest, CookieWithBadMacIsSilentlyDiscarded) {
  SendInitExpectInitAck();
  std::vector<uint8_t> forged = cookie_;
  forged.back() ^= 0x01;
  const std::vector<uint8_t> payload = Payload(20);
  Receive(PeerPacket(local_tag_)
              .Add(CookieEchoChunk{.cookie = forged})
              .Add(Data(peer_.initial_tsn, payload)));
  ExpectNoPacket();
  EXPECT_EQ(endpoint().association_count(), 0u);
  EXPECT_TRUE(env().TakeEvents().empty());
  EXPECT_TRUE(env().TakeDeliveries().empty());
}

// Section 5.1.5 step 3: "Compare the port numbers and the Verification Tag
// contained within the COOKIE ECHO chunk to the actual port numbers and the
// Verification Tag within the SCTP common header ... If these values do not
// match, the packet MUST be silently discarded."
TEST_F(PassiveOpenTest, CookieInAPacketWithAnotherTagIsSilentlyDiscarded) {
  SendInitExpectInitAck();
  Receive(PeerPacket(local_tag_.value() + 1).Add(CookieEchoChunk{.cookie = cookie_}));
  ExpectNoPacket();
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Section 5.1.5 step 4: "If the elapsed time is longer than the lifespan
// carried in the State Cookie, then the packet, including the COOKIE ECHO
// chunk and any attached DATA chunks, SHOULD be discarded, and the endpoint
// MUST transmit an ERROR chunk with a 'Stale Cookie' error cause"; section
// 3.3.10.3: the Measure of Staleness is "the difference, in microseconds,
// between the current time and the time the State Cookie expired".
TEST_F(PassiveOpenTest, StaleCookieIsAnsweredWithStaleCookieError) {
  SendInitExpectInitAck();
  AdvanceTime(options_.association.valid_cookie_life + milliseconds(250));
  const std::vector<uint8_t> payload = Payload(20);
  Receive(PeerPacket(local_tag_)
              .Add(CookieEchoChunk{.cookie = cookie_})
              .Add(Data(peer_.initial_tsn, payload)));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kError}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  const std::optional<StaleCookieCause> stale =
      answer.Get<ErrorChunk>(0)->error_causes.Find<StaleCookieCause>();
  ASSERT_TRUE(stale.has_value());
  EXPECT_EQ(stale->staleness_us, 250'000u);
  EXPECT_EQ(endpoint().association_count(), 0u);
  EXPECT_TRUE(env().TakeDeliveries().empty());
}

// Section 5.1.5 step 4 counts "longer than the lifespan": at exactly the
// lifespan the cookie is still good.
TEST_F(PassiveOpenTest, CookieAtExactlyItsLifespanIsAccepted) {
  SendInitExpectInitAck();
  AdvanceTime(options_.association.valid_cookie_life);
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kCookieAck});
}

// Section 5.1.5 steps 6 and 7: "Immediately acknowledge any DATA chunk
// bundled with the COOKIE ECHO chunk with a SACK chunk ... if the SACK chunk
// is bundled with the COOKIE ACK chunk, the COOKIE ACK chunk MUST appear
// first in the SCTP packet."
TEST_F(PassiveOpenTest, DataBundledAfterCookieEchoIsDeliveredAndAcknowledged) {
  SendInitExpectInitAck();
  const std::vector<uint8_t> payload = Payload(300, 9);
  Receive(PeerPacket(local_tag_)
              .Add(CookieEchoChunk{.cookie = cookie_})
              .Add(Data(peer_.initial_tsn, payload)));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), (std::vector<ChunkType>{ChunkType::kCookieAck, ChunkType::kSack}))
      << answer.ToString();
  EXPECT_EQ(answer.Get<SackChunk>(1)->cumulative_tsn_ack, peer_.initial_tsn);
  const std::vector<FakeEnvironment::Delivery> deliveries = env().TakeDeliveries();
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].message.payload, payload);
  EXPECT_EQ(deliveries[0].message.ppid, Ppid(51));
}

// Section 3.3.2, note 3: "The receiver of an INIT chunk containing a Host
// Name Address parameter MUST send an ABORT chunk and MAY include an
// 'Unresolvable Address' error cause."
TEST_F(PassiveOpenTest, InitWithHostNameAddressIsAborted) {
  const std::string name = "peer.example";
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(
      HostNameAddressParameter{.host_name = std::span<const uint8_t>(
                                   reinterpret_cast<const uint8_t*>(name.data()), name.size())});
  Receive(PeerPacket(0).Add(PeerInit(parameters.list())));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  EXPECT_TRUE(answer.Get<AbortChunk>(0)->error_causes.Find<UnresolvableAddressCause>().has_value());
  EXPECT_EQ(endpoint().association_count(), 0u);
}

// Section 3.3.2.1.3: the Cookie Preservative asks "to extend the life time
// of the State Cookie"; section 5.1.3 lets the receiver grant it (sctpdp
// grants up to Valid.Cookie.Life more). A cookie that would be stale
// without the increment is accepted with it.
TEST_F(PassiveOpenTest, CookiePreservativeExtendsTheCookieLifespan) {
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(CookiePreservativeParameter{.increment_ms = 2000});
  SendInitExpectInitAck(parameters.list());
  AdvanceTime(options_.association.valid_cookie_life + milliseconds(1500));
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kCookieAck});
}

class ActiveOpenTest : public EndpointTest {
 protected:
  AssociationId Connect() {
    const std::array<IpAddress, 1> peer{PeerAddress()};
    const std::optional<AssociationId> id = endpoint().Connect(now(), peer, kPeerPort);
    EXPECT_TRUE(id.has_value());
    id_ = id.value_or(AssociationId(0));
    return id_;
  }

  // The peer's INIT ACK to our INIT, with `parameters` (a State Cookie
  // among them normally).
  std::vector<uint8_t> InitAck(const TlvList& parameters) const {
    return PeerPacket(local_tag_)
        .Add(InitAckChunk{.initiate_tag = peer_.tag,
                          .a_rwnd = peer_.a_rwnd,
                          .outbound_streams = peer_.outbound_streams,
                          .inbound_streams = peer_.inbound_streams,
                          .initial_tsn = peer_.initial_tsn,
                          .parameters = parameters})
        .Build();
  }

  // Connects and takes the INIT; returns it.
  CapturedPacket ConnectExpectInit() {
    Connect();
    CapturedPacket init = TakeOnePacket();
    if (const InitChunk* chunk = init.Get<InitChunk>(0)) local_tag_ = chunk->initiate_tag;
    return init;
  }

  const std::vector<uint8_t> peer_cookie_ = Payload(64, 0xc0);
};

// Section 5.1 A: "'A' first builds a TCB and sends an INIT chunk to 'Z'. In
// the INIT chunk, 'A' MUST provide its Verification Tag (Tag_A) in the
// Initiate Tag field ... After sending the INIT chunk, 'A' starts the
// T1-init timer and enters the COOKIE-WAIT state"; section 8.5.1 A: the
// packet's tag is 0.
TEST_F(ActiveOpenTest, ConnectSendsInitAndStartsT1) {
  const CapturedPacket init = ConnectExpectInit();
  ASSERT_EQ(init.types(), std::vector<ChunkType>{ChunkType::kInit}) << init.ToString();
  EXPECT_EQ(init.tag(), 0u);
  EXPECT_EQ(init.destination(), PeerAddress());
  EXPECT_EQ(init.header().source_port, kLocalPort);
  EXPECT_EQ(init.header().destination_port, kPeerPort);
  const InitChunk* chunk = init.Get<InitChunk>(0);
  EXPECT_NE(chunk->initiate_tag.value(), 0u);
  EXPECT_EQ(chunk->a_rwnd, options_.association.receive_buffer_bytes);
  EXPECT_EQ(chunk->outbound_streams, options_.association.outbound_streams);
  EXPECT_EQ(chunk->inbound_streams, options_.association.max_inbound_streams);
  ASSERT_NE(association(), nullptr);
  EXPECT_EQ(association()->state(), AssociationState::kCookieWait);
  // T1-init runs for RTO.Initial (section 6.3.1 C1).
  EXPECT_EQ(NextWakeup(), now() + options_.association.rto_initial);
}

// Section 5.1 C: "Upon reception of the INIT ACK chunk from 'Z', 'A' stops
// the T1-init timer and leaves the COOKIE-WAIT state. 'A' then sends the
// State Cookie received in the INIT ACK chunk in a COOKIE ECHO chunk, starts
// the T1-cookie timer, and enters the COOKIE-ECHOED state"; section 8.5.1 D:
// with "the value of the Initiate Tag received in the INIT ACK chunk". E:
// the COOKIE ACK makes it ESTABLISHED with COMMUNICATION UP.
TEST_F(ActiveOpenTest, InitAckIsAnsweredWithCookieEchoThenCookieAckEstablishes) {
  ConnectExpectInit();
  AdvanceTime(milliseconds(30));
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(StateCookieParameter{.cookie = peer_cookie_});
  Receive(InitAck(parameters.list()));
  const CapturedPacket echo = TakeOnePacket();
  ASSERT_EQ(echo.types(), std::vector<ChunkType>{ChunkType::kCookieEcho}) << echo.ToString();
  EXPECT_EQ(echo.tag(), peer_.tag.value());
  EXPECT_EQ(echo.destination(), PeerAddress());
  const std::span<const uint8_t> echoed = echo.Get<CookieEchoChunk>(0)->cookie;
  EXPECT_EQ(std::vector<uint8_t>(echoed.begin(), echoed.end()), peer_cookie_);
  EXPECT_EQ(association()->state(), AssociationState::kCookieEchoed);
  EXPECT_EQ(NextWakeup(), now() + options_.association.rto_initial);
  EXPECT_TRUE(env().TakeEvents().empty());

  Receive(PeerPacket(local_tag_).Add(CookieAckChunk{}));
  ExpectNoPacket();
  EXPECT_EQ(association()->state(), AssociationState::kEstablished);
  EXPECT_EQ(association()->peer_tag(), peer_.tag);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommUp);
  // T1-cookie is stopped: with heartbeats off nothing is left to wake for.
  EXPECT_EQ(Deadline(), std::nullopt);
}

// Section 4 note 2: "If the T1-init timer expires, the endpoint MUST
// retransmit the INIT chunk and restart the T1-init timer ... This MUST be
// repeated up to 'Max.Init.Retransmits' times. After that, the endpoint MUST
// abort the initialization process and report the error to the SCTP user";
// section 5.1.6: "the same INIT ... with the same Initiate Tag"; section
// 5.1: the timers follow section 6.3, so RTO doubles each time (6.3.3 E2)
// up to RTO.Max (6.3.1 C7).
TEST_F(ActiveOpenTest, T1InitRetransmitsWithDoublingRtoThenGivesUp) {
  const CapturedPacket first = ConnectExpectInit();
  const TimePoint started = now();
  std::vector<Duration> intervals;
  TimePoint last = started;
  int retransmissions = 0;
  while (std::optional<TimePoint> fired = FireNextWakeup()) {
    for (const CapturedPacket& init : TakePackets()) {
      ASSERT_EQ(init.types(), std::vector<ChunkType>{ChunkType::kInit});
      EXPECT_EQ(init.tag(), 0u);
      EXPECT_EQ(init.Get<InitChunk>(0)->initiate_tag, local_tag_);
      EXPECT_EQ(init.Get<InitChunk>(0)->initial_tsn, first.Get<InitChunk>(0)->initial_tsn);
      ++retransmissions;
    }
    intervals.push_back(*fired - last);
    last = *fired;
    if (!endpoint().Find(id_)) break;
  }
  EXPECT_EQ(retransmissions, options_.association.max_init_retransmits);
  // 1, 2, 4, 8, 16, 32, then RTO.Max (60 s); the last expiry gives up.
  const std::vector<Duration> expected = {seconds(1),  seconds(2),  seconds(4),
                                          seconds(8),  seconds(16), seconds(32),
                                          seconds(60), seconds(60), seconds(60)};
  EXPECT_EQ(intervals, expected);
  EXPECT_EQ(endpoint().Find(id_), nullptr);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCantStartAssociation);
}

// Section 4 note 3: "If the T1-cookie timer expires, the endpoint MUST
// retransmit COOKIE ECHO chunk and restart the T1-cookie timer ... This
// MUST be repeated up to 'Max.Init.Retransmits' times. After that, the
// endpoint MUST abort the initialization process and report the error".
TEST_F(ActiveOpenTest, T1CookieRetransmitsTheSameCookieThenGivesUp) {
  options_.association.max_init_retransmits = 3;
  ConnectExpectInit();
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(StateCookieParameter{.cookie = peer_cookie_});
  Receive(InitAck(parameters.list()));
  ASSERT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kCookieEcho});
  std::vector<TimePoint> sent;
  const TimePoint echoed_at = now();
  while (FireNextWakeup() && endpoint().Find(id_)) {
    for (const CapturedPacket& echo : TakePackets()) {
      ASSERT_EQ(echo.types(), std::vector<ChunkType>{ChunkType::kCookieEcho});
      EXPECT_EQ(echo.tag(), peer_.tag.value());
      const std::span<const uint8_t> cookie = echo.Get<CookieEchoChunk>(0)->cookie;
      EXPECT_EQ(std::vector<uint8_t>(cookie.begin(), cookie.end()), peer_cookie_);
      sent.push_back(echo.sent_at());
    }
  }
  const std::vector<TimePoint> expected = {echoed_at + seconds(1), echoed_at + seconds(3),
                                           echoed_at + seconds(7)};
  EXPECT_EQ(sent, expected);
  EXPECT_EQ(endpoint().Find(id_), nullptr);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCantStartAssociation);
}

// Section 5.1: "If an endpoint receives an INIT, INIT ACK, or COOKIE ECHO
// chunk but decides not to establish the new association due to missing
// mandatory parameters ... it SHOULD respond with an ABORT chunk ... such as
// the type of the missing mandatory parameters ... The Verification Tag
// field ... MUST be set to the Initiate Tag value of the received INIT or
// INIT ACK chunk"; section 3.3.3: the State Cookie is mandatory.
TEST_F(ActiveOpenTest, InitAckWithoutStateCookieIsAbortedWithMissingMandatoryParameter) {
  ConnectExpectInit();
  Receive(InitAck(TlvList()));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  const AbortChunk* abort = answer.Get<AbortChunk>(0);
  EXPECT_FALSE(abort->tag_reflected);
  const std::optional<MissingMandatoryParameterCause> missing =
      abort->error_causes.Find<MissingMandatoryParameterCause>();
  ASSERT_TRUE(missing.has_value());
  ASSERT_EQ(missing->missing_types.size(), 1u);
  EXPECT_EQ(missing->missing_types[0], static_cast<uint16_t>(ParameterType::kStateCookie));
  EXPECT_EQ(endpoint().Find(id_), nullptr);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCantStartAssociation);
}

// Section 3.3.3, Initiate Tag: "If an endpoint in the COOKIE-WAIT state
// receives an INIT ACK chunk with the Initiate Tag set to 0, it MUST destroy
// the TCB and SHOULD send an ABORT chunk with the T bit set" (reflecting the
// packet's tag, which is ours: section 3.3.7).
TEST_F(ActiveOpenTest, InitAckWithZeroInitiateTagIsAbortedWithTheTBit) {
  ConnectExpectInit();
  peer_.tag = VerificationTag(0);
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(StateCookieParameter{.cookie = peer_cookie_});
  Receive(InitAck(parameters.list()));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_TRUE(answer.Get<AbortChunk>(0)->tag_reflected);
  EXPECT_EQ(answer.tag(), local_tag_.value());
  EXPECT_EQ(endpoint().Find(id_), nullptr);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCantStartAssociation);
}

// Section 3.3.3, a_rwnd: "A receiver of an INIT ACK chunk with the a_rwnd
// value set to a value smaller than 1500 MUST discard the packet, SHOULD
// send a packet in response containing an ABORT chunk and using the
// Initiate Tag as the Verification Tag, and MUST NOT change the state of any
// existing association" - COOKIE-WAIT and T1-init go on.
TEST_F(ActiveOpenTest, InitAckWithWindowBelow1500IsAbortedAndDiscarded) {
  ConnectExpectInit();
  const std::optional<TimePoint> t1 = Deadline();
  peer_.a_rwnd = 1000;
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(StateCookieParameter{.cookie = peer_cookie_});
  Receive(InitAck(parameters.list()));
  const CapturedPacket answer = TakeOnePacket();
  ASSERT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kAbort}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  EXPECT_FALSE(answer.Get<AbortChunk>(0)->tag_reflected);
  ASSERT_NE(association(), nullptr);
  EXPECT_EQ(association()->state(), AssociationState::kCookieWait);
  EXPECT_EQ(Deadline(), t1);
  EXPECT_TRUE(env().TakeEvents().empty());
  FireNextWakeup();
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kInit});
}

// Section 3.2.2: "If the receiver of any other chunk (e.g., INIT ACK)
// detects unrecognized parameters and has to report them according to
// Section 3.2.1, it SHOULD bundle the ERROR chunk containing the
// 'Unrecognized Parameters' error cause with the chunk sent in response
// (e.g., COOKIE ECHO)" and "Any time a COOKIE ECHO chunk is sent in a
// packet, it MUST be the first chunk."
TEST_F(ActiveOpenTest, UnrecognizedInitAckParametersAreReportedAfterTheCookieEcho) {
  ConnectExpectInit();
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(StateCookieParameter{.cookie = peer_cookie_})
      .Add(Unknown(kSkipType, 1))
      .Add(Unknown(kSkipReportType, 2));
  Receive(InitAck(parameters.list()));
  const CapturedPacket echo = TakeOnePacket();
  ASSERT_EQ(echo.types(), (std::vector<ChunkType>{ChunkType::kCookieEcho, ChunkType::kError}))
      << echo.ToString();
  const std::optional<UnrecognizedParametersCause> cause =
      echo.Get<ErrorChunk>(1)->error_causes.Find<UnrecognizedParametersCause>();
  ASSERT_TRUE(cause.has_value());
  EXPECT_EQ(std::vector<uint8_t>(cause->parameters.begin(), cause->parameters.end()),
            Wire(Unknown(kSkipReportType, 2)));
}

// Section 5.1 D: "A COOKIE ACK chunk MAY be bundled with any pending DATA
// chunks (and/or SACK chunks), but the COOKIE ACK chunk MUST be the first
// chunk in the packet": the DATA behind it is received once the COOKIE ACK
// has established the association, and (section 5.1) the first DATA is
// acknowledged at once.
TEST_F(ActiveOpenTest, DataBundledAfterCookieAckIsReceived) {
  ConnectExpectInit();
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(StateCookieParameter{.cookie = peer_cookie_});
  Receive(InitAck(parameters.list()));
  TakePackets();
  const std::vector<uint8_t> payload = Payload(64, 3);
  Receive(PeerPacket(local_tag_).Add(CookieAckChunk{}).Add(Data(peer_.initial_tsn, payload)));
  EXPECT_EQ(association()->state(), AssociationState::kEstablished);
  const CapturedPacket sack = TakeOnePacket();
  ASSERT_NE(sack.Find<SackChunk>(), nullptr) << sack.ToString();
  EXPECT_EQ(sack.Find<SackChunk>()->cumulative_tsn_ack, peer_.initial_tsn);
  const std::vector<FakeEnvironment::Delivery> deliveries = env().TakeDeliveries();
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].message.payload, payload);
}

// Section 5.2.6: in COOKIE-ECHOED, a Stale Cookie ERROR lets the endpoint
// "3) Send a new INIT chunk to the endpoint, adding a Cookie Preservative
// parameter requesting an extension to the life time of the State Cookie.
// When calculating the time extension, an implementation SHOULD use the RTT
// information measured based on the previous COOKIE ECHO/ERROR chunk
// exchange and SHOULD add no more than 1 second beyond the measured RTT".
// The new INIT goes back to COOKIE-WAIT with the same Initiate Tag.
TEST_F(ActiveOpenTest, StaleCookieErrorInCookieEchoedSendsInitWithCookiePreservative) {
  ConnectExpectInit();
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(StateCookieParameter{.cookie = peer_cookie_});
  Receive(InitAck(parameters.list()));
  TakePackets();
  const Duration rtt = milliseconds(40);
  AdvanceTime(rtt);
  TlvBuffer causes(WireKind::kErrorCause);
  causes.Add(StaleCookieCause{.staleness_us = 700'000});
  Receive(PeerPacket(local_tag_).Add(ErrorChunk{.error_causes = causes.list()}));
  const CapturedPacket init = TakeOnePacket();
  ASSERT_EQ(init.types(), std::vector<ChunkType>{ChunkType::kInit}) << init.ToString();
  EXPECT_EQ(init.tag(), 0u);
  EXPECT_EQ(init.Get<InitChunk>(0)->initiate_tag, local_tag_);
  const std::optional<CookiePreservativeParameter> preservative =
      init.Get<InitChunk>(0)->parameters.Find<CookiePreservativeParameter>();
  ASSERT_TRUE(preservative.has_value());
  EXPECT_GE(preservative->increment_ms, 700u);
  EXPECT_LE(preservative->increment_ms, 700u + 40u + 1000u);
  EXPECT_EQ(association()->state(), AssociationState::kCookieWait);
  EXPECT_TRUE(EventsOf<AssociationChange>(env().TakeEvents()).empty());

  // The second attempt completes.
  Receive(InitAck(parameters.list()));
  EXPECT_EQ(TakeOnePacket().types(), std::vector<ChunkType>{ChunkType::kCookieEcho});
  Receive(PeerPacket(local_tag_).Add(CookieAckChunk{}));
  EXPECT_EQ(association()->state(), AssociationState::kEstablished);
}

}  // namespace
}  // namespace sctpdp::testing
