#include "control/apps/echo_app.h"

#include <algorithm>
#include <variant>

namespace sctpdp {

// Charges what the engine delivers until it has been echoed. Send bytes
// are limited by the association's own send buffer.
class EchoApp::ReceiveBudget : public BufferBudget {
 public:
  explicit ReceiveBudget(size_t limit) : limit_(limit) {}

  bool TryCharge(Kind kind, size_t bytes) override {
    if (kind == Kind::kSend) return true;
    if (charged_ + bytes > limit_) return false;
    charged_ += bytes;
    return true;
  }
  void Charge(Kind kind, size_t bytes) override {
    if (kind == Kind::kReceive) charged_ += bytes;
  }
  void Release(Kind kind, size_t bytes) override {
    if (kind == Kind::kReceive) charged_ -= std::min(bytes, charged_);
  }
  size_t Available(Kind kind) const override {
    if (kind == Kind::kSend) return SIZE_MAX;
    return charged_ < limit_ ? limit_ - charged_ : 0;
  }

 private:
  size_t limit_;
  size_t charged_ = 0;
};

EchoApp::EchoApp(const EndpointOptions& options, AppStats& stats)
    : options_(options), stats_(stats) {
  options_.listening = true;
}

EchoApp::~EchoApp() {
  // The budgets die with the app: detach them from any association left.
  if (endpoint_ == nullptr) return;
  for (auto& [id, peer] : peers_) {
    if (Association* association = endpoint_->Find(id)) association->SetBudget(nullptr);
  }
}

void EchoApp::Start(TimePoint, EndpointHost& host) {
  endpoint_ = host.AddEndpoint(options_, *this);
}

void EchoApp::OnMessage(TimePoint now, Endpoint& endpoint, AssociationId id,
                        ReceivedMessage& message) {
  auto found = peers_.find(id);
  if (found == peers_.end()) return;  // not up yet: cannot happen after COMM_UP
  Peer& peer = found->second;
  stats_.messages_received.Add(message.kind == ReceivedMessage::Kind::kPiece ||
                                       message.kind == ReceivedMessage::Kind::kAborted
                                   ? 0
                                   : 1);
  stats_.bytes_received.Add(message.payload.size());
  std::vector<uint8_t> payload;
  switch (message.kind) {
    case ReceivedMessage::Kind::kMessage:
      payload = std::move(message.payload);
      break;
    case ReceivedMessage::Kind::kPiece: {
      auto& partial = peer.partial[message.stream_id.value()];
      partial.insert(partial.end(), message.payload.begin(), message.payload.end());
      return;
    }
    case ReceivedMessage::Kind::kLastPiece: {
      auto node = peer.partial.extract(message.stream_id.value());
      if (!node.empty()) payload = std::move(node.mapped());
      payload.insert(payload.end(), message.payload.begin(), message.payload.end());
      break;
    }
    case ReceivedMessage::Kind::kAborted: {
      auto node = peer.partial.extract(message.stream_id.value());
      if (!node.empty()) peer.budget->Release(BufferBudget::Kind::kReceive, node.mapped().size());
      return;
    }
  }
  peer.backlog.push_back(OutgoingMessage{.stream_id = message.stream_id,
                                         .ppid = message.ppid,
                                         .unordered = message.unordered,
                                         .payload = std::move(payload)});
  if (peer.backlog.size() == 1) Drain(now, endpoint, id, peer);
}

bool EchoApp::Drain(TimePoint now, Endpoint& endpoint, AssociationId id, Peer& peer) {
  const Association* association = endpoint.Find(id);
  while (association != nullptr && !peer.backlog.empty()) {
    const size_t size = peer.backlog.front().payload.size();
    // Send takes the message even when it refuses it: look first.
    if (association->buffered_send_bytes() + size > options_.association.send_buffer_bytes &&
        association->buffered_send_bytes() != 0) {
      return false;
    }
    const SendResult result = endpoint.Send(id, now, std::move(peer.backlog.front()), true);
    peer.backlog.pop_front();
    peer.budget->Release(BufferBudget::Kind::kReceive, size);
    if (result == SendResult::kOk) {
      stats_.messages_sent.Add();
      stats_.bytes_sent.Add(size);
    } else {
      stats_.send_failed.Add();
    }
  }
  return peer.backlog.empty();
}

void EchoApp::OnNotification(TimePoint now, Endpoint& endpoint, AssociationId id,
                             const Notification& notification) {
  stats_.Count(notification);
  const auto* change = std::get_if<AssociationChange>(&notification);
  if (change == nullptr) return;
  switch (change->state) {
    case AssociationChange::State::kCommUp:
    case AssociationChange::State::kRestart:
      Welcome(endpoint, id);
      if (stopping_) endpoint.Shutdown(id, now);
      break;
    case AssociationChange::State::kShutdownComplete:
    case AssociationChange::State::kCommLost:
    case AssociationChange::State::kCantStartAssociation:
      peers_.erase(id);
      break;
  }
}

EchoApp::Peer& EchoApp::Welcome(Endpoint& endpoint, AssociationId id) {
  Peer& peer = peers_[id];
  if (!peer.budget)
    peer.budget = std::make_unique<ReceiveBudget>(options_.association.receive_buffer_bytes);
  if (Association* association = endpoint.Find(id)) association->SetBudget(peer.budget.get());
  return peer;
}

// The budget moves as it is: the association keeps charging the same one.
struct EchoApp::MovedPeer : ApplicationState {
  Peer peer;
};

std::unique_ptr<ApplicationState> EchoApp::Release(Endpoint&, AssociationId id) {
  auto node = peers_.extract(id);
  if (node.empty()) return nullptr;
  auto moved = std::make_unique<MovedPeer>();
  moved->peer = std::move(node.mapped());
  return moved;
}

void EchoApp::Adopt(TimePoint now, Endpoint& endpoint, AssociationId id,
                    std::unique_ptr<ApplicationState> state) {
  if (auto* moved = dynamic_cast<MovedPeer*>(state.get())) peers_[id] = std::move(moved->peer);
  // What is still to be echoed goes first, in order.
  Peer& peer = Welcome(endpoint, id);
  if (!peer.backlog.empty()) Drain(now, endpoint, id, peer);
  if (stopping_) endpoint.Shutdown(id, now);
}

void EchoApp::Poll(TimePoint now) {
  for (auto& [id, peer] : peers_) {
    if (!peer.backlog.empty()) Drain(now, *endpoint_, id, peer);
  }
}

void EchoApp::Stop(TimePoint now) {
  stopping_ = true;
  if (endpoint_ == nullptr) return;
  for (const AssociationId id : endpoint_->association_ids()) endpoint_->Shutdown(id, now);
}

bool EchoApp::stopped() const {
  return stopping_ && (endpoint_ == nullptr || endpoint_->association_count() == 0);
}

}  // namespace sctpdp
