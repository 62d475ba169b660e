// RFC 9260 section 9.1 (ABORT), 3.3.10 (ERROR) and 5.2.6 (Stale Cookie).
#include <algorithm>

#include "dataplane/sctp/association/association.h"
#include "dataplane/sctp/packet/error_cause/stale_cookie_cause.h"

namespace sctpdp {
namespace {

uint16_t FirstCauseCode(const TlvList& causes) {
  for (const TlvList::Field& field : causes) return field.type;
  return 0;
}

}  // namespace

void Association::HandleAbort(TimePoint now, const AbortChunk& chunk) {
  // Section 9.1: the tag was checked (section 8.5.1 B); the association
  // ends and the user learns why.
  const bool setting_up =
      state_ == AssociationState::kCookieWait || state_ == AssociationState::kCookieEchoed;
  const std::span<const uint8_t> causes = chunk.error_causes.bytes();
  Close(now,
        AssociationChange{.state = setting_up ? AssociationChange::State::kCantStartAssociation
                                              : AssociationChange::State::kCommLost,
                          .reason = AssociationChange::Reason::kPeerAbort,
                          .error = FirstCauseCode(chunk.error_causes),
                          .abort_causes = std::vector<uint8_t>(causes.begin(), causes.end())},
        FirstCauseCode(chunk.error_causes));
}

void Association::HandleError(TimePoint now, const ErrorChunk& chunk) {
  if (state_ == AssociationState::kCookieEchoed) {
    if (std::optional<StaleCookieCause> stale = chunk.error_causes.Find<StaleCookieCause>()) {
      // Section 5.2.6 alternative 3: a new INIT asking for a longer cookie
      // life: the staleness measured plus one RTT (at most a second more).
      const Path& path = paths_[primary_.value()];
      const int64_t rtt_ms = std::min<int64_t>(
          (path.rto.has_measurement() ? path.rto.srtt() : path.rto.rto()).count() / 1000, 1000);
      cookie_preservative_ =
          static_cast<uint32_t>(std::min<int64_t>(stale->staleness_us / 1000 + rtt_ms, 0xffffffff));
      if (++init_retransmissions_ > options_.max_init_retransmits) {
        Close(now,
              AssociationChange{.state = AssociationChange::State::kCantStartAssociation,
                                .reason = AssociationChange::Reason::kCookieStale},
              0);
        return;
      }
      send_queue_.reset();
      retransmission_queue_.reset();
      data_tracker_.reset();
      reassembly_queue_.reset();
      cookie_.clear();
      SetState(AssociationState::kCookieWait, "stale cookie");
      SendInit(now);
      return;
    }
  }
  // Section 3.3.10: everything else is reported to the user.
  const std::span<const uint8_t> causes = chunk.error_causes.bytes();
  context_->env->Notify(id_,
                        RemoteError{.error = FirstCauseCode(chunk.error_causes),
                                    .causes = std::vector<uint8_t>(causes.begin(), causes.end())});
}

}  // namespace sctpdp
