#include "tests/common/association_fuzz.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <climits>
#include <string_view>

#include "dataplane/sctp/association/init_parameters.h"
#include "dataplane/sctp/packet/chunk/init_ack_chunk.h"
#include "dataplane/sctp/packet/sctp_packet.h"
#include "tests/common/direct_pair.h"

#if defined(__SANITIZE_ADDRESS__)
#define SCTPDP_HEAP_COUNTED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SCTPDP_HEAP_COUNTED 1
#endif
#endif
#ifdef SCTPDP_HEAP_COUNTED
#include <sanitizer/allocator_interface.h>
#endif

namespace sctpdp::testing {
namespace {

using Mode = AssociationFuzzInput::Mode;

// Insider and listening runs use one seed, so that a recorded conversation
// replays with the tags and TSNs it had; blind runs take theirs from the
// input (below).
constexpr uint64_t kPairSeed = 0x5c7bd9;
// A step that hands over this many packets has started an endless exchange.
constexpr size_t kPumpLimit = 4096;
// The most the heap may grow during one input: both sides' send and receive
// buffers are 64 KiB, so anything near this is memory nothing bounds.
constexpr size_t kMaxHeapGrowth = size_t{32} << 20;
// Blind mode: the packets the network may lose in one input, fewer than
// Path.Max.Retrans, so that no loss alone can fail the path.
constexpr int kMaxBlindDrops = 4;
// The liveness check's messages.
constexpr Ppid kMarkerPpid(0x4c495645);
constexpr size_t kMarkerSize = 64;

uint16_t Load16(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint16_t>(b[at] << 8 | b[at + 1]);
}
uint32_t Load32(std::span<const uint8_t> b, size_t at) {
  return uint32_t{b[at]} << 24 | uint32_t{b[at + 1]} << 16 | uint32_t{b[at + 2]} << 8 | b[at + 3];
}
void Store16(std::span<uint8_t> b, size_t at, uint16_t value) {
  b[at] = static_cast<uint8_t>(value >> 8);
  b[at + 1] = static_cast<uint8_t>(value);
}
void Store32(std::span<uint8_t> b, size_t at, uint32_t value) {
  for (size_t i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(value >> (24 - 8 * i));
}

// FNV-1a: the blind attacker's tags and nonces change with every input, so
// the fuzzer's comparison feedback cannot teach it the real ones.
uint64_t Hash(std::span<const uint8_t> bytes) {
  uint64_t h = 0xcbf29ce484222325;
  for (uint8_t b : bytes) h = (h ^ b) * 0x100000001b3;
  return h;
}

size_t HeapBytes() {
#ifdef SCTPDP_HEAP_COUNTED
  return __sanitizer_get_current_allocated_bytes();
#else
  return 0;
#endif
}

AssociationOptions OptionsFor(const AssociationFuzzInput& input) {
  AssociationOptions options;
  options.receive_buffer_bytes = size_t{64} << 10;
  options.send_buffer_bytes = size_t{64} << 10;
  options.partial_delivery_point = size_t{16} << 10;
  options.enable_interleaving = input.interleaving;
  options.nodelay = input.nodelay;
  return options;
}

// Whether the chunks of a packet (framing as far as it goes) include an INIT.
bool HasInit(std::span<const uint8_t> packet) {
  size_t offset = CommonHeader::kSize;
  while (offset + 4 <= packet.size()) {
    if (packet[offset] == static_cast<uint8_t>(ChunkType::kInit)) return true;
    const size_t length = Load16(packet, offset + 2);
    if (length < 4) break;
    offset += PaddedLength(length);
  }
  return false;
}

struct LearnedCookie {
  std::vector<uint8_t> cookie{};
  std::optional<VerificationTag> tag{};
};

class Run {
 public:
  Run(const AssociationFuzzInput& input, const AssociationFuzzObserver& observer, uint64_t seed,
      size_t heap_baseline)
      : input_(input),
        observer_(observer),
        heap_baseline_(heap_baseline),
        pair_(OptionsFor(input), seed),
        stranger_(IpAddress::FromIpv4({203, 0, 113, 7})) {
    pair_.OnSend(
        [this](bool from_a, const IpAddress& destination, std::span<const uint8_t> packet) {
          return Sent(from_a, destination, packet);
        });
    pair_.OnDeliver([this](bool to_a, AssociationId association, const ReceivedMessage& m) {
      Delivered(to_a, association, m);
    });
    drops_left_ = input.mode == Mode::kBlind ? kMaxBlindDrops : INT_MAX;
  }

  AssociationFuzzResult Play() {
    AssociationFuzzResult result;
    result.failure = Setup();
    for (const AssociationFuzzInput::Step& step : input_.steps) {
      if (result.failure) break;
      ++step_;
      ++result.steps_played;
      result.failure = PlayStep(step);
    }
    if (!result.failure && input_.mode == Mode::kBlind) result.failure = CheckAlive();
    if (!result.failure && input_.mode == Mode::kBlind) result.failure = CheckAllDelivered();
    drop_ = 0;
    // Let the timers run out: retransmissions, heartbeats, T2 and T5.
    step_ = static_cast<int>(AssociationFuzzInput::kMaxSteps);
    for (int round = 0; round < 3 && !result.failure; ++round) {
      pair_.AdvanceTime(std::chrono::seconds(61));
      result.failure = Exchange("settling");
    }
    result.associations_a = pair_.a().association_count();
    result.associations_z = pair_.z().association_count();
    return result;
  }

 private:
  static bool IsMarker(const ReceivedMessage& m) {
    return m.kind == ReceivedMessage::Kind::kMessage && m.ppid == kMarkerPpid &&
           m.payload.size() == kMarkerSize &&
           std::all_of(m.payload.begin(), m.payload.end(), [](uint8_t b) { return b == 0xa5; });
  }

  bool Sent(bool from_a, const IpAddress& destination, std::span<const uint8_t> packet) {
    if (observer_) observer_(step_, from_a, packet);
    // The step's loss: its drop_-th packet.
    if (input_.lossy && drop_ != 0 && ++sent_in_step_ == drop_ && drops_left_ > 0) {
      --drops_left_;
      return false;
    }
    // A blind attacker sees only what is sent to it.
    if (input_.mode != Mode::kBlind || destination == stranger_) LearnCookie(from_a, packet);
    // Listen mode: Z answers the strangers; A takes no part.
    if (input_.mode == Mode::kListen) return false;
    // What an endpoint sends to a stranger reaches the attacker, not the peer.
    return destination == (from_a ? pair_.address_z() : pair_.address_a());
  }

  // Keeps the cookie and Initiate Tag of each side's last INIT ACK.
  void LearnCookie(bool from_a, std::span<const uint8_t> bytes) {
    if (bytes.size() <= CommonHeader::kSize ||
        bytes[CommonHeader::kSize] != static_cast<uint8_t>(ChunkType::kInitAck)) {
      return;
    }
    ParseResult<SctpPacket> packet = SctpPacket::Parse(bytes, SctpPacket::ChecksumCheck::kSkip);
    if (!packet.ok() || packet->chunk_count() == 0) return;
    const ChunkView first = *packet->begin();
    if (first.type != ChunkType::kInitAck) return;
    ParseResult<InitAckChunk> init_ack = InitAckChunk::Parse(first.bytes);
    if (!init_ack.ok()) return;
    const InitParameters parameters = ReadInitParameters(init_ack->parameters);
    if (!parameters.state_cookie) return;
    LearnedCookie& learned = cookies_[from_a ? 0 : 1];
    learned.cookie.assign(parameters.state_cookie->begin(), parameters.state_cookie->end());
    learned.tag = init_ack->initiate_tag;
  }

  std::optional<std::string> Setup() {
    switch (input_.mode) {
      case Mode::kListen:
        return std::nullopt;
      case Mode::kInsider:
        if (input_.from_cookie_wait) {
          const std::array<IpAddress, 1> peer{pair_.address_z()};
          if (!pair_.a().Connect(pair_.now(), peer, DirectPair::kPortZ)) {
            return "Connect refused";
          }
          return Check("connect");
        }
        break;
      case Mode::kBlind:
        break;
    }
    const std::optional<AssociationId> id = pair_.Connect();
    if (!id) return "the handshake did not complete";
    a_id_ = *id;
    z_id_ = pair_.z_association();
    const Association* a = pair_.a().Find(a_id_);
    tags_ = {a->local_tag(), a->peer_tag()};
    return Check("setup");
  }

  std::optional<std::string> PlayStep(const AssociationFuzzInput::Step& step) {
    drop_ = step.drop;
    sent_in_step_ = 0;
    if (const int k = step.op >> 4; k > 0) {
      pair_.AdvanceTime(std::chrono::milliseconds(int64_t{5} << k));
      if (std::optional<std::string> failure = Check("clock moved")) return failure;
    }
    if (input_.mode == Mode::kListen) {
      if (step.op & 0x04) SendMessage(pair_.z(), Newest(pair_.z()), step.message);
      if (step.message & 0x40) pair_.z().Abort(Newest(pair_.z()), pair_.now(), "fuzz");
      if (step.message & 0x80) pair_.z().Shutdown(Newest(pair_.z()), pair_.now());
    } else {
      if (step.op & 0x04) SendMessage(pair_.a(), First(pair_.a()), step.message);
      if (step.op & 0x08) SendMessage(pair_.z(), First(pair_.z()), step.message);
      if (input_.mode == Mode::kInsider) {
        if (step.message & 0x40) pair_.a().Shutdown(First(pair_.a()), pair_.now());
        if (step.message & 0x80) pair_.z().Shutdown(First(pair_.z()), pair_.now());
      }
    }
    if (std::optional<std::string> failure = Check("user calls")) return failure;
    if (!step.packet.empty()) {
      Inject(step.op, step.packet);
      if (std::optional<std::string> failure = Check("packet handled")) return failure;
    }
    return Exchange("exchange");
  }

  // Lets the endpoints talk until they are done.
  std::optional<std::string> Exchange(std::string_view where) {
    if (pair_.Pump(kPumpLimit) >= kPumpLimit) {
      return fmt::format("step {} {}: the endpoints exchanged {} packets and were not done", step_,
                         where, kPumpLimit);
    }
    return Check(where);
  }

  static AssociationId First(Endpoint& endpoint) {
    const std::vector<AssociationId> ids = endpoint.association_ids();
    return ids.empty() ? AssociationId(0) : ids.front();
  }
  static AssociationId Newest(Endpoint& endpoint) {
    const std::vector<AssociationId> ids = endpoint.association_ids();
    return ids.empty() ? AssociationId(0) : ids.back();
  }

  void SendMessage(Endpoint& endpoint, AssociationId id, uint8_t shape) {
    static constexpr std::array<size_t, 4> kSizes{0, 700, 2500, 20000};
    OutgoingMessage m;
    m.stream_id = StreamId(static_cast<uint16_t>((shape >> 4) & 0x03));
    m.ppid = Ppid(static_cast<uint32_t>(step_));
    m.unordered = (shape & 0x04) != 0;
    if (shape & 0x08) m.expires_at = pair_.now() + std::chrono::milliseconds(100);
    const size_t size =
        (shape & 0x03) == 0 ? 1 + static_cast<size_t>(step_) % 64 : kSizes[shape & 0x03];
    m.payload.assign(size, static_cast<uint8_t>(step_));
    const Queued queued{.ppid = m.ppid,
                        .stream_id = m.stream_id,
                        .unordered = m.unordered,
                        .reliable = !m.expires_at,
                        .size = size};
    if (endpoint.Send(id, pair_.now(), std::move(m)) == SendResult::kOk) {
      ledger_[&endpoint == &pair_.a() ? 0 : 1].push_back(queued);
    }
  }

  // Blind mode: no packet of the attacker's carries data into the
  // association, so what is delivered is what the other side sent, whole,
  // once, and in order on its stream (RFC 9260 section 6.6).
  void Delivered(bool to_a, AssociationId association, const ReceivedMessage& m) {
    // The attacker's own associations carry what it likes.
    if (association != (to_a ? a_id_ : z_id_)) return;
    if (IsMarker(m)) {
      (to_a ? marker_at_a_ : marker_at_z_) = true;
      return;
    }
    if (input_.mode != Mode::kBlind || delivery_failure_ ||
        m.kind == ReceivedMessage::Kind::kAborted) {
      return;
    }
    const char* to = to_a ? "A" : "Z";
    if (!std::all_of(m.payload.begin(), m.payload.end(),
                     [&m](uint8_t b) { return b == static_cast<uint8_t>(m.ppid.value()); })) {
      delivery_failure_ = fmt::format("{} got corrupted data: {}", to, m.ToString());
      return;
    }
    if (m.kind == ReceivedMessage::Kind::kPiece) return;
    std::vector<Queued>& sent = ledger_[to_a ? 1 : 0];
    auto it = std::find_if(sent.begin(), sent.end(),
                           [&m](const Queued& s) { return s.ppid == m.ppid && !s.delivered; });
    if (it == sent.end()) {
      delivery_failure_ = fmt::format("{} got a message not sent or twice: {}", to, m.ToString());
      return;
    }
    if (m.kind == ReceivedMessage::Kind::kMessage && m.payload.size() != it->size) {
      delivery_failure_ =
          fmt::format("{} got {} bytes of {}: {}", to, m.payload.size(), it->size, m.ToString());
      return;
    }
    it->delivered = true;
    if (it->unordered) return;
    for (auto before = sent.begin(); before != it; ++before) {
      if (!before->delivered && before->reliable && !before->unordered &&
          before->stream_id == it->stream_id) {
        delivery_failure_ = fmt::format("{} got {} before ppid {} on its stream", to, m.ToString(),
                                        before->ppid.value());
        return;
      }
    }
  }

  // Blind mode: every reliable message arrives in the end.
  std::optional<std::string> CheckAllDelivered() {
    auto missing = [this]() -> const Queued* {
      for (const std::vector<Queued>& sent : ledger_) {
        for (const Queued& s : sent) {
          if (s.reliable && !s.delivered) return &s;
        }
      }
      return nullptr;
    };
    for (int round = 0; round < 100 && missing(); ++round) {
      pair_.AdvanceTime(std::chrono::seconds(1));
      if (std::optional<std::string> failure = Exchange("delivery")) return failure;
    }
    if (const Queued* s = missing()) {
      return fmt::format("message ppid {} on stream {} never arrived: {}", s->ppid.value(),
                         s->stream_id.value(),
                         pair_.a().Find(a_id_) ? pair_.a().Find(a_id_)->ToString() : "freed");
    }
    return std::nullopt;
  }

  void Inject(uint8_t op, const std::vector<uint8_t>& bytes) {
    packet_.assign(bytes.begin(), bytes.end());
    const std::span<uint8_t> p(packet_);
    if (input_.mode == Mode::kListen) {
      const IpAddress& source = (op & 0x08) ? pair_.address_a() : stranger_;
      if (p.size() >= CommonHeader::kSize) {
        if (!(op & 0x02)) {
          Store16(p, 0, DirectPair::kPortA.value());
          Store16(p, 2, DirectPair::kPortZ.value());
        }
        if ((op & 0x01) && cookies_[1].tag) {
          Store32(p, 4, cookies_[1].tag->value());
          SpliceCookie(cookies_[1]);
        }
        WriteSctpChecksum(packet_);
      }
      pair_.z().HandlePacket(pair_.now(), source, packet_);
      return;
    }
    const bool to_a = (op & 0x01) != 0;
    Endpoint& target = to_a ? pair_.a() : pair_.z();
    const IpAddress& source =
        (op & 0x02) ? stranger_ : (to_a ? pair_.address_z() : pair_.address_a());
    if (p.size() >= CommonHeader::kSize) {
      Store16(p, 0, (to_a ? DirectPair::kPortZ : DirectPair::kPortA).value());
      Store16(p, 2, (to_a ? DirectPair::kPortA : DirectPair::kPortZ).value());
      if (input_.mode == Mode::kInsider) {
        InsiderTag(target);
      } else {
        BlindTag();
        // The checksum field is rewritten anyway: an odd first byte there
        // puts the packet on the attacker's own association with the target.
        const LearnedCookie& own = cookies_[to_a ? 0 : 1];
        if ((bytes[CommonHeader::kChecksumOffset] & 0x01) && own.tag) {
          Store32(p, 4, own.tag->value());
        }
      }
      EchoLearnedCookie(to_a);
      WriteSctpChecksum(packet_);
    }
    target.HandlePacket(pair_.now(), source, packet_);
  }

  // Section 8.5.1: zero for INIT, the peer's tag for ABORT and SHUTDOWN
  // COMPLETE with the T bit, the receiver's own otherwise.
  void InsiderTag(Endpoint& target) {
    const Association* association = target.Find(First(target));
    if (!association) return;  // the packet's own tag then
    VerificationTag tag = association->local_tag();
    if (packet_.size() >= CommonHeader::kSize + 4) {
      const auto type = static_cast<ChunkType>(packet_[CommonHeader::kSize]);
      const bool t_bit = (packet_[CommonHeader::kSize + 1] & 0x01) != 0;
      if (type == ChunkType::kInit) {
        tag = VerificationTag(0);
      } else if ((type == ChunkType::kAbort || type == ChunkType::kShutdownComplete) && t_bit) {
        tag = association->peer_tag();
      }
    }
    Store32(packet_, 4, tag.value());
  }

  // The tags a blind attacker does not know: those of the association
  // between A and Z, at the handshake and now (associations the attacker
  // opened itself have tags it knows).
  void CollectSecretTags() {
    secret_tags_.assign({tags_[0].value(), tags_[1].value()});
    for (const Association* a : {pair_.a().Find(a_id_), pair_.z().Find(z_id_)}) {
      if (!a) continue;
      secret_tags_.push_back(a->local_tag().value());
      secret_tags_.push_back(a->peer_tag().value());
    }
  }
  bool Secret(uint32_t value) const {
    return std::find(secret_tags_.begin(), secret_tags_.end(), value) != secret_tags_.end();
  }

  // A tag that is not the association's, and nowhere the association's tags:
  // the attacker cannot know them (section 8.5), not even to put them in an
  // INIT's Initiate Tag.
  void BlindTag() {
    CollectSecretTags();
    uint32_t tag = Load32(packet_, 4);
    const bool zero_allowed = HasInit(packet_);
    while (Secret(tag) || (tag == 0 && !zero_allowed)) tag = tag * 2654435761u + 0x9e3779b9u;
    Store32(packet_, 4, tag);
    for (size_t i = CommonHeader::kSize; i + 4 <= packet_.size(); ++i) {
      // Changing the window's last byte leaves the windows already checked alone.
      for (uint8_t bit = 1; Secret(Load32(packet_, i)); bit = static_cast<uint8_t>(bit << 1)) {
        packet_[i + 3] ^= bit;
      }
    }
  }

  // A COOKIE ECHO in front with flag bit 0 set (reserved, section 3.3.11)
  // echoes the cookie the target handed out last, with its tag: how an
  // insider reaches the collision and restart cases of section 5.2.4, and
  // how a blind attacker opens an association of its own.
  void EchoLearnedCookie(bool to_a) {
    const LearnedCookie& learned = cookies_[to_a ? 0 : 1];
    if (!learned.tag || packet_.size() < CommonHeader::kSize + 4 ||
        packet_[CommonHeader::kSize] != static_cast<uint8_t>(ChunkType::kCookieEcho) ||
        (packet_[CommonHeader::kSize + 1] & 0x01) == 0) {
      return;
    }
    Store32(packet_, 4, learned.tag->value());
    SpliceCookie(learned);
  }

  // Replaces the cookie of a COOKIE ECHO in front with a learned one,
  // keeping the chunks after it.
  void SpliceCookie(const LearnedCookie& learned) {
    constexpr size_t kChunk = CommonHeader::kSize;
    if (packet_.size() < kChunk + 4 ||
        packet_[kChunk] != static_cast<uint8_t>(ChunkType::kCookieEcho)) {
      return;
    }
    const size_t old_length =
        std::clamp<size_t>(Load16(packet_, kChunk + 2), 4, packet_.size() - kChunk);
    const size_t rest = std::min(packet_.size(), kChunk + PaddedLength(old_length));
    std::vector<uint8_t> spliced(packet_.begin(), packet_.begin() + kChunk + 4);
    Store16(spliced, kChunk + 2, static_cast<uint16_t>(4 + learned.cookie.size()));
    spliced.insert(spliced.end(), learned.cookie.begin(), learned.cookie.end());
    spliced.resize(PaddedLength(spliced.size()), 0);
    spliced.insert(spliced.end(), packet_.begin() + rest, packet_.end());
    packet_ = std::move(spliced);
  }

  std::optional<std::string> Check(std::string_view where) {
    if (delivery_failure_) return fmt::format("step {} {}: {}", step_, where, *delivery_failure_);
    for (Endpoint* endpoint : {&pair_.a(), &pair_.z()}) {
      const char* side = endpoint == &pair_.a() ? "A" : "Z";
      for (AssociationId id : endpoint->association_ids()) {
        const Association* a = endpoint->Find(id);
        if (a->state() == AssociationState::kClosed) {
          return fmt::format("step {} {}: {} keeps a closed association: {}", step_, where, side,
                             a->ToString());
        }
        if (!a->IsConsistent()) {
          return fmt::format("step {} {}: {} has an inconsistent association: {}", step_, where,
                             side, a->ToString());
        }
      }
    }
    if (const size_t heap = HeapBytes(); heap > heap_baseline_ + kMaxHeapGrowth) {
      return fmt::format("step {} {}: the heap grew by {} bytes", step_, where,
                         heap - heap_baseline_);
    }
    return std::nullopt;
  }

  // Blind mode: both sides still ESTABLISHED with the tags of the handshake,
  // and a message goes through each way.
  std::optional<std::string> CheckAlive() {
    for (Endpoint* endpoint : {&pair_.a(), &pair_.z()}) {
      const bool is_a = endpoint == &pair_.a();
      const Association* a = endpoint->Find(is_a ? a_id_ : z_id_);
      if (!a || a->state() != AssociationState::kEstablished) {
        return fmt::format("blind attacker brought {}'s association down: {}", is_a ? "A" : "Z",
                           a ? a->ToString() : "freed");
      }
      const VerificationTag local = is_a ? tags_[0] : tags_[1];
      const VerificationTag peer = is_a ? tags_[1] : tags_[0];
      if (a->local_tag() != local || a->peer_tag() != peer) {
        return fmt::format("blind attacker changed {}'s tags: {}", is_a ? "A" : "Z", a->ToString());
      }
    }
    bool sent_a = false;
    bool sent_z = false;
    // Losses may have backed the RTO off: the clock moves by more and more.
    for (int round = 0; round < 60 && !(marker_at_a_ && marker_at_z_); ++round) {
      for (bool from_a : {true, false}) {
        bool& sent = from_a ? sent_a : sent_z;
        if (sent) continue;
        OutgoingMessage m;
        m.ppid = kMarkerPpid;
        m.payload.assign(kMarkerSize, 0xa5);
        const SendResult result = from_a ? pair_.a().Send(a_id_, pair_.now(), std::move(m))
                                         : pair_.z().Send(z_id_, pair_.now(), std::move(m));
        if (result == SendResult::kOk) {
          sent = true;
        } else if (result != SendResult::kWouldBlock) {
          return fmt::format("after a blind attack, {} cannot send: {}", from_a ? "A" : "Z",
                             SendResultName(result));
        }
      }
      if (std::optional<std::string> failure = Exchange("liveness")) return failure;
      if (!(marker_at_a_ && marker_at_z_)) {
        pair_.AdvanceTime(std::min<Duration>(std::chrono::milliseconds(int64_t{250} << (round / 8)),
                                             std::chrono::seconds(30)));
      }
    }
    if (!marker_at_a_ || !marker_at_z_) {
      return fmt::format("after a blind attack no message reached {}: {}", marker_at_z_ ? "A" : "Z",
                         pair_.a().Find(a_id_) ? pair_.a().Find(a_id_)->ToString() : "freed");
    }
    return std::nullopt;
  }

  const AssociationFuzzInput& input_;
  const AssociationFuzzObserver& observer_;
  const size_t heap_baseline_;
  DirectPair pair_;
  const IpAddress stranger_;
  int step_ = -1;
  AssociationId a_id_{};
  AssociationId z_id_{};
  // A's local and peer tag after the handshake.
  std::array<VerificationTag, 2> tags_{};
  std::vector<uint8_t> packet_;
  std::vector<uint32_t> secret_tags_;
  // The cookie and Initiate Tag of the last INIT ACK A (0) and Z (1) sent.
  std::array<LearnedCookie, 2> cookies_{};
  bool marker_at_a_ = false;
  bool marker_at_z_ = false;
  // The loss of the current step (association_fuzz.h) and the room left.
  int drop_ = 0;
  int sent_in_step_ = 0;
  int drops_left_ = 0;
  // The messages A (0) and Z (1) queued.
  struct Queued {
    Ppid ppid{};
    StreamId stream_id{};
    bool unordered = false;
    bool reliable = true;
    size_t size = 0;
    bool delivered = false;
  };
  std::array<std::vector<Queued>, 2> ledger_{};
  std::optional<std::string> delivery_failure_{};
};

}  // namespace

AssociationFuzzInput AssociationFuzzInput::Parse(std::span<const uint8_t> data) {
  AssociationFuzzInput input;
  if (data.empty()) return input;
  const uint8_t setup = data[0];
  switch (setup & 0x03) {
    case 1:
      input.mode = Mode::kBlind;
      break;
    case 2:
      input.mode = Mode::kListen;
      break;
    default:
      input.mode = Mode::kInsider;
      break;
  }
  input.interleaving = (setup & 0x04) != 0;
  input.nodelay = (setup & 0x08) != 0;
  input.from_cookie_wait = (setup & 0x10) != 0;
  input.lossy = (setup & 0x20) != 0;
  size_t at = 1;
  while (at + 4 <= data.size() && input.steps.size() < kMaxSteps) {
    const uint16_t length_field = Load16(data, at + 2);
    Step step{
        .op = data[at], .message = data[at + 1], .drop = static_cast<uint8_t>(length_field >> 13)};
    const size_t length =
        std::min({size_t{length_field & 0x1fffu}, kMaxPacketSize, data.size() - at - 4});
    at += 4;
    step.packet.assign(data.begin() + static_cast<ptrdiff_t>(at),
                       data.begin() + static_cast<ptrdiff_t>(at + length));
    at += length;
    input.steps.push_back(std::move(step));
  }
  return input;
}

std::vector<uint8_t> AssociationFuzzInput::Serialize() const {
  std::vector<uint8_t> out;
  out.push_back(static_cast<uint8_t>(static_cast<uint8_t>(mode) | (interleaving ? 0x04 : 0) |
                                     (nodelay ? 0x08 : 0) | (from_cookie_wait ? 0x10 : 0) |
                                     (lossy ? 0x20 : 0)));
  for (const Step& step : steps) {
    const size_t length = std::min(step.packet.size(), kMaxPacketSize);
    out.push_back(step.op);
    out.push_back(step.message);
    out.push_back(static_cast<uint8_t>(length >> 8 | (step.drop & 0x07) << 5));
    out.push_back(static_cast<uint8_t>(length));
    out.insert(out.end(), step.packet.begin(),
               step.packet.begin() + static_cast<ptrdiff_t>(length));
  }
  return out;
}

AssociationFuzzResult RunAssociationFuzzInput(const AssociationFuzzInput& input,
                                              const AssociationFuzzObserver& observer) {
  const uint64_t seed = input.mode == Mode::kBlind ? Hash(input.Serialize()) : kPairSeed;
  const size_t heap_baseline = HeapBytes();
  Run run(input, observer, seed, heap_baseline);
  return run.Play();
}

}  // namespace sctpdp::testing
