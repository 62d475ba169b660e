#include "api/socket_application.h"

#include <algorithm>
#include <cerrno>
#include <variant>

namespace sctpdp::api {

// What moves with an association to another shard: its route, budget and
// waiter included.
struct SocketApplication::MovedRoute : ApplicationState {
  Route route;
};

SocketApplication::~SocketApplication() {
  for (auto& [owner, delivery] : overflow_) delete delivery;
  if (endpoint_ == nullptr) return;
  for (auto& [id, route] : routes_) {
    if (Association* association = endpoint_->Find(id)) association->SetBudget(nullptr);
  }
}

void SocketApplication::Start(TimePoint, EndpointHost& host) {
  endpoint_ = host.AddEndpoint(options_, *this);
}

std::optional<AssociationId> SocketApplication::Connect(TimePoint now,
                                                        std::span<const IpAddress> peers, Port port,
                                                        const AssociationOptions& options,
                                                        std::shared_ptr<Socket> owner,
                                                        std::shared_ptr<ConnectWaiter> waiter) {
  const std::optional<AssociationId> id = endpoint_->Connect(now, peers, port, options);
  if (id) {
    routes_[*id] = Route{.owner = std::move(owner), .budget = nullptr, .waiter = std::move(waiter)};
  }
  return id;
}

int SocketApplication::Reassign(AssociationId id, const Socket* from, std::shared_ptr<Socket> to) {
  auto found = routes_.find(id);
  Association* association = endpoint_->Find(id);
  if (found == routes_.end() || association == nullptr || found->second.owner.get() != from) {
    const bool aborted =
        std::find(aborted_.begin(), aborted_.end(), std::pair(id, from)) != aborted_.end();
    return aborted ? ECONNABORTED : EINVAL;
  }
  Route& route = found->second;
  auto budget = std::make_unique<PoolBudget>(*to);
  // The queued send bytes leave the old pool and join the new one.
  association->SetBudget(budget.get());
  route.budget = std::move(budget);
  // Deliveries waiting for room in the old owner's queue go to the new one
  // (behind what the old queue holds, which the caller moves over first).
  for (auto& [owner, delivery] : overflow_) {
    if (owner.get() == from && delivery->association == id) {
      owner = to;
      if (auto* received = std::get_if<ReceivedMessage>(&delivery->what)) {
        from->pool().Release(BufferBudget::Kind::kReceive, received->payload.size());
        to->pool().Charge(BufferBudget::Kind::kReceive, received->payload.size());
      }
    }
  }
  route.owner = std::move(to);
  return 0;
}

void SocketApplication::ShutdownOwnedBy(const Socket& owner, TimePoint now) {
  if (default_owner_.get() == &owner) {
    default_owner_.reset();
    endpoint_->SetListening(false);
  }
  for (auto& [id, route] : routes_) {
    if (route.owner.get() == &owner) endpoint_->Shutdown(id, now);
  }
}

std::shared_ptr<const AssociationHandle> SocketApplication::HandleOf(AssociationId id,
                                                                     const Socket* owner) const {
  auto found = routes_.find(id);
  if (found == routes_.end() || found->second.owner.get() != owner) return nullptr;
  return found->second.handle;
}

void SocketApplication::ReportUnsent(const std::shared_ptr<Socket>& sender, AssociationId id,
                                     const SendParams& params, std::vector<uint8_t> payload) {
  Delivery* delivery = sender->queue().Acquire();
  delivery->association = id;
  delivery->what = Notification(SendFailed{.sent = false,
                                           .error = 0,
                                           .stream_id = params.stream_id,
                                           .ppid = params.ppid,
                                           .unordered = params.unordered,
                                           .context = params.context,
                                           .payload = std::move(payload)});
  Push(sender, delivery);
}

const Socket* SocketApplication::OwnerOf(AssociationId id) const {
  auto found = routes_.find(id);
  return found == routes_.end() ? nullptr : found->second.owner.get();
}

SocketApplication::Route* SocketApplication::RouteOf(Endpoint& endpoint, AssociationId id) {
  auto found = routes_.find(id);
  if (found != routes_.end()) return &found->second;
  // A passive association: it belongs to the listening descriptor.
  if (default_owner_ == nullptr || endpoint.Find(id) == nullptr) return nullptr;
  return &routes_.emplace(id, Route{.owner = default_owner_, .budget = nullptr, .waiter = nullptr})
              .first->second;
}

void SocketApplication::OnMessage(TimePoint, Endpoint& endpoint, AssociationId id,
                                  ReceivedMessage& message) {
  Route* route = RouteOf(endpoint, id);
  if (route == nullptr) return;
  if (route->owner->closed.load(std::memory_order_acquire)) {
    // Nobody will read it: its bytes go back as they came.
    if (route->budget != nullptr) {
      route->budget->Release(BufferBudget::Kind::kReceive, message.payload.size());
    }
    return;
  }
  Delivery* delivery = route->owner->queue().Acquire();
  delivery->association = id;
  if (!std::holds_alternative<ReceivedMessage>(delivery->what)) delivery->what = ReceivedMessage{};
  // The node's spare buffer goes to the engine for the next message.
  std::swap(std::get<ReceivedMessage>(delivery->what), message);
  if (const Association* association = endpoint.Find(id)) {
    delivery->peer = association->paths()[association->primary_path().value()].address;
    delivery->peer_port = association->peer_port();
  }
  Push(route->owner, delivery);
}

void SocketApplication::OnNotification(TimePoint now, Endpoint& endpoint, AssociationId id,
                                       const Notification& notification) {
  Route* route = RouteOf(endpoint, id);
  if (route == nullptr) return;
  std::shared_ptr<Socket> owner = route->owner;
  Association* association = endpoint.Find(id);
  const auto* change = std::get_if<AssociationChange>(&notification);
  if (change != nullptr && association != nullptr && route->budget == nullptr &&
      (change->state == AssociationChange::State::kCommUp ||
       change->state == AssociationChange::State::kRestart)) {
    route->budget = std::make_unique<PoolBudget>(*owner);
    association->SetBudget(route->budget.get());
  }
  Delivery* delivery = owner->queue().Acquire();
  delivery->association = id;
  delivery->what = notification;
  if (association != nullptr) {
    delivery->peer = association->paths()[association->primary_path().value()].address;
    delivery->peer_port = association->peer_port();
  }
  Push(owner, delivery);
  // The peer's SHUTDOWN: nothing more may be sent (RFC 9260 section 9.2).
  if (std::holds_alternative<ShutdownEvent>(notification)) {
    route->handle->open.store(false, std::memory_order_release);
  }
  if (change == nullptr) return;
  switch (change->state) {
    case AssociationChange::State::kCommUp:
    case AssociationChange::State::kRestart:
      route->handle->outbound_streams.store(change->outbound_streams, std::memory_order_release);
      if (route->waiter != nullptr) {
        route->waiter->error = 0;
        route->waiter->done.Signal();
        route->waiter = nullptr;
      }
      if (stopping_) endpoint.Shutdown(id, now);
      break;
    case AssociationChange::State::kShutdownComplete:
    case AssociationChange::State::kCommLost:
    case AssociationChange::State::kCantStartAssociation:
      if (route->waiter != nullptr) {
        route->waiter->error = ECONNREFUSED;
        route->waiter->done.Signal();
      }
      route->handle->open.store(false, std::memory_order_release);
      if (change->state != AssociationChange::State::kShutdownComplete) {
        aborted_.emplace_back(id, owner.get());
        if (aborted_.size() > kAbortedKept) aborted_.pop_front();
      }
      routes_.erase(id);
      break;
  }
}

void SocketApplication::Push(const std::shared_ptr<Socket>& owner, Delivery* delivery) {
  if (overflow_.empty() && owner->queue().Push(delivery)) return;
  overflow_.emplace_back(owner, delivery);
}

void SocketApplication::Poll(TimePoint) {
  size_t pushed = 0;
  while (pushed < overflow_.size() &&
         overflow_[pushed].first->queue().Push(overflow_[pushed].second)) {
    ++pushed;
  }
  overflow_.erase(overflow_.begin(), overflow_.begin() + static_cast<std::ptrdiff_t>(pushed));
}

void SocketApplication::Stop(TimePoint now) {
  stopping_ = true;
  if (endpoint_ == nullptr) return;
  for (const AssociationId id : endpoint_->association_ids()) endpoint_->Shutdown(id, now);
}

bool SocketApplication::stopped() const {
  return stopping_ && (endpoint_ == nullptr || endpoint_->association_count() == 0);
}

std::unique_ptr<ApplicationState> SocketApplication::Release(Endpoint&, AssociationId id) {
  auto node = routes_.extract(id);
  if (node.empty()) return nullptr;
  auto moved = std::make_unique<MovedRoute>();
  moved->route = std::move(node.mapped());
  return moved;
}

void SocketApplication::Adopt(TimePoint, Endpoint&, AssociationId id,
                              std::unique_ptr<ApplicationState> state) {
  if (auto* moved = dynamic_cast<MovedRoute*>(state.get())) {
    routes_[id] = std::move(moved->route);
  }
}

}  // namespace sctpdp::api
