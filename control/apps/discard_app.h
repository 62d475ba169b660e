#pragma once

#include "control/apps/app_stats.h"
#include "dataplane/shard/application.h"

namespace sctpdp {

// `discard`: accepts associations and counts what arrives (RFC 863's
// service for SCTP).
class DiscardApp : public Application {
 public:
  DiscardApp(const EndpointOptions& options, AppStats& stats);

  void Start(TimePoint now, EndpointHost& host) override;
  void OnMessage(TimePoint now, Endpoint& endpoint, AssociationId id,
                 ReceivedMessage& message) override;
  void OnNotification(TimePoint now, Endpoint& endpoint, AssociationId id,
                      const Notification& notification) override;
  void Poll(TimePoint) override {}
  void Stop(TimePoint now) override;
  bool stopped() const override;
  bool serves() const override { return true; }
  std::unique_ptr<ApplicationState> Release(Endpoint& endpoint, AssociationId id) override;
  void Adopt(TimePoint now, Endpoint& endpoint, AssociationId id,
             std::unique_ptr<ApplicationState> state) override;

 private:
  EndpointOptions options_;
  AppStats& stats_;
  Endpoint* endpoint_ = nullptr;
  bool stopping_ = false;
};

}  // namespace sctpdp
