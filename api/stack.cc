#include "api/stack.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "api/notification_bytes.h"
#include "api/sockaddr.h"
#include "dataplane/shard/shard.h"

namespace sctpdp::api {
namespace {

constexpr uint16_t kFirstEphemeralPort = 49152;

// -1 with errno set, as the kernel's calls fail.
int Fail(int error) {
  errno = error;
  return -1;
}

// The user's bytes, gathered from the iovecs (one copy, here on the
// application's thread).
std::vector<uint8_t> Gather(const msghdr& message) {
  size_t size = 0;
  for (size_t i = 0; i < message.msg_iovlen; ++i) size += message.msg_iov[i].iov_len;
  std::vector<uint8_t> bytes(size);
  size_t at = 0;
  for (size_t i = 0; i < message.msg_iovlen; ++i) {
    std::memcpy(bytes.data() + at, message.msg_iov[i].iov_base, message.msg_iov[i].iov_len);
    at += message.msg_iov[i].iov_len;
  }
  return bytes;
}

// Copies `bytes` into the iovecs; returns how many fitted.
size_t Scatter(std::span<const uint8_t> bytes, const msghdr& message) {
  size_t copied = 0;
  for (size_t i = 0; i < message.msg_iovlen && copied < bytes.size(); ++i) {
    const size_t n = std::min(message.msg_iov[i].iov_len, bytes.size() - copied);
    std::memcpy(message.msg_iov[i].iov_base, bytes.data() + copied, n);
    copied += n;
  }
  return copied;
}

// Appends an IPPROTO_SCTP control message to what recvmsg returns, if it
// fits the caller's `space` (it is left out otherwise, and MSG_CTRUNC set).
template <typename Info>
void AppendCmsg(msghdr& message, size_t space, int type, const Info& info) {
  if (message.msg_controllen + CMSG_SPACE(sizeof info) > space) {
    message.msg_flags |= MSG_CTRUNC;
    return;
  }
  auto* cmsg =
      reinterpret_cast<cmsghdr*>(static_cast<char*>(message.msg_control) + message.msg_controllen);
  cmsg->cmsg_level = IPPROTO_SCTP;
  cmsg->cmsg_type = type;
  cmsg->cmsg_len = CMSG_LEN(sizeof info);
  std::memcpy(CMSG_DATA(cmsg), &info, sizeof info);
  message.msg_controllen += CMSG_SPACE(sizeof info);
}

// What sendmsg's ancillary data says (RFC 6458 section 5.3).
struct SendInfo {
  SendParams params{};
  std::optional<AssociationId> association{};
  uint16_t flags = 0;  // SCTP_UNORDERED, SCTP_EOF, SCTP_ABORT, ...
};

bool ParseSendInfo(const msghdr& message, const sctp_sndinfo& defaults, SendInfo& info) {
  auto apply = [&](const sctp_sndinfo& sndinfo) {
    info.params.stream_id = StreamId(sndinfo.snd_sid);
    info.params.ppid = Ppid(ntohl(sndinfo.snd_ppid));
    info.params.context = sndinfo.snd_context;
    info.flags = sndinfo.snd_flags;
    if (sndinfo.snd_assoc_id != 0) {
      info.association = AssociationId(static_cast<uint32_t>(sndinfo.snd_assoc_id));
    }
  };
  apply(defaults);
  for (cmsghdr* cmsg = CMSG_FIRSTHDR(&message); cmsg != nullptr;
       cmsg = CMSG_NXTHDR(const_cast<msghdr*>(&message), cmsg)) {
    if (cmsg->cmsg_level != IPPROTO_SCTP) continue;
    const size_t length = cmsg->cmsg_len - CMSG_LEN(0);
    if (cmsg->cmsg_type == SCTP_SNDINFO) {
      if (length < sizeof(sctp_sndinfo)) return false;
      sctp_sndinfo sndinfo{};
      std::memcpy(&sndinfo, CMSG_DATA(cmsg), sizeof sndinfo);
      apply(sndinfo);
    } else if (cmsg->cmsg_type == SCTP_SNDRCV) {
      if (length < sizeof(sctp_sndrcvinfo)) return false;
      sctp_sndrcvinfo sndrcv{};
      std::memcpy(&sndrcv, CMSG_DATA(cmsg), sizeof sndrcv);
      apply(sctp_sndinfo{.snd_sid = sndrcv.sinfo_stream,
                         .snd_flags = sndrcv.sinfo_flags,
                         .snd_ppid = sndrcv.sinfo_ppid,
                         .snd_context = sndrcv.sinfo_context,
                         .snd_assoc_id = sndrcv.sinfo_assoc_id});
    }
  }
  info.params.unordered = (info.flags & SCTP_UNORDERED) != 0;
  info.params.immediate_ack = (info.flags & SCTP_SACK_IMMEDIATELY) != 0;
  return true;
}

}  // namespace

Stack::Stack(const StackOptions& options, ShardFabric& fabric)
    : options_(options), fabric_(fabric) {}

Stack::~Stack() = default;

std::shared_ptr<api::Socket> Stack::Find(int sd) {
  std::shared_ptr<DescriptorNamespace> ns = descriptors_.NamespaceOf(sd);
  if (ns == nullptr) return nullptr;
  return std::dynamic_pointer_cast<api::Socket>(ns->Find(sd));
}

SocketApplication* Stack::AppOf(ShardId shard, sctpdp::Port port) {
  const std::lock_guard<std::mutex> lock(ports_mutex_);
  auto found = ports_.find(port.value());
  return found != ports_.end() ? found->second.apps[shard.value()].get() : nullptr;
}

template <typename F>
bool Stack::RunOn(ShardId shard, sctpdp::Port port, F f) {
  SocketApplication* app = AppOf(shard, port);
  auto done = std::make_shared<Completion>();
  std::unique_ptr<ShardCommand> command =
      MakeShardCommand([f = std::move(f), app, done](Shard& on, TimePoint now) mutable {
        f(on, *app, now);
        done->Signal();
      });
  if (app == nullptr || !fabric_.Post(shard, command)) {
    errno = ENOBUFS;
    return false;
  }
  if (!done->WaitFor(options_.command_timeout)) {
    errno = ETIMEDOUT;
    return false;
  }
  return true;
}

std::shared_ptr<const AssociationHandle> Stack::HandleOf(api::Socket& socket, AssociationId id) {
  auto cached = socket.handles.find(id);
  if (cached != socket.handles.end()) return cached->second;
  std::shared_ptr<const AssociationHandle> handle;
  RunOn(ShardOf(socket, id), socket.local_port,
        [&](Shard&, SocketApplication& app, TimePoint) { handle = app.HandleOf(id, &socket); });
  if (handle != nullptr) socket.handles.emplace(id, handle);
  return handle;
}

ShardId Stack::ShardOf(const api::Socket& socket, AssociationId id) const {
  auto moved = socket.moved.find(id);
  if (moved != socket.moved.end()) return moved->second;
  // Each shard's ids are residue + 1 modulo the shard count (ShardEngine).
  return ShardId(static_cast<uint16_t>((id.value() - 1) % fabric_.shard_count()));
}

AssociationOptions Stack::OptionsFor(const api::Socket& socket) const {
  AssociationOptions options = options_.association;
  const sctp_initmsg& init = socket.initmsg;
  if (init.sinit_num_ostreams != 0) options.outbound_streams = init.sinit_num_ostreams;
  if (init.sinit_max_instreams != 0) options.max_inbound_streams = init.sinit_max_instreams;
  if (init.sinit_max_attempts != 0) options.max_init_retransmits = init.sinit_max_attempts;
  // The descriptor's pool is the limit (SO_SNDBUF); the association's own
  // is set past it.
  options.send_buffer_bytes = SIZE_MAX / 2;
  options.nodelay = socket.nodelay;
  return options;
}

int Stack::Socket(int domain, int type, int protocol) {
  if (domain != AF_INET && domain != AF_INET6) return Fail(EAFNOSUPPORT);
  const bool nonblocking = (type & SOCK_NONBLOCK) != 0;
  type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (type != SOCK_SEQPACKET && type != SOCK_STREAM) return Fail(ESOCKTNOSUPPORT);
  if (protocol != IPPROTO_SCTP && protocol != 0) return Fail(EPROTONOSUPPORT);
  std::string error;
  std::unique_ptr<DeliveryQueue> queue = DeliveryQueue::Create(error);
  if (queue == nullptr) return Fail(ENOBUFS);
  auto socket = std::make_shared<api::Socket>(
      domain, type == SOCK_SEQPACKET ? SocketStyle::kOneToMany : SocketStyle::kOneToOne,
      std::move(queue));
  socket->nonblocking = nonblocking;
  socket->pool().SetLimit(BufferBudget::Kind::kSend, options_.send_buffer);
  socket->pool().SetLimit(BufferBudget::Kind::kReceive, options_.receive_buffer);
  const DescriptorResult inserted = descriptors_.Default().Insert(socket);
  if (inserted.error != 0) return Fail(inserted.error);
  return inserted.id;
}

sctpdp::Port Stack::Claim(const std::shared_ptr<api::Socket>& socket, sctpdp::Port port) {
  const uint16_t shards = fabric_.shard_count();
  bool fresh = false;
  {
    const std::lock_guard<std::mutex> lock(ports_mutex_);
    auto taken = [&](uint16_t number) {
      auto found = ports_.find(number);
      return found != ports_.end() && !found->second.owner.expired();
    };
    if (port.value() == 0) {
      uint16_t number = kFirstEphemeralPort;
      while (number != 0 && taken(number)) ++number;
      if (number == 0) {
        errno = EADDRINUSE;
        return sctpdp::Port(0);
      }
      port = sctpdp::Port(number);
    } else if (taken(port.value())) {
      errno = EADDRINUSE;
      return sctpdp::Port(0);
    }
    Port& entry = ports_[port.value()];
    entry.owner = socket;
    if (entry.apps.empty()) {
      fresh = true;
      EndpointOptions endpoint;
      endpoint.local_port = port;
      endpoint.local_addresses = options_.local_addresses;
      endpoint.association = OptionsFor(*socket);
      for (uint16_t s = 0; s < shards; ++s) {
        entry.apps.push_back(std::make_unique<SocketApplication>(endpoint));
      }
    }
  }
  // Endpoints on every shard: an INIT may be placed on any of them, and a
  // peeloff may move an association to any of them.
  for (uint16_t s = 0; s < shards; ++s) {
    const bool ran =
        RunOn(ShardId(s), port, [&](Shard& shard, SocketApplication& app, TimePoint now) {
          if (fresh) shard.engine().Start(now, app);
          app.SetDefaultOwner(socket);
        });
    if (!ran) return sctpdp::Port(0);
  }
  return port;
}

int Stack::Bind(int sd, const sockaddr* address, socklen_t length) {
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  IpAddress ip;
  sctpdp::Port port;
  if (!FromSockaddr(address, length, ip, port)) return Fail(EINVAL);
  if (address->sa_family == AF_INET6 && socket->family() == AF_INET) return Fail(EINVAL);
  const bool any = std::all_of(ip.bytes.begin(), ip.bytes.end(), [](uint8_t b) { return b == 0; });
  if (!any && std::find(options_.local_addresses.begin(), options_.local_addresses.end(), ip) ==
                  options_.local_addresses.end()) {
    return Fail(EADDRNOTAVAIL);
  }
  const std::lock_guard<std::mutex> lock(socket->mutex);
  if (socket->state != api::Socket::State::kOpen) return Fail(EINVAL);
  const sctpdp::Port claimed = Claim(socket, port);
  if (claimed.value() == 0) return -1;
  socket->local_port = claimed;
  socket->state = api::Socket::State::kBound;
  return 0;
}

int Stack::Listen(int sd, int) {
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  const std::lock_guard<std::mutex> lock(socket->mutex);
  if (socket->style() == SocketStyle::kOneToOne && socket->association) return Fail(EISCONN);
  if (socket->state == api::Socket::State::kOpen) {
    // Like the kernel, listen() binds an unbound socket to a free port.
    const sctpdp::Port claimed = Claim(socket, sctpdp::Port(0));
    if (claimed.value() == 0) return -1;
    socket->local_port = claimed;
  }
  for (uint16_t s = 0; s < fabric_.shard_count(); ++s) {
    const bool ran = RunOn(
        ShardId(s), socket->local_port,
        [](Shard&, SocketApplication& app, TimePoint) { app.endpoint()->SetListening(true); });
    if (!ran) return -1;
  }
  socket->state = api::Socket::State::kListening;
  return 0;
}

int Stack::Accept(int sd, sockaddr* address, socklen_t* length) {
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  // RFC 6458 section 4.1.5: one-to-one listeners only.
  if (socket->style() != SocketStyle::kOneToOne) return Fail(EOPNOTSUPP);
  for (;;) {
    std::unique_lock<std::mutex> lock(socket->mutex);
    if (socket->state != api::Socket::State::kListening) return Fail(EINVAL);
    // Each association that came up is handed to a new descriptor, as a
    // peeloff would: look for the next COMM_UP among what has arrived.
    while (Delivery* delivery = socket->queue().Take()) socket->held.push_back(delivery);
    auto up = std::find_if(socket->held.begin(), socket->held.end(), [](const Delivery* d) {
      const auto* notification = std::get_if<Notification>(&d->what);
      const auto* change =
          notification != nullptr ? std::get_if<AssociationChange>(notification) : nullptr;
      return change != nullptr && change->state == AssociationChange::State::kCommUp;
    });
    if (up != socket->held.end()) {
      const std::unique_ptr<Delivery> came_up(*up);
      socket->held.erase(up);
      lock.unlock();
      const int accepted = Detach(sd, came_up->association, descriptors_.NamespaceOf(sd)->number(),
                                  std::nullopt, /*accepting=*/true);
      // One that ended before it was accepted is passed over.
      if (accepted < 0 && (errno == EINVAL || errno == ECONNABORTED)) continue;
      if (accepted >= 0 && address != nullptr && length != nullptr) {
        sockaddr_storage peer{};
        const socklen_t size =
            ToSockaddr(came_up->peer, came_up->peer_port, socket->family(), peer);
        std::memcpy(address, &peer, std::min(size, *length));
        *length = size;
      }
      return accepted;
    }
    if (socket->nonblocking) return Fail(EAGAIN);
    const int fd = socket->queue().fd();
    lock.unlock();
    pollfd wait{.fd = fd, .events = POLLIN, .revents = 0};
    poll(&wait, 1, -1);
  }
}

int Stack::Connect(int sd, const sockaddr* address, socklen_t length) {
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  IpAddress peer;
  sctpdp::Port peer_port;
  if (!FromSockaddr(address, length, peer, peer_port) || peer_port.value() == 0) {
    return Fail(EINVAL);
  }
  std::unique_lock<std::mutex> lock(socket->mutex);
  if (socket->style() == SocketStyle::kOneToOne && socket->association) return Fail(EISCONN);
  if (!Associate(socket, lock, peer, peer_port, !socket->nonblocking)) return -1;
  if (socket->style() == SocketStyle::kOneToOne) socket->state = api::Socket::State::kConnected;
  return 0;
}

std::optional<AssociationId> Stack::Associate(const std::shared_ptr<api::Socket>& socket,
                                              std::unique_lock<std::mutex>& lock,
                                              const IpAddress& peer, sctpdp::Port peer_port,
                                              bool wait) {
  if (socket->state == api::Socket::State::kOpen) {
    const sctpdp::Port claimed = Claim(socket, sctpdp::Port(0));
    if (claimed.value() == 0) return std::nullopt;
    socket->local_port = claimed;
    socket->state = api::Socket::State::kBound;
  }
  const ShardId shard(static_cast<uint16_t>(next_shard_.fetch_add(1) % fabric_.shard_count()));
  auto waiter = std::make_shared<ConnectWaiter>();
  std::optional<AssociationId> id;
  const AssociationOptions options = OptionsFor(*socket);
  const bool ran =
      RunOn(shard, socket->local_port, [&](Shard&, SocketApplication& app, TimePoint now) {
        id = app.Connect(now, std::span(&peer, 1), peer_port, options, socket, waiter);
      });
  if (!ran) return std::nullopt;
  if (!id) {
    errno = ENOBUFS;
    return std::nullopt;
  }
  if (socket->style() == SocketStyle::kOneToOne) socket->association = id;
  if (!wait) {
    errno = EINPROGRESS;
    return std::nullopt;
  }
  lock.unlock();
  // As long as INIT retransmissions may take (RFC 9260 section 5.1).
  const Duration setup = options.rto_max * (options.max_init_retransmits + 1);
  const bool done = waiter->done.WaitFor(setup);
  lock.lock();
  if (!done || waiter->error != 0) {
    errno = done ? waiter->error : ETIMEDOUT;
    return std::nullopt;
  }
  return id;
}

std::optional<AssociationId> Stack::FindByPeer(const std::shared_ptr<api::Socket>& socket,
                                               const IpAddress& peer, sctpdp::Port peer_port) {
  if (socket->state == api::Socket::State::kOpen) return std::nullopt;
  std::optional<AssociationId> found;
  for (uint16_t s = 0; s < fabric_.shard_count() && !found; ++s) {
    RunOn(ShardId(s), socket->local_port, [&](Shard&, SocketApplication& app, TimePoint) {
      const std::optional<AssociationId> id = app.endpoint()->FindByPeer(peer, peer_port);
      if (id && app.OwnerOf(*id) == socket.get()) found = id;
    });
  }
  return found;
}

ssize_t Stack::SendMsg(int sd, const msghdr* message, int flags) {
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  if (message == nullptr) return Fail(EFAULT);
  std::unique_lock<std::mutex> lock(socket->mutex);
  SendInfo info;
  if (!ParseSendInfo(*message, socket->default_sndinfo, info)) return Fail(EINVAL);
  if (socket->style() == SocketStyle::kOneToOne) {
    if (!socket->association) return Fail(ENOTCONN);
    info.association = socket->association;
  }
  // One-to-many sends name their association (SCTP_SNDINFO, SCTP_SNDRCV)
  // or its peer (msg_name); a peer with none gets one (RFC 6458 section
  // 3.1.4, implicit association setup), blocking until it is up.
  if (!info.association) {
    IpAddress peer;
    sctpdp::Port peer_port;
    if (message->msg_name == nullptr) return Fail(EDESTADDRREQ);
    if (!FromSockaddr(static_cast<const sockaddr*>(message->msg_name), message->msg_namelen, peer,
                      peer_port) ||
        peer_port.value() == 0) {
      return Fail(EINVAL);
    }
    info.association = FindByPeer(socket, peer, peer_port);
    if (!info.association) {
      info.association = Associate(socket, lock, peer, peer_port, !socket->nonblocking);
      if (!info.association) return -1;
    }
  }
  const AssociationId id = *info.association;
  const ShardId shard = ShardOf(*socket, id);
  const bool nonblocking = socket->nonblocking || (flags & MSG_DONTWAIT) != 0;
  const sctpdp::Port port = socket->local_port;

  if ((info.flags & (SCTP_EOF | SCTP_ABORT)) != 0) {
    // Section 5.3.4: SCTP_EOF shuts the association down gracefully,
    // SCTP_ABORT aborts it with the message as the reason (after what was
    // sent before: the shard's commands run in order).
    lock.unlock();
    const std::vector<uint8_t> reason = Gather(*message);
    bool found = false;
    const bool ran = RunOn(shard, port, [&](Shard&, SocketApplication& app, TimePoint now) {
      if (app.OwnerOf(id) != socket.get()) return;
      found = true;
      if ((info.flags & SCTP_ABORT) != 0) {
        app.endpoint()->Abort(id, now, std::string(reason.begin(), reason.end()));
      } else {
        app.endpoint()->Shutdown(id, now);
      }
    });
    if (!ran) return -1;
    return found ? 0 : Fail(EINVAL);
  }

  // What can be refused is refused here, from the handle the shard keeps
  // up to date, so that the send itself need not wait for the shard.
  const std::shared_ptr<const AssociationHandle> handle = HandleOf(*socket, id);
  if (handle == nullptr) return Fail(EINVAL);
  if (!handle->open.load(std::memory_order_acquire)) {
    socket->handles.erase(id);
    return Fail(EPIPE);
  }
  const uint16_t streams = handle->outbound_streams.load(std::memory_order_acquire);
  if (streams != 0 && info.params.stream_id.value() >= streams) return Fail(EINVAL);
  lock.unlock();
  std::vector<uint8_t> payload = Gather(*message);
  const size_t size = payload.size();
  if (size == 0) return Fail(EINVAL);
  BufferPool& pool = socket->pool();
  // SO_SNDBUF: charged here, released by the shard as the peer
  // acknowledges; a full buffer blocks (sleeping) or fails.
  while (!pool.TryCharge(BufferBudget::Kind::kSend, size)) {
    if (size > pool.limit(BufferBudget::Kind::kSend)) return Fail(EMSGSIZE);
    if (nonblocking) return Fail(EAGAIN);
    const uint32_t epoch = socket->send_space.load(std::memory_order_acquire);
    socket->send_waiters.fetch_add(1);
    if (!pool.TryCharge(BufferBudget::Kind::kSend, size)) {
      FutexWait(socket->send_space, epoch, std::chrono::milliseconds(100));
      socket->send_waiters.fetch_sub(1);
      continue;
    }
    socket->send_waiters.fetch_sub(1);
    break;
  }
  // The message goes to the shard's ring and the call returns; a failure
  // the shard finds later comes back as SCTP_SEND_FAILED_EVENT.
  auto send = [socket, id, size, params = info.params, payload = std::move(payload)](
                  Shard&, SocketApplication& app, TimePoint now) mutable {
    SendResult result = SendResult::kNotConnected;
    if (app.OwnerOf(id) == socket.get())
      result = app.endpoint()->Send(id, now, params, payload, true);
    if (result == SendResult::kOk) return;
    socket->pool().Release(BufferBudget::Kind::kSend, size);
    app.ReportUnsent(socket, id, params, std::move(payload));
  };
  SocketApplication* app = AppOf(shard, port);
  if (app == nullptr) {
    pool.Release(BufferBudget::Kind::kSend, size);
    return Fail(EPIPE);
  }
  std::unique_ptr<ShardCommand> command = MakeShardCommand(
      [app, send = std::move(send)](Shard& on, TimePoint now) mutable { send(on, *app, now); });
  // A full command ring is rare (the shard runs them all each turn): wait
  // for it to drain, briefly asleep.
  while (!fabric_.Post(shard, command)) {
    if (nonblocking) {
      pool.Release(BufferBudget::Kind::kSend, size);
      return Fail(EAGAIN);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
  return static_cast<ssize_t>(size);
}

ssize_t Stack::RecvMsg(int sd, msghdr* message, int flags) {
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  if (message == nullptr) return Fail(EFAULT);
  // The caller's room for control messages: msg_controllen says on return
  // how much was used (and none by notifications skipped on the way).
  const size_t control_space = message->msg_controllen;
  for (;;) {
    std::unique_lock<std::mutex> lock(socket->mutex);
    const ssize_t got = Receive(*socket, message, flags, control_space);
    if (got >= 0 || errno != EAGAIN) return got;
    if (socket->nonblocking || (flags & MSG_DONTWAIT) != 0) return -1;
    const int fd = socket->queue().fd();
    lock.unlock();
    // Sleeps until a shard queues something (its eventfd), never spins.
    pollfd wait{.fd = fd, .events = POLLIN, .revents = 0};
    poll(&wait, 1, -1);
  }
}

ssize_t Stack::Receive(api::Socket& socket, msghdr* message, int flags, size_t control_space) {
  const bool peek = (flags & MSG_PEEK) != 0;
  for (;;) {
    const bool from_held = !socket.held.empty();
    Delivery* delivery = from_held ? socket.held.front() : socket.queue().Front();
    if (delivery == nullptr) {
      if (socket.style() == SocketStyle::kOneToOne && socket.state == api::Socket::State::kClosed) {
        return 0;  // the association ended: end of file
      }
      return Fail(EAGAIN);
    }
    auto consume = [&] {
      if (!from_held) {
        socket.queue().Pop();
        return;
      }
      socket.held.pop_front();
      delete delivery;
    };
    message->msg_flags = 0;
    if (message->msg_name != nullptr) {
      sockaddr_storage peer{};
      const socklen_t length =
          ToSockaddr(delivery->peer, delivery->peer_port, socket.family(), peer);
      std::memcpy(message->msg_name, &peer, std::min(length, message->msg_namelen));
      message->msg_namelen = length;
    }
    message->msg_controllen = 0;
    if (auto* notification = std::get_if<Notification>(&delivery->what)) {
      if (const auto* change = std::get_if<AssociationChange>(notification)) {
        if (socket.style() == SocketStyle::kOneToOne &&
            change->state != AssociationChange::State::kCommUp &&
            change->state != AssociationChange::State::kRestart) {
          socket.state = api::Socket::State::kClosed;
        }
      }
      const uint16_t type = NotificationType(*notification);
      if ((socket.events & (1u << (type - SCTP_SN_TYPE_BASE))) == 0) {
        consume();  // not subscribed (SCTP_EVENT)
        continue;
      }
      const std::vector<uint8_t> bytes = NotificationBytes(*notification, delivery->association);
      const size_t copied = Scatter(bytes, *message);
      message->msg_flags =
          static_cast<int>(MSG_NOTIFICATION) | (copied == bytes.size() ? MSG_EOR : MSG_TRUNC);
      if (!peek) consume();
      return static_cast<ssize_t>(copied);
    }
    ReceivedMessage& received = std::get<ReceivedMessage>(delivery->what);
    if (received.kind == ReceivedMessage::Kind::kAborted) {
      consume();  // reported as SCTP_PARTIAL_DELIVERY_EVENT
      continue;
    }
    const std::span<const uint8_t> rest = std::span(received.payload).subspan(delivery->read);
    const size_t copied = Scatter(rest, *message);
    // Section 5.3.5 SCTP_RCVINFO (SCTP_RECVRCVINFO), and the deprecated
    // SCTP_SNDRCV (section 5.3.2) for sockets subscribed to
    // SCTP_DATA_IO_EVENT, which sctp_recvmsg reads.
    const auto assoc = static_cast<sctp_assoc_t>(delivery->association.value());
    const uint16_t rcv_flags = received.unordered ? SCTP_UNORDERED : 0;
    if (socket.receive_rcvinfo) {
      AppendCmsg(*message, control_space, SCTP_RCVINFO,
                 sctp_rcvinfo{.rcv_sid = received.stream_id.value(),
                              .rcv_ssn = received.ssn.value(),
                              .rcv_flags = rcv_flags,
                              .rcv_ppid = htonl(received.ppid.value()),
                              .rcv_tsn = received.first_tsn.value(),
                              .rcv_cumtsn = 0,
                              .rcv_context = 0,
                              .rcv_assoc_id = assoc});
    }
    if ((socket.events & (1u << (SCTP_DATA_IO_EVENT - SCTP_SN_TYPE_BASE))) != 0) {
      AppendCmsg(*message, control_space, SCTP_SNDRCV,
                 sctp_sndrcvinfo{.sinfo_stream = received.stream_id.value(),
                                 .sinfo_ssn = received.ssn.value(),
                                 .sinfo_flags = rcv_flags,
                                 .sinfo_ppid = htonl(received.ppid.value()),
                                 .sinfo_context = 0,
                                 .sinfo_timetolive = 0,
                                 .sinfo_tsn = received.first_tsn.value(),
                                 .sinfo_cumtsn = 0,
                                 .sinfo_assoc_id = assoc});
    }
    if (peek) return static_cast<ssize_t>(copied);
    delivery->read += copied;
    if (delivery->read < received.payload.size()) return static_cast<ssize_t>(copied);
    // All of it read: the message's end (unless more pieces follow) and
    // its bytes back to SO_RCVBUF.
    if (received.kind != ReceivedMessage::Kind::kPiece) message->msg_flags |= MSG_EOR;
    socket.pool().Release(BufferBudget::Kind::kReceive, received.payload.size());
    consume();
    return static_cast<ssize_t>(copied);
  }
}

int Stack::Close(int sd) {
  std::shared_ptr<DescriptorNamespace> ns = descriptors_.NamespaceOf(sd);
  std::shared_ptr<api::Socket> socket =
      ns != nullptr ? std::dynamic_pointer_cast<api::Socket>(ns->Remove(sd)) : nullptr;
  if (socket == nullptr) return Fail(EBADF);
  const std::lock_guard<std::mutex> lock(socket->mutex);
  socket->closed.store(true, std::memory_order_release);
  if (socket->state == api::Socket::State::kOpen) return 0;
  // Its associations shut down gracefully (SO_LINGER off); the endpoints
  // stop listening and stay for the port's next owner.
  for (uint16_t s = 0; s < fabric_.shard_count(); ++s) {
    RunOn(ShardId(s), socket->local_port, [&](Shard&, SocketApplication& app, TimePoint now) {
      app.ShutdownOwnedBy(*socket, now);
    });
  }
  // What was never read goes back to the pool.
  while (!socket->held.empty()) {
    Delivery* delivery = socket->held.front();
    socket->held.pop_front();
    if (auto* received = std::get_if<ReceivedMessage>(&delivery->what)) {
      socket->pool().Release(BufferBudget::Kind::kReceive, received->payload.size());
    }
    delete delivery;
  }
  while (Delivery* delivery = socket->queue().Front()) {
    if (auto* received = std::get_if<ReceivedMessage>(&delivery->what)) {
      socket->pool().Release(BufferBudget::Kind::kReceive, received->payload.size());
    }
    socket->queue().Pop();
  }
  return 0;
}

int Stack::Fcntl(int sd, int command, int value) {
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  const std::lock_guard<std::mutex> lock(socket->mutex);
  switch (command) {
    case F_GETFL:
      return O_RDWR | (socket->nonblocking ? O_NONBLOCK : 0);
    case F_SETFL:
      socket->nonblocking = (value & O_NONBLOCK) != 0;
      return 0;
    default:
      return Fail(EINVAL);
  }
}

int Stack::ReadinessFd(int sd) {
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  return socket->queue().fd();
}

int Stack::SetSockOpt(int sd, int level, int name, const void* value, socklen_t length) {
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  if (value == nullptr) return Fail(EFAULT);
  const std::lock_guard<std::mutex> lock(socket->mutex);
  auto read_int = [&](int& out) {
    if (length < static_cast<socklen_t>(sizeof(int))) return false;
    std::memcpy(&out, value, sizeof out);
    return true;
  };
  int number = 0;
  if (level == SOL_SOCKET && (name == SO_SNDBUF || name == SO_RCVBUF)) {
    if (!read_int(number) || number < 0) return Fail(EINVAL);
    // Linux doubles the value for its bookkeeping, and reports the double.
    socket->pool().SetLimit(
        name == SO_SNDBUF ? BufferBudget::Kind::kSend : BufferBudget::Kind::kReceive,
        std::max<size_t>(2 * static_cast<size_t>(number), 4096));
    return 0;
  }
  if (level != IPPROTO_SCTP) return Fail(ENOPROTOOPT);
  switch (name) {
    case SCTP_NODELAY:
      if (!read_int(number)) return Fail(EINVAL);
      socket->nodelay = number != 0;
      return 0;
    case SCTP_RECVRCVINFO:
      if (!read_int(number)) return Fail(EINVAL);
      socket->receive_rcvinfo = number != 0;
      return 0;
    case SCTP_INITMSG:
      if (length < static_cast<socklen_t>(sizeof(sctp_initmsg))) return Fail(EINVAL);
      std::memcpy(&socket->initmsg, value, sizeof(sctp_initmsg));
      return 0;
    case SCTP_DEFAULT_SNDINFO:
      if (length < static_cast<socklen_t>(sizeof(sctp_sndinfo))) return Fail(EINVAL);
      std::memcpy(&socket->default_sndinfo, value, sizeof(sctp_sndinfo));
      return 0;
    case SCTP_EVENTS: {
      // The older form: a byte per event type, in sn_type order from
      // SCTP_DATA_IO_EVENT; Linux takes a shorter structure too.
      const auto* bytes = static_cast<const uint8_t*>(value);
      const size_t count = std::min<size_t>(length, sizeof(sctp_event_subscribe));
      for (size_t i = 0; i < count; ++i) {
        const uint32_t bit = 1u << i;
        socket->events = bytes[i] != 0 ? socket->events | bit : socket->events & ~bit;
      }
      return 0;
    }
    case SCTP_EVENT: {
      if (length < static_cast<socklen_t>(sizeof(sctp_event))) return Fail(EINVAL);
      sctp_event event{};
      std::memcpy(&event, value, sizeof event);
      if (event.se_type < SCTP_SN_TYPE_BASE || event.se_type >= SCTP_SN_TYPE_BASE + 32) {
        return Fail(EINVAL);
      }
      const uint32_t bit = 1u << (event.se_type - SCTP_SN_TYPE_BASE);
      socket->events = event.se_on != 0 ? socket->events | bit : socket->events & ~bit;
      return 0;
    }
    default:
      return Fail(ENOPROTOOPT);
  }
}

int Stack::GetSockOpt(int sd, int level, int name, void* value, socklen_t* length) {
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  if (value == nullptr || length == nullptr) return Fail(EFAULT);
  const std::lock_guard<std::mutex> lock(socket->mutex);
  auto write = [&](const auto& out) {
    if (*length < static_cast<socklen_t>(sizeof out)) return Fail(EINVAL);
    std::memcpy(value, &out, sizeof out);
    *length = sizeof out;
    return 0;
  };
  if (level == SOL_SOCKET) {
    switch (name) {
      case SO_SNDBUF:
        return write(static_cast<int>(socket->pool().limit(BufferBudget::Kind::kSend)));
      case SO_RCVBUF:
        return write(static_cast<int>(socket->pool().limit(BufferBudget::Kind::kReceive)));
      case SO_ERROR:
        return write(0);
      default:
        return Fail(ENOPROTOOPT);
    }
  }
  if (level != IPPROTO_SCTP) return Fail(ENOPROTOOPT);
  switch (name) {
    case SCTP_NODELAY:
      return write(static_cast<int>(socket->nodelay));
    case SCTP_RECVRCVINFO:
      return write(static_cast<int>(socket->receive_rcvinfo));
    case SCTP_INITMSG:
      return write(socket->initmsg);
    case SCTP_DEFAULT_SNDINFO:
      return write(socket->default_sndinfo);
    default:
      return Fail(ENOPROTOOPT);
  }
}

int Stack::Peeloff(int sd, sctp_assoc_t* association) {
  if (association == nullptr) return Fail(EINVAL);
  std::shared_ptr<DescriptorNamespace> ns = descriptors_.NamespaceOf(sd);
  if (ns == nullptr) return Fail(EBADF);
  return Detach(sd, AssociationId(static_cast<uint32_t>(*association)), ns->number(), std::nullopt);
}

int Stack::PeeloffTo(int sd, sctp_assoc_t association, uint32_t ns, std::optional<ShardId> shard) {
  if (shard && shard->value() >= fabric_.shard_count()) return Fail(EINVAL);
  return Detach(sd, AssociationId(static_cast<uint32_t>(association)), ns, shard);
}

int Stack::Detach(int sd, AssociationId id, uint32_t ns_number, std::optional<ShardId> to,
                  bool accepting) {
  // Step 1 (ARCHITECTURE.md, peeloff): the checks, in the reference page's
  // terms.
  std::shared_ptr<api::Socket> socket = Find(sd);
  if (socket == nullptr) return Fail(EBADF);
  if (socket->style() != SocketStyle::kOneToMany && !accepting) return Fail(ESOCKTNOSUPPORT);
  if (id.value() == 0) return Fail(EINVAL);
  std::shared_ptr<DescriptorNamespace> ns = descriptors_.Find(ns_number);
  if (ns == nullptr) return Fail(EINVAL);
  const DescriptorResult reserved = ns->Reserve();
  if (reserved.error != 0) return Fail(reserved.error);
  std::string error;
  std::unique_ptr<DeliveryQueue> queue = DeliveryQueue::Create(error);
  if (queue == nullptr) {
    ns->Cancel(reserved.id);
    return Fail(ENOBUFS);
  }
  auto peeled =
      std::make_shared<api::Socket>(socket->family(), SocketStyle::kOneToOne, std::move(queue));

  std::unique_lock<std::mutex> lock(socket->mutex);
  const ShardId shard = ShardOf(*socket, id);
  // The new descriptor's pool is its own, as large as the original's
  // (Linux inherits SO_SNDBUF and SO_RCVBUF).
  for (const auto kind : {BufferBudget::Kind::kSend, BufferBudget::Kind::kReceive}) {
    peeled->pool().SetLimit(kind, socket->pool().limit(kind));
  }
  // Steps 2-3 on the association's shard: it belongs to the new descriptor
  // from now on; its send bytes move to the new pool.
  int refused = 0;
  const bool ran = RunOn(shard, socket->local_port, [&](Shard&, SocketApplication& app, TimePoint) {
    refused = app.Reassign(id, socket.get(), peeled);
  });
  if (!ran || refused != 0) {
    ns->Cancel(reserved.id);
    return ran ? Fail(refused) : -1;
  }
  // What was delivered for it and not yet read moves too, in order and
  // with its receive bytes; nothing for it reaches this queue any more.
  std::deque<Delivery*> kept;
  auto sort = [&](Delivery* delivery) {
    if (delivery->association != id) {
      kept.push_back(delivery);
      return;
    }
    if (auto* received = std::get_if<ReceivedMessage>(&delivery->what)) {
      const size_t bytes = received->payload.size();
      socket->pool().Release(BufferBudget::Kind::kReceive, bytes);
      peeled->pool().Charge(BufferBudget::Kind::kReceive, bytes);
    }
    peeled->held.push_back(delivery);
  };
  for (Delivery* delivery : socket->held) sort(delivery);
  while (Delivery* delivery = socket->queue().Take()) sort(delivery);
  socket->held = std::move(kept);
  peeled->local_port = socket->local_port;
  peeled->association = id;
  peeled->state = api::Socket::State::kConnected;
  peeled->nodelay = socket->nodelay;
  peeled->receive_rcvinfo = socket->receive_rcvinfo;
  peeled->events = socket->events;
  peeled->default_sndinfo = socket->default_sndinfo;
  socket->moved.erase(id);
  socket->handles.erase(id);  // sends on it through `sd` are refused now
  lock.unlock();

  // Steps 4-6: the association moves to the chosen shard (the data plane
  // forwards its stragglers); one that cannot move right now stays.
  if (to && *to != shard) {
    const MoveOutcome outcome = MoveAssociation(
        fabric_,
        MoveRequest{.from = shard, .to = *to, .local_port = peeled->local_port, .association = id},
        options_.command_timeout);
    if (outcome.status == MoveStatus::kMoved) peeled->moved[id] = *to;
  } else if (shard != ShardOf(*peeled, id)) {
    peeled->moved[id] = shard;
  }
  ns->Commit(reserved.id, peeled);
  return reserved.id;
}

}  // namespace sctpdp::api
