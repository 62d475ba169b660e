// The C API of sctpdp.h: one stack per process over the configuration's
// data plane, each call a thin translation to api::Stack.
#include "api/sctpdp.h"

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "api/stack.h"
#include "control/daemon/data_plane.h"

namespace {

struct Process {
  std::unique_ptr<sctpdp::DataPlane> plane;
  std::unique_ptr<sctpdp::api::Stack> stack;
};

std::mutex process_mutex;
// Set once by sctpdp_init and read by every call; sctpdp_fini must not race
// with calls (as close() must not race with use of its descriptor).
std::atomic<Process*> process{nullptr};

sctpdp::api::Stack* StackOrFail() {
  Process* current = process.load(std::memory_order_acquire);
  if (current == nullptr) {
    errno = EBADF;  // no stack: no descriptor can exist
    return nullptr;
  }
  return current->stack.get();
}

// sendmsg with an SCTP_SNDRCV control message (how lksctp's sctp_sendmsg
// and sctp_send are built).
int SendWithInfo(int sd, const void* msg, size_t len, sockaddr* to, socklen_t tolen,
                 const sctp_sndrcvinfo& sinfo, int flags) {
  iovec iov{.iov_base = const_cast<void*>(msg), .iov_len = len};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(sctp_sndrcvinfo))] = {};
  msghdr message{};
  message.msg_name = to;
  message.msg_namelen = tolen;
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  cmsghdr* cmsg = CMSG_FIRSTHDR(&message);
  cmsg->cmsg_level = IPPROTO_SCTP;
  cmsg->cmsg_type = SCTP_SNDRCV;
  cmsg->cmsg_len = CMSG_LEN(sizeof sinfo);
  std::memcpy(CMSG_DATA(cmsg), &sinfo, sizeof sinfo);
  return static_cast<int>(sctpdp_sendmsg(sd, &message, flags));
}

}  // namespace

extern "C" {

int sctpdp_init(const char* config_path) {
  const std::lock_guard<std::mutex> lock(process_mutex);
  if (process.load() != nullptr) {
    errno = EALREADY;
    return -1;
  }
  std::ifstream in(config_path != nullptr ? config_path : "");
  if (!in) {
    fmt::print(stderr, "sctpdp_init: {}: cannot read the file\n",
               config_path != nullptr ? config_path : "(null)");
    errno = EINVAL;
    return -1;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto loaded = sctpdp::LoadConfig(text.str(), config_path);
  if (const auto* error = std::get_if<std::string>(&loaded)) {
    fmt::print(stderr, "sctpdp_init: {}\n", *error);
    errno = EINVAL;
    return -1;
  }
  const sctpdp::Config& config = std::get<sctpdp::Config>(loaded);
  std::string error;
  auto created = std::make_unique<Process>();
  created->plane = sctpdp::DataPlane::Create(config, error);
  if (created->plane == nullptr) {
    fmt::print(stderr, "sctpdp_init: {}\n", error);
    errno = ENODEV;
    return -1;
  }
  sctpdp::api::StackOptions options;
  options.local_addresses = created->plane->addresses();
  options.association = config.sctp;
  created->stack = std::make_unique<sctpdp::api::Stack>(options, created->plane->fabric());
  created->plane->Launch();
  process.store(created.release(), std::memory_order_release);
  return 0;
}

void sctpdp_fini(void) {
  const std::lock_guard<std::mutex> lock(process_mutex);
  std::unique_ptr<Process> ending(process.exchange(nullptr));
  if (ending == nullptr) return;
  // The shards stop first (shutting their associations down), then the
  // stack whose applications they served goes.
  ending->plane->Stop();
  ending->stack.reset();
}

int sctpdp_socket(int domain, int type, int protocol) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->Socket(domain, type, protocol) : -1;
}

int sctpdp_bind(int sd, const struct sockaddr* addr, socklen_t addrlen) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->Bind(sd, addr, addrlen) : -1;
}

int sctpdp_listen(int sd, int backlog) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->Listen(sd, backlog) : -1;
}

int sctpdp_accept(int sd, struct sockaddr* addr, socklen_t* addrlen) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->Accept(sd, addr, addrlen) : -1;
}

int sctpdp_connect(int sd, const struct sockaddr* addr, socklen_t addrlen) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->Connect(sd, addr, addrlen) : -1;
}

ssize_t sctpdp_sendmsg(int sd, const struct msghdr* msg, int flags) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->SendMsg(sd, msg, flags) : -1;
}

ssize_t sctpdp_recvmsg(int sd, struct msghdr* msg, int flags) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->RecvMsg(sd, msg, flags) : -1;
}

int sctpdp_close(int sd) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->Close(sd) : -1;
}

int sctpdp_setsockopt(int sd, int level, int optname, const void* optval, socklen_t optlen) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->SetSockOpt(sd, level, optname, optval, optlen) : -1;
}

int sctpdp_getsockopt(int sd, int level, int optname, void* optval, socklen_t* optlen) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->GetSockOpt(sd, level, optname, optval, optlen) : -1;
}

int sctpdp_fcntl(int sd, int cmd, int arg) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->Fcntl(sd, cmd, arg) : -1;
}

int sctpdp_sctp_sendmsg(int sd, const void* msg, size_t len, struct sockaddr* to, socklen_t tolen,
                        uint32_t ppid, uint32_t flags, uint16_t stream_no, uint32_t timetolive,
                        uint32_t context) {
  const sctp_sndrcvinfo sinfo{.sinfo_stream = stream_no,
                              .sinfo_ssn = 0,
                              .sinfo_flags = static_cast<uint16_t>(flags),
                              .sinfo_ppid = ppid,
                              .sinfo_context = context,
                              .sinfo_timetolive = timetolive,
                              .sinfo_tsn = 0,
                              .sinfo_cumtsn = 0,
                              .sinfo_assoc_id = 0};
  return SendWithInfo(sd, msg, len, to, tolen, sinfo, 0);
}

int sctpdp_sctp_send(int sd, const void* msg, size_t len, const struct sctp_sndrcvinfo* sinfo,
                     int flags) {
  if (sinfo == nullptr) return static_cast<int>(sctpdp_send(sd, msg, len, flags));
  return SendWithInfo(sd, msg, len, nullptr, 0, *sinfo, flags);
}

int sctpdp_sctp_recvmsg(int sd, void* msg, size_t len, struct sockaddr* from, socklen_t* fromlen,
                        struct sctp_sndrcvinfo* sinfo, int* msg_flags) {
  iovec iov{.iov_base = msg, .iov_len = len};
  alignas(cmsghdr) char
      control[CMSG_SPACE(sizeof(sctp_sndrcvinfo)) + CMSG_SPACE(sizeof(sctp_rcvinfo))] = {};
  msghdr message{};
  message.msg_name = from;
  message.msg_namelen = fromlen != nullptr ? *fromlen : 0;
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  const ssize_t got = sctpdp_recvmsg(sd, &message, 0);
  if (got < 0) return -1;
  if (fromlen != nullptr) *fromlen = message.msg_namelen;
  if (msg_flags != nullptr) *msg_flags = message.msg_flags;
  if (sinfo != nullptr) {
    for (cmsghdr* cmsg = CMSG_FIRSTHDR(&message); cmsg != nullptr;
         cmsg = CMSG_NXTHDR(&message, cmsg)) {
      if (cmsg->cmsg_level == IPPROTO_SCTP && cmsg->cmsg_type == SCTP_SNDRCV) {
        std::memcpy(sinfo, CMSG_DATA(cmsg), sizeof *sinfo);
      }
    }
  }
  return static_cast<int>(got);
}

ssize_t sctpdp_send(int sd, const void* buf, size_t len, int flags) {
  iovec iov{.iov_base = const_cast<void*>(buf), .iov_len = len};
  msghdr message{};
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  return sctpdp_sendmsg(sd, &message, flags);
}

ssize_t sctpdp_recv(int sd, void* buf, size_t len, int flags) {
  iovec iov{.iov_base = buf, .iov_len = len};
  msghdr message{};
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  return sctpdp_recvmsg(sd, &message, flags);
}

int sctpdp_sctp_peeloff(int sd, sctp_assoc_t* assoc_id) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->Peeloff(sd, assoc_id) : -1;
}

int sctpdp_peeloff_to(int sd, sctp_assoc_t assoc_id, int ns, int shard) {
  sctpdp::api::Stack* stack = StackOrFail();
  if (stack == nullptr) return -1;
  if (ns < 0 || shard < -1 || shard > UINT16_MAX) {
    errno = EINVAL;
    return -1;
  }
  std::optional<sctpdp::ShardId> to;
  if (shard >= 0) to = sctpdp::ShardId(static_cast<uint16_t>(shard));
  return stack->PeeloffTo(sd, assoc_id, static_cast<uint32_t>(ns), to);
}

int sctpdp_ns_create(int limit) {
  sctpdp::api::Stack* stack = StackOrFail();
  if (stack == nullptr) return -1;
  if (limit <= 0) {
    errno = EINVAL;
    return -1;
  }
  const sctpdp::NamespaceResult created = stack->descriptors().Create(static_cast<size_t>(limit));
  if (created.error != 0) {
    errno = created.error;
    return -1;
  }
  return static_cast<int>(created.ns->number());
}

int sctpdp_event_fd(int sd) {
  sctpdp::api::Stack* stack = StackOrFail();
  return stack != nullptr ? stack->ReadinessFd(sd) : -1;
}

}  // extern "C"
