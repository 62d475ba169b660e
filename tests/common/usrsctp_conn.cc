#include "tests/common/usrsctp_conn.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <utility>

namespace {

// The clock usrsctp reads once UsrsctpStack is up: microseconds since the
// epoch, starting at the real time and moved only by AdvanceTime.
std::atomic<bool> clock_is_virtual{false};
std::atomic<int64_t> virtual_clock_us{0};

int64_t RealTimeUs() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<int64_t>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}

}  // namespace

// usrsctp runs its timers on ticks that only usrsctp_handle_timers moves,
// but stamps sent chunks and heartbeats with gettimeofday, and when the
// retransmission timer fires it resends only chunks stamped at least an RTO
// ago (heartbeats likewise look at the time of the last send). With ticks
// running ahead of the wall clock nothing would ever be retransmitted. So
// this process's gettimeofday, the only clock libusrsctp reads, follows
// AdvanceTime: the executable's definition takes precedence over libc's for
// libusrsctp.so. Other callers of gettimeofday in the process see the same
// clock; nothing else in sctpdp's tests uses it (std::chrono reads
// clock_gettime).
extern "C" int gettimeofday(struct timeval* __restrict tv, void* __restrict tz) noexcept {
  const int64_t now = clock_is_virtual.load(std::memory_order_relaxed)
                          ? virtual_clock_us.load(std::memory_order_relaxed)
                          : RealTimeUs();
  tv->tv_sec = static_cast<time_t>(now / 1'000'000);
  tv->tv_usec = static_cast<suseconds_t>(now % 1'000'000);
  if (tz != nullptr) std::memset(tz, 0, sizeof(struct timezone));
  return 0;
}

namespace sctpdp::testing {
namespace {

// The socket option that offers I-DATA (RFC 8260). usrsctp implements it
// (netinet/sctp.h) but its public usrsctp.h does not name it.
constexpr int kSctpInterleavingSupported = 0x00001206;
// SCTP_FRAGMENT_INTERLEAVE level 2 (RFC 6458 section 8.1.20): pieces of
// messages from different streams may interleave in the receive buffer.
// usrsctp refuses I-DATA without it.
constexpr int kFragmentInterleaveLevel2 = 2;

// Buffers kept for reuse; enough for the packets in flight of a busy test.
constexpr size_t kMaxSpareBuffers = 4096;

sockaddr_conn MakeAddress(void* address, uint16_t port) {
  sockaddr_conn sconn;
  std::memset(&sconn, 0, sizeof(sconn));
  sconn.sconn_family = AF_CONN;
  sconn.sconn_port = htons(port);
  sconn.sconn_addr = address;
  return sconn;
}

}  // namespace

UsrsctpStack& UsrsctpStack::Get() {
  // Never destroyed: usrsctp_finish would have to wait for every socket to
  // be gone, and static destructors run in no useful order.
  static UsrsctpStack* const stack = new UsrsctpStack();
  return *stack;
}

UsrsctpStack::UsrsctpStack() {
  virtual_clock_us.store(RealTimeUs(), std::memory_order_relaxed);
  clock_is_virtual.store(true, std::memory_order_relaxed);
  // Port 0: no UDP encapsulation socket. No debug printer: usrsctp prints
  // nothing.
  usrsctp_init_nothreads(0, &UsrsctpStack::Output, nullptr);
  // usrsctp skips the CRC32c on loopback, and its callers (WebRTC) often
  // declare it offloaded for AF_CONN: both would make it send packets with a
  // zero checksum and accept any checksum, which sctpdp's engine (rightly,
  // RFC 9260 section 6.8) drops.
  usrsctp_sysctl_set_sctp_no_csum_on_loopback(0);
  usrsctp_disable_crc32c_offload();
}

void UsrsctpStack::AdvanceTime(Duration elapsed) {
  virtual_clock_us.fetch_add(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count(),
                             std::memory_order_relaxed);
  now_ += elapsed;
  pending_ += elapsed;
  const auto milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(pending_);
  if (milliseconds.count() <= 0) return;
  pending_ -= milliseconds;
  usrsctp_handle_timers(static_cast<uint32_t>(milliseconds.count()));
}

struct sctpstat UsrsctpStack::Stats() const {
  struct sctpstat stats;
  std::memset(&stats, 0, sizeof(stats));
  usrsctp_get_stat(&stats);
  return stats;
}

int UsrsctpStack::Output(void* address, void* buffer, size_t length, uint8_t /*tos*/,
                         uint8_t /*set_df*/) {
  UsrsctpStack& stack = Get();
  UsrsctpConn* conn = stack.Find(address);
  if (conn == nullptr) {
    ++stack.orphan_packets_;
    return 0;
  }
  std::vector<uint8_t> packet = stack.TakeBuffer();
  const auto* bytes = static_cast<const uint8_t*>(buffer);
  packet.assign(bytes, bytes + length);
  conn->outbox_.push_back(std::move(packet));
  ++conn->packets_sent_;
  return 0;
}

UsrsctpConn* UsrsctpStack::Find(void* address) const {
  for (UsrsctpConn* conn : conns_) {
    if (conn->address() == address) return conn;
  }
  return nullptr;
}

void UsrsctpStack::Register(UsrsctpConn* conn) {
  ++next_address_;
  // A token, never dereferenced by usrsctp: it only compares and returns it.
  conn->address_ = reinterpret_cast<void*>(static_cast<uintptr_t>(0x10000 + next_address_ * 16));
  conns_.push_back(conn);
  usrsctp_register_address(conn->address_);
}

void UsrsctpStack::Deregister(UsrsctpConn* conn) {
  usrsctp_deregister_address(conn->address_);
  conns_.erase(std::remove(conns_.begin(), conns_.end(), conn), conns_.end());
}

void UsrsctpStack::Recycle(std::vector<uint8_t>&& buffer) {
  if (spare_buffers_.size() < kMaxSpareBuffers) spare_buffers_.push_back(std::move(buffer));
}

std::vector<uint8_t> UsrsctpStack::TakeBuffer() {
  if (spare_buffers_.empty()) return {};
  std::vector<uint8_t> buffer = std::move(spare_buffers_.back());
  spare_buffers_.pop_back();
  return buffer;
}

UsrsctpConn::UsrsctpConn() { UsrsctpStack::Get().Register(this); }

UsrsctpConn::~UsrsctpConn() { UsrsctpStack::Get().Deregister(this); }

std::optional<std::vector<uint8_t>> UsrsctpConn::PopOutput() {
  if (outbox_.empty()) return std::nullopt;
  std::vector<uint8_t> packet = std::move(outbox_.front());
  outbox_.pop_front();
  return packet;
}

void UsrsctpConn::Input(std::span<const uint8_t> packet) {
  ++packets_received_;
  // ECN bits 0: not ECN-capable transport.
  usrsctp_conninput(address_, packet.data(), packet.size(), 0);
}

void UsrsctpConn::InputAndRecycle(std::vector<uint8_t>&& packet) {
  Input(packet);
  UsrsctpStack::Get().Recycle(std::move(packet));
}

size_t ExchangePackets(UsrsctpConn& a, UsrsctpConn& b) {
  return ExchangePackets(a, b, [](const UsrsctpConn&, std::span<const uint8_t>) {});
}

UsrsctpSocket::UsrsctpSocket(UsrsctpConn& conn, const UsrsctpSocketOptions& options)
    : conn_(&conn), options_(options) {
  socket_ = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr, 0, nullptr);
  if (socket_ == nullptr) {
    Fail("usrsctp_socket");
    return;
  }
  if (!Configure()) return;
  // SCTP_INITMSG and I-DATA are endpoint settings the INIT carries;
  // accepted sockets inherit them from the listener.
  const sctp_initmsg init{.sinit_num_ostreams = options_.streams,
                          .sinit_max_instreams = options_.streams,
                          .sinit_max_attempts = 0,
                          .sinit_max_init_timeo = 0};
  if (!SetOption(IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof(init), "SCTP_INITMSG")) return;
  if (options_.max_packet_size != 0) {
    struct sctp_paddrparams parameters;
    std::memset(&parameters, 0, sizeof(parameters));
    parameters.spp_assoc_id = SCTP_FUTURE_ASSOC;
    parameters.spp_flags = SPP_PMTUD_DISABLE;
    // On AF_CONN usrsctp's path MTU leaves out the common header: its
    // packets are up to spp_pathmtu + 12 bytes (usrsctp 0.9.5).
    parameters.spp_pathmtu = std::max<uint32_t>(options_.max_packet_size, 512) -
                             static_cast<uint32_t>(sizeof(struct sctp_common_header));
    if (!SetOption(IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &parameters, sizeof(parameters),
                   "SCTP_PEER_ADDR_PARAMS")) {
      return;
    }
  }
  if (options_.interleaving) {
    const int level = kFragmentInterleaveLevel2;
    if (!SetOption(IPPROTO_SCTP, SCTP_FRAGMENT_INTERLEAVE, &level, sizeof(level),
                   "SCTP_FRAGMENT_INTERLEAVE")) {
      return;
    }
    const sctp_assoc_value value{.assoc_id = SCTP_FUTURE_ASSOC, .assoc_value = 1};
    if (!SetOption(IPPROTO_SCTP, kSctpInterleavingSupported, &value, sizeof(value),
                   "SCTP_INTERLEAVING_SUPPORTED")) {
      return;
    }
  }
}

UsrsctpSocket::UsrsctpSocket(UsrsctpConn& conn, const UsrsctpSocketOptions& options,
                             RawSocket* accepted)
    : conn_(&conn), options_(options), socket_(accepted) {
  Configure();
}

UsrsctpSocket::~UsrsctpSocket() {
  if (socket_ != nullptr) Abort();
}

UsrsctpSocket::UsrsctpSocket(UsrsctpSocket&& other) noexcept
    : conn_(other.conn_),
      options_(std::move(other.options_)),
      socket_(std::exchange(other.socket_, nullptr)),
      receive_buffer_(std::move(other.receive_buffer_)),
      error_(std::move(other.error_)),
      last_errno_(other.last_errno_),
      peer_closed_(other.peer_closed_) {}

UsrsctpSocket& UsrsctpSocket::operator=(UsrsctpSocket&& other) noexcept {
  if (this == &other) return *this;
  if (socket_ != nullptr) Abort();
  conn_ = other.conn_;
  options_ = std::move(other.options_);
  socket_ = std::exchange(other.socket_, nullptr);
  receive_buffer_ = std::move(other.receive_buffer_);
  error_ = std::move(other.error_);
  last_errno_ = other.last_errno_;
  peer_closed_ = other.peer_closed_;
  return *this;
}

bool UsrsctpSocket::Fail(const char* what) {
  last_errno_ = errno;
  error_ = fmt::format("{}: {} ({})", what, std::strerror(last_errno_), last_errno_);
  return false;
}

bool UsrsctpSocket::SetOption(int level, int name, const void* value, socklen_t size,
                              const char* what) {
  if (usrsctp_setsockopt(socket_, level, name, value, size) == 0) return true;
  return Fail(what);
}

bool UsrsctpSocket::Configure() {
  if (usrsctp_set_non_blocking(socket_, 1) != 0) return Fail("usrsctp_set_non_blocking");
  const int nodelay = options_.nodelay ? 1 : 0;
  if (!SetOption(IPPROTO_SCTP, SCTP_NODELAY, &nodelay, sizeof(nodelay), "SCTP_NODELAY")) {
    return false;
  }
  const int receive_info = options_.receive_info ? 1 : 0;
  if (!SetOption(IPPROTO_SCTP, SCTP_RECVRCVINFO, &receive_info, sizeof(receive_info),
                 "SCTP_RECVRCVINFO")) {
    return false;
  }
  for (uint16_t type : options_.events) {
    const sctp_event event{.se_assoc_id = SCTP_FUTURE_ASSOC, .se_type = type, .se_on = 1};
    if (!SetOption(IPPROTO_SCTP, SCTP_EVENT, &event, sizeof(event), "SCTP_EVENT")) return false;
  }
  if (options_.send_buffer != 0) {
    const int size = static_cast<int>(options_.send_buffer);
    if (!SetOption(SOL_SOCKET, SO_SNDBUF, &size, sizeof(size), "SO_SNDBUF")) return false;
  }
  if (options_.receive_buffer != 0) {
    const int size = static_cast<int>(options_.receive_buffer);
    if (!SetOption(SOL_SOCKET, SO_RCVBUF, &size, sizeof(size), "SO_RCVBUF")) return false;
  }
  if (options_.partial_delivery_point != 0) {
    const uint32_t point = options_.partial_delivery_point;
    if (!SetOption(IPPROTO_SCTP, SCTP_PARTIAL_DELIVERY_POINT, &point, sizeof(point),
                   "SCTP_PARTIAL_DELIVERY_POINT")) {
      return false;
    }
  }
  receive_buffer_.resize(options_.max_receive_size);
  return true;
}

bool UsrsctpSocket::Listen(uint16_t port) {
  sockaddr_conn local = MakeAddress(conn_->address(), port);
  if (usrsctp_bind(socket_, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
    return Fail("usrsctp_bind");
  }
  if (usrsctp_listen(socket_, 1) != 0) return Fail("usrsctp_listen");
  return true;
}

std::optional<UsrsctpSocket> UsrsctpSocket::Accept() {
  sockaddr_conn remote;
  std::memset(&remote, 0, sizeof(remote));
  socklen_t size = sizeof(remote);
  RawSocket* accepted = usrsctp_accept(socket_, reinterpret_cast<sockaddr*>(&remote), &size);
  if (accepted == nullptr) {
    last_errno_ = errno;
    if (last_errno_ != EWOULDBLOCK) Fail("usrsctp_accept");
    return std::nullopt;
  }
  UsrsctpSocket socket(*conn_, options_, accepted);
  return socket;
}

bool UsrsctpSocket::Connect(uint16_t local_port, uint16_t remote_port) {
  sockaddr_conn local = MakeAddress(conn_->address(), local_port);
  if (usrsctp_bind(socket_, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
    return Fail("usrsctp_bind");
  }
  sockaddr_conn remote = MakeAddress(conn_->address(), remote_port);
  if (usrsctp_connect(socket_, reinterpret_cast<sockaddr*>(&remote), sizeof(remote)) != 0 &&
      errno != EINPROGRESS) {
    return Fail("usrsctp_connect");
  }
  return true;
}

ssize_t UsrsctpSocket::Send(uint16_t stream, uint32_t ppid, bool unordered,
                            std::span<const uint8_t> data) {
  // The PPID is opaque to SCTP and travels as the application hands it
  // over; the sockets API expects network byte order (RFC 6458 section
  // 5.3.4).
  sctp_sndinfo info{.snd_sid = stream,
                    .snd_flags = static_cast<uint16_t>(unordered ? SCTP_UNORDERED : 0),
                    .snd_ppid = htonl(ppid),
                    .snd_context = 0,
                    .snd_assoc_id = 0};
  const ssize_t sent = usrsctp_sendv(socket_, data.data(), data.size(), nullptr, 0, &info,
                                     sizeof(info), SCTP_SENDV_SNDINFO, 0);
  if (sent < 0) last_errno_ = errno;
  return sent;
}

std::optional<UsrsctpReceived> UsrsctpSocket::Receive() {
  std::optional<UsrsctpReceived> received = ReceiveInto(receive_buffer_);
  if (received.has_value()) {
    received->payload.assign(receive_buffer_.begin(),
                             receive_buffer_.begin() + static_cast<ptrdiff_t>(received->length));
  }
  return received;
}

std::optional<UsrsctpReceived> UsrsctpSocket::ReceiveInto(std::span<uint8_t> buffer) {
  sctp_rcvinfo info;
  std::memset(&info, 0, sizeof(info));
  socklen_t info_size = sizeof(info);
  unsigned int info_type = SCTP_RECVV_NOINFO;
  int flags = 0;
  sockaddr_conn from;
  socklen_t from_size = sizeof(from);
  const ssize_t length =
      usrsctp_recvv(socket_, buffer.data(), buffer.size(), reinterpret_cast<sockaddr*>(&from),
                    &from_size, &info, &info_size, &info_type, &flags);
  if (length < 0) {
    last_errno_ = errno;
    return std::nullopt;
  }
  if (length == 0) {
    // End of file: the peer shut down and everything has been read.
    last_errno_ = 0;
    peer_closed_ = true;
    return std::nullopt;
  }
  UsrsctpReceived received;
  received.length = static_cast<size_t>(length);
  received.msg_flags = flags;
  received.end_of_record = (flags & MSG_EOR) != 0;
  received.is_notification = (flags & MSG_NOTIFICATION) != 0;
  if (received.is_notification) {
    union sctp_notification notification;
    std::memset(&notification, 0, sizeof(notification));
    std::memcpy(&notification, buffer.data(), std::min(sizeof(notification), received.length));
    received.notification_type = notification.sn_header.sn_type;
    switch (notification.sn_header.sn_type) {
      case SCTP_ASSOC_CHANGE:
        received.notification_state = notification.sn_assoc_change.sac_state;
        received.notification_error = notification.sn_assoc_change.sac_error;
        break;
      case SCTP_PEER_ADDR_CHANGE:
        received.notification_state = static_cast<uint16_t>(notification.sn_paddr_change.spc_state);
        received.notification_error = notification.sn_paddr_change.spc_error;
        break;
      case SCTP_REMOTE_ERROR:
        received.notification_error = notification.sn_remote_error.sre_error;
        break;
      case SCTP_SEND_FAILED_EVENT:
        received.notification_state = notification.sn_send_failed_event.ssfe_flags;
        received.notification_error = notification.sn_send_failed_event.ssfe_error;
        break;
      case SCTP_PARTIAL_DELIVERY_EVENT:
        received.notification_state =
            static_cast<uint16_t>(notification.sn_pdapi_event.pdapi_indication);
        break;
      default:
        break;
    }
    return received;
  }
  if (info_type == SCTP_RECVV_RCVINFO) {
    received.has_rcvinfo = true;
    received.stream = info.rcv_sid;
    received.ssn = info.rcv_ssn;
    received.ppid = ntohl(info.rcv_ppid);
    received.tsn = info.rcv_tsn;
    received.rcv_flags = info.rcv_flags;
    received.unordered = (info.rcv_flags & SCTP_UNORDERED) != 0;
  }
  return received;
}

bool UsrsctpSocket::Shutdown() {
  if (usrsctp_shutdown(socket_, SHUT_WR) != 0) return Fail("usrsctp_shutdown");
  return true;
}

void UsrsctpSocket::Abort() {
  if (socket_ == nullptr) return;
  const linger abort_on_close{.l_onoff = 1, .l_linger = 0};
  usrsctp_setsockopt(socket_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof(abort_on_close));
  usrsctp_close(socket_);
  socket_ = nullptr;
}

void UsrsctpSocket::Close() {
  if (socket_ == nullptr) return;
  usrsctp_close(socket_);
  socket_ = nullptr;
}

std::optional<struct sctp_status> UsrsctpSocket::Status() {
  struct sctp_status status;
  std::memset(&status, 0, sizeof(status));
  socklen_t size = sizeof(status);
  if (usrsctp_getsockopt(socket_, IPPROTO_SCTP, SCTP_STATUS, &status, &size) != 0) {
    last_errno_ = errno;
    return std::nullopt;
  }
  return status;
}

int32_t UsrsctpSocket::State() {
  std::optional<struct sctp_status> status = Status();
  return status.has_value() ? status->sstat_state : SCTP_CLOSED;
}

int UsrsctpSocket::Events() const { return usrsctp_get_events(socket_); }

}  // namespace sctpdp::testing
