#pragma once

// A harness that runs usrsctp (the userland SCTP stack, Debian
// libusrsctp-dev) inside the test or benchmark process, with no sockets and
// no threads: usrsctp's AF_CONN lower layer hands every packet it sends to a
// callback, and packets are fed back with usrsctp_conninput. The caller moves
// packets between the two ends, so the network is whatever the test makes
// of it (loss, reordering, another stack such as sctpdp's engine on the far
// side), and time moves only when the caller advances it.
//
// Time is virtual: usrsctp's timers fire only from AdvanceTime, and the
// clock it stamps packets with (gettimeofday, which this library defines
// for the whole process) moves with it and stands still otherwise, so runs
// are repeatable and a test can wait out a 60 s timer in no time.
//
// Everything here runs on one thread: usrsctp is started without its timer
// thread and its locks are not reentrant, so no usrsctp call may be made
// from inside its output callback; that is why packets go to an outbox
// instead of straight to the peer.
//
// usrsctp exports generic C symbols (m_get, m_free, calculate_crc32c, ...):
// code linked with this harness must not define those names.

#include <sys/types.h>
#include <usrsctp.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dataplane/sctp/common/time.h"

namespace sctpdp::testing {

class UsrsctpConn;

// The process-wide usrsctp instance. usrsctp keeps its state in globals,
// set up once per process, and tearing it down (usrsctp_finish) needs every
// socket gone first: this is a singleton that is never torn down.
class UsrsctpStack {
 public:
  // Starts usrsctp on first use: usrsctp_init_nothreads with no UDP
  // encapsulation port, no debug output, and real CRC32c on AF_CONN packets
  // (sent packets carry it, received ones are checked), since the peer may
  // be a stack that verifies it (RFC 9260 section 6.8).
  static UsrsctpStack& Get();

  UsrsctpStack(const UsrsctpStack&) = delete;
  UsrsctpStack& operator=(const UsrsctpStack&) = delete;

  // Moves the virtual clock by `elapsed` and runs usrsctp's timers that are
  // due. usrsctp's timers count whole milliseconds, so the remainder carries
  // over to the next call. A timer fires once per call however far the clock
  // jumps, so advance in steps no longer than the shortest timer of interest
  // (10 ms is safe).
  void AdvanceTime(Duration elapsed);
  // The virtual time advanced so far.
  Duration now() const { return now_; }

  // usrsctp's counters (RFC 3873 MIB plus its own), e.g.
  // sctps_checksumerrors for received packets with a wrong CRC32c.
  struct sctpstat Stats() const;

  // Packets usrsctp sent to an address no live UsrsctpConn owns (an
  // association outliving its UsrsctpConn); they are dropped.
  uint64_t orphan_packets() const { return orphan_packets_; }

 private:
  friend class UsrsctpConn;

  UsrsctpStack();
  ~UsrsctpStack() = default;

  static int Output(void* address, void* buffer, size_t length, uint8_t tos, uint8_t set_df);
  UsrsctpConn* Find(void* address) const;
  void Register(UsrsctpConn* conn);
  void Deregister(UsrsctpConn* conn);
  void Recycle(std::vector<uint8_t>&& buffer);
  std::vector<uint8_t> TakeBuffer();

  Duration now_{};
  Duration pending_{};
  uint64_t orphan_packets_ = 0;
  uint64_t next_address_ = 0;
  // Few conns live at once: a linear scan is the cheapest lookup.
  std::vector<UsrsctpConn*> conns_;
  // Storage of delivered packets, reused for the next ones sent.
  std::vector<std::vector<uint8_t>> spare_buffers_;
};

// One AF_CONN "address": the opaque pointer usrsctp puts in sconn_addr.
// Sockets bind and connect with it, usrsctp hands it back with every packet
// it sends there, and Input presents packets as arriving on it. One end of
// a test association owns one UsrsctpConn; routing its outbox into the other
// end's Input is the network.
//
// The address is a token that is never reused in the process (not `this`),
// so packets from an association that outlives its UsrsctpConn cannot reach
// a later one allocated at the same place.
class UsrsctpConn {
 public:
  UsrsctpConn();
  ~UsrsctpConn();
  UsrsctpConn(const UsrsctpConn&) = delete;
  UsrsctpConn& operator=(const UsrsctpConn&) = delete;

  void* address() const { return address_; }

  // Packets usrsctp sent on this address, oldest first, each a whole SCTP
  // packet (common header and chunks, no IP header).
  std::deque<std::vector<uint8_t>>& outbox() { return outbox_; }
  // The oldest packet of the outbox, removed, or nullopt when it is empty.
  std::optional<std::vector<uint8_t>> PopOutput();

  // Hands a packet to usrsctp as received on this address. usrsctp may send
  // packets (to any UsrsctpConn) before this returns.
  void Input(std::span<const uint8_t> packet);
  // Input, then keeps the buffer's storage for a later output packet (of
  // any UsrsctpConn), which saves an allocation per packet on the
  // benchmark's path.
  void InputAndRecycle(std::vector<uint8_t>&& packet);

  uint64_t packets_sent() const { return packets_sent_; }
  uint64_t packets_received() const { return packets_received_; }

 private:
  friend class UsrsctpStack;

  void* address_ = nullptr;
  std::deque<std::vector<uint8_t>> outbox_;
  uint64_t packets_sent_ = 0;
  uint64_t packets_received_ = 0;
};

// Moves packets both ways between `a` and `b` until neither outbox holds
// any; every packet is passed to `observe(const UsrsctpConn& from,
// std::span<const uint8_t> packet)` (when given) before delivery.
// Returns the number of packets moved.
template <typename Observer>
size_t ExchangePackets(UsrsctpConn& a, UsrsctpConn& b, Observer&& observe);
size_t ExchangePackets(UsrsctpConn& a, UsrsctpConn& b);

struct UsrsctpSocketOptions {
  // Outbound streams requested and inbound streams accepted (SCTP_INITMSG).
  uint16_t streams = 16;
  // SCTP_NODELAY: send at once instead of waiting to fill a packet while
  // data is outstanding (Nagle, RFC 9260 section 6.1 rule D note).
  bool nodelay = true;
  // Offer I-DATA (RFC 8260, user message interleaving); used only when the
  // peer offers it too.
  bool interleaving = false;
  // Report rcvinfo (stream, SSN, PPID, TSN) with every received message
  // (SCTP_RECVRCVINFO).
  bool receive_info = true;
  // Notifications to subscribe to (SCTP_EVENT), e.g. SCTP_ASSOC_CHANGE.
  std::vector<uint16_t> events = {
      SCTP_ASSOC_CHANGE,       SCTP_PEER_ADDR_CHANGE,       SCTP_REMOTE_ERROR,
      SCTP_SHUTDOWN_EVENT,     SCTP_PARTIAL_DELIVERY_EVENT, SCTP_SEND_FAILED_EVENT,
      SCTP_STREAM_RESET_EVENT,
  };
  // SO_SNDBUF and SO_RCVBUF in bytes; 0 keeps usrsctp's defaults (256 KiB
  // and 128 KiB). A message larger than the send buffer is refused with
  // EMSGSIZE.
  uint32_t send_buffer = 0;
  uint32_t receive_buffer = 0;
  // Largest SCTP packet (common header and chunks) to send, with path MTU
  // discovery off (SCTP_PEER_ADDR_PARAMS); 0 keeps usrsctp's default for
  // AF_CONN, 1280 bytes. At least 512.
  uint32_t max_packet_size = 0;
  // SCTP_PARTIAL_DELIVERY_POINT (RFC 6458 section 8.1.21): a message at
  // least this long starts going up in pieces before it is complete; 0
  // keeps usrsctp's default, half the receive buffer.
  uint32_t partial_delivery_point = 0;
  // Size of the buffer Receive reads into: a message longer than this
  // arrives in several pieces, only the last with `end_of_record`.
  size_t max_receive_size = 512 * 1024;
};

// What one usrsctp_recvv returned: a user message (or the piece of one that
// fits, or that partial delivery released) or a notification.
struct UsrsctpReceived {
  std::vector<uint8_t> payload;  // the bytes; for a notification, the raw notification
  size_t length = 0;             // bytes received (payload.size() when Receive copied them)
  uint16_t stream = 0;
  uint16_t ssn = 0;   // sctp_rcvinfo.rcv_ssn
  uint32_t ppid = 0;  // host byte order
  uint32_t tsn = 0;
  uint16_t rcv_flags = 0;  // sctp_rcvinfo.rcv_flags: SCTP_UNORDERED
  bool unordered = false;
  bool has_rcvinfo = false;  // false for notifications, or without receive_info
  int msg_flags = 0;         // MSG_EOR, MSG_NOTIFICATION
  bool end_of_record = false;
  bool is_notification = false;
  uint16_t notification_type = 0;   // SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_EVENT, ...
  uint16_t notification_state = 0;  // sac_state of SCTP_ASSOC_CHANGE (SCTP_COMM_UP, ...)
  uint32_t notification_error = 0;  // sac_error, ssfe_error, sre_error
};

// A non-blocking one-to-one style (SOCK_STREAM) usrsctp socket on AF_CONN:
// one association per socket, a listener hands out a new socket per
// association through Accept, as with TCP (RFC 6458 section 4). One-to-one
// keeps the harness's model simple: a socket is an association, its state is
// the association's state, and no call needs an association id.
//
// The UsrsctpConn must outlive its sockets. Every call that fails returns
// false, nullopt or -1 and leaves errno in last_errno(). Destroying a
// socket that is still open aborts its association (ABORT chunk, nothing
// left behind); a graceful end is Shutdown, then driving the packets until
// the peer has answered, then Close.
class UsrsctpSocket {
 public:
  // usrsctp's socket type; `struct` because sys/socket.h's socket()
  // hides the bare name in C++.
  using RawSocket = struct socket;

  // Creates and configures the socket; ok() tells whether that worked.
  UsrsctpSocket(UsrsctpConn& conn, const UsrsctpSocketOptions& options = {});
  ~UsrsctpSocket();
  UsrsctpSocket(UsrsctpSocket&& other) noexcept;
  UsrsctpSocket& operator=(UsrsctpSocket&& other) noexcept;
  UsrsctpSocket(const UsrsctpSocket&) = delete;
  UsrsctpSocket& operator=(const UsrsctpSocket&) = delete;

  bool ok() const { return socket_ != nullptr && error_.empty(); }
  // What failed, with errno, when !ok() or after a failing call.
  const std::string& error() const { return error_; }
  int last_errno() const { return last_errno_; }
  RawSocket* raw() const { return socket_; }

  // Binds to this socket's address and `port` and listens.
  bool Listen(uint16_t port);
  // The socket of the next association the listener has set up, or nullopt
  // when there is none yet (last_errno() EWOULDBLOCK) or on error. The new
  // socket gets the listener's options.
  std::optional<UsrsctpSocket> Accept();
  // Binds to `local_port` and starts the association towards `remote_port`
  // on the same address (an AF_CONN address names the link, not the host).
  // Returns true once the INIT is queued (EINPROGRESS); IsEstablished tells
  // when the handshake is done.
  bool Connect(uint16_t local_port, uint16_t remote_port);

  // Sends one whole message: its byte count, or -1 with last_errno()
  // EWOULDBLOCK when the send buffer cannot take it now, EMSGSIZE when it
  // never could.
  ssize_t Send(uint16_t stream, uint32_t ppid, bool unordered, std::span<const uint8_t> data);

  // The next message or notification, or nullopt when nothing is ready
  // (last_errno() EWOULDBLOCK), at end of file (peer_closed()) or on error.
  std::optional<UsrsctpReceived> Receive();
  // The same without copying: the bytes land in `buffer`, the result tells
  // how many (payload stays empty).
  std::optional<UsrsctpReceived> ReceiveInto(std::span<uint8_t> buffer);
  // True once a receive found end of file: the peer shut down (SHUTDOWN
  // received) and every message before it has been read.
  bool peer_closed() const { return peer_closed_; }

  // Graceful shutdown of the sending side (usrsctp_shutdown SHUT_WR): the
  // queued data is delivered, then SHUTDOWN (RFC 9260 section 9.2).
  bool Shutdown();
  // Ends the association with ABORT (SO_LINGER with zero time, then close;
  // RFC 6458 section 8.1.4) and closes the socket.
  void Abort();
  // Closes the socket; an association still established starts a graceful
  // shutdown that usrsctp completes on its own.
  void Close();

  // SCTP_STATUS of the association, nullopt without one.
  std::optional<struct sctp_status> Status();
  // sstat_state (SCTP_ESTABLISHED, SCTP_SHUTDOWN_SENT, ...), SCTP_CLOSED
  // when there is no association.
  int32_t State();
  bool IsEstablished() { return State() == SCTP_ESTABLISHED; }
  // usrsctp_get_events: SCTP_EVENT_READ, SCTP_EVENT_WRITE, SCTP_EVENT_ERROR.
  int Events() const;

  const UsrsctpSocketOptions& options() const { return options_; }

 private:
  UsrsctpSocket(UsrsctpConn& conn, const UsrsctpSocketOptions& options, RawSocket* accepted);
  bool Configure();
  bool SetOption(int level, int name, const void* value, socklen_t size, const char* what);
  bool Fail(const char* what);

  UsrsctpConn* conn_ = nullptr;
  UsrsctpSocketOptions options_;
  RawSocket* socket_ = nullptr;
  std::vector<uint8_t> receive_buffer_;
  std::string error_;
  int last_errno_ = 0;
  bool peer_closed_ = false;
};

template <typename Observer>
size_t ExchangePackets(UsrsctpConn& a, UsrsctpConn& b, Observer&& observe) {
  size_t moved = 0;
  for (;;) {
    size_t round = 0;
    while (std::optional<std::vector<uint8_t>> packet = a.PopOutput()) {
      observe(static_cast<const UsrsctpConn&>(a), std::span<const uint8_t>(*packet));
      b.InputAndRecycle(std::move(*packet));
      ++round;
    }
    while (std::optional<std::vector<uint8_t>> packet = b.PopOutput()) {
      observe(static_cast<const UsrsctpConn&>(b), std::span<const uint8_t>(*packet));
      a.InputAndRecycle(std::move(*packet));
      ++round;
    }
    if (round == 0) return moved;
    moved += round;
  }
}

}  // namespace sctpdp::testing
