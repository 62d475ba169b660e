#include "tests/unit/endpoint/scripted_peer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "dataplane/sctp/packet/chunk/cookie_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/cookie_echo_chunk.h"
#include "dataplane/sctp/packet/chunk/unknown_chunk.h"
#include "dataplane/sctp/packet/packet_writer.h"
#include "dataplane/sctp/packet/parameter/state_cookie_parameter.h"

namespace sctpdp::testing {

IpAddress LocalAddress() { return IpAddress::FromIpv4({192, 0, 2, 1}); }
IpAddress PeerAddress() { return IpAddress::FromIpv4({192, 0, 2, 2}); }

CapturedPacket::CapturedPacket(AssociationId association, const IpAddress& destination,
                               std::span<const uint8_t> bytes, TimePoint sent_at)
    : bytes_(std::make_shared<const std::vector<uint8_t>>(bytes.begin(), bytes.end())),
      association_(association),
      destination_(destination),
      sent_at_(sent_at) {
  ParseResult<SctpPacket> packet = SctpPacket::Parse(*bytes_, SctpPacket::ChecksumCheck::kVerify);
  if (!packet.ok()) return;
  header_ = packet.value().header();
  valid_ = true;
  for (const ChunkView& view : packet.value()) {
    ParseResult<AnyChunk> chunk = ParseChunk(view);
    if (!chunk.ok()) {
      valid_ = false;
      return;
    }
    types_.push_back(view.type);
    flags_.push_back(view.flags);
    chunks_.push_back(std::move(chunk).value());
  }
}

std::string CapturedPacket::ToString() const {
  if (!bytes_) return "(no packet)";
  std::string out = fmt::format("tag={:#010x} to {}{} [", tag(), destination_.ToString(),
                                valid_ ? "" : " (INVALID)");
  for (size_t i = 0; i < chunks_.size(); ++i) {
    out += fmt::format("{}{}", i ? ", " : "", ChunkToString(chunks_[i]));
  }
  return out + "]";
}

std::string ToString(const std::vector<CapturedPacket>& packets) {
  std::string out;
  for (const CapturedPacket& packet : packets) out += packet.ToString() + "\n";
  return out.empty() ? "(none)" : out;
}

void FakeEnvironment::SendPacket(AssociationId association, const IpAddress& destination,
                                 std::span<const uint8_t> packet) {
  packets_.emplace_back(association, destination, packet, *clock_);
  EXPECT_TRUE(packets_.back().valid()) << "the engine sent a packet that does not parse";
}

void FakeEnvironment::ScheduleWakeup(AssociationId association, TimePoint when) {
  EXPECT_GE(when, *clock_) << "a wakeup in the past";
  wakeups_[association] = when;
}

void FakeEnvironment::Deliver(AssociationId association, ReceivedMessage& message) {
  deliveries_.push_back(Delivery{.association = association, .message = std::move(message)});
}

void FakeEnvironment::Notify(AssociationId association, const Notification& notification) {
  events_.push_back(Event{.association = association, .notification = notification});
}

std::vector<uint8_t> PeerPacket::Build() const {
  std::vector<uint8_t> buffer(EndpointContext::kMaxPacketSize);
  PacketBuilder builder(buffer, header_, buffer.size());
  for (const std::vector<uint8_t>& bytes : chunks_) {
    ParseResult<UnknownChunk> chunk = UnknownChunk::Parse(bytes);
    EXPECT_TRUE(chunk.ok());
    if (!chunk.ok()) continue;
    EXPECT_EQ(builder.Add(chunk.value()), PacketBuilder::AddResult::kAdded)
        << "a chunk of type " << int{bytes[0]} << " breaks the bundling rules";
  }
  const std::span<uint8_t> packet = builder.Finish();
  return std::vector<uint8_t>(packet.begin(), packet.end());
}

std::vector<uint8_t> PeerPacket::BuildUnchecked() const {
  std::vector<uint8_t> buffer(EndpointContext::kMaxPacketSize);
  PacketWriter writer(buffer, header_);
  for (const std::vector<uint8_t>& bytes : chunks_) {
    ParseResult<UnknownChunk> chunk = UnknownChunk::Parse(bytes);
    EXPECT_TRUE(chunk.ok() && writer.Append(chunk.value()));
  }
  const std::span<uint8_t> packet = writer.Finish();
  return std::vector<uint8_t>(packet.begin(), packet.end());
}

std::vector<uint8_t> Payload(size_t size, uint8_t seed) {
  std::vector<uint8_t> payload(size);
  for (size_t i = 0; i < size; ++i) payload[i] = static_cast<uint8_t>(seed + i * 7);
  return payload;
}

OutgoingMessage Message(size_t size, uint16_t stream, uint32_t ppid) {
  return OutgoingMessage{.stream_id = StreamId(stream),
                         .ppid = Ppid(ppid),
                         .payload = Payload(size, static_cast<uint8_t>(ppid))};
}

EndpointTest::EndpointTest() : now_(start()), env_(&now_, 20240601) {}

EndpointTest::~EndpointTest() = default;

EndpointOptions EndpointTest::DefaultOptions() {
  EndpointOptions options;
  options.local_port = kLocalPort;
  options.local_addresses = {LocalAddress()};
  options.listening = true;
  options.association.heartbeats_enabled = false;
  return options;
}

Endpoint& EndpointTest::endpoint() {
  if (!endpoint_) endpoint_ = std::make_unique<Endpoint>(options_, env_, now_);
  return *endpoint_;
}

void EndpointTest::Receive(const std::vector<uint8_t>& packet, const IpAddress& source) {
  endpoint().HandlePacket(now_, source, packet);
}

std::optional<TimePoint> EndpointTest::NextWakeup() {
  std::optional<TimePoint> earliest;
  for (const auto& [id, when] : env_.wakeups()) {
    if (!earliest || when < *earliest) earliest = when;
  }
  return earliest;
}

std::optional<TimePoint> EndpointTest::FireNextWakeup() {
  std::optional<std::pair<AssociationId, TimePoint>> next;
  for (const auto& [id, when] : env_.wakeups()) {
    if (!next || when < next->second) next = std::make_pair(id, when);
  }
  if (!next) return std::nullopt;
  env_.wakeups().erase(next->first);
  now_ = std::max(now_, next->second);
  endpoint().HandleTimeout(next->first, now_);
  return next->second;
}

void EndpointTest::AdvanceTime(Duration duration) {
  const TimePoint target = now_ + duration;
  for (int fired = 0; fired < 100'000; ++fired) {
    const std::optional<TimePoint> next = NextWakeup();
    if (!next || *next > target) break;
    FireNextWakeup();
  }
  now_ = target;
}

CapturedPacket EndpointTest::TakeOnePacket() {
  std::vector<CapturedPacket> packets = env_.TakePackets();
  EXPECT_EQ(packets.size(), 1u) << ToString(packets);
  return packets.empty() ? CapturedPacket() : packets.front();
}

void EndpointTest::ExpectNoPacket() {
  const std::vector<CapturedPacket> packets = env_.TakePackets();
  EXPECT_TRUE(packets.empty()) << ToString(packets);
}

InitChunk EndpointTest::PeerInit(const TlvList& parameters) const {
  return InitChunk{.initiate_tag = peer_.tag,
                   .a_rwnd = peer_.a_rwnd,
                   .outbound_streams = peer_.outbound_streams,
                   .inbound_streams = peer_.inbound_streams,
                   .initial_tsn = peer_.initial_tsn,
                   .parameters = parameters};
}

std::vector<uint8_t> EndpointTest::CookieOf(const CapturedPacket& init_ack) {
  const InitAckChunk* chunk = init_ack.Get<InitAckChunk>(0);
  if (!chunk) return {};
  const std::optional<StateCookieParameter> cookie = chunk->parameters.Find<StateCookieParameter>();
  if (!cookie) return {};
  return std::vector<uint8_t>(cookie->cookie.begin(), cookie->cookie.end());
}

CapturedPacket EndpointTest::SendInitExpectInitAck(const TlvList& parameters) {
  Receive(PeerPacket(0).Add(PeerInit(parameters)));
  CapturedPacket answer = TakeOnePacket();
  EXPECT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kInitAck}) << answer.ToString();
  if (const InitAckChunk* init_ack = answer.Get<InitAckChunk>(0)) {
    local_tag_ = init_ack->initiate_tag;
    local_initial_tsn_ = init_ack->initial_tsn;
  }
  cookie_ = CookieOf(answer);
  EXPECT_FALSE(cookie_.empty()) << answer.ToString();
  return answer;
}

AssociationId EndpointTest::EstablishPassive() {
  SendInitExpectInitAck();
  Receive(PeerPacket(local_tag_).Add(CookieEchoChunk{.cookie = cookie_}));
  const CapturedPacket answer = TakeOnePacket();
  EXPECT_EQ(answer.types(), std::vector<ChunkType>{ChunkType::kCookieAck}) << answer.ToString();
  EXPECT_EQ(answer.tag(), peer_.tag.value());
  const std::vector<AssociationId> ids = endpoint().association_ids();
  EXPECT_EQ(ids.size(), 1u);
  id_ = ids.empty() ? AssociationId(0) : ids.front();
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env_.TakeEvents());
  EXPECT_EQ(changes.size(), 1u);
  if (!changes.empty()) {
    EXPECT_EQ(changes[0].state, AssociationChange::State::kCommUp);
  }
  next_peer_tsn_ = peer_.initial_tsn;
  next_peer_ssn_ = 0;
  return id_;
}

AssociationId EndpointTest::EstablishActive() {
  const std::array<IpAddress, 1> peer{PeerAddress()};
  const std::optional<AssociationId> id = endpoint().Connect(now_, peer, kPeerPort);
  EXPECT_TRUE(id.has_value());
  id_ = id.value_or(AssociationId(0));
  const CapturedPacket init = TakeOnePacket();
  const InitChunk* chunk = init.Get<InitChunk>(0);
  EXPECT_NE(chunk, nullptr) << init.ToString();
  if (!chunk) return id_;
  local_tag_ = chunk->initiate_tag;
  local_initial_tsn_ = chunk->initial_tsn;
  // The peer's cookie is opaque to the endpoint: any bytes do.
  cookie_ = Payload(40, 0xc0);
  TlvBuffer parameters(WireKind::kParameter);
  parameters.Add(StateCookieParameter{.cookie = cookie_});
  Receive(PeerPacket(local_tag_)
              .Add(InitAckChunk{.initiate_tag = peer_.tag,
                                .a_rwnd = peer_.a_rwnd,
                                .outbound_streams = peer_.outbound_streams,
                                .inbound_streams = peer_.inbound_streams,
                                .initial_tsn = peer_.initial_tsn,
                                .parameters = parameters.list()}));
  const CapturedPacket echo = TakeOnePacket();
  EXPECT_EQ(echo.types(), std::vector<ChunkType>{ChunkType::kCookieEcho}) << echo.ToString();
  Receive(PeerPacket(local_tag_).Add(CookieAckChunk{}));
  ExpectNoPacket();
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env_.TakeEvents());
  EXPECT_EQ(changes.size(), 1u);
  if (!changes.empty()) {
    EXPECT_EQ(changes[0].state, AssociationChange::State::kCommUp);
  }
  next_peer_tsn_ = peer_.initial_tsn;
  next_peer_ssn_ = 0;
  return id_;
}

DataChunk EndpointTest::Data(Tsn tsn, std::span<const uint8_t> payload, uint16_t stream,
                             uint16_t ssn) const {
  return DataChunk{.flags = DataFlags{.beginning = true, .end = true},
                   .tsn = tsn,
                   .stream_id = StreamId(stream),
                   .ssn = Ssn(ssn),
                   .ppid = Ppid(51),
                   .payload = payload};
}

std::vector<uint8_t> EndpointTest::NextData(size_t size, uint16_t stream) {
  std::vector<uint8_t> payload = Payload(size, static_cast<uint8_t>(next_peer_tsn_.value()));
  // Stream 0 carries the ordered sequence; other streams get SSN 0.
  const uint16_t ssn = stream == 0 ? next_peer_ssn_++ : 0;
  const DataChunk chunk = Data(next_peer_tsn_, payload, stream, ssn);
  next_peer_tsn_ = Tsn(next_peer_tsn_.value() + 1);
  return ToLocal().Add(chunk).Build();
}

std::vector<uint8_t> EndpointTest::SackPacket(Tsn cumulative_tsn_ack, uint32_t a_rwnd,
                                              std::vector<GapAckBlock> gaps) const {
  return ToLocal()
      .Add(SackChunk{.cumulative_tsn_ack = cumulative_tsn_ack,
                     .a_rwnd = a_rwnd,
                     .gap_ack_blocks = WireList<GapAckBlock>(gaps)})
      .Build();
}

}  // namespace sctpdp::testing
