#pragma once

#include <memory>

#include "dataplane/sctp/association/notification.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/endpoint/endpoint.h"
#include "dataplane/sctp/rx/reassembly_queue.h"

namespace sctpdp {

class Application;

// What an application keeps for one association (its receive budget,
// messages not yet sent, ...). It moves with the association when the data
// plane hands it to another shard (peeloff); each application defines its
// own.
class ApplicationState {
 public:
  virtual ~ApplicationState() = default;
};

// Where an application gets its endpoints: the shard it runs on. SCTP
// allows one association between two transport addresses (RFC 9260
// section 2.5), so a client that opens many associations to one server
// needs an endpoint (a local port) for each.
class EndpointHost {
 public:
  virtual ~EndpointHost() = default;
  // nullptr if the port is taken on this shard.
  virtual Endpoint* AddEndpoint(const EndpointOptions& options, Application& application) = 0;
};

// What runs above endpoints on a shard: the daemon's built-in
// applications, and the sockets API's shard side. Everything is called on
// the shard's thread, outside the engine's entry points, so an application
// may call its endpoints (Send, Connect, Shutdown) from any of these.
class Application {
 public:
  virtual ~Application() = default;

  // Creates the application's endpoints; it may connect.
  virtual void Start(TimePoint now, EndpointHost& host) = 0;
  virtual void OnMessage(TimePoint now, Endpoint& endpoint, AssociationId id,
                         ReceivedMessage& message) = 0;
  virtual void OnNotification(TimePoint now, Endpoint& endpoint, AssociationId id,
                              const Notification& notification) = 0;
  // Once per turn of the poll loop, after the engine has run: queued work
  // and sending that is not a reaction to a message. The shard flushes
  // every endpoint afterwards, so sends may use `more`.
  virtual void Poll(TimePoint now) = 0;
  // Shut every association down gracefully (SIGINT, SIGTERM, end of run).
  virtual void Stop(TimePoint now) = 0;
  // A server (echo, discard) is stopped after the clients of its shard
  // have closed: a server that shut down first would refuse what they
  // still have on the way (RFC 9260 section 9.2).
  virtual bool serves() const = 0;
  // Stop has been called and nothing is left open.
  virtual bool stopped() const = 0;

  // Handover between shards: the association `id` has left this shard's
  // `endpoint`, and the application gives up what it keeps for it
  // (nullptr: nothing) ...
  virtual std::unique_ptr<ApplicationState> Release(Endpoint& endpoint, AssociationId id) = 0;
  // ... which the application of the target shard's endpoint on the same
  // port takes over once the association has joined that endpoint.
  virtual void Adopt(TimePoint now, Endpoint& endpoint, AssociationId id,
                     std::unique_ptr<ApplicationState> state) = 0;
};

}  // namespace sctpdp
