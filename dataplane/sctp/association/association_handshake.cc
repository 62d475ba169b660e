// RFC 9260 section 5.1 (establishment) and 5.2 (collisions, restarts,
// unexpected handshake chunks).
#include <algorithm>

#include "dataplane/sctp/association/association.h"
#include "dataplane/sctp/association/init_answer.h"
#include "dataplane/sctp/association/init_parameters.h"
#include "dataplane/sctp/packet/chunk/cookie_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/init_chunk.h"
#include "dataplane/sctp/packet/error_cause/cookie_received_while_shutting_down_cause.h"
#include "dataplane/sctp/packet/error_cause/invalid_mandatory_parameter_cause.h"
#include "dataplane/sctp/packet/error_cause/missing_mandatory_parameter_cause.h"
#include "dataplane/sctp/packet/error_cause/restart_with_new_addresses_cause.h"
#include "dataplane/sctp/packet/error_cause/stale_cookie_cause.h"
#include "dataplane/sctp/packet/error_cause/unrecognized_parameters_cause.h"
#include "dataplane/sctp/packet/parameter/ipv4_address_parameter.h"
#include "dataplane/sctp/packet/parameter/ipv6_address_parameter.h"

namespace sctpdp {
std::unique_ptr<Association> Association::Connect(EndpointContext& context, AssociationId id,
                                                  const AssociationOptions& options,
                                                  std::span<const IpAddress> peer_addresses,
                                                  Port peer_port, TimePoint now) {
  if (peer_addresses.empty()) return nullptr;
  std::unique_ptr<Association> association(new Association(context, id, options, peer_port));
  Association& a = *association;
  // Section 5.4: addresses the user gave are confirmed.
  for (const IpAddress& address :
       peer_addresses.first(std::min(peer_addresses.size(), RetransmissionQueue::kMaxPaths))) {
    a.AddPath(address, /*confirmed=*/true);
  }
  a.primary_ = PathId(0);
  a.my_tag_ = context.NewTag();
  a.my_initial_tsn_ = Tsn(context.env->Random32());
  a.SetState(AssociationState::kCookieWait, "connect");
  a.SendInit(now);
  a.Finish(now);
  return association;
}

std::unique_ptr<Association> Association::FromCookie(EndpointContext& context, AssociationId id,
                                                     const AssociationOptions& options,
                                                     const StateCookie& cookie,
                                                     const IpAddress& source, TimePoint now) {
  std::unique_ptr<Association> association(new Association(context, id, options, cookie.peer_port));
  Association& a = *association;
  a.my_tag_ = cookie.local_verification_tag;
  a.peer_tag_ = cookie.peer_verification_tag;
  std::vector<IpAddress> addresses;
  for (const StateCookie::PeerAddress& address : cookie.PeerAddresses()) {
    addresses.push_back(FromCookieAddress(address));
  }
  a.CreatePaths(addresses, source);
  a.StartDataTransfer(cookie.local_initial_tsn, cookie.peer_initial_tsn, cookie.peer_a_rwnd,
                      cookie.NegotiatedOutboundStreams(), cookie.NegotiatedInboundStreams(),
                      cookie.peer_capabilities);
  a.EnterEstablished(now, AssociationChange::State::kCommUp);
  return association;
}

void Association::SendInit(TimePoint now) {
  // Section 5.1 A, with the parameters of section 3.3.2.
  std::vector<uint8_t> parameters(EndpointContext::kMaxPacketSize);
  TlvListWriter writer(parameters, WireKind::kParameter);
  WriteLocalInitParameters(writer, context_->local_addresses, options_, cookie_preservative_);
  const InitChunk init{.initiate_tag = my_tag_,
                       .a_rwnd = ReceiveWindow(),
                       .outbound_streams = options_.outbound_streams,
                       .inbound_streams = options_.max_inbound_streams,
                       .initial_tsn = my_initial_tsn_,
                       .parameters = writer.list()};
  init_chunk_.resize(init.WireSize());
  init.SerializeTo(init_chunk_);
  const Path& path = paths_[primary_.value()];
  SendAlone(path.address, VerificationTag(0), init);
  t1_ = now + path.rto.rto();
}

void Association::HandleT1Expiry(TimePoint now) {
  // Section 5.1 A and C: retransmit INIT or COOKIE ECHO with the RTO
  // backed off (section 6.3.3), up to Max.Init.Retransmits.
  if (++init_retransmissions_ > options_.max_init_retransmits) {
    Close(now,
          AssociationChange{.state = AssociationChange::State::kCantStartAssociation,
                            .reason = cookie_preservative_
                                          ? AssociationChange::Reason::kCookieStale
                                          : AssociationChange::Reason::kRetransmissionLimit},
          0);
    return;
  }
  Path& path = paths_[primary_.value()];
  path.rto.BackOff();
  if (state_ == AssociationState::kCookieWait) {
    ParseResult<InitChunk> init = InitChunk::Parse(init_chunk_);
    if (init.ok()) SendAlone(path.address, VerificationTag(0), init.value());
  } else if (state_ == AssociationState::kCookieEchoed) {
    SendCookieEcho(now);
    return;
  }
  t1_ = now + path.rto.rto();
}

void Association::HandleInitAck(TimePoint now, const InitAckChunk& init_ack,
                                PacketContext& packet) {
  // Section 5.2.3: only COOKIE-WAIT expects one.
  if (state_ != AssociationState::kCookieWait) return;
  const InitParameters parameters = ReadInitParameters(init_ack.parameters);
  if (init_ack.a_rwnd < kMinAdvertisedWindow) {
    // Section 3.3.3: the receiver "MUST discard the packet, SHOULD send a
    // packet in response containing an ABORT chunk and using the Initiate
    // Tag as the Verification Tag, and MUST NOT change the state of any
    // existing association": T1-init runs on.
    std::vector<uint8_t>& buffer = context_->scratch.chunk;
    buffer.assign(InvalidMandatoryParameterCause{}.WireSize(), 0);
    TlvListWriter causes(buffer, WireKind::kErrorCause);
    causes.Add(InvalidMandatoryParameterCause{});
    SendAlone(*packet.source, init_ack.initiate_tag, AbortChunk{.error_causes = causes.list()});
    packet.stop = true;
    return;
  }
  if (init_ack.initiate_tag == VerificationTag(0)) {
    // Section 3.3.3: "it MUST destroy the TCB and SHOULD send an ABORT chunk
    // with the T bit set": the packet's tag, which is ours, reflected.
    std::vector<uint8_t>& buffer = context_->scratch.chunk;
    buffer.assign(InvalidMandatoryParameterCause{}.WireSize(), 0);
    TlvListWriter causes(buffer, WireKind::kErrorCause);
    causes.Add(InvalidMandatoryParameterCause{});
    SendAlone(*packet.source, my_tag_,
              AbortChunk{.tag_reflected = true, .error_causes = causes.list()});
    const auto code = static_cast<uint16_t>(ErrorCauseCode::kInvalidMandatoryParameter);
    Close(now,
          AssociationChange{.state = AssociationChange::State::kCantStartAssociation,
                            .reason = AssociationChange::Reason::kProtocolViolation,
                            .error = code},
          code);
    return;
  }
  if (init_ack.outbound_streams == 0 || init_ack.inbound_streams == 0 || parameters.malformed) {
    // Section 3.3.3: as for INIT, an invalid mandatory field is fatal.
    peer_tag_ = init_ack.initiate_tag;
    AbortWithCause(now, InvalidMandatoryParameterCause{},
                   AssociationChange::Reason::kProtocolViolation);
    return;
  }
  if (!parameters.state_cookie) {
    // Section 3.3.3: the State Cookie is mandatory.
    peer_tag_ = init_ack.initiate_tag;
    static constexpr std::array<uint16_t, 1> kMissing{
        static_cast<uint16_t>(ParameterType::kStateCookie)};
    AbortWithCause(now,
                   MissingMandatoryParameterCause{.missing_types = WireList<uint16_t>(kMissing)},
                   AssociationChange::Reason::kProtocolViolation);
    return;
  }
  t1_.reset();
  peer_tag_ = init_ack.initiate_tag;
  // Section 5.1.2: the source of the INIT ACK and the addresses it lists.
  const PathId first = primary_;
  CreatePaths(parameters.addresses, *packet.source);
  primary_ = FindPath(*packet.source).value_or(first);
  StartDataTransfer(my_initial_tsn_, init_ack.initial_tsn, init_ack.a_rwnd,
                    std::min(options_.outbound_streams, init_ack.inbound_streams),
                    std::min(options_.max_inbound_streams, init_ack.outbound_streams),
                    parameters.capabilities);
  cookie_.assign(parameters.state_cookie->begin(), parameters.state_cookie->end());
  if (!parameters.unrecognized.empty()) {
    // Section 3.2.1: report them in an ERROR bundled with the COOKIE ECHO.
    std::vector<uint8_t> reported;
    for (std::span<const uint8_t> p : parameters.unrecognized) {
      reported.insert(reported.end(), p.begin(), p.end());
      reported.resize(PaddedLength(reported.size()), 0);
    }
    QueueError(UnrecognizedParametersCause{.parameters = reported});
  }
  init_retransmissions_ = 0;
  SetState(AssociationState::kCookieEchoed, "INIT ACK received");
  SendCookieEcho(now);
  packet.stop = true;
}

void Association::SendCookieEcho(TimePoint now) {
  // Section 5.1 D: the COOKIE ECHO goes first in its packet; control
  // chunks queued meanwhile (an ERROR reporting parameters) follow it.
  const Path& path = paths_[primary_.value()];
  PacketBuilder builder(context_->scratch.packet, Header(), path.max_packet_size());
  builder.Add(CookieEchoChunk{.cookie = cookie_});
  AddPendingControl(builder);
  Emit(primary_, builder.Finish(context_->checksum_mode));
  t1_ = now + path.rto.rto();
}

void Association::HandleCookieAck(TimePoint now) {
  // Section 5.2.5: anywhere but COOKIE-ECHOED it is a duplicate.
  if (state_ != AssociationState::kCookieEchoed) return;
  t1_.reset();
  EnterEstablished(now, AssociationChange::State::kCommUp);
}

void Association::EnterEstablished(TimePoint now, AssociationChange::State reason) {
  SetState(AssociationState::kEstablished, "handshake complete");
  init_chunk_.clear();
  init_chunk_.shrink_to_fit();
  cookie_.clear();
  cookie_.shrink_to_fit();
  cookie_preservative_.reset();
  init_retransmissions_ = 0;
  for (size_t i = 0; i < paths_.size(); ++i)
    ScheduleHeartbeat(now, PathId(static_cast<uint8_t>(i)));
  if (options_.autoclose) autoclose_ = now + *options_.autoclose;
  context_->env->Notify(id_, AssociationChange{.state = reason,
                                               .outbound_streams = outbound_streams_,
                                               .inbound_streams = inbound_streams_});
}

void Association::HandleInit(TimePoint now, const InitChunk& init, PacketContext& packet) {
  packet.stop = true;
  // Section 3.3.2: an INIT with Initiate Tag 0 is silently discarded.
  if (init.initiate_tag == VerificationTag(0)) return;
  const InitParameters parameters = ReadInitParameters(init.parameters);
  if (state_ == AssociationState::kShutdownAckSent) {
    // Section 9.2: the SHUTDOWN COMPLETE was probably lost; the INIT is
    // discarded and the SHUTDOWN ACK sent again.
    shutdown_ack_due_ = true;
    return;
  }
  // Sections 5.2.1 (COOKIE-ECHOED) and 5.2.2: an INIT that adds addresses
  // is refused, listing them, with the INIT's tag on the ABORT.
  if (state_ != AssociationState::kCookieWait) {
    std::vector<uint8_t> added(EndpointContext::kMaxPacketSize);
    TlvListWriter writer(added, WireKind::kParameter);
    bool any = false;
    auto check = [&](const IpAddress& address) {
      if (FindPath(address)) return;
      any = true;
      if (address.family == IpAddress::Family::kIpv4) {
        Ipv4AddressParameter p;
        std::copy_n(address.bytes.begin(), 4, p.address.begin());
        writer.Add(p);
      } else {
        writer.Add(Ipv6AddressParameter{.address = address.bytes});
      }
    };
    check(*packet.source);
    for (const IpAddress& address : parameters.addresses) check(address);
    if (any) {
      SendAlone(*packet.source, init.initiate_tag,
                AbortChunk{.error_causes = context_->OneCause(
                               RestartWithNewAddressesCause{.new_addresses = writer.list()})});
      return;
    }
  }
  InitAnswer answer;
  switch (state_) {
    case AssociationState::kCookieWait:
      // Section 5.2.1: our original parameters; no tie-tags (section 5.2.2,
      // last paragraph).
      answer = InitAnswer{.initiate_tag = my_tag_, .initial_tsn = my_initial_tsn_};
      break;
    case AssociationState::kCookieEchoed:
      // Section 5.2.1: our original parameters, tie-tags populated.
      answer = InitAnswer{.initiate_tag = my_tag_,
                          .initial_tsn = my_initial_tsn_,
                          .local_tie_tag = my_tag_,
                          .peer_tie_tag = peer_tag_};
      break;
    default:
      // Section 5.2.2: a new Initiate Tag, the current tags as tie-tags.
      answer = InitAnswer{.initiate_tag = context_->NewTag(),
                          .initial_tsn = Tsn(context_->env->Random32()),
                          .local_tie_tag = my_tag_,
                          .peer_tie_tag = peer_tag_};
      break;
  }
  AnswerInit(*context_, options_, id_, now, init, parameters, *packet.source, peer_port_, answer);
}

void Association::HandleCookieEcho(TimePoint now, const CookieEchoChunk& chunk,
                                   PacketContext& packet) {
  // Section 5.2.4 steps 1 to 3.
  const CookieVerification verification = context_->signer->Verify(chunk.cookie, now);
  if (verification.status == CookieStatus::kBadMac ||
      verification.status == CookieStatus::kMalformed) {
    ++metrics_.packets_discarded;
    packet.stop = true;
    return;
  }
  const StateCookie& cookie = verification.cookie;
  if (cookie.local_port != context_->local_port || cookie.peer_port != peer_port_) {
    packet.stop = true;
    return;
  }
  const bool local_matches = cookie.local_verification_tag == my_tag_;
  const bool peer_matches = cookie.peer_verification_tag == peer_tag_;
  if (verification.status == CookieStatus::kStale && !(local_matches && peer_matches)) {
    // Step 3: stale and not this association's own cookie (case E).
    QueueError(StaleCookieCause{.staleness_us = verification.StalenessUs()});
    packet.stop = true;
    return;
  }
  // The packet must carry the cookie's local tag (section 5.1.5 step 3).
  if (packet.packet->header().verification_tag != cookie.local_verification_tag) {
    packet.stop = true;
    return;
  }
  const bool ties_match = cookie.local_tie_tag == my_tag_ && cookie.peer_tie_tag == peer_tag_;
  const bool no_ties =
      cookie.local_tie_tag == VerificationTag(0) && cookie.peer_tie_tag == VerificationTag(0);

  if (!local_matches && !peer_matches && ties_match) {
    // Action A: the peer restarted.
    if (state_ == AssociationState::kShutdownAckSent) {
      shutdown_ack_due_ = true;
      QueueError(CookieReceivedWhileShuttingDownCause{});
      packet.stop = true;
      return;
    }
    Restart(now, cookie, *packet.source);
    cookie_ack_due_ = true;
    return;
  }
  if (local_matches && !peer_matches) {
    // Action B: an initialization collision; the peer's tag (and, before
    // any data flowed, its parameters) come from the cookie.
    peer_tag_ = cookie.peer_verification_tag;
    if (state_ == AssociationState::kCookieWait || state_ == AssociationState::kCookieEchoed) {
      StartDataTransfer(my_initial_tsn_, cookie.peer_initial_tsn, cookie.peer_a_rwnd,
                        cookie.NegotiatedOutboundStreams(), cookie.NegotiatedInboundStreams(),
                        cookie.peer_capabilities);
      t1_.reset();
      EnterEstablished(now, AssociationChange::State::kCommUp);
    }
    cookie_ack_due_ = true;
    return;
  }
  if (!local_matches && peer_matches && no_ties) {
    // Action C: a late cookie of ours.
    packet.stop = true;
    return;
  }
  if (local_matches && peer_matches) {
    // Action D.
    if (state_ == AssociationState::kCookieEchoed) {
      t1_.reset();
      EnterEstablished(now, AssociationChange::State::kCommUp);
    }
    cookie_ack_due_ = true;
    return;
  }
  packet.stop = true;
}

void Association::Restart(TimePoint now, const StateCookie& cookie, const IpAddress& source) {
  // Section 5.2.4 action A: as an ABORT followed by a new association,
  // with RESTART instead of COMMUNICATION LOST. sctpdp does not retain
  // data across a restart: what was queued or unacknowledged fails.
  FailQueuedMessages(0);
  Deliver();
  AbortPartialDeliveries();
  data_tracker_.reset();
  reassembly_queue_.reset();
  peer_tsn_unwrapper_ = UnwrappedTsn::Unwrapper();
  pending_control_.clear();
  shutdown_chunk_due_ = shutdown_ack_due_ = false;
  t1_.reset();
  t2_.reset();
  t5_.reset();
  error_count_ = 0;
  my_tag_ = cookie.local_verification_tag;
  peer_tag_ = cookie.peer_verification_tag;
  // Congestion control and RTO start afresh (section 7.2.1).
  paths_.clear();
  std::vector<IpAddress> addresses;
  for (const StateCookie::PeerAddress& address : cookie.PeerAddresses()) {
    addresses.push_back(FromCookieAddress(address));
  }
  CreatePaths(addresses, source);
  StartDataTransfer(cookie.local_initial_tsn, cookie.peer_initial_tsn, cookie.peer_a_rwnd,
                    cookie.NegotiatedOutboundStreams(), cookie.NegotiatedInboundStreams(),
                    cookie.peer_capabilities);
  was_dry_ = true;
  EnterEstablished(now, AssociationChange::State::kRestart);
}

}  // namespace sctpdp
