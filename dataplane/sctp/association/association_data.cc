// RFC 9260 section 6.2 (receiving DATA), 6.2.1 (processing a SACK), 6.3.3
// (T3-rtx expiry), 6.5 (stream identifiers), RFC 8260 (I-DATA) and RFC 3758
// section 3.6 (receiving FORWARD TSN).
#include <algorithm>
#include <type_traits>

#include "dataplane/sctp/association/association.h"
#include "dataplane/sctp/packet/error_cause/invalid_stream_identifier_cause.h"
#include "dataplane/sctp/packet/error_cause/no_user_data_cause.h"
#include "dataplane/sctp/packet/error_cause/protocol_violation_cause.h"

namespace sctpdp {
namespace {

ProtocolViolationCause Violation(std::string_view what) {
  return ProtocolViolationCause{.additional_information = std::span<const uint8_t>(
                                    reinterpret_cast<const uint8_t*>(what.data()), what.size())};
}

}  // namespace

void Association::HandleData(TimePoint now, const DataChunk& chunk, PacketContext& packet) {
  if (use_interleaving_) {
    // RFC 8260 section 2.2.3: DATA after I-DATA was negotiated.
    packet.stop = true;
    AbortWithCause(now, Violation("DATA chunk on an I-DATA association"),
                   AssociationChange::Reason::kProtocolViolation);
    return;
  }
  ReceiveData(now, chunk, packet);
}

void Association::HandleIData(TimePoint now, const IDataChunk& chunk, PacketContext& packet) {
  if (!use_interleaving_) {
    packet.stop = true;
    AbortWithCause(now, Violation("I-DATA chunk without negotiation"),
                   AssociationChange::Reason::kProtocolViolation);
    return;
  }
  ReceiveData(now, chunk, packet);
}

template <typename Chunk>
void Association::ReceiveData(TimePoint now, const Chunk& chunk, PacketContext& packet) {
  switch (state_) {
    case AssociationState::kEstablished:
    case AssociationState::kShutdownPending:
    case AssociationState::kShutdownSent:
    case AssociationState::kShutdownReceived:
      break;
    default:
      // Before the handshake or after SHUTDOWN ACK nothing is received.
      return;
  }
  packet.has_data = true;
  ++metrics_.data_chunks_received;
  const bool immediate = chunk.flags.immediate_ack;
  if (chunk.payload.empty()) {
    // Section 6.2: a DATA chunk without user data aborts the association.
    packet.stop = true;
    AbortWithCause(now, NoUserDataCause{.tsn = chunk.tsn},
                   AssociationChange::Reason::kProtocolViolation);
    return;
  }
  if (chunk.stream_id.value() >= inbound_streams_) {
    // Section 6.5: acknowledge the TSN, drop the chunk, report the stream.
    if (data_tracker_->Observe(chunk.tsn, immediate) == DataTracker::ObserveResult::kNew) {
      QueueError(InvalidStreamIdentifierCause{.stream_id = chunk.stream_id});
    }
    return;
  }
  if (!data_tracker_->IsNew(chunk.tsn)) {
    // A duplicate (reported in the next SACK) or too far away (dropped,
    // answered by an immediate SACK).
    if (data_tracker_->Observe(chunk.tsn, immediate) == DataTracker::ObserveResult::kDuplicate) {
      ++metrics_.duplicate_tsns_received;
    }
    return;
  }
  const UnwrappedTsn tsn = peer_tsn_unwrapper_.Unwrap(chunk.tsn);
  switch (reassembly_queue_->Add(tsn, chunk)) {
    case ReassemblyQueue::AddResult::kAccepted:
    case ReassemblyQueue::AddResult::kDuplicate:
      data_tracker_->Observe(chunk.tsn, immediate);
      break;
    case ReassemblyQueue::AddResult::kRefused:
      // Section 6.2: no room; the chunk is dropped unacknowledged and the
      // SACK that says so goes at once.
      data_tracker_->ForceImmediateSack();
      break;
    case ReassemblyQueue::AddResult::kInvalid:
      packet.stop = true;
      AbortWithCause(now, Violation("I-DATA fragment numbering"),
                     AssociationChange::Reason::kProtocolViolation);
      break;
  }
}

template <typename Chunk>
void Association::HandleForwardTsn(TimePoint now, const Chunk& chunk, PacketContext& packet) {
  if (!data_tracker_) return;
  // RFC 8260 section 2.3.1: FORWARD-TSN goes with DATA and I-FORWARD-TSN
  // with I-DATA; the other one aborts the association.
  if (use_interleaving_ != std::is_same_v<Chunk, IForwardTsnChunk>) {
    packet.stop = true;
    AbortWithCause(now, Violation("FORWARD-TSN variant not negotiated"),
                   AssociationChange::Reason::kProtocolViolation);
    return;
  }
  packet.has_data = true;
  // RFC 3758 section 3.6: move the cumulative TSN ack point, then let the
  // streams skip what was abandoned.
  // A FORWARD TSN at the cumulative TSN ack (every fragment sent of the
  // abandoned message arrived) is out of date for the TSNs, but its stream
  // entries still tell the reassembly to drop that partial message and
  // move on; without them the stream would wait for it for ever.
  const DataTracker::ForwardTsnResult result =
      data_tracker_->HandleForwardTsn(chunk.new_cumulative_tsn);
  if (result == DataTracker::ForwardTsnResult::kAdvanced ||
      (result == DataTracker::ForwardTsnResult::kOutOfDate &&
       data_tracker_->cumulative_tsn_ack() == chunk.new_cumulative_tsn)) {
    reassembly_queue_->HandleForwardTsn(peer_tsn_unwrapper_.Unwrap(chunk.new_cumulative_tsn),
                                        chunk.skipped_streams);
  }
}

template void Association::HandleForwardTsn(TimePoint, const ForwardTsnChunk&, PacketContext&);
template void Association::HandleForwardTsn(TimePoint, const IForwardTsnChunk&, PacketContext&);

void Association::EndOfDataInPacket(TimePoint now, PacketContext& packet) {
  (void)packet;
  data_tracker_->ObservePacketEnd(now);
  if (state_ == AssociationState::kShutdownSent) {
    // Section 9.2: DATA in SHUTDOWN-SENT is answered at once with a SACK
    // and the SHUTDOWN again, restarting T2-shutdown.
    data_tracker_->ForceImmediateSack();
    shutdown_chunk_due_ = true;
    t2_ = now + paths_[primary_.value()].rto.rto();
  }
}

void Association::HandleDelayedAckTimeout(TimePoint now) {
  const std::optional<TimePoint> deadline = data_tracker_->delayed_ack_deadline();
  if (deadline && *deadline <= now) data_tracker_->HandleDelayedAckTimeout(now);
}

void Association::HandleSack(TimePoint now, const SackChunk& sack) {
  switch (state_) {
    case AssociationState::kClosed:
    case AssociationState::kCookieWait:
    case AssociationState::kCookieEchoed:
      return;
    default:
      break;
  }
  RetransmissionQueue& rtx = *retransmission_queue_;
  // Section 7.2.4: miss indications count differently in fast recovery.
  const bool in_fast_recovery = std::any_of(
      paths_.begin(), paths_.end(), [](const Path& path) { return path.cc.in_fast_recovery(); });
  const RetransmissionQueue::SackOutcome outcome = rtx.HandleSack(now, sack, in_fast_recovery);
  if (outcome.kind == RetransmissionQueue::SackOutcome::Kind::kOutOfDate) return;
  if (outcome.kind == RetransmissionQueue::SackOutcome::Kind::kInvalid) {
    AbortWithCause(now, Violation("SACK acknowledges a TSN not sent"),
                   AssociationChange::Reason::kProtocolViolation);
    return;
  }
  // Section 6.3.1 C3 first, so that R3 below restarts T3-rtx "with its
  // current RTO", the one this SACK's measurement gives.
  if (outcome.rtt) paths_[outcome.rtt_path.value()].rto.ObserveRtt(*outcome.rtt);
  // Section 6.1 rule A: the peer is alive while its window is closed.
  sack_since_probe_ = true;
  for (size_t i = 0; i < paths_.size(); ++i) {
    const PathId id(static_cast<uint8_t>(i));
    Path& path = paths_[i];
    const RetransmissionQueue::PathAck& ack = outcome.paths[i];
    // Sections 8.1 and 8.2: acknowledged data resets the error counters.
    // Section 6.1 A: so does a SACK closing the window while a probe is
    // out, since "unacknowledged window probes SHOULD NOT increment the
    // error counter" while SACKs keep coming.
    if (ack.bytes_acked > 0 || (sack.a_rwnd == 0 && rtx.has_outstanding(id))) {
      ResetErrorCounters(id);
    }
    path.cc.OnSackReceived(
        outcome.cumulative_tsn_ack,
        CongestionControl::SackFacts{.bytes_acked = ack.bytes_acked,
                                     .cum_ack_advanced = outcome.cum_ack_advanced,
                                     .flight_size_before = ack.flight_size_before,
                                     .all_data_acked = ack.all_acked});
    if (ack.fast_retransmit) path.cc.OnFastRetransmit(outcome.highest_outstanding_tsn);
    // Section 6.3.2 R2 and R3.
    if (!rtx.has_outstanding(id)) {
      path.t3_rtx.reset();
    } else if (outcome.cum_ack_advanced && ack.bytes_acked > 0) {
      path.t3_rtx = now + path.rto.rto();
    }
  }
  ReleaseSendBytes(outcome.acked_message_bytes);
  if (state_ == AssociationState::kShutdownPending ||
      state_ == AssociationState::kShutdownReceived) {
    MaybeSendShutdown(now);
  }
}

void Association::ProcessCumulativeAck(TimePoint now, Tsn cumulative_tsn_ack) {
  // Section 9.2: a SHUTDOWN acknowledges like a SACK without gap blocks;
  // the window stays as last announced.
  if (!retransmission_queue_) return;
  const size_t window =
      retransmission_queue_->peer_rwnd() + retransmission_queue_->outstanding_bytes();
  HandleSack(now,
             SackChunk{.cumulative_tsn_ack = cumulative_tsn_ack,
                       .a_rwnd = static_cast<uint32_t>(std::min<size_t>(window, 0xffffffffu))});
}

void Association::ReleaseSendBytes(size_t bytes) {
  bytes = std::min(bytes, send_budget_charged_);
  if (bytes == 0) return;
  send_budget_charged_ -= bytes;
  if (budget_) budget_->Release(BufferBudget::Kind::kSend, bytes);
}

void Association::HandleT3Expiry(TimePoint now, PathId path_id) {
  if (!retransmission_queue_) return;
  Path& path = paths_[path_id.value()];
  if (!retransmission_queue_->has_outstanding(path_id)) {
    // RFC 3758 section 3.5 C5 and A5: the timer ran for a FORWARD TSN
    // alone. While the peer has not acknowledged up to the
    // Advanced.Peer.Ack.Point, the FORWARD TSN goes again, like a
    // retransmission: RTO backed off, one error counted.
    if (partial_reliability_ && retransmission_queue_->AbandonExpired(now)) {
      ++metrics_.t3_expiries;
      path.rto.BackOff();
      forward_tsn_repeat_ = now;  // SendPending queues it again at once
      CountPathError(now, path_id);
    }
    return;
  }
  ++metrics_.t3_expiries;
  // Section 6.1 rule A: an unanswered zero window probe, while SACKs keep
  // coming, neither counts as an error nor touches cwnd; the RTO still
  // backs off, spacing the probes out exponentially.
  const bool probe_answered = window_probe_interval_ != Duration{} && sack_since_probe_;
  sack_since_probe_ = false;
  // Section 6.3.3 E1 (and section 7.2.3), E2, E3.
  if (!probe_answered) path.cc.OnRetransmissionTimeout();
  path.rto.BackOff();
  retransmission_queue_->HandleT3Expiry(path_id);
  // Section 6.4.1: retransmit to another active destination if there is one.
  const PathId alternate = SelectAlternatePath(path_id);
  if (alternate != path_id) retransmission_path_ = alternate;
  // Sections 8.1 and 8.2: a timeout counts against path and association;
  // the retransmissions go out through SendPending (to an alternate path
  // once this one is inactive, section 6.4.1).
  if (!probe_answered) CountPathError(now, path_id);
}

}  // namespace sctpdp
