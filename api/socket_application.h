#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "api/pool_budget.h"
#include "api/socket.h"
#include "dataplane/shard/application.h"
#include "dataplane/shard/shard_command.h"

namespace sctpdp::api {

// A connect() waiting for its association: signalled on COMM_UP (0) or when
// the setup fails (the errno).
struct ConnectWaiter {
  Completion done;
  int error = 0;
};

// The sockets API on one shard, for one local port: the endpoint, and
// which descriptor each of its associations belongs to. It turns what the
// engine delivers into Deliveries on that descriptor's queue, and charges
// the descriptor's buffer pool for the association (SO_SNDBUF, SO_RCVBUF).
// Everything here runs on the shard's thread (ShardCommands from the
// application threads included); the descriptors are reached only through
// their queues and pools, which are lock-free.
class SocketApplication final : public Application {
 public:
  explicit SocketApplication(const EndpointOptions& options) : options_(options) {}
  ~SocketApplication() override;

  Endpoint* endpoint() { return endpoint_; }
  // The descriptor new associations belong to (a bound or listening one),
  // or none.
  void SetDefaultOwner(std::shared_ptr<Socket> owner) { default_owner_ = std::move(owner); }
  // Starts an association for `owner`; `waiter`, if any, hears how it ends.
  std::optional<AssociationId> Connect(TimePoint now, std::span<const IpAddress> peers, Port port,
                                       const AssociationOptions& options,
                                       std::shared_ptr<Socket> owner,
                                       std::shared_ptr<ConnectWaiter> waiter);
  // Peeloff: the association of `from` belongs to `to` from now on, its
  // queued send bytes charged to the new owner's pool, its deliveries not
  // yet queued going there too. 0, or the errno: EINVAL if `from` has no
  // such association here, ECONNABORTED if it was aborted lately.
  int Reassign(AssociationId id, const Socket* from, std::shared_ptr<Socket> to);
  const Socket* OwnerOf(AssociationId id) const;
  // The association's handle, if it is `owner`'s.
  std::shared_ptr<const AssociationHandle> HandleOf(AssociationId id, const Socket* owner) const;
  // A send that `sender` was told succeeded failed here after all: it gets
  // the message back (SCTP_SEND_FAILED_EVENT, data unsent).
  void ReportUnsent(const std::shared_ptr<Socket>& sender, AssociationId id,
                    const SendParams& params, std::vector<uint8_t> payload);
  // close(): shuts down the associations of `owner`, which stops being the
  // owner of new ones (the endpoint stops listening).
  void ShutdownOwnedBy(const Socket& owner, TimePoint now);

  // Application.
  void Start(TimePoint now, EndpointHost& host) override;
  void OnMessage(TimePoint now, Endpoint& endpoint, AssociationId id,
                 ReceivedMessage& message) override;
  void OnNotification(TimePoint now, Endpoint& endpoint, AssociationId id,
                      const Notification& notification) override;
  void Poll(TimePoint now) override;
  void Stop(TimePoint now) override;
  bool stopped() const override;
  bool serves() const override { return true; }
  std::unique_ptr<ApplicationState> Release(Endpoint& endpoint, AssociationId id) override;
  void Adopt(TimePoint now, Endpoint& endpoint, AssociationId id,
             std::unique_ptr<ApplicationState> state) override;

 private:
  struct Route {
    std::shared_ptr<Socket> owner;
    std::unique_ptr<PoolBudget> budget;
    std::shared_ptr<ConnectWaiter> waiter;
    std::shared_ptr<AssociationHandle> handle = std::make_shared<AssociationHandle>();
  };
  struct MovedRoute;

  Route* RouteOf(Endpoint& endpoint, AssociationId id);
  void Push(const std::shared_ptr<Socket>& owner, Delivery* delivery);

  EndpointOptions options_;
  Endpoint* endpoint_ = nullptr;
  std::shared_ptr<Socket> default_owner_;
  std::unordered_map<AssociationId, Route> routes_;
  // Deliveries a full queue refused, in order; nothing new for a descriptor
  // goes past them.
  std::vector<std::pair<std::shared_ptr<Socket>, Delivery*>> overflow_;
  // Associations of each owner that ended by an abort, the latest few, so
  // that a peeloff of one says ECONNABORTED rather than EINVAL.
  static constexpr size_t kAbortedKept = 64;
  std::deque<std::pair<AssociationId, const Socket*>> aborted_;
  bool stopping_ = false;
};

}  // namespace sctpdp::api
