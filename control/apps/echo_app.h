#pragma once

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "control/apps/app_stats.h"
#include "dataplane/shard/application.h"

namespace sctpdp {

// `echo`: returns every message to its sender on the same stream with the
// same PPID and ordering. A message that does not fit the send buffer
// waits; its receive bytes stay charged meanwhile, so the window the
// association advertises closes and a fast sender is held back instead of
// filling memory (RFC 9260 section 6.2: the window is what the user has
// not read).
class EchoApp : public Application {
 public:
  EchoApp(const EndpointOptions& options, AppStats& stats);
  ~EchoApp() override;

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
  class ReceiveBudget;
  struct Peer {
    std::unique_ptr<ReceiveBudget> budget;
    std::deque<OutgoingMessage> backlog;
    // Pieces of a partially delivered message, by stream (RFC 6458 8.1.20).
    std::unordered_map<uint16_t, std::vector<uint8_t>> partial;
  };

  struct MovedPeer;

  // A new association's Peer, its budget charged by the association.
  Peer& Welcome(Endpoint& endpoint, AssociationId id);
  // Sends the backlog's head messages while they fit; false if some wait.
  bool Drain(TimePoint now, Endpoint& endpoint, AssociationId id, Peer& peer);

  EndpointOptions options_;
  AppStats& stats_;
  Endpoint* endpoint_ = nullptr;
  std::unordered_map<AssociationId, Peer> peers_;
  bool stopping_ = false;
};

}  // namespace sctpdp
