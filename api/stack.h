#pragma once

#include <netinet/in.h>
#include <netinet/sctp.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/socket.h"
#include "api/socket_application.h"
#include "control/descriptors/descriptor_namespace.h"
#include "dataplane/sctp/association/association_options.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/shard/association_move.h"
#include "dataplane/shard/shard_fabric.h"

namespace sctpdp::api {

struct StackOptions {
  // The addresses the stack's ports have: what bind() to INADDR_ANY and
  // connect() announce (RFC 9260 section 5.1.2).
  std::vector<IpAddress> local_addresses;
  // The associations' protocol parameters (RFC 9260 section 16); sockets
  // change some of them per descriptor (SCTP_INITMSG, SCTP_NODELAY).
  AssociationOptions association{};
  size_t send_buffer = 256 * 1024;     // SO_SNDBUF of a new descriptor
  size_t receive_buffer = 256 * 1024;  // SO_RCVBUF
  // How long a call waits for a shard to run its command before it fails
  // with ETIMEDOUT (a data plane that is not running).
  Duration command_timeout = std::chrono::seconds(5);
};

// The sockets API of RFC 6458 over a running data plane: descriptors in
// namespaces, each with its buffer pool, whose associations live on the
// data plane's shards. Every call may come from any application thread; a
// call that needs a shard posts it a command through the fabric and sleeps
// until it has run (ARCHITECTURE.md: blocking calls never spin). The
// shards' loops run elsewhere (lcores, or test threads).
//
// Calls follow the kernel's: -1 with errno on failure.
class Stack {
 public:
  Stack(const StackOptions& options, ShardFabric& fabric);
  ~Stack();
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  DescriptorRegistry& descriptors() { return descriptors_; }

  int Socket(int domain, int type, int protocol);
  int Bind(int sd, const sockaddr* address, socklen_t length);
  int Listen(int sd, int backlog);
  // A one-to-one listener's next association, on a new descriptor.
  int Accept(int sd, sockaddr* address, socklen_t* length);
  int Connect(int sd, const sockaddr* address, socklen_t length);
  ssize_t SendMsg(int sd, const msghdr* message, int flags);
  ssize_t RecvMsg(int sd, msghdr* message, int flags);
  int Close(int sd);
  int SetSockOpt(int sd, int level, int name, const void* value, socklen_t length);
  int GetSockOpt(int sd, int level, int name, void* value, socklen_t* length);
  int Fcntl(int sd, int command, int value);
  // The file descriptor that is readable while `sd` has something to read.
  int ReadinessFd(int sd);

  // sctp_peeloff: a one-to-one descriptor for the association, in `sd`'s
  // namespace, on the association's shard.
  int Peeloff(int sd, sctp_assoc_t* association);
  // The control plane's form: the new descriptor in namespace `ns`, the
  // association moved to `shard` (or left where it is: nullopt).
  int PeeloffTo(int sd, sctp_assoc_t association, uint32_t ns, std::optional<ShardId> shard);

  // Where an association of `socket` lives (the shard its id names, unless
  // a peeloff moved it). Caller holds socket.mutex.
  ShardId ShardOf(const api::Socket& socket, AssociationId id) const;

 private:
  // A local port's endpoints, one per shard, and the descriptor bound to
  // it (the endpoints stay for the next one when it closes).
  struct Port {
    std::vector<std::unique_ptr<SocketApplication>> apps;  // by shard
    std::weak_ptr<api::Socket> owner;
  };

  std::shared_ptr<api::Socket> Find(int sd);
  // Runs f(Shard&, SocketApplication&) on `shard` for `port` and waits;
  // false (errno ETIMEDOUT or ENOBUFS) if it could not.
  template <typename F>
  bool RunOn(ShardId shard, sctpdp::Port port, F f);
  // The sockets application of `port` on `shard`, if the port is bound.
  SocketApplication* AppOf(ShardId shard, sctpdp::Port port);
  // The handle of `socket`'s association (asked of its shard once, then
  // kept); null if the association is not the socket's. Caller holds the
  // socket's lock.
  std::shared_ptr<const AssociationHandle> HandleOf(api::Socket& socket, AssociationId id);
  // Endpoints on every shard for `port` (0: an ephemeral one), owned by
  // `socket`; the port taken or 0 with errno set.
  sctpdp::Port Claim(const std::shared_ptr<api::Socket>& socket, sctpdp::Port port);
  AssociationOptions OptionsFor(const api::Socket& socket) const;
  // Starts an association of `socket` (whose lock the caller holds, and
  // which Associate releases while it waits) to the peer; with `wait`,
  // until it is up. The association, or nullopt with errno set
  // (EINPROGRESS: started, not waited for).
  std::optional<AssociationId> Associate(const std::shared_ptr<api::Socket>& socket,
                                         std::unique_lock<std::mutex>& lock, const IpAddress& peer,
                                         sctpdp::Port peer_port, bool wait);
  // The association of `socket` with that peer address and port, if any
  // (asked of every shard). Caller holds the socket's lock.
  std::optional<AssociationId> FindByPeer(const std::shared_ptr<api::Socket>& socket,
                                          const IpAddress& peer, sctpdp::Port peer_port);
  // One try at what RecvMsg returns: EAGAIN when there is nothing yet.
  ssize_t Receive(api::Socket& socket, msghdr* message, int flags, size_t control_space);
  // Peeloff's steps (ARCHITECTURE.md) for both forms, and for accept()
  // (`accepting`: from a one-to-one listener).
  int Detach(int sd, AssociationId association, uint32_t ns, std::optional<ShardId> shard,
             bool accepting = false);

  StackOptions options_;
  ShardFabric& fabric_;
  DescriptorRegistry descriptors_;
  std::mutex ports_mutex_;
  std::map<uint16_t, Port> ports_;
  std::atomic<uint32_t> next_shard_{0};  // where the next connect() goes
};

}  // namespace sctpdp::api
