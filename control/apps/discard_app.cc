#include "control/apps/discard_app.h"

#include <variant>

namespace sctpdp {

DiscardApp::DiscardApp(const EndpointOptions& options, AppStats& stats)
    : options_(options), stats_(stats) {
  options_.listening = true;
}

void DiscardApp::Start(TimePoint, EndpointHost& host) {
  endpoint_ = host.AddEndpoint(options_, *this);
}

void DiscardApp::OnMessage(TimePoint, Endpoint&, AssociationId, ReceivedMessage& message) {
  if (message.kind == ReceivedMessage::Kind::kMessage ||
      message.kind == ReceivedMessage::Kind::kLastPiece) {
    stats_.messages_received.Add();
  }
  stats_.bytes_received.Add(message.payload.size());
}

void DiscardApp::OnNotification(TimePoint now, Endpoint& endpoint, AssociationId id,
                                const Notification& notification) {
  stats_.Count(notification);
  const auto* change = std::get_if<AssociationChange>(&notification);
  if (stopping_ && change != nullptr && change->state == AssociationChange::State::kCommUp) {
    endpoint.Shutdown(id, now);
  }
}

// Discard keeps nothing per association: only the counts, which stay.
std::unique_ptr<ApplicationState> DiscardApp::Release(Endpoint&, AssociationId) { return nullptr; }

void DiscardApp::Adopt(TimePoint now, Endpoint& endpoint, AssociationId id,
                       std::unique_ptr<ApplicationState>) {
  if (stopping_) endpoint.Shutdown(id, now);
}

void DiscardApp::Stop(TimePoint now) {
  stopping_ = true;
  if (endpoint_ == nullptr) return;
  for (const AssociationId id : endpoint_->association_ids()) endpoint_->Shutdown(id, now);
}

bool DiscardApp::stopped() const {
  return stopping_ && (endpoint_ == nullptr || endpoint_->association_count() == 0);
}

}  // namespace sctpdp
