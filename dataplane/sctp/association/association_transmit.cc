// RFC 9260 section 6.1 (transmission of DATA chunks), 6.10 (bundling) and
// 6.3.2 (T3-rtx rules R1 to R3): what leaves in which packet.
#include <algorithm>

#include "dataplane/sctp/association/association.h"
#include "dataplane/sctp/packet/chunk/cookie_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/forward_tsn_chunk.h"
#include "dataplane/sctp/packet/chunk/i_forward_tsn_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_chunk.h"
#include "dataplane/sctp/packet/chunk/unknown_chunk.h"

namespace sctpdp {
namespace {

// Bounds the packets one call sends; congestion control bounds them anyway
// (Max.Burst), this keeps a misconfiguration from spinning.
constexpr int kMaxPacketsPerCall = 64;

// The smallest payload worth starting a fragment for at the end of a packet.
constexpr size_t kMinFragmentPayload = 32;

template <typename Chunk>
bool AddOrStop(PacketBuilder& builder, const Chunk& chunk) {
  return builder.Add(chunk) == PacketBuilder::AddResult::kAdded;
}

}  // namespace

CommonHeader Association::Header() const {
  return CommonHeader{.source_port = context_->local_port,
                      .destination_port = peer_port_,
                      .verification_tag = peer_tag_};
}

bool Association::PeerWindowClosed() const {
  const size_t header_size = use_interleaving_ ? IDataChunk::kHeaderSize : DataChunk::kHeaderSize;
  return retransmission_queue_->peer_rwnd() < header_size + 1;
}

void Association::Emit(PathId path, std::span<uint8_t> packet) {
  ++metrics_.packets_sent;
  context_->env->SendPacket(id_, paths_[path.value()].address, packet);
}

void Association::StartT3IfIdle(TimePoint now, PathId path) {
  // Section 6.3.2 R1.
  Path& p = paths_[path.value()];
  if (!p.t3_rtx) p.t3_rtx = now + p.rto.rto();
}

void Association::SendPending(TimePoint now) {
  if (!attached_) return;
  switch (state_) {
    case AssociationState::kClosed:
    case AssociationState::kCookieWait:
      return;
    case AssociationState::kCookieEchoed:
      // Only the COOKIE ECHO (sent by its own path) may precede the
      // handshake's completion; control chunks wait for it.
      return;
    default:
      break;
  }
  // RFC 3758 A5 and C1 to C3: messages past their lifetime are abandoned;
  // while the Advanced.Peer.Ack.Point is ahead of the peer's cumulative TSN
  // ack (abandoned chunks the peer may never have received), a FORWARD TSN
  // goes with the next packet. Without it the peer waits for those TSNs for
  // ever.
  if (partial_reliability_ && retransmission_queue_->AbandonExpired(now)) {
    MaybeQueueForwardTsn(now);
  }
  for (int packets = 0; packets < kMaxPacketsPerCall; ++packets) {
    // Section 6.4.1: after a timeout, retransmissions go to an alternate
    // active destination while there are any.
    const bool retransmitting = retransmission_path_ && retransmission_queue_ &&
                                retransmission_queue_->has_chunks_to_retransmit();
    if (!retransmitting) retransmission_path_.reset();
    const PathId data_path = retransmitting ? *retransmission_path_ : SelectDataPath();
    const bool control_due = cookie_ack_due_ || !pending_control_.empty() || shutdown_chunk_due_ ||
                             shutdown_ack_due_ || (data_tracker_ && data_tracker_->ShouldSendAck());
    // Section 6.4: replies go where the chunk they answer came from.
    const PathId path = control_due && control_path_ ? *control_path_ : data_path;
    PacketBuilder builder(context_->scratch.packet, Header(),
                          paths_[path.value()].max_packet_size());

    if (cookie_ack_due_ && AddOrStop(builder, CookieAckChunk{})) cookie_ack_due_ = false;
    // A SACK due now, or a delayed one that may as well ride along with
    // data (section 6.2 lets it go early).
    const bool sack_pending =
        data_tracker_ &&
        (data_tracker_->ShouldSendAck() ||
         (data_tracker_->delayed_ack_deadline() && path == data_path && NewDataMayGo(path)));
    if (sack_pending) {
      SackChunk sack = data_tracker_->CreateSack(ReceiveWindow(), context_->scratch.gap_blocks,
                                                 context_->scratch.duplicate_tsns);
      builder.Add(sack);
    }
    AddPendingControl(builder);
    if (shutdown_ack_due_ && AddOrStop(builder, ShutdownAckChunk{})) shutdown_ack_due_ = false;
    if (shutdown_chunk_due_ &&
        AddOrStop(builder,
                  ShutdownChunk{.cumulative_tsn_ack = data_tracker_->cumulative_tsn_ack()})) {
      shutdown_chunk_due_ = false;
    }

    bool data_added = false;
    if (path == data_path) data_added = SendDataInto(now, builder, path);
    if (builder.empty()) break;
    Emit(path, builder.Finish(context_->checksum_mode));
    if (data_added) {
      StartT3IfIdle(now, path);
      // Section 8.3: data makes the path not idle, so its heartbeat moves
      // on; to the same time for every packet sent at one time.
      std::optional<TimePoint>& moved = paths_[path.value()].heartbeat_moved_by_data;
      if (moved != now) {
        moved = now;
        ScheduleHeartbeat(now, path);
      }
    }
    if (!data_added && !control_due) break;
  }
}

void Association::DiscardAbandonedRests() {
  for (const MessageBodyRef& body : retransmission_queue_->abandoned()) {
    std::optional<OutgoingFragment> rest = send_queue_->Discard(body->message.stream_id, body->serial);
    if (rest) retransmission_queue_->AddAbandoned(std::move(*rest));
  }
}

void Association::MaybeQueueForwardTsn(TimePoint now) {
  // The point must cover the rests of messages abandoned just now.
  DiscardAbandonedRests();
  std::vector<RetransmissionQueue::Skipped>& skipped = context_->scratch.skipped;
  const Tsn point = retransmission_queue_->ForwardTsnPoint(skipped);
  // C3 asks for one at every SACK; F2's implementation note allows waiting
  // an RTT before repeating a point. The wait keeps a peer that answers each
  // FORWARD TSN it cannot use with a SACK (section 3.6) from starting an
  // endless exchange; a lost one goes again at the latest when the T3-rtx
  // that C5 keeps running expires (A5).
  // C5: a timer runs while the point is ahead, also after a SACK stopped
  // it (section 6.3.2 R2: nothing outstanding) while this FORWARD TSN waits
  // to be repeated; its expiry repeats it (A5).
  const PathId path = SelectDataPath();
  StartT3IfIdle(now, path);
  if (point == forward_tsn_point_ && now < forward_tsn_repeat_) return;
  forward_tsn_point_ = point;
  forward_tsn_repeat_ = now + paths_[path.value()].rto.rto();
  // Rare (a message abandoned), so the wire lists are built on the spot.
  if (use_interleaving_) {
    std::vector<IForwardTsnChunk::SkippedStream> streams;
    streams.reserve(skipped.size());
    for (const RetransmissionQueue::Skipped& s : skipped) {
      streams.push_back(IForwardTsnChunk::SkippedStream{
          .stream_id = s.stream_id, .unordered = s.unordered, .mid = Mid(s.sequence)});
    }
    QueueControl(
        IForwardTsnChunk{.new_cumulative_tsn = point,
                         .skipped_streams = WireList<IForwardTsnChunk::SkippedStream>(streams)});
  } else {
    std::vector<ForwardTsnChunk::SkippedStream> streams;
    streams.reserve(skipped.size());
    for (const RetransmissionQueue::Skipped& s : skipped) {
      streams.push_back(ForwardTsnChunk::SkippedStream{
          .stream_id = s.stream_id, .ssn = Ssn(static_cast<uint16_t>(s.sequence))});
    }
    QueueControl(
        ForwardTsnChunk{.new_cumulative_tsn = point,
                        .skipped_streams = WireList<ForwardTsnChunk::SkippedStream>(streams)});
  }
}

void Association::AddPendingControl(PacketBuilder& builder) {
  // Queued control chunks, in order; what does not fit waits.
  size_t offset = 0;
  while (offset < pending_control_.size()) {
    std::span<const uint8_t> rest = std::span<const uint8_t>(pending_control_).subspan(offset);
    const size_t length = PeekTlvLength(rest);
    ParseResult<UnknownChunk> chunk = UnknownChunk::Parse(rest.first(length));
    if (!chunk.ok() || !AddOrStop(builder, chunk.value())) break;
    offset += PaddedLength(length);
  }
  pending_control_.erase(pending_control_.begin(), pending_control_.begin() + offset);
}

bool Association::NewDataMayGo(PathId path_id) const {
  // The cheap tests of SendDataInto: data queued, room in cwnd and in the
  // peer's window, and not held by the Nagle rule. A delayed SACK rides
  // along only then; otherwise it would go alone, early, for nothing.
  if (!send_queue_ || send_queue_->empty() || !retransmission_queue_) return false;
  const Path& path = paths_[path_id.value()];
  const RetransmissionQueue& rtx = *retransmission_queue_;
  const size_t flight = rtx.outstanding_bytes(path_id);
  if (flight >= path.cc.SendWindow(flight) || PeerWindowClosed()) return false;
  return options_.nodelay || rtx.outstanding_bytes() == 0 ||
         send_queue_->buffered_bytes() + DataChunk::kHeaderSize >= path.cc.pmdcs();
}

bool Association::SendDataInto(TimePoint now, PacketBuilder& builder, PathId path_id) {
  if (!retransmission_queue_) return false;
  switch (state_) {
    case AssociationState::kEstablished:
    case AssociationState::kShutdownPending:
    case AssociationState::kShutdownReceived:
      break;
    default:
      // Section 9.2: SHUTDOWN-SENT and SHUTDOWN-ACK-SENT still retransmit.
      if (state_ != AssociationState::kShutdownSent &&
          state_ != AssociationState::kShutdownAckSent) {
        return false;
      }
      break;
  }
  Path& path = paths_[path_id.value()];
  RetransmissionQueue& rtx = *retransmission_queue_;
  const size_t header_size = use_interleaving_ ? IDataChunk::kHeaderSize : DataChunk::kHeaderSize;
  std::vector<RetransmissionQueue::ChunkToSend>& chunks = context_->scratch.retransmissions;
  bool added = false;

  auto add_chunk = [&](Tsn tsn, const OutgoingFragment& fragment) {
    const DataFlags flags{.immediate_ack = fragment.immediate_ack,
                          .unordered = fragment.unordered,
                          .beginning = fragment.beginning,
                          .end = fragment.end};
    if (use_interleaving_) {
      builder.Add(IDataChunk{.flags = flags,
                             .tsn = tsn,
                             .stream_id = fragment.stream_id,
                             .mid = fragment.mid,
                             .ppid = fragment.ppid,
                             .fsn = fragment.fsn,
                             .payload = fragment.payload()});
    } else {
      builder.Add(DataChunk{.flags = flags,
                            .tsn = tsn,
                            .stream_id = fragment.stream_id,
                            .ssn = fragment.ssn,
                            .ppid = fragment.ppid,
                            .payload = fragment.payload()});
    }
    ++metrics_.data_chunks_sent;
    added = true;
  };

  // Section 7.2.4 step 3: fast retransmissions first, in one packet,
  // whatever cwnd says.
  if (rtx.has_fast_retransmits()) {
    rtx.CollectRetransmissions(now, path_id, builder.remaining(), /*fast_only=*/true, chunks);
    for (const RetransmissionQueue::ChunkToSend& chunk : chunks) {
      add_chunk(chunk.tsn, *chunk.fragment);
      ++metrics_.retransmitted_chunks;
      ++metrics_.fast_retransmits;
    }
    if (added) {
      path.cc.OnDataSent(now);
      return true;
    }
  }

  path.cc.ApplyIdleDecay(now, path.rto.rto());
  const size_t flight = rtx.outstanding_bytes(path_id);
  // Section 6.1 rule B with rule D's Max.Burst limit.
  const size_t window = path.cc.SendWindow(flight);
  if (flight >= window) return false;
  if (path.cc.limited_to_one_packet() && flight > 0) return false;
  size_t room = std::min(builder.remaining(), window - flight + path.cc.pmdcs());

  // Section 6.1 rule C: retransmissions before new data.
  if (rtx.has_chunks_to_retransmit()) {
    rtx.CollectRetransmissions(now, path_id, room, /*fast_only=*/false, chunks);
    for (const RetransmissionQueue::ChunkToSend& chunk : chunks) {
      add_chunk(chunk.tsn, *chunk.fragment);
      ++metrics_.retransmitted_chunks;
    }
    if (added) {
      path.cc.OnDataSent(now);
      return true;
    }
  }

  // New data.
  if (!send_queue_ || send_queue_->empty()) {
    window_probe_at_.reset();
    return added;
  }
  // Section 6.1 rule A: nothing new while the peer's window has no room
  // for a chunk, except a zero window probe when nothing is in flight: the
  // only way to learn of a window update SACK that was lost. The first
  // probe goes one RTO after the window was found closed, each later one
  // after twice the interval before it (up to RTO.Max); T3-rtx spaces out
  // the retransmissions of a probe the peer dropped.
  const bool nothing_outstanding = rtx.outstanding_bytes() == 0;
  const bool window_closed = PeerWindowClosed();
  if (!window_closed) {
    window_probe_at_.reset();
    window_probe_interval_ = Duration{};
  } else if (!nothing_outstanding) {
    return added;
  } else if (!window_probe_at_) {
    window_probe_interval_ = window_probe_interval_ == Duration{}
                                 ? path.rto.rto()
                                 : std::min(2 * window_probe_interval_, options_.rto_max);
    window_probe_at_ = now + window_probe_interval_;
    return added;
  } else if (*window_probe_at_ > now) {
    return added;
  }
  // Section 6.1: the Nagle-like rule, unless the user turned it off.
  if (!options_.nodelay && !nothing_outstanding &&
      send_queue_->buffered_bytes() + header_size < path.cc.pmdcs()) {
    return added;
  }
  size_t rwnd = rtx.peer_rwnd();
  const bool probe = window_closed;
  if (probe) {
    window_probe_at_.reset();
    sack_since_probe_ = false;
  }
  while (!send_queue_->empty()) {
    const size_t space = std::min(builder.remaining(), room);
    if (space < PaddedLength(header_size + 1)) break;
    size_t max_payload = space - header_size;
    // Do not start a small fragment at the end of a packet when a full
    // one can go in the next (silly window avoidance, section 6.2.1).
    if (max_payload < kMinFragmentPayload && send_queue_->buffered_bytes() > max_payload) break;
    if (!probe) {
      if (rwnd < header_size + 1) break;
      max_payload = std::min(max_payload, rwnd);
    }
    // Section 6.9 allows any cut, but a message that fits in a packet of
    // its own goes whole in the next one rather than in two pieces.
    const size_t next = send_queue_->NextMessageRemaining();
    if (added && next > max_payload && next + header_size <= path.cc.pmdcs()) break;
    std::optional<OutgoingFragment> fragment = send_queue_->Produce(now, max_payload);
    if (!fragment) break;
    // RFC 3758 A3: the rest of an abandoned message is not sent, but it
    // takes a TSN that the FORWARD TSN then covers (see AddAbandoned).
    if (fragment->body->abandoned) {
      std::optional<OutgoingFragment> rest =
          fragment->end ? std::move(fragment)
                        : send_queue_->Discard(fragment->stream_id, fragment->body->serial);
      if (rest) {
        rest->length = 0;
        rest->end = true;
        rtx.AddAbandoned(std::move(*rest));
      }
      continue;
    }
    const size_t chunk_size = rtx.ChunkSize(*fragment);
    // AddSent assigns next_tsn(); the chunk is written first so that the
    // fragment can move into the queue.
    add_chunk(rtx.next_tsn(), *fragment);
    rtx.AddSent(now, path_id, std::move(*fragment));
    room = room > chunk_size ? room - chunk_size : 0;
    rwnd = rwnd > chunk_size ? rwnd - chunk_size : 0;
    if (probe) break;
  }
  if (added) path.cc.OnDataSent(now);
  return added;
}

}  // namespace sctpdp
