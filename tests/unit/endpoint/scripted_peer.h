#pragma once

// A scripted peer for per-procedure tests of one sctpdp Endpoint: a fake
// environment (manual clock, seeded random source, every packet sent parsed
// back with the wire layer, wakeups, deliveries and notifications kept) and
// hand-built packets that play the other side of the conversation.

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "dataplane/sctp/association/association.h"
#include "dataplane/sctp/association/environment.h"
#include "dataplane/sctp/association/notification.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/endpoint/endpoint.h"
#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/packet_builder.h"
#include "dataplane/sctp/packet/sctp_packet.h"
#include "dataplane/sctp/packet/tlv_list.h"
#include "dataplane/sctp/rx/reassembly_queue.h"
#include "dataplane/sctp/tx/outgoing_message.h"

namespace sctpdp::testing {

// The two sides of every conversation.
IpAddress LocalAddress();  // the endpoint under test
IpAddress PeerAddress();   // the scripted peer
inline constexpr Port kLocalPort{5000};
inline constexpr Port kPeerPort{6000};

// One packet the endpoint sent, parsed back with SctpPacket::Parse (checksum
// verified) and ParseChunk. It owns its bytes, which its chunks view; copies
// share them.
class CapturedPacket {
 public:
  CapturedPacket() = default;
  CapturedPacket(AssociationId association, const IpAddress& destination,
                 std::span<const uint8_t> bytes, TimePoint sent_at);

  // False if the packet or one of its chunks did not parse.
  bool valid() const { return valid_; }
  AssociationId association() const { return association_; }
  const IpAddress& destination() const { return destination_; }
  TimePoint sent_at() const { return sent_at_; }
  const CommonHeader& header() const { return header_; }
  uint32_t tag() const { return header_.verification_tag.value(); }
  size_t chunk_count() const { return chunks_.size(); }
  std::vector<ChunkType> types() const { return types_; }
  ChunkType type(size_t index) const { return types_.at(index); }
  uint8_t flags(size_t index) const { return flags_.at(index); }
  const AnyChunk& chunk(size_t index) const { return chunks_.at(index); }

  // The chunk at `index` if it is a T, else nullptr.
  template <typename T>
  const T* Get(size_t index) const {
    return index < chunks_.size() ? std::get_if<T>(&chunks_[index]) : nullptr;
  }
  // The first chunk that is a T, else nullptr.
  template <typename T>
  const T* Find() const {
    for (const AnyChunk& chunk : chunks_) {
      if (const T* found = std::get_if<T>(&chunk)) return found;
    }
    return nullptr;
  }
  // Every chunk that is a T, in packet order.
  template <typename T>
  std::vector<const T*> All() const {
    std::vector<const T*> out;
    for (const AnyChunk& chunk : chunks_) {
      if (const T* found = std::get_if<T>(&chunk)) out.push_back(found);
    }
    return out;
  }

  // "tag=0x... to 192.0.2.2 [INIT ACK ..., ...]" for failure messages.
  std::string ToString() const;

 private:
  std::shared_ptr<const std::vector<uint8_t>> bytes_;
  bool valid_ = false;
  AssociationId association_{};
  IpAddress destination_{};
  TimePoint sent_at_{};
  CommonHeader header_{};
  std::vector<ChunkType> types_;
  std::vector<uint8_t> flags_;
  std::vector<AnyChunk> chunks_;
};

std::string ToString(const std::vector<CapturedPacket>& packets);

// The environment around the endpoint: it reads the harness's clock and
// keeps everything the engine does.
class FakeEnvironment : public Environment {
 public:
  struct Delivery {
    AssociationId association{};
    ReceivedMessage message{};
  };
  struct Event {
    AssociationId association{};
    Notification notification{};
  };

  FakeEnvironment(const TimePoint* clock, uint64_t seed) : clock_(clock), random_(seed) {}

  void SendPacket(AssociationId association, const IpAddress& destination,
                  std::span<const uint8_t> packet) override;
  void ScheduleWakeup(AssociationId association, TimePoint when) override;
  uint32_t Random32() override { return static_cast<uint32_t>(random_()); }
  void Deliver(AssociationId association, ReceivedMessage& message) override;
  void Notify(AssociationId association, const Notification& notification) override;

  // What happened since the previous call, oldest first.
  std::vector<CapturedPacket> TakePackets() { return std::exchange(packets_, {}); }
  std::vector<Delivery> TakeDeliveries() { return std::exchange(deliveries_, {}); }
  std::vector<Event> TakeEvents() { return std::exchange(events_, {}); }
  bool HasPackets() const { return !packets_.empty(); }

  // The wakeup each association asked for last, until it fires.
  std::map<AssociationId, TimePoint>& wakeups() { return wakeups_; }

 private:
  const TimePoint* clock_;
  std::mt19937_64 random_;
  std::vector<CapturedPacket> packets_;
  std::vector<Delivery> deliveries_;
  std::vector<Event> events_;
  std::map<AssociationId, TimePoint> wakeups_;
};

// The notifications of one kind among `events`.
template <typename T>
std::vector<T> EventsOf(const std::vector<FakeEnvironment::Event>& events) {
  std::vector<T> out;
  for (const FakeEnvironment::Event& event : events) {
    if (const T* found = std::get_if<T>(&event.notification)) out.push_back(*found);
  }
  return out;
}

// A parameter or error cause list built into storage of its own.
class TlvBuffer {
 public:
  explicit TlvBuffer(WireKind kind)
      : storage_(EndpointContext::kMaxPacketSize), writer_(storage_, kind) {}
  TlvBuffer(const TlvBuffer&) = delete;
  TlvBuffer& operator=(const TlvBuffer&) = delete;

  template <typename T>
  TlvBuffer& Add(const T& field) {
    EXPECT_TRUE(writer_.Add(field));
    return *this;
  }
  TlvList list() const { return writer_.list(); }

 private:
  std::vector<uint8_t> storage_;
  TlvListWriter writer_;
};

// A packet from the scripted peer. Each chunk is serialized as it is added,
// so the values it views need not outlive the call.
class PeerPacket {
 public:
  explicit PeerPacket(VerificationTag tag, Port source = kPeerPort, Port destination = kLocalPort)
      : header_{.source_port = source, .destination_port = destination, .verification_tag = tag} {}
  explicit PeerPacket(uint32_t tag) : PeerPacket(VerificationTag(tag)) {}

  template <typename Chunk>
  PeerPacket& Add(const Chunk& chunk) {
    std::vector<uint8_t> bytes(chunk.WireSize());
    chunk.SerializeTo(bytes);
    chunks_.push_back(std::move(bytes));
    return *this;
  }

  // Assembled with PacketBuilder: the bundling rules of RFC 9260 section
  // 6.10 hold (a broken rule fails the test).
  std::vector<uint8_t> Build() const;
  // Assembled with PacketWriter, for the bundles a peer must not send.
  std::vector<uint8_t> BuildUnchecked() const;

 private:
  CommonHeader header_;
  std::vector<std::vector<uint8_t>> chunks_;
};

// A user message of `size` bytes whose content tells where it came from.
OutgoingMessage Message(size_t size, uint16_t stream = 0, uint32_t ppid = 0);
std::vector<uint8_t> Payload(size_t size, uint8_t seed = 0);

// The fixture: one Endpoint under test, created on first use from
// `options_` (tests adjust them first), and the scripted peer's state.
class EndpointTest : public ::testing::Test {
 protected:
  // What the scripted peer announces about itself.
  struct Peer {
    VerificationTag tag{0x7e57'0001};
    Tsn initial_tsn{1000};
    uint32_t a_rwnd = 100'000;
    uint16_t outbound_streams = 16;
    uint16_t inbound_streams = 16;
  };

  EndpointTest();
  ~EndpointTest() override;

  // Listening on kLocalPort at LocalAddress(), RFC 9260 defaults except
  // heartbeats off, so that long waits stay free of unrelated packets.
  static EndpointOptions DefaultOptions();

  Endpoint& endpoint();
  FakeEnvironment& env() { return env_; }
  TimePoint now() const { return now_; }
  TimePoint start() const { return TimePoint{} + std::chrono::seconds(1000); }
  Association* association() { return endpoint().Find(id_); }

  // A packet from the peer (from PeerAddress() unless said otherwise).
  void Receive(const std::vector<uint8_t>& packet, const IpAddress& source = PeerAddress());
  void Receive(const PeerPacket& packet, const IpAddress& source = PeerAddress()) {
    Receive(packet.Build(), source);
  }

  // Moves the clock forward, firing each wakeup that comes due on the way
  // at its own time.
  void AdvanceTime(Duration duration);
  // Moves the clock to the earliest wakeup and fires it; nullopt if none.
  std::optional<TimePoint> FireNextWakeup();
  // The earliest wakeup asked for and not yet fired. The environment has no
  // way to cancel one (a stale one fires harmlessly), so whether a timer
  // stopped is asked of the association: Deadline().
  std::optional<TimePoint> NextWakeup();
  // The association's earliest running timer (nullopt without one).
  std::optional<TimePoint> Deadline() {
    const Association* a = association();
    return a ? a->NextDeadline() : std::nullopt;
  }

  // Exactly one packet sent since the last look (a failure otherwise).
  CapturedPacket TakeOnePacket();
  std::vector<CapturedPacket> TakePackets() { return env_.TakePackets(); }
  // No packet sent since the last look.
  void ExpectNoPacket();

  // The peer's INIT (its fields from `peer_`).
  InitChunk PeerInit(const TlvList& parameters = TlvList()) const;
  // Sends the peer's INIT and returns the INIT ACK (checked: one packet,
  // alone, with a State Cookie); keeps the cookie and the endpoint's tag
  // and initial TSN.
  CapturedPacket SendInitExpectInitAck(const TlvList& parameters = TlvList());
  // The State Cookie of an INIT ACK (empty if it has none).
  static std::vector<uint8_t> CookieOf(const CapturedPacket& init_ack);
  // Passive open: INIT, INIT ACK, COOKIE ECHO, COOKIE ACK. Checks the
  // handshake, clears what it produced and returns the association.
  AssociationId EstablishPassive();
  // Active open: Connect, INIT, INIT ACK (with an opaque cookie), COOKIE
  // ECHO, COOKIE ACK; likewise checked and cleared.
  AssociationId EstablishActive();

  // Chunks and packets the peer sends on an established association.
  DataChunk Data(Tsn tsn, std::span<const uint8_t> payload, uint16_t stream = 0,
                 uint16_t ssn = 0) const;
  // One whole message in one DATA chunk with the next TSN.
  std::vector<uint8_t> NextData(size_t size, uint16_t stream = 0);
  std::vector<uint8_t> SackPacket(Tsn cumulative_tsn_ack, uint32_t a_rwnd,
                                  std::vector<GapAckBlock> gaps = {}) const;
  PeerPacket ToLocal() const { return PeerPacket(local_tag_); }

  EndpointOptions options_ = DefaultOptions();
  Peer peer_;
  TimePoint now_;
  FakeEnvironment env_;
  std::unique_ptr<Endpoint> endpoint_;

  // Learnt from the handshake.
  AssociationId id_{};
  VerificationTag local_tag_{};  // the endpoint's tag: the peer's packets carry it
  Tsn local_initial_tsn_{};
  std::vector<uint8_t> cookie_;
  // The peer's next DATA TSN and SSN on stream 0.
  Tsn next_peer_tsn_{};
  uint16_t next_peer_ssn_ = 0;
};

}  // namespace sctpdp::testing
