#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "dataplane/dpdk/pointer_ring.h"
#include "dataplane/sctp/association/notification.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/rx/reassembly_queue.h"

namespace sctpdp::api {

// One thing a descriptor's reader gets: a message (or a piece of one) or a
// notification, of one association.
struct Delivery {
  AssociationId association{};
  std::variant<ReceivedMessage, Notification> what;
  IpAddress peer{};  // the association's primary path when it was delivered
  Port peer_port{};
  size_t read = 0;  // payload bytes already returned (a read into a short buffer)
};

// What the shards owning a descriptor's associations hand to the
// application threads reading it. The shards never block or lock: the
// queue is a ring with many producers, and the nodes (with their payload
// buffers) come back through a free ring once read, so that a steady flow
// allocates nothing. Readers take turns (the descriptor's lock). Its file
// descriptor (an eventfd) is readable while deliveries wait, for poll,
// epoll and blocking reads.
class DeliveryQueue {
 public:
  static std::unique_ptr<DeliveryQueue> Create(std::string& error);
  ~DeliveryQueue();
  DeliveryQueue(const DeliveryQueue&) = delete;
  DeliveryQueue& operator=(const DeliveryQueue&) = delete;

  // Shard side. A node to fill (a recycled one, or a new one while the
  // queue warms up).
  Delivery* Acquire();
  // False when the ring is full: the node stays the caller's, to push
  // again later in the same order.
  bool Push(Delivery* delivery);

  // Reader side, one reader at a time.
  Delivery* Front();  // nullptr when empty
  void Pop();         // the front node goes back for reuse
  // Takes the front node out for good (it moves to another descriptor).
  Delivery* Take();

  int fd() const { return event_fd_; }

 private:
  DeliveryQueue(std::unique_ptr<dpdk::PointerRing<Delivery>> ready,
                std::unique_ptr<dpdk::PointerRing<Delivery>> free, int event_fd);
  void Signal();
  // After the reader took the last node: the eventfd is cleared, and set
  // again if a push came in between.
  void Unsignal();

  // Deliveries the ring holds; more wait on the shard, in order
  // (SocketApplication's overflow).
  static constexpr uint32_t kCapacity = 8192;

  std::unique_ptr<dpdk::PointerRing<Delivery>> ready_;
  std::unique_ptr<dpdk::PointerRing<Delivery>> free_;
  int event_fd_;
  std::atomic<size_t> pending_{0};
  Delivery* front_ = nullptr;  // dequeued, not yet consumed
};

}  // namespace sctpdp::api
