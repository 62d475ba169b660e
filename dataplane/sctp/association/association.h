#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dataplane/sctp/association/association_options.h"
#include "dataplane/sctp/association/association_state.h"
#include "dataplane/sctp/association/endpoint_context.h"
#include "dataplane/sctp/association/environment.h"
#include "dataplane/sctp/association/path.h"
#include "dataplane/sctp/common/icmp_report.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/cookie/state_cookie.h"
#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/packet_builder.h"
#include "dataplane/sctp/packet/sctp_packet.h"
#include "dataplane/sctp/packet/tlv.h"
#include "dataplane/sctp/rx/data_tracker.h"
#include "dataplane/sctp/rx/reassembly_queue.h"
#include "dataplane/sctp/tx/outgoing_message.h"
#include "dataplane/sctp/tx/retransmission_queue.h"
#include "dataplane/sctp/tx/send_queue.h"

namespace sctpdp {

// What Send says (the api layer maps it to errno).
enum class SendResult : uint8_t {
  kOk,
  kInvalidStream,  // EINVAL: stream id not below the negotiated outbound count
  kEmpty,          // EINVAL: no user data (RFC 9260 section 6.1)
  kTooLarge,       // EMSGSIZE: above max_message_size or the send buffer
  kWouldBlock,     // EAGAIN: the send buffer (or the owner's budget) is full
  kNotConnected,   // ENOTCONN / EPIPE: closed, or shutting down
};
std::string_view SendResultName(SendResult result);

// Why an association cannot be detached from its shard right now. Each
// reason clears by itself as the protocol moves on; the data plane retries.
enum class HandoverBlocker : uint8_t {
  kNone,
  kHandshake,        // INIT or COOKIE ECHO outstanding: answers route by tag to this shard
  kPartialDelivery,  // a message is half delivered to the current owner
  kClosed,           // nothing left to move
};
std::string_view HandoverBlockerName(HandoverBlocker blocker);

// Counters for telemetry and tests.
struct AssociationMetrics {
  uint64_t packets_received = 0;
  uint64_t packets_sent = 0;
  uint64_t data_chunks_received = 0;
  uint64_t data_chunks_sent = 0;
  uint64_t retransmitted_chunks = 0;
  uint64_t fast_retransmits = 0;
  uint64_t t3_expiries = 0;
  uint64_t duplicate_tsns_received = 0;
  uint64_t messages_delivered = 0;
  uint64_t packets_discarded = 0;  // wrong tag, malformed chunk, unexpected chunk
  uint64_t path_mtu_decreases = 0;  // by ICMP (section 10 ICMP7)
};

// One SCTP association: the state machine of RFC 9260 (sections 4 and 5 to
// 10) over the engine's components (send and retransmission queues, data
// tracker, reassembly queue, per-path RTO and congestion control). Sans-IO:
// it learns the time from its callers and acts through the Environment.
//
// Entry points (HandlePacket, HandleTimeout, Send, Shutdown, Abort, ...)
// decide first, apply effects after, then send what is due, deliver what
// is ready and reschedule the wakeup; IsConsistent() holds after each.
// Once state() is kClosed the association is finished and its endpoint
// frees it.
//
// The handlers are split by RFC section across association_*.cc files.
class Association {
 public:
  // Section 5.1 A: active open. Sends INIT to the first of
  // `peer_addresses` (the others become paths once the peer confirms them
  // in its INIT ACK) and enters COOKIE-WAIT.
  static std::unique_ptr<Association> Connect(EndpointContext& context, AssociationId id,
                                              const AssociationOptions& options,
                                              std::span<const IpAddress> peer_addresses,
                                              Port peer_port, TimePoint now);

  // Section 5.1.5 step 5: passive open from a COOKIE ECHO the endpoint has
  // verified. The association starts in ESTABLISHED; the endpoint then
  // passes it the packet that carried the cookie, whose COOKIE ECHO it
  // answers with COOKIE ACK (section 5.2.4 action D) and whose bundled DATA
  // it receives.
  static std::unique_ptr<Association> FromCookie(EndpointContext& context, AssociationId id,
                                                 const AssociationOptions& options,
                                                 const StateCookie& cookie, const IpAddress& source,
                                                 TimePoint now);

  ~Association();
  Association(const Association&) = delete;
  Association& operator=(const Association&) = delete;

  // A packet from `source`, one of the peer's addresses, whose common
  // header and checksum the endpoint has checked and whose ports match.
  void HandlePacket(TimePoint now, const IpAddress& source, const SctpPacket& packet);
  // The wakeup asked for through Environment::ScheduleWakeup came.
  void HandleTimeout(TimePoint now);
  // Section 10: an ICMP error about a packet this association sent, whose
  // quoted tag the endpoint has checked (ICMP6); `quotes_init`: the quoted
  // packet is our INIT (tag 0).
  void HandleIcmp(TimePoint now, const IcmpReport& report, bool quotes_init);

  // Queues a message (section 10.1 SEND) and sends what is due. With
  // `more` (MSG_MORE), it only queues: the caller promises more messages
  // and a Flush, so that a burst of small messages leaves in full packets.
  // A poll-mode shard queues a whole iteration's sends this way and
  // flushes once.
  SendResult Send(TimePoint now, OutgoingMessage message, bool more = false);
  // The same with the bytes copied from the caller's buffer (the sockets
  // API's send): no allocation per message once the association's pool of
  // message bodies has warmed up.
  SendResult Send(TimePoint now, const SendParams& params, std::span<const uint8_t> payload,
                  bool more = false);
  // Sends what the queued messages allow (after Send with `more`).
  void Flush(TimePoint now) { Finish(now); }
  // Section 9.2: graceful shutdown once everything queued is acknowledged.
  void Shutdown(TimePoint now);
  // Section 9.1: ABORT with a User-Initiated Abort cause carrying `reason`.
  void Abort(TimePoint now, std::string_view reason);
  // Section 10.1 SETPRIMARY; false if `address` is not a path.
  bool SetPrimaryPath(TimePoint now, const IpAddress& address);
  // Turns SCTP_NODELAY on or off.
  void SetNoDelay(TimePoint now, bool nodelay);

  // The owner of the bytes this association queues; nullptr for none. The
  // charges made so far move to the new owner.
  void SetBudget(BufferBudget* budget);

  // Handover between shards (peeloff). Detach stops talking to the current
  // context; Attach resumes in another one (timers and all state intact).
  HandoverBlocker CanDetach() const;
  void Detach();
  void Attach(EndpointContext& context, TimePoint now);

  AssociationId id() const { return id_; }
  AssociationState state() const { return state_; }
  Port peer_port() const { return peer_port_; }
  VerificationTag local_tag() const { return my_tag_; }
  VerificationTag peer_tag() const { return peer_tag_; }
  const std::vector<Path>& paths() const { return paths_; }
  PathId primary_path() const { return primary_; }
  uint16_t outbound_streams() const { return outbound_streams_; }
  uint16_t inbound_streams() const { return inbound_streams_; }
  bool uses_interleaving() const { return use_interleaving_; }
  const AssociationMetrics& metrics() const { return metrics_; }
  const AssociationOptions& options() const { return options_; }
  // Bytes queued and unacknowledged (SCTP_STATUS sstat_penddata-like).
  size_t buffered_send_bytes() const;
  // The receive window this association announces now (section 6.2).
  uint32_t ReceiveWindow() const;
  // The earliest of the association's timers, if any runs.
  std::optional<TimePoint> NextDeadline() const;

  // Internal invariants (tags, queues and timers against the state).
  bool IsConsistent() const;
  // "assoc 7 ESTABLISHED" for log prefixes.
  std::string LogPrefix() const;
  std::string ToString() const;

 private:
  // Everything a chunk handler needs to know about the packet it is in.
  struct PacketContext {
    const SctpPacket* packet = nullptr;
    const IpAddress* source = nullptr;
    std::optional<PathId> path{};  // the path the source address is, if any
    bool has_data = false;
    bool stop = false;  // a handler asked to stop processing the packet
  };

  Association(EndpointContext& context, AssociationId id, const AssociationOptions& options,
              Port peer_port);

  // --- association.cc: core ---
  void SetState(AssociationState next, std::string_view reason);
  void Finish(TimePoint now);  // after every entry point
  void RescheduleWakeup();
  std::optional<PathId> FindPath(const IpAddress& address) const;
  PathId AddPath(const IpAddress& address, bool confirmed);
  void CreatePaths(std::span<const IpAddress> addresses, const IpAddress& handshake_source);
  // Sets up the data transfer components once both sides' parameters are
  // known (end of section 5.1).
  void StartDataTransfer(Tsn my_initial_tsn, Tsn peer_initial_tsn, uint32_t peer_a_rwnd,
                         uint16_t outbound_streams, uint16_t inbound_streams,
                         const StateCookie::Capabilities& peer_capabilities);
  // Section 8.5 and 8.5.1: whether the packet's verification tag lets it in.
  bool VerificationTagAccepted(const SctpPacket& packet) const;
  void DispatchChunk(TimePoint now, const ChunkView& view, PacketContext& packet);
  // Section 3.2: the action the upper bits of an unrecognized chunk type ask for.
  void HandleUnrecognizedChunk(const ChunkView& view, PacketContext& packet);
  // Section 8.2 / 8.1: counts an unanswered retransmission or heartbeat.
  // Returns false if the association failed as a result.
  bool CountPathError(TimePoint now, PathId path);
  void ResetErrorCounters(PathId path);
  // Section 6.4: the path for new data, and an alternate for a retransmission.
  PathId SelectDataPath() const;
  PathId SelectAlternatePath(PathId last) const;
  // Ends the association: notifications, state CLOSED, timers off.
  void Close(TimePoint now, const AssociationChange& change, uint16_t send_failed_error);
  void FailQueuedMessages(uint16_t error);
  // Reports messages expired or abandoned since the last call (SendFailed)
  // and an idle sender (SenderDry), releasing their send budget.
  void ReportSendProgress();
  void ReleaseSendBytes(size_t bytes);
  void Deliver();
  // RFC 6458 section 6.1.7: messages delivered in part whose end will not
  // come now (the association ends or restarts) are reported aborted.
  void AbortPartialDeliveries();

  // Both Sends: the checks of section 10.1 SEND and the budget, then
  // `add` puts the message into the send queue.
  template <typename AddFn>
  SendResult Queue(TimePoint now, const SendParams& params, size_t size, bool more, AddFn add);

  // --- association_transmit.cc: section 6.1 sending, packets ---
  // Sends what is due: control chunks, SACK, retransmissions and new data,
  // under cwnd, rwnd, Max.Burst and the Nagle rule.
  void SendPending(TimePoint now);
  // Adds the queued control chunks that fit, in order.
  void AddPendingControl(PacketBuilder& builder);
  // Whether new data could go to `path` now (for bundling a delayed SACK).
  bool NewDataMayGo(PathId path) const;
  // Adds retransmissions or new data to a packet for `path`; true if any.
  bool SendDataInto(TimePoint now, PacketBuilder& builder, PathId path);
  // Queues a control chunk to go with the next packet to `path`.
  template <typename Chunk>
  void QueueControl(const Chunk& chunk);
  // A packet with only this chunk, sent now.
  template <typename Chunk>
  void SendAlone(const IpAddress& destination, VerificationTag tag, const Chunk& chunk);
  CommonHeader Header() const;
  // Section 6.1 rule A: the peer's window has no room for a DATA chunk.
  bool PeerWindowClosed() const;
  void Emit(PathId path, std::span<uint8_t> packet);
  void StartT3IfIdle(TimePoint now, PathId path);
  // RFC 3758 C3 to C5: queues a FORWARD TSN (or I-FORWARD TSN, RFC 8260
  // section 2.3.1) for the Advanced.Peer.Ack.Point, unless the same point
  // went less than an RTO ago.
  void MaybeQueueForwardTsn(TimePoint now);
  // RFC 3758 A3: the unsent rest of each abandoned message leaves the send
  // queue and takes a TSN of its own (RetransmissionQueue::AddAbandoned).
  void DiscardAbandonedRests();

  // --- association_handshake.cc: sections 5.1 and 5.2 ---
  void SendInit(TimePoint now);
  void HandleInit(TimePoint now, const InitChunk& init, PacketContext& packet);
  void HandleInitAck(TimePoint now, const InitAckChunk& init_ack, PacketContext& packet);
  void HandleCookieEcho(TimePoint now, const CookieEchoChunk& chunk, PacketContext& packet);
  void HandleCookieAck(TimePoint now);
  void HandleT1Expiry(TimePoint now);
  void SendCookieEcho(TimePoint now);
  // Section 5.2.4 action A: the peer restarted.
  void Restart(TimePoint now, const StateCookie& cookie, const IpAddress& source);
  void EnterEstablished(TimePoint now, AssociationChange::State reason);

  // --- association_data.cc: sections 6.2 (receiving), 6.2.1 (SACK), 6.3 ---
  void HandleData(TimePoint now, const DataChunk& chunk, PacketContext& packet);
  void HandleIData(TimePoint now, const IDataChunk& chunk, PacketContext& packet);
  template <typename Chunk>
  void ReceiveData(TimePoint now, const Chunk& chunk, PacketContext& packet);
  template <typename Chunk>
  void HandleForwardTsn(TimePoint now, const Chunk& chunk, PacketContext& packet);
  void EndOfDataInPacket(TimePoint now, PacketContext& packet);
  void HandleSack(TimePoint now, const SackChunk& sack);
  void ProcessCumulativeAck(TimePoint now, Tsn cumulative_tsn_ack);
  void HandleT3Expiry(TimePoint now, PathId path);
  void HandleDelayedAckTimeout(TimePoint now);

  // --- association_heartbeat.cc: sections 8.3 and 5.4 ---
  void HandleHeartbeat(TimePoint now, const HeartbeatRequestChunk& chunk, PacketContext& packet);
  void HandleHeartbeatAck(TimePoint now, const HeartbeatAckChunk& chunk);
  void HandleHeartbeatTimers(TimePoint now, PathId path);
  void SendHeartbeat(TimePoint now, PathId path);
  void ScheduleHeartbeat(TimePoint now, PathId path);

  // --- association_shutdown.cc: section 9.2 ---
  void HandleShutdown(TimePoint now, const ShutdownChunk& chunk);
  void HandleShutdownAck(TimePoint now, PacketContext& packet);
  void HandleShutdownComplete(TimePoint now);
  void MaybeSendShutdown(TimePoint now);
  void HandleT2Expiry(TimePoint now);
  void HandleT5Expiry(TimePoint now);

  // --- association_error.cc: sections 9.1 and 3.3.10 ---
  void HandleAbort(TimePoint now, const AbortChunk& chunk);
  void HandleError(TimePoint now, const ErrorChunk& chunk);
  // Sends ABORT with one cause and closes (protocol violations, limits).
  template <typename Cause>
  void AbortWithCause(TimePoint now, const Cause& cause, AssociationChange::Reason reason);
  template <typename Cause>
  void QueueError(const Cause& cause);

  // Identity and context.
  EndpointContext* context_;
  AssociationId id_;
  AssociationOptions options_;
  AssociationState state_ = AssociationState::kClosed;
  BufferBudget* budget_ = nullptr;
  bool attached_ = true;

  // Section 5.1: tags and ports.
  Port peer_port_;
  VerificationTag my_tag_{};
  VerificationTag peer_tag_{};
  Tsn my_initial_tsn_{};
  uint16_t outbound_streams_ = 0;
  uint16_t inbound_streams_ = 0;
  bool use_interleaving_ = false;
  bool partial_reliability_ = false;

  // Paths (section 6.4).
  std::vector<Path> paths_;
  PathId primary_{};
  std::optional<PathId> retransmission_path_{};  // section 6.4.1, after a T3-rtx expiry

  // Handshake state: the INIT we sent (retransmitted on T1-init), the
  // cookie we echo (retransmitted on T1-cookie).
  std::vector<uint8_t> init_chunk_;
  std::vector<uint8_t> cookie_;
  int init_retransmissions_ = 0;
  std::optional<TimePoint> t1_{};
  std::optional<uint32_t> cookie_preservative_{};  // ms, after a Stale Cookie error

  // Data transfer (created by StartDataTransfer).
  std::unique_ptr<SendQueue> send_queue_;
  std::unique_ptr<RetransmissionQueue> retransmission_queue_;
  std::unique_ptr<DataTracker> data_tracker_;
  std::unique_ptr<ReassemblyQueue> reassembly_queue_;
  // The messages delivered in part so far (their first piece), at most
  // one per stream and ordering.
  std::vector<ReceivedMessage> partial_deliveries_;
  UnwrappedTsn::Unwrapper peer_tsn_unwrapper_;
  size_t send_budget_charged_ = 0;
  bool was_dry_ = true;
  // RFC 3758: the last Advanced.Peer.Ack.Point sent in a FORWARD TSN, and
  // when the same point may go again.
  Tsn forward_tsn_point_{};
  TimePoint forward_tsn_repeat_{};
  // Section 6.1 rule A, zero window probing while the peer's window stays
  // closed: when the next probe may go, the interval before it (zero while
  // the window is open; one RTO at first, doubled for each probe after),
  // and whether a SACK came back since the last probe.
  std::optional<TimePoint> window_probe_at_{};
  Duration window_probe_interval_{};
  bool sack_since_probe_ = false;

  // Section 8.1: the association's error counter.
  int error_count_ = 0;

  // Shutdown (section 9.2).
  std::optional<TimePoint> t2_{};
  std::optional<TimePoint> t5_{};
  int shutdown_retransmissions_ = 0;
  bool shutdown_chunk_due_ = false;  // SHUTDOWN to (re)send
  bool shutdown_ack_due_ = false;    // SHUTDOWN ACK to (re)send

  // Control chunks waiting for the next packet, serialized back to back.
  std::vector<uint8_t> pending_control_;
  bool cookie_ack_due_ = false;
  std::optional<PathId> control_path_{};

  std::optional<TimePoint> autoclose_{};
  std::optional<TimePoint> scheduled_wakeup_{};

  AssociationMetrics metrics_;
};

// The templates the handlers share.

template <typename Chunk>
void Association::QueueControl(const Chunk& chunk) {
  const size_t offset = pending_control_.size();
  const size_t size = chunk.WireSize();
  pending_control_.resize(offset + PaddedLength(size), 0);
  chunk.SerializeTo(std::span<uint8_t>(pending_control_).subspan(offset, size));
}

template <typename Chunk>
void Association::SendAlone(const IpAddress& destination, VerificationTag tag, const Chunk& chunk) {
  if (context_->SendChunkAlone(id_, destination, peer_port_, tag, chunk)) ++metrics_.packets_sent;
}

template <typename Cause>
void Association::QueueError(const Cause& cause) {
  QueueControl(ErrorChunk{.error_causes = context_->OneCause(cause)});
}

template <typename Cause>
void Association::AbortWithCause(TimePoint now, const Cause& cause,
                                 AssociationChange::Reason reason) {
  const IpAddress& destination = paths_.empty() ? IpAddress{} : paths_[primary_.value()].address;
  SendAlone(destination, peer_tag_, AbortChunk{.error_causes = context_->OneCause(cause)});
  const bool established =
      state_ != AssociationState::kCookieWait && state_ != AssociationState::kCookieEchoed;
  Close(now,
        AssociationChange{.state = established ? AssociationChange::State::kCommLost
                                               : AssociationChange::State::kCantStartAssociation,
                          .reason = reason,
                          .error = static_cast<uint16_t>(Cause::kType)},
        static_cast<uint16_t>(Cause::kType));
}

}  // namespace sctpdp
