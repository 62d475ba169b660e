#pragma once

#include <netinet/in.h>
#include <netinet/sctp.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "api/delivery_queue.h"
#include "control/descriptors/descriptor_namespace.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/shard/steering_table.h"

namespace sctpdp::api {

// SOCK_SEQPACKET (one-to-many, RFC 6458 section 3) or SOCK_STREAM
// (one-to-one, section 4; also what sctp_peeloff makes, section 9.2).
enum class SocketStyle : uint8_t {
  kOneToMany,
  kOneToOne,
};

// What the application threads may know of an association without asking
// its shard, which publishes it: enough to refuse a send at once, so that
// a send need not wait for the shard.
struct AssociationHandle {
  std::atomic<uint16_t> outbound_streams{0};  // 0 until the association is up
  std::atomic<bool> open{true};               // false once no more may be sent
};

// One sctpdp descriptor: what the application threads share about it. The
// shards reach it only through its delivery queue and its buffer pool;
// everything else is the application threads', under `mutex`.
class Socket final : public Descriptor {
 public:
  enum class State : uint8_t {
    kOpen,       // created
    kBound,      // a local port, endpoints on every shard
    kListening,  // new associations are accepted
    kConnected,  // one-to-one: its association is up
    kClosed,     // one-to-one: its association ended
  };

  Socket(int family, SocketStyle style, std::unique_ptr<DeliveryQueue> queue)
      : family_(family), style_(style), queue_(std::move(queue)) {}

  int family() const { return family_; }
  SocketStyle style() const { return style_; }
  DeliveryQueue& queue() { return *queue_; }

  // The application threads take turns on what follows.
  std::mutex mutex;
  State state = State::kOpen;
  Port local_port{};
  bool nonblocking = false;
  bool nodelay = false;
  bool receive_rcvinfo = false;  // SCTP_RECVRCVINFO
  uint32_t events = 0;           // subscribed notifications: 1 << (type - SCTP_SN_TYPE_BASE)
  sctp_initmsg initmsg{};        // SCTP_INITMSG; zeros mean the stack's defaults
  sctp_sndinfo default_sndinfo{};
  // One-to-one: its association.
  std::optional<AssociationId> association{};
  // Associations that do not live on the shard their id names (moved by a
  // peeloff to another shard).
  std::unordered_map<AssociationId, ShardId> moved{};
  // The handles of the associations this descriptor has sent on.
  std::unordered_map<AssociationId, std::shared_ptr<const AssociationHandle>> handles{};
  // Deliveries taken over from the descriptor this one was peeled off,
  // read before the queue: they arrived first.
  std::deque<Delivery*> held{};

  // A sender blocked on SO_SNDBUF sleeps on send_space, which the shards
  // bump (and wake) as acknowledged bytes leave the pool while
  // send_waiters says someone sleeps.
  std::atomic<uint32_t> send_space{0};
  std::atomic<uint32_t> send_waiters{0};
  // close() was called: what still arrives for it is dropped on the shard
  // (its associations are shutting down), its bytes released at once.
  std::atomic<bool> closed{false};

 private:
  int family_;
  SocketStyle style_;
  std::unique_ptr<DeliveryQueue> queue_;
};

}  // namespace sctpdp::api
