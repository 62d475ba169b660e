#include "dataplane/sctp/endpoint/endpoint.h"

#include <algorithm>
#include <cassert>

#include "dataplane/sctp/association/init_answer.h"
#include "dataplane/sctp/association/init_parameters.h"
#include "dataplane/sctp/packet/chunk/abort_chunk.h"
#include "dataplane/sctp/packet/chunk/cookie_echo_chunk.h"
#include "dataplane/sctp/packet/chunk/error_chunk.h"
#include "dataplane/sctp/packet/chunk/init_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_complete_chunk.h"
#include "dataplane/sctp/packet/error_cause/out_of_resource_cause.h"
#include "dataplane/sctp/packet/error_cause/stale_cookie_cause.h"
#include "dataplane/sctp/packet/packet_builder.h"

namespace sctpdp {
namespace {

std::array<uint8_t, CookieSigner::kSecretSize> FreshSecret(Environment& env) {
  std::array<uint8_t, CookieSigner::kSecretSize> secret{};
  for (size_t i = 0; i < secret.size(); i += 4) {
    const uint32_t r = env.Random32();
    for (size_t j = 0; j < 4; ++j) secret[i + j] = static_cast<uint8_t>(r >> (8 * j));
  }
  return secret;
}

// Section 8.4 rule 1: broadcast, multicast or the unspecified address.
bool IsNonUnicast(const IpAddress& address) {
  if (address.family == IpAddress::Family::kIpv4) {
    const uint8_t first = address.bytes[0];
    const bool broadcast = std::all_of(address.bytes.begin(), address.bytes.begin() + 4,
                                       [](uint8_t b) { return b == 0xff; });
    const bool unspecified = std::all_of(address.bytes.begin(), address.bytes.begin() + 4,
                                         [](uint8_t b) { return b == 0; });
    return broadcast || unspecified || (first & 0xf0) == 0xe0;
  }
  return address.bytes[0] == 0xff ||
         std::all_of(address.bytes.begin(), address.bytes.end(), [](uint8_t b) { return b == 0; });
}

// Section 8.4 rule 7: an ERROR chunk with the "Stale Cookie" error cause.
bool IsStaleCookieError(const ChunkView& chunk) {
  if (chunk.type != ChunkType::kError) return false;
  ParseResult<ErrorChunk> error = ErrorChunk::Parse(chunk.bytes);
  if (!error.ok()) return false;
  for (const TlvList::Field& cause : error.value().error_causes) {
    if (cause.type == static_cast<uint16_t>(ErrorCauseCode::kStaleCookie)) return true;
  }
  return false;
}

}  // namespace

Endpoint::Endpoint(const EndpointOptions& options, Environment& env, TimePoint now)
    : options_(options),
      signer_(FreshSecret(env), now,
              CookieSigner::Options{.rotation_period = options.secret_rotation}),
      next_id_(std::max<uint32_t>(options.first_association_id, 1)) {
  context_.env = &env;
  context_.signer = &signer_;
  context_.local_port = options_.local_port;
  context_.local_addresses = options_.local_addresses;
  context_.checksum_mode = options_.checksum_mode;
  context_.tags_in_use = &by_tag_;
  assert(options_.tag_modulus != 0 && options_.tag_residue < options_.tag_modulus);
  context_.tag_modulus = options_.tag_modulus;
  context_.tag_residue = options_.tag_residue;
}

Endpoint::~Endpoint() = default;

AssociationId Endpoint::NextId() {
  const uint32_t stride = std::max<uint32_t>(options_.association_id_stride, 1);
  while (associations_.count(AssociationId(next_id_)) != 0 || next_id_ == 0) next_id_ += stride;
  const AssociationId id(next_id_);
  next_id_ += stride;
  return id;
}

void Endpoint::MaybeRotateSecret(TimePoint now) {
  if (signer_.RotationDue(now)) signer_.Rotate(FreshSecret(*context_.env), now);
}

template <typename Chunk>
void Endpoint::Reply(const IpAddress& destination, Port peer_port, VerificationTag tag,
                     const Chunk& chunk) {
  context_.SendChunkAlone(AssociationId(0), destination, peer_port, tag, chunk);
}

void Endpoint::HandlePacket(TimePoint now, const IpAddress& source,
                            std::span<const uint8_t> bytes) {
  ++metrics_.packets_received;
  ParseResult<SctpPacket> parsed = SctpPacket::Parse(bytes, options_.checksum_check);
  if (!parsed.ok()) {
    ++metrics_.packets_malformed;
    return;
  }
  const SctpPacket& packet = parsed.value();
  if (packet.header().destination_port != options_.local_port) {
    ++metrics_.packets_wrong_port;
    return;
  }
  const uint16_t peer_port = packet.header().source_port.value();
  if (last_route_.routes != nullptr && last_route_.port == peer_port &&
      last_route_.address == source) {
    // The association of the previous packet (a burst of one peer's).
    last_route_.routes->association->HandlePacket(now, source, packet);
    Sync(last_route_.id);
    return;
  }
  std::optional<AssociationId> id;
  if (auto it = by_peer_.find({source, peer_port}); it != by_peer_.end()) {
    id = it->second;
    last_route_ = LastRoute{.address = source,
                            .port = peer_port,
                            .id = it->second,
                            .routes = &associations_.at(it->second)};
  } else if (auto tag = by_tag_.find(packet.header().verification_tag); tag != by_tag_.end()) {
    // A known association from an address it has not listed (e.g. the INIT
    // ACK of a multi-homed peer): the tag identifies it, the port must too.
    Association* association = associations_.at(tag->second).association.get();
    if (association->peer_port() == packet.header().source_port) id = tag->second;
  }
  if (!id) {
    HandleOutOfTheBlue(now, source, packet);
    return;
  }
  associations_.at(*id).association->HandlePacket(now, source, packet);
  Sync(*id);
}

void Endpoint::HandleOutOfTheBlue(TimePoint now, const IpAddress& source,
                                  const SctpPacket& packet) {
  if (packet.chunk_count() == 0 || IsNonUnicast(source)) {  // rule 1
    ++metrics_.out_of_the_blue;
    return;
  }
  const Port peer_port = packet.header().source_port;
  const VerificationTag tag = packet.header().verification_tag;
  const ChunkView first = *packet.begin();
  bool has_abort = false;
  bool has_init = false;
  bool has_shutdown_ack = false;
  bool has_ignorable = false;
  for (const ChunkView& chunk : packet) {
    has_abort |= chunk.type == ChunkType::kAbort;
    has_init |= chunk.type == ChunkType::kInit;
    has_shutdown_ack |= chunk.type == ChunkType::kShutdownAck;
    has_ignorable |= chunk.type == ChunkType::kShutdownComplete ||
                     chunk.type == ChunkType::kCookieAck || IsStaleCookieError(chunk);
  }
  if (has_abort) {  // rule 2
    ++metrics_.out_of_the_blue;
    return;
  }
  if (has_init) {  // rule 3
    AnswerInitWithoutAssociation(now, source, packet);
    return;
  }
  if (first.type == ChunkType::kCookieEcho && options_.listening) {  // rule 4
    AcceptCookie(now, source, packet, first);
    return;
  }
  // What is left belongs to no association and starts none.
  ++metrics_.out_of_the_blue;
  if (has_shutdown_ack) {  // rule 5: "If the packet contains a SHUTDOWN ACK chunk"
    Reply(source, peer_port, tag, ShutdownCompleteChunk{.tag_reflected = true});
    return;
  }
  // Rules 6 and 7: SHUTDOWN COMPLETE, COOKIE ACK and an ERROR with a
  // Stale Cookie cause are dropped rather than answered, so two stacks
  // never exchange answers to answers. Any other ERROR falls to rule 8.
  if (has_ignorable) return;
  Reply(source, peer_port, tag, AbortChunk{.tag_reflected = true});  // rule 8
}

void Endpoint::AnswerInitWithoutAssociation(TimePoint now, const IpAddress& source,
                                            const SctpPacket& packet) {
  // Section 6.10: INIT travels alone; section 8.5.1 A: with tag zero.
  if (packet.chunk_count() != 1 || packet.header().verification_tag != VerificationTag(0)) return;
  ParseResult<InitChunk> init = InitChunk::Parse((*packet.begin()).bytes);
  if (!init.ok()) {
    ++metrics_.packets_malformed;
    return;
  }
  const Port peer_port = packet.header().source_port;
  if (!options_.listening || associations_.size() >= options_.max_associations) {
    // Section 8.4 rule 3: the ABORT carries the INIT's Initiate Tag, T bit
    // clear.
    Reply(source, peer_port, init.value().initiate_tag,
          AbortChunk{.error_causes = context_.OneCause(OutOfResourceCause{})});
    return;
  }
  MaybeRotateSecret(now);
  const InitAnswer answer{.initiate_tag = context_.NewTag(),
                          .initial_tsn = Tsn(context_.env->Random32())};
  if (AnswerInit(context_, options_.association, AssociationId(0), now, init.value(),
                 ReadInitParameters(init.value().parameters), source, peer_port, answer)) {
    ++metrics_.init_acks_sent;
  }
}

void Endpoint::AcceptCookie(TimePoint now, const IpAddress& source, const SctpPacket& packet,
                            const ChunkView& chunk) {
  ParseResult<CookieEchoChunk> echo = CookieEchoChunk::Parse(chunk.bytes);
  if (!echo.ok()) {
    ++metrics_.packets_malformed;
    return;
  }
  MaybeRotateSecret(now);
  const CookieVerification verification = signer_.Verify(echo.value().cookie, now);
  switch (verification.status) {
    case CookieStatus::kBadMac:
    case CookieStatus::kMalformed:
      // Section 5.1.5 steps 1 and 2: silently discarded.
      ++metrics_.cookies_rejected;
      return;
    case CookieStatus::kStale:
      // Step 4: ERROR with Stale Cookie, to the tag the peer chose.
      ++metrics_.stale_cookies;
      Reply(source, packet.header().source_port, verification.cookie.peer_verification_tag,
            ErrorChunk{.error_causes = context_.OneCause(
                           StaleCookieCause{.staleness_us = verification.StalenessUs()})});
      return;
    case CookieStatus::kOk:
      break;
  }
  const StateCookie& cookie = verification.cookie;
  // Step 3: the packet's tag and ports are the cookie's.
  if (packet.header().verification_tag != cookie.local_verification_tag ||
      cookie.local_port != options_.local_port || cookie.peer_port != packet.header().source_port) {
    ++metrics_.cookies_rejected;
    return;
  }
  if (associations_.size() >= options_.max_associations) {
    Reply(source, cookie.peer_port, cookie.peer_verification_tag,
          AbortChunk{.error_causes = context_.OneCause(OutOfResourceCause{})});
    return;
  }
  const AssociationId id = NextId();
  associations_[id].association =
      Association::FromCookie(context_, id, options_.association, cookie, source, now);
  ++metrics_.associations_created;
  Sync(id);
  // The association answers the COOKIE ECHO itself (section 5.2.4 action
  // D) and takes any DATA bundled after it.
  associations_.at(id).association->HandlePacket(now, source, packet);
  Sync(id);
}

void Endpoint::HandleTimeout(AssociationId id, TimePoint now) {
  auto it = associations_.find(id);
  if (it == associations_.end()) return;
  it->second.association->HandleTimeout(now);
  Sync(id);
}

void Endpoint::HandleIcmp(TimePoint now, const IcmpReport& report) {
  const std::span<const uint8_t> quoted = report.quoted;
  auto read32 = [&](size_t at) {
    return uint32_t{quoted[at]} << 24 | uint32_t{quoted[at + 1]} << 16 |
           uint32_t{quoted[at + 2]} << 8 | quoted[at + 3];
  };
  // ICMP5: the association by where the quoted packet went.
  if (quoted.size() < 8) {
    ++metrics_.icmp_ignored;
    return;
  }
  const uint16_t peer_port = static_cast<uint16_t>(quoted[2] << 8 | quoted[3]);
  const auto route = by_peer_.find({report.destination, peer_port});
  Association* association = route == by_peer_.end() ? nullptr : Find(route->second);
  if (association == nullptr) {
    ++metrics_.icmp_ignored;
    return;
  }
  // ICMP6: the tag of the peer, or 0 on our INIT with our Initiate Tag
  // (chunk type at 12, Initiate Tag at 16).
  const VerificationTag tag(read32(4));
  const bool quotes_init = tag == VerificationTag(0);
  if (quotes_init ? quoted.size() < 20 || quoted[12] != static_cast<uint8_t>(ChunkType::kInit) ||
                        VerificationTag(read32(16)) != association->local_tag()
                  : tag != association->peer_tag()) {
    ++metrics_.icmp_ignored;
    return;
  }
  ++metrics_.icmp_handled;
  const AssociationId id = route->second;
  association->HandleIcmp(now, report, quotes_init);
  Sync(id);
}

std::optional<AssociationId> Endpoint::Connect(TimePoint now,
                                               std::span<const IpAddress> peer_addresses,
                                               Port peer_port) {
  return Connect(now, peer_addresses, peer_port, options_.association);
}

std::optional<AssociationId> Endpoint::Connect(TimePoint now,
                                               std::span<const IpAddress> peer_addresses,
                                               Port peer_port, const AssociationOptions& options) {
  if (peer_addresses.empty() || associations_.size() >= options_.max_associations) {
    return std::nullopt;
  }
  const AssociationId id = NextId();
  std::unique_ptr<Association> association =
      Association::Connect(context_, id, options, peer_addresses, peer_port, now);
  if (!association) return std::nullopt;
  associations_[id].association = std::move(association);
  Sync(id);
  return id;
}

SendResult Endpoint::Send(AssociationId id, TimePoint now, OutgoingMessage message, bool more) {
  Association* association = Find(id);
  if (!association) return SendResult::kNotConnected;
  return AfterSend(id, association->Send(now, std::move(message), more), more);
}

SendResult Endpoint::Send(AssociationId id, TimePoint now, const SendParams& params,
                          std::span<const uint8_t> payload, bool more) {
  Association* association = Find(id);
  if (!association) return SendResult::kNotConnected;
  return Send(*association, now, params, payload, more);
}

SendResult Endpoint::Send(Association& association, TimePoint now, const SendParams& params,
                          std::span<const uint8_t> payload, bool more) {
  return AfterSend(association.id(), association.Send(now, params, payload, more), more);
}

SendResult Endpoint::AfterSend(AssociationId id, SendResult result, bool more) {
  if (!more) {
    Sync(id);
    return result;
  }
  // A burst of sends usually goes to one association: the last one noted
  // needs no search.
  if (result == SendResult::kOk && (unflushed_.empty() || unflushed_.back() != id) &&
      std::find(unflushed_.begin(), unflushed_.end(), id) == unflushed_.end()) {
    unflushed_.push_back(id);
  }
  return result;
}

void Endpoint::Flush(TimePoint now) {
  for (AssociationId id : unflushed_) {
    if (Association* association = Find(id)) {
      association->Flush(now);
      Sync(id);
    }
  }
  unflushed_.clear();
}

void Endpoint::Shutdown(AssociationId id, TimePoint now) {
  if (Association* association = Find(id)) {
    association->Shutdown(now);
    Sync(id);
  }
}

void Endpoint::Abort(AssociationId id, TimePoint now, std::string_view reason) {
  if (Association* association = Find(id)) {
    association->Abort(now, reason);
    Sync(id);
  }
}

Association* Endpoint::Find(AssociationId id) {
  auto it = associations_.find(id);
  return it == associations_.end() ? nullptr : it->second.association.get();
}

std::vector<AssociationId> Endpoint::association_ids() const {
  std::vector<AssociationId> ids;
  ids.reserve(associations_.size());
  for (const auto& [id, routes] : associations_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

void Endpoint::Unroute(Routes& routes) {
  last_route_ = LastRoute{};
  const uint16_t port = routes.association->peer_port().value();
  for (const IpAddress& address : routes.addresses) by_peer_.erase({address, port});
  routes.addresses.clear();
  by_tag_.erase(routes.tag);
  routes.tag = VerificationTag(0);
}

void Endpoint::Sync(AssociationId id) {
  auto it = associations_.find(id);
  if (it == associations_.end()) return;
  Routes& routes = it->second;
  Association& association = *routes.association;
  if (association.state() == AssociationState::kClosed) {
    Unroute(routes);
    associations_.erase(it);
    return;
  }
  const uint16_t port = association.peer_port().value();
  const std::vector<Path>& paths = association.paths();
  const bool same = routes.addresses.size() == paths.size() &&
                    std::equal(paths.begin(), paths.end(), routes.addresses.begin(),
                               [](const Path& p, const IpAddress& a) { return p.address == a; });
  if (!same) {
    last_route_ = LastRoute{};
    for (const IpAddress& address : routes.addresses) by_peer_.erase({address, port});
    routes.addresses.clear();
    for (const Path& path : paths) {
      // The first association to claim an address and port keeps it.
      if (by_peer_.emplace(std::make_pair(path.address, port), id).second) {
        routes.addresses.push_back(path.address);
      }
    }
  }
  if (routes.tag != association.local_tag()) {
    by_tag_.erase(routes.tag);
    routes.tag = association.local_tag();
    by_tag_[routes.tag] = id;
  }
}

std::unique_ptr<Association> Endpoint::Detach(AssociationId id) {
  auto it = associations_.find(id);
  if (it == associations_.end() || it->second.association->CanDetach() != HandoverBlocker::kNone) {
    return nullptr;
  }
  Unroute(it->second);
  std::unique_ptr<Association> association = std::move(it->second.association);
  associations_.erase(it);
  association->Detach();
  return association;
}

void Endpoint::Attach(std::unique_ptr<Association> association, TimePoint now) {
  const AssociationId id = association->id();
  Association& a = *association;
  associations_[id].association = std::move(association);
  a.Attach(context_, now);
  Sync(id);
}

}  // namespace sctpdp
