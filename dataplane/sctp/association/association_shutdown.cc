// RFC 9260 section 9.2: graceful shutdown, T2-shutdown and
// T5-shutdown-guard; section 8.4 rule 5 for a SHUTDOWN ACK before setup.
#include "dataplane/sctp/association/association.h"
#include "dataplane/sctp/packet/chunk/shutdown_complete_chunk.h"

namespace sctpdp {

void Association::Shutdown(TimePoint now) {
  switch (state_) {
    case AssociationState::kCookieWait:
    case AssociationState::kCookieEchoed:
      // Nothing was exchanged yet: the attempt just ends (the peer's
      // half-open state times out or is aborted by its cookie's staleness).
      Close(now,
            AssociationChange{.state = AssociationChange::State::kCantStartAssociation,
                              .reason = AssociationChange::Reason::kUserAbort},
            0);
      break;
    case AssociationState::kEstablished:
      SetState(AssociationState::kShutdownPending, "user shutdown");
      MaybeSendShutdown(now);
      break;
    default:
      break;
  }
  Finish(now);
}

void Association::MaybeSendShutdown(TimePoint now) {
  // Section 9.2: SHUTDOWN (or SHUTDOWN ACK) only once everything queued is
  // sent and acknowledged.
  if (!send_queue_->empty() || !retransmission_queue_->empty()) return;
  const Duration rto = paths_[primary_.value()].rto.rto();
  if (state_ == AssociationState::kShutdownPending) {
    SetState(AssociationState::kShutdownSent, "all data acknowledged");
    shutdown_chunk_due_ = true;
    t2_ = now + rto;
    t5_ = now + options_.shutdown_guard.value_or(5 * options_.rto_max);
  } else if (state_ == AssociationState::kShutdownReceived) {
    SetState(AssociationState::kShutdownAckSent, "all data acknowledged");
    shutdown_ack_due_ = true;
    t2_ = now + rto;
  }
}

void Association::HandleShutdown(TimePoint now, const ShutdownChunk& chunk) {
  switch (state_) {
    case AssociationState::kEstablished:
    case AssociationState::kShutdownPending:
      ProcessCumulativeAck(now, chunk.cumulative_tsn_ack);
      if (state_ == AssociationState::kClosed) return;
      SetState(AssociationState::kShutdownReceived, "SHUTDOWN received");
      autoclose_.reset();
      context_->env->Notify(id_, ShutdownEvent{});
      MaybeSendShutdown(now);
      break;
    case AssociationState::kShutdownReceived:
      ProcessCumulativeAck(now, chunk.cumulative_tsn_ack);
      break;
    case AssociationState::kShutdownSent:
      // Section 9.2: both sides shut down at once; answer with SHUTDOWN ACK.
      ProcessCumulativeAck(now, chunk.cumulative_tsn_ack);
      if (state_ == AssociationState::kClosed) return;
      SetState(AssociationState::kShutdownAckSent, "SHUTDOWN collision");
      shutdown_chunk_due_ = false;
      shutdown_ack_due_ = true;
      t2_ = now + paths_[primary_.value()].rto.rto();
      break;
    default:
      break;
  }
}

void Association::HandleShutdownAck(TimePoint now, PacketContext& packet) {
  switch (state_) {
    case AssociationState::kCookieWait:
    case AssociationState::kCookieEchoed: {
      // Sections 8.5.1 E and 8.4 rule 5: out of the blue; SHUTDOWN
      // COMPLETE with the T bit and the packet's own tag.
      packet.stop = true;
      SendAlone(*packet.source, packet.packet->header().verification_tag,
                ShutdownCompleteChunk{.tag_reflected = true});
      return;
    }
    case AssociationState::kShutdownSent:
    case AssociationState::kShutdownAckSent:
      // Section 9.2: SHUTDOWN COMPLETE, and the association is gone.
      SendAlone(*packet.source, peer_tag_, ShutdownCompleteChunk{});
      Close(now, AssociationChange{.state = AssociationChange::State::kShutdownComplete}, 0);
      return;
    default:
      return;
  }
}

void Association::HandleShutdownComplete(TimePoint now) {
  if (state_ != AssociationState::kShutdownAckSent) return;
  Close(now, AssociationChange{.state = AssociationChange::State::kShutdownComplete}, 0);
}

void Association::HandleT2Expiry(TimePoint now) {
  // Section 9.2: retransmit with the RTO backed off; the retransmissions
  // count against Association.Max.Retrans (section 8.1).
  Path& path = paths_[primary_.value()];
  path.rto.BackOff();
  if (!CountPathError(now, primary_)) return;
  if (state_ == AssociationState::kShutdownSent) shutdown_chunk_due_ = true;
  if (state_ == AssociationState::kShutdownAckSent) shutdown_ack_due_ = true;
  // Section 9.2: an alternate address SHOULD be tried when the primary
  // is failing.
  if (!path.active) primary_ = SelectDataPath();
  control_path_ = primary_;
  t2_ = now + paths_[primary_.value()].rto.rto();
}

void Association::HandleT5Expiry(TimePoint now) {
  // Section 9.2: the shutdown took too long; ABORT.
  SendAlone(paths_[primary_.value()].address, peer_tag_, AbortChunk{});
  Close(now,
        AssociationChange{.state = AssociationChange::State::kCommLost,
                          .reason = AssociationChange::Reason::kRetransmissionLimit},
        0);
}

}  // namespace sctpdp
