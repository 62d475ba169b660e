#include "dataplane/sctp/association/association.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "dataplane/sctp/association/init_parameters.h"
#include "dataplane/sctp/packet/error_cause/unrecognized_chunk_type_cause.h"
#include "dataplane/sctp/packet/error_cause/user_initiated_abort_cause.h"

namespace sctpdp {

std::string_view SendResultName(SendResult result) {
  switch (result) {
    case SendResult::kOk:
      return "ok";
    case SendResult::kInvalidStream:
      return "invalid stream";
    case SendResult::kEmpty:
      return "no user data";
    case SendResult::kTooLarge:
      return "message too large";
    case SendResult::kWouldBlock:
      return "would block";
    case SendResult::kNotConnected:
      return "not connected";
  }
  return "?";
}

std::string_view HandoverBlockerName(HandoverBlocker blocker) {
  switch (blocker) {
    case HandoverBlocker::kNone:
      return "none";
    case HandoverBlocker::kHandshake:
      return "handshake in progress";
    case HandoverBlocker::kPartialDelivery:
      return "partial delivery in progress";
    case HandoverBlocker::kClosed:
      return "closed";
  }
  return "?";
}

Association::Association(EndpointContext& context, AssociationId id,
                         const AssociationOptions& options, Port peer_port)
    : context_(&context), id_(id), options_(options), peer_port_(peer_port) {}

Association::~Association() = default;

void Association::SetState(AssociationState next, std::string_view reason) {
  if (next == state_) return;
  state_ = next;
  (void)reason;  // kept at the call sites as documentation of each transition
}

std::string Association::LogPrefix() const {
  return fmt::format("assoc {} {}", id_.value(), AssociationStateName(state_));
}

std::string Association::ToString() const {
  std::string out =
      fmt::format("{} tags={:08x}/{:08x} paths=[", LogPrefix(), my_tag_.value(), peer_tag_.value());
  for (size_t i = 0; i < paths_.size(); ++i) {
    const Path& path = paths_[i];
    out += fmt::format("{}{}{}{} cwnd={} rto={}ms err={}", i ? ", " : "", path.address.ToString(),
                       i == primary_.value() ? "*" : "", path.active ? "" : " (inactive)",
                       path.cc.cwnd(), path.rto.rto().count() / 1000, path.error_count);
  }
  out += "]";
  if (retransmission_queue_) out += fmt::format(" {}", retransmission_queue_->ToString());
  if (data_tracker_) out += fmt::format(" {}", data_tracker_->ToString());
  return out;
}

std::optional<PathId> Association::FindPath(const IpAddress& address) const {
  for (size_t i = 0; i < paths_.size(); ++i) {
    if (paths_[i].address == address) return PathId(static_cast<uint8_t>(i));
  }
  return std::nullopt;
}

PathId Association::AddPath(const IpAddress& address, bool confirmed) {
  if (std::optional<PathId> existing = FindPath(address)) {
    paths_[existing->value()].confirmed |= confirmed;
    return *existing;
  }
  const size_t overhead =
      (address.family == IpAddress::Family::kIpv4 ? 20 : 40) + (options_.udp_encapsulation ? 8 : 0);
  const RetransmissionTimeout::Options rto_options{.rto_initial = options_.rto_initial,
                                                   .rto_min = options_.rto_min,
                                                   .rto_max = options_.rto_max,
                                                   .alpha_shift = options_.rto_alpha_shift,
                                                   .beta_shift = options_.rto_beta_shift};
  const CongestionControl::Options cc_options{.max_burst = static_cast<size_t>(options_.max_burst)};
  const uint32_t peer_rwnd =
      retransmission_queue_ ? static_cast<uint32_t>(retransmission_queue_->peer_rwnd()) : 0xffff;
  paths_.emplace_back(address, options_.path_mtu, overhead, rto_options, cc_options, peer_rwnd);
  paths_.back().confirmed = confirmed;
  return PathId(static_cast<uint8_t>(paths_.size() - 1));
}

void Association::CreatePaths(std::span<const IpAddress> addresses,
                              const IpAddress& handshake_source) {
  // Section 5.1.2: the source address of the INIT or INIT ACK is a
  // destination too, and confirmed by the handshake itself (section 5.4).
  primary_ = AddPath(handshake_source, /*confirmed=*/true);
  for (const IpAddress& address : addresses) {
    if (paths_.size() >= RetransmissionQueue::kMaxPaths) break;
    // Only families this endpoint can reach.
    const bool reachable =
        std::any_of(context_->local_addresses.begin(), context_->local_addresses.end(),
                    [&](const IpAddress& local) { return local.family == address.family; });
    if (reachable) AddPath(address, /*confirmed=*/false);
  }
}

void Association::StartDataTransfer(Tsn my_initial_tsn, Tsn peer_initial_tsn, uint32_t peer_a_rwnd,
                                    uint16_t outbound_streams, uint16_t inbound_streams,
                                    const StateCookie::Capabilities& peer_capabilities) {
  const StateCookie::Capabilities local = LocalCapabilities(options_);
  // RFC 8260 section 2.2: I-DATA only if both announced it; RFC 3758
  // section 3.3: FORWARD-TSN likewise.
  use_interleaving_ =
      local.Supports(ChunkType::kIData) && peer_capabilities.Supports(ChunkType::kIData);
  partial_reliability_ = local.forward_tsn_supported && peer_capabilities.forward_tsn_supported;
  outbound_streams_ = outbound_streams;
  inbound_streams_ = inbound_streams;
  my_initial_tsn_ = my_initial_tsn;
  window_probe_at_.reset();
  window_probe_interval_ = Duration{};
  sack_since_probe_ = false;

  send_queue_ = std::make_unique<SendQueue>(
      SendQueue::Options{.max_buffered_bytes = options_.send_buffer_bytes,
                         .use_interleaving = use_interleaving_},
      outbound_streams);
  retransmission_queue_ = std::make_unique<RetransmissionQueue>(
      my_initial_tsn, peer_a_rwnd,
      RetransmissionQueue::Options{.use_interleaving = use_interleaving_,
                                   .partial_reliability = partial_reliability_});
  data_tracker_ = std::make_unique<DataTracker>(
      peer_initial_tsn, DataTracker::Options{.sack_every_n_packets = options_.sack_frequency,
                                             .delayed_ack_timeout = options_.sack_delay});
  reassembly_queue_ = std::make_unique<ReassemblyQueue>(
      ReassemblyQueue::Options{.max_buffered_bytes = options_.receive_buffer_bytes,
                               .partial_delivery_point = options_.partial_delivery_point,
                               .use_interleaving = use_interleaving_});
  // Section 7.2.1: congestion control starts from the peer's window.
  for (Path& path : paths_) {
    path.cc = CongestionControl(
        CongestionControl::Options{.max_burst = static_cast<size_t>(options_.max_burst)},
        path.address.family == IpAddress::Family::kIpv4 ? CongestionControl::AddressFamily::kIpv4
                                                        : CongestionControl::AddressFamily::kIpv6,
        Path::MaxDataChunk(path.mtu, path.overhead), peer_a_rwnd);
  }
}

bool Association::VerificationTagAccepted(const SctpPacket& packet) const {
  const VerificationTag tag = packet.header().verification_tag;
  const ChunkView first = *packet.begin();
  switch (first.type) {
    case ChunkType::kInit:
      // Section 8.5.1 A: an INIT travels with tag 0; the INIT handler
      // checks that (the chunk must also be alone, section 6.10).
      return tag == VerificationTag(0);
    case ChunkType::kAbort:
    case ChunkType::kShutdownComplete:
      // Section 8.5.1 B and C: our tag, or the peer's with the T bit. In
      // COOKIE-WAIT the peer's tag is not known (0), and 0 matches nothing.
      return (first.flags & 0x01) != 0 ? peer_tag_ != VerificationTag(0) && tag == peer_tag_
                                       : tag == my_tag_;
    case ChunkType::kCookieEcho:
      // Section 5.2.4: the cookie decides.
      return true;
    case ChunkType::kShutdownAck:
      // Section 8.5.1 E: in COOKIE-WAIT and COOKIE-ECHOED it is out of the
      // blue; the handler answers it as section 8.4 rule 5 says.
      if (state_ == AssociationState::kCookieWait || state_ == AssociationState::kCookieEchoed) {
        return true;
      }
      return tag == my_tag_;
    default:
      return tag == my_tag_;
  }
}

void Association::HandlePacket(TimePoint now, const IpAddress& source, const SctpPacket& packet) {
  ++metrics_.packets_received;
  if (packet.chunk_count() == 0 || !VerificationTagAccepted(packet)) {
    ++metrics_.packets_discarded;
    Finish(now);
    return;
  }
  PacketContext context{.packet = &packet, .source = &source, .path = FindPath(source)};
  if (context.path) {
    // Section 8.2 and 6.4: anything from an address shows it reachable
    // only through heartbeats and acknowledgements, not here.
    control_path_ = context.path;
  }
  for (const ChunkView& view : packet) {
    if (state_ == AssociationState::kClosed) break;
    DispatchChunk(now, view, context);
    if (context.stop) break;
  }
  if (context.has_data && state_ != AssociationState::kClosed) EndOfDataInPacket(now, context);
  Finish(now);
}

void Association::DispatchChunk(TimePoint now, const ChunkView& view, PacketContext& packet) {
  if (view.type == ChunkType::kData) {
    // Nearly every chunk on the data path: parsed on its own, without the
    // variant of every chunk type.
    ParseResult<DataChunk> data = DataChunk::Parse(view.bytes);
    if (!data.ok()) {
      ++metrics_.packets_discarded;
      packet.stop = true;
      return;
    }
    return HandleData(now, data.value(), packet);
  }
  // Section 6.10: INIT, INIT ACK and SHUTDOWN COMPLETE must be alone; a
  // packet that bundles them is not acted on.
  if ((view.type == ChunkType::kInit || view.type == ChunkType::kInitAck ||
       view.type == ChunkType::kShutdownComplete) &&
      packet.packet->chunk_count() > 1) {
    ++metrics_.packets_discarded;
    packet.stop = true;
    return;
  }
  ParseResult<AnyChunk> parsed = ParseChunk(view);
  if (!parsed.ok()) {
    // A malformed chunk ends the packet: what follows cannot be trusted.
    ++metrics_.packets_discarded;
    packet.stop = true;
    return;
  }
  AnyChunk& chunk = parsed.value();
  if (auto* c = std::get_if<DataChunk>(&chunk)) return HandleData(now, *c, packet);
  if (auto* c = std::get_if<IDataChunk>(&chunk)) return HandleIData(now, *c, packet);
  if (auto* c = std::get_if<SackChunk>(&chunk)) return HandleSack(now, *c);
  if (auto* c = std::get_if<InitChunk>(&chunk)) return HandleInit(now, *c, packet);
  if (auto* c = std::get_if<InitAckChunk>(&chunk)) return HandleInitAck(now, *c, packet);
  if (auto* c = std::get_if<CookieEchoChunk>(&chunk)) return HandleCookieEcho(now, *c, packet);
  if (std::holds_alternative<CookieAckChunk>(chunk)) return HandleCookieAck(now);
  if (auto* c = std::get_if<HeartbeatRequestChunk>(&chunk)) return HandleHeartbeat(now, *c, packet);
  if (auto* c = std::get_if<HeartbeatAckChunk>(&chunk)) return HandleHeartbeatAck(now, *c);
  if (auto* c = std::get_if<ShutdownChunk>(&chunk)) return HandleShutdown(now, *c);
  if (std::holds_alternative<ShutdownAckChunk>(chunk)) return HandleShutdownAck(now, packet);
  if (std::holds_alternative<ShutdownCompleteChunk>(chunk)) return HandleShutdownComplete(now);
  if (auto* c = std::get_if<AbortChunk>(&chunk)) {
    packet.stop = true;  // section 9.1: nothing after an ABORT matters
    return HandleAbort(now, *c);
  }
  if (auto* c = std::get_if<ErrorChunk>(&chunk)) return HandleError(now, *c);
  // RFC 3758 section 3.3: without partial reliability both are unknown.
  if (auto* c = std::get_if<ForwardTsnChunk>(&chunk)) {
    if (!partial_reliability_) return HandleUnrecognizedChunk(view, packet);
    return HandleForwardTsn(now, *c, packet);
  }
  if (auto* c = std::get_if<IForwardTsnChunk>(&chunk)) {
    if (!partial_reliability_) return HandleUnrecognizedChunk(view, packet);
    return HandleForwardTsn(now, *c, packet);
  }
  // Everything else was not negotiated (ASCONF, AUTH, RE-CONFIG, ECN, PAD)
  // or is unknown: section 3.2 by the type's upper bits.
  HandleUnrecognizedChunk(view, packet);
}

void Association::HandleUnrecognizedChunk(const ChunkView& view, PacketContext& packet) {
  switch (ActionOf(view.type)) {
    case UnknownChunkAction::kStopAndDiscard:
      packet.stop = true;
      break;
    case UnknownChunkAction::kStopDiscardAndReport:
      packet.stop = true;
      QueueError(UnrecognizedChunkTypeCause{.chunk = view.bytes});
      break;
    case UnknownChunkAction::kSkipAndContinue:
      break;
    case UnknownChunkAction::kSkipContinueAndReport:
      QueueError(UnrecognizedChunkTypeCause{.chunk = view.bytes});
      break;
  }
}

void Association::HandleTimeout(TimePoint now) {
  if (!attached_) return;
  scheduled_wakeup_.reset();
  if (t1_ && *t1_ <= now) {
    t1_.reset();
    HandleT1Expiry(now);
  }
  if (t2_ && *t2_ <= now) {
    t2_.reset();
    HandleT2Expiry(now);
  }
  if (t5_ && *t5_ <= now) {
    t5_.reset();
    HandleT5Expiry(now);
  }
  for (size_t i = 0; i < paths_.size() && state_ != AssociationState::kClosed; ++i) {
    Path& path = paths_[i];
    if (path.t3_rtx && *path.t3_rtx <= now) {
      path.t3_rtx.reset();
      HandleT3Expiry(now, PathId(static_cast<uint8_t>(i)));
    }
    if (state_ != AssociationState::kClosed)
      HandleHeartbeatTimers(now, PathId(static_cast<uint8_t>(i)));
  }
  if (data_tracker_ && state_ != AssociationState::kClosed) HandleDelayedAckTimeout(now);
  // Buffers kept for reuse go back while nothing is queued either way (an
  // idle association wakes up at least for its heartbeats).
  if (send_queue_ && send_queue_->empty() && retransmission_queue_->empty()) {
    send_queue_->ReleaseSpare();
  }
  if (reassembly_queue_ && reassembly_queue_->buffered_bytes() == 0) {
    reassembly_queue_->ReleaseSpare();
  }
  if (autoclose_ && *autoclose_ <= now && state_ == AssociationState::kEstablished) {
    autoclose_.reset();
    Shutdown(now);
    return;
  }
  Finish(now);
}

std::optional<TimePoint> Association::NextDeadline() const {
  if (state_ == AssociationState::kClosed) return std::nullopt;
  std::optional<TimePoint> earliest;
  auto consider = [&](const std::optional<TimePoint>& t) {
    if (t && (!earliest || *t < *earliest)) earliest = t;
  };
  consider(t1_);
  consider(t2_);
  consider(t5_);
  consider(autoclose_);
  consider(window_probe_at_);
  for (const Path& path : paths_) {
    consider(path.t3_rtx);
    consider(path.heartbeat_due);
    consider(path.heartbeat_timeout);
  }
  if (data_tracker_ && !data_tracker_->ShouldSendAck())
    consider(data_tracker_->delayed_ack_deadline());
  return earliest;
}

void Association::RescheduleWakeup() {
  if (!attached_) return;
  const std::optional<TimePoint> next = NextDeadline();
  if (!next || next == scheduled_wakeup_) return;
  scheduled_wakeup_ = next;
  context_->env->ScheduleWakeup(id_, *next);
}

void Association::Finish(TimePoint now) {
  // Deliver first: section 6.2 D puts "the current value of a_rwnd" in the
  // SACK, and what is delivered is no longer in the receive buffer.
  Deliver();
  if (state_ != AssociationState::kClosed) {
    // Messages abandoned by this call leave the send queue before anything
    // is sent (RFC 3758 section 3.5 A3).
    ReportSendProgress();
    SendPending(now);
    ReportSendProgress();
  }
  RescheduleWakeup();
}

void Association::ReportSendProgress() {
  if (!send_queue_) return;
  for (OutgoingMessage& m : send_queue_->TakeFailed()) {
    ReleaseSendBytes(m.payload.size());
    context_->env->Notify(id_, SendFailed{.sent = false,
                                          .stream_id = m.stream_id,
                                          .ppid = m.ppid,
                                          .unordered = m.unordered,
                                          .context = m.context,
                                          .payload = std::move(m.payload)});
  }
  // RFC 3758 section 3.5 A3: all of an abandoned message goes, the
  // fragments not yet sent too.
  DiscardAbandonedRests();
  for (const MessageBodyRef& body : retransmission_queue_->TakeAbandoned()) {
    const OutgoingMessage& m = body->message;
    ReleaseSendBytes(m.payload.size());
    context_->env->Notify(id_, SendFailed{.sent = true,
                                          .stream_id = m.stream_id,
                                          .ppid = m.ppid,
                                          .unordered = m.unordered,
                                          .context = m.context,
                                          .payload = m.payload});
  }
  // RFC 6458 section 6.1.9: nothing queued, nothing in flight.
  const bool dry = send_queue_->empty() && retransmission_queue_->empty();
  if (dry && !was_dry_) context_->env->Notify(id_, SenderDry{});
  was_dry_ = dry;
}

void Association::Deliver() {
  if (!reassembly_queue_) return;
  while (ReceivedMessage* message = reassembly_queue_->Pop()) {
    ++metrics_.messages_delivered;
    if (message->kind != ReceivedMessage::Kind::kMessage) {
      auto same = [&](const ReceivedMessage& m) {
        return m.stream_id == message->stream_id && m.unordered == message->unordered;
      };
      auto it = std::find_if(partial_deliveries_.begin(), partial_deliveries_.end(), same);
      if (message->kind != ReceivedMessage::Kind::kPiece) {
        if (it != partial_deliveries_.end()) partial_deliveries_.erase(it);
      } else if (it == partial_deliveries_.end()) {
        // The first piece; its identity without its bytes.
        partial_deliveries_.push_back(ReceivedMessage{.stream_id = message->stream_id,
                                                      .unordered = message->unordered,
                                                      .ssn = message->ssn,
                                                      .mid = message->mid,
                                                      .ppid = message->ppid,
                                                      .first_tsn = message->first_tsn});
      }
    }
    if (budget_ && !message->payload.empty()) {
      // Delivered bytes are the owner's until the user reads them.
      budget_->Charge(BufferBudget::Kind::kReceive, message->payload.size());
    }
    if (message->kind == ReceivedMessage::Kind::kAborted) {
      context_->env->Notify(
          id_, PartialDeliveryAborted{
                   .stream_id = message->stream_id,
                   .sequence = use_interleaving_ ? message->mid.value() : message->ssn.value()});
    }
    context_->env->Deliver(id_, *message);
  }
}

void Association::AbortPartialDeliveries() {
  for (ReceivedMessage& message : partial_deliveries_) {
    context_->env->Notify(
        id_, PartialDeliveryAborted{
                 .stream_id = message.stream_id,
                 .sequence = use_interleaving_ ? message.mid.value() : message.ssn.value()});
    message.kind = ReceivedMessage::Kind::kAborted;
    context_->env->Deliver(id_, message);
  }
  partial_deliveries_.clear();
}

SendResult Association::Send(TimePoint now, OutgoingMessage message, bool more) {
  const SendParams params = message.params();
  const size_t size = message.payload.size();
  return Queue(now, params, size, more, [&] { return send_queue_->Add(std::move(message)); });
}

SendResult Association::Send(TimePoint now, const SendParams& params,
                             std::span<const uint8_t> payload, bool more) {
  return Queue(now, params, payload.size(), more,
               [&] { return send_queue_->Add(params, payload); });
}

template <typename AddFn>
SendResult Association::Queue(TimePoint now, const SendParams& params, size_t size, bool more,
                              AddFn add) {
  switch (state_) {
    case AssociationState::kCookieWait:
    case AssociationState::kCookieEchoed:
    case AssociationState::kEstablished:
      break;
    default:
      // Section 9.2: no new data once shutdown has begun.
      return SendResult::kNotConnected;
  }
  if (size == 0) return SendResult::kEmpty;
  if ((options_.max_message_size != 0 && size > options_.max_message_size) ||
      size > options_.send_buffer_bytes) {
    return SendResult::kTooLarge;
  }
  // Before the handshake completes the stream count is the one we asked
  // for (section 5.1.1: the peer may grant fewer; such messages then fail).
  const uint16_t streams = send_queue_ ? outbound_streams_ : options_.outbound_streams;
  if (params.stream_id.value() >= streams) return SendResult::kInvalidStream;
  if (!send_queue_) {
    // COOKIE-WAIT: nothing to queue into yet (section 5.1 lets data wait
    // for the handshake; the api layer retries on COMM_UP).
    return SendResult::kWouldBlock;
  }
  if (buffered_send_bytes() + size > options_.send_buffer_bytes) return SendResult::kWouldBlock;
  if (budget_ && !budget_->TryCharge(BufferBudget::Kind::kSend, size)) {
    return SendResult::kWouldBlock;
  }
  switch (add()) {
    case SendQueue::AddResult::kOk:
      break;
    case SendQueue::AddResult::kInvalidStream:
      if (budget_) budget_->Release(BufferBudget::Kind::kSend, size);
      return SendResult::kInvalidStream;
    case SendQueue::AddResult::kEmpty:
      if (budget_) budget_->Release(BufferBudget::Kind::kSend, size);
      return SendResult::kEmpty;
    case SendQueue::AddResult::kFull:
      if (budget_) budget_->Release(BufferBudget::Kind::kSend, size);
      return SendResult::kWouldBlock;
  }
  send_budget_charged_ += size;
  was_dry_ = false;
  if (options_.autoclose) autoclose_ = now + *options_.autoclose;
  if (!more) Finish(now);
  return SendResult::kOk;
}

size_t Association::buffered_send_bytes() const { return send_budget_charged_; }

uint32_t Association::ReceiveWindow() const {
  // Section 6.2: the space left in the receive buffer, bounded by what the
  // owner will still take.
  size_t free_bytes = options_.receive_buffer_bytes;
  if (reassembly_queue_) {
    const size_t used = reassembly_queue_->buffered_bytes();
    free_bytes = used >= free_bytes ? 0 : free_bytes - used;
  }
  if (budget_) free_bytes = std::min(free_bytes, budget_->Available(BufferBudget::Kind::kReceive));
  return static_cast<uint32_t>(std::min<size_t>(free_bytes, 0xffffffffu));
}

void Association::Abort(TimePoint now, std::string_view reason) {
  if (state_ == AssociationState::kClosed) return;
  // Section 9.1: in COOKIE-WAIT the peer knows no tag of ours to check an
  // ABORT against, so nothing is sent.
  if (state_ != AssociationState::kCookieWait) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(reason.data());
    UserInitiatedAbortCause cause{.reason = std::span<const uint8_t>(bytes, reason.size())};
    SendAlone(paths_[primary_.value()].address, peer_tag_,
              AbortChunk{.error_causes = context_->OneCause(cause)});
  }
  const bool established =
      state_ != AssociationState::kCookieWait && state_ != AssociationState::kCookieEchoed;
  Close(now,
        AssociationChange{.state = established ? AssociationChange::State::kCommLost
                                               : AssociationChange::State::kCantStartAssociation,
                          .reason = AssociationChange::Reason::kUserAbort,
                          .error = static_cast<uint16_t>(ErrorCauseCode::kUserInitiatedAbort)},
        static_cast<uint16_t>(ErrorCauseCode::kUserInitiatedAbort));
}

bool Association::SetPrimaryPath(TimePoint now, const IpAddress& address) {
  std::optional<PathId> path = FindPath(address);
  if (!path) return false;
  primary_ = *path;
  context_->env->Notify(
      id_, PeerAddressChange{.address = address, .state = PeerAddressChange::State::kMadePrimary});
  Finish(now);
  return true;
}

void Association::SetNoDelay(TimePoint now, bool nodelay) {
  options_.nodelay = nodelay;
  Finish(now);
}

PathId Association::SelectDataPath() const {
  // Section 6.4: new data goes to the primary path while it is active;
  // otherwise to an active (confirmed) alternate.
  const Path& primary = paths_[primary_.value()];
  if (primary.active && primary.confirmed) return primary_;
  for (size_t i = 0; i < paths_.size(); ++i) {
    if (paths_[i].active && paths_[i].confirmed) return PathId(static_cast<uint8_t>(i));
  }
  return primary_;
}

PathId Association::SelectAlternatePath(PathId last) const {
  // Section 6.4.1: a retransmission SHOULD go to an active destination
  // other than the one the chunk was last sent to, if there is one.
  for (size_t step = 1; step < paths_.size(); ++step) {
    const size_t i = (last.value() + step) % paths_.size();
    if (paths_[i].active && paths_[i].confirmed) return PathId(static_cast<uint8_t>(i));
  }
  return last;
}

void Association::ResetErrorCounters(PathId path) {
  error_count_ = 0;
  Path& p = paths_[path.value()];
  p.error_count = 0;
  if (!p.active) {
    // Section 8.2: an acknowledgement or heartbeat answer brings it back.
    p.active = true;
    context_->env->Notify(id_, PeerAddressChange{.address = p.address,
                                                 .state = PeerAddressChange::State::kAvailable});
  }
}

bool Association::CountPathError(TimePoint now, PathId path) {
  Path& p = paths_[path.value()];
  ++p.error_count;
  if (p.active && p.error_count > options_.path_max_retrans) {
    // Section 8.2: the destination is inactive; tell the user (RFC 6458
    // SCTP_ADDR_UNREACHABLE).
    p.active = false;
    context_->env->Notify(id_, PeerAddressChange{.address = p.address,
                                                 .state = PeerAddressChange::State::kUnreachable});
  }
  // Section 8.1: the association counter counts every such event.
  if (++error_count_ > options_.association_max_retrans) {
    Close(now,
          AssociationChange{.state = AssociationChange::State::kCommLost,
                            .reason = AssociationChange::Reason::kRetransmissionLimit},
          0);
    return false;
  }
  return true;
}

void Association::FailQueuedMessages(uint16_t error) {
  // RFC 6458 section 6.1.11: one SEND_FAILED per message. A message sent
  // in part is both still queued and unacknowledged.
  std::vector<uint64_t> reported;
  if (send_queue_) {
    for (SendQueue::Remaining& remaining : send_queue_->TakeAll()) {
      if (remaining.started) reported.push_back(remaining.serial);
      OutgoingMessage& m = remaining.message;
      context_->env->Notify(id_, SendFailed{.sent = remaining.started,
                                            .error = error,
                                            .stream_id = m.stream_id,
                                            .ppid = m.ppid,
                                            .unordered = m.unordered,
                                            .context = m.context,
                                            .payload = std::move(m.payload)});
    }
  }
  if (retransmission_queue_) {
    for (const MessageBodyRef& body : retransmission_queue_->TakeUnacknowledged()) {
      // A message both sent in part and still queued was reported above.
      if (std::find(reported.begin(), reported.end(), body->serial) != reported.end()) continue;
      const OutgoingMessage& m = body->message;
      context_->env->Notify(id_, SendFailed{.sent = true,
                                            .error = error,
                                            .stream_id = m.stream_id,
                                            .ppid = m.ppid,
                                            .unordered = m.unordered,
                                            .context = m.context,
                                            .payload = m.payload});
    }
  }
  if (budget_ && send_budget_charged_ > 0)
    budget_->Release(BufferBudget::Kind::kSend, send_budget_charged_);
  send_budget_charged_ = 0;
}

void Association::Close(TimePoint now, const AssociationChange& change,
                        uint16_t send_failed_error) {
  (void)now;
  if (state_ == AssociationState::kClosed) return;
  const bool failed = change.state != AssociationChange::State::kShutdownComplete;
  SetState(AssociationState::kClosed, "closed");
  t1_.reset();
  t2_.reset();
  t5_.reset();
  autoclose_.reset();
  window_probe_at_.reset();
  for (Path& path : paths_) {
    path.t3_rtx.reset();
    path.heartbeat_due.reset();
    path.heartbeat_timeout.reset();
  }
  pending_control_.clear();
  Deliver();  // what was complete still reaches the user
  AbortPartialDeliveries();
  if (failed) FailQueuedMessages(send_failed_error);
  AssociationChange event = change;
  event.outbound_streams = outbound_streams_;
  event.inbound_streams = inbound_streams_;
  context_->env->Notify(id_, event);
}

void Association::SetBudget(BufferBudget* budget) {
  if (budget == budget_) return;
  if (budget_) {
    if (send_budget_charged_) budget_->Release(BufferBudget::Kind::kSend, send_budget_charged_);
  }
  budget_ = budget;
  if (budget_) {
    // The bytes exist whatever the new owner's limit: they move as they are.
    if (send_budget_charged_) budget_->Charge(BufferBudget::Kind::kSend, send_budget_charged_);
  }
}

HandoverBlocker Association::CanDetach() const {
  switch (state_) {
    case AssociationState::kClosed:
      return HandoverBlocker::kClosed;
    case AssociationState::kCookieWait:
    case AssociationState::kCookieEchoed:
      return HandoverBlocker::kHandshake;
    default:
      break;
  }
  if (reassembly_queue_ && reassembly_queue_->partial_delivery_in_progress()) {
    return HandoverBlocker::kPartialDelivery;
  }
  return HandoverBlocker::kNone;
}

void Association::Detach() {
  attached_ = false;
  scheduled_wakeup_.reset();
}

void Association::Attach(EndpointContext& context, TimePoint now) {
  context_ = &context;
  attached_ = true;
  // Timers that came due while in transit fire now.
  HandleTimeout(now);
}

bool Association::IsConsistent() const {
  const bool data_transfer = data_tracker_ != nullptr;
  switch (state_) {
    case AssociationState::kClosed:
      return !t1_ && !t2_ && !t5_;
    case AssociationState::kCookieWait:
      return !data_transfer && t1_.has_value() && !init_chunk_.empty();
    case AssociationState::kCookieEchoed:
      return data_transfer && t1_.has_value() && !cookie_.empty();
    case AssociationState::kEstablished:
    case AssociationState::kShutdownPending:
    case AssociationState::kShutdownReceived:
      return data_transfer && !t1_ && !t2_;
    case AssociationState::kShutdownSent:
    case AssociationState::kShutdownAckSent:
      return data_transfer && !t1_ && t2_.has_value();
  }
  return false;
}

}  // namespace sctpdp
