#include "api/delivery_queue.h"

#include <fmt/format.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sctpdp::api {

std::unique_ptr<DeliveryQueue> DeliveryQueue::Create(std::string& error) {
  static std::atomic<uint32_t> next{0};
  const uint32_t number = next.fetch_add(1);
  // In the heap: a stack has thousands of descriptors, and DPDK only a few
  // thousand memzones.
  rte_ring* ready = dpdk::CreateHeapRing(fmt::format("dq{}r", number), kCapacity, error);
  if (ready == nullptr) return nullptr;
  auto ready_ring = std::make_unique<dpdk::PointerRing<Delivery>>(ready, true);
  rte_ring* free = dpdk::CreateHeapRing(fmt::format("dq{}f", number), kCapacity, error);
  if (free == nullptr) return nullptr;
  auto free_ring = std::make_unique<dpdk::PointerRing<Delivery>>(free, true);
  const int event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (event_fd < 0) {
    error = fmt::format("eventfd: {}", std::strerror(errno));
    return nullptr;
  }
  return std::unique_ptr<DeliveryQueue>(
      new DeliveryQueue(std::move(ready_ring), std::move(free_ring), event_fd));
}

DeliveryQueue::DeliveryQueue(std::unique_ptr<dpdk::PointerRing<Delivery>> ready,
                             std::unique_ptr<dpdk::PointerRing<Delivery>> free, int event_fd)
    : ready_(std::move(ready)), free_(std::move(free)), event_fd_(event_fd) {}

DeliveryQueue::~DeliveryQueue() {
  delete front_;
  for (auto* ring : {ready_.get(), free_.get()}) {
    Delivery* left = nullptr;
    while (ring->DequeueShared(left)) delete left;
  }
  close(event_fd_);
}

Delivery* DeliveryQueue::Acquire() {
  Delivery* delivery = nullptr;
  if (free_->DequeueShared(delivery)) return delivery;
  return new Delivery();
}

bool DeliveryQueue::Push(Delivery* delivery) {
  if (!ready_->Enqueue(delivery)) return false;
  // Only the first of a run wakes the reader: a system call per burst,
  // not per message.
  if (pending_.fetch_add(1, std::memory_order_acq_rel) == 0) Signal();
  return true;
}

Delivery* DeliveryQueue::Front() {
  if (front_ == nullptr) ready_->DequeueShared(front_);
  return front_;
}

Delivery* DeliveryQueue::Take() {
  Delivery* taken = Front();
  if (taken == nullptr) return nullptr;
  front_ = nullptr;
  if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) Unsignal();
  return taken;
}

void DeliveryQueue::Pop() {
  Delivery* done = Take();
  if (done == nullptr) return;
  // The payload buffer stays with the node for the shard to fill again.
  if (auto* message = std::get_if<ReceivedMessage>(&done->what)) message->payload.clear();
  done->read = 0;
  if (!free_->Enqueue(done)) delete done;
}

void DeliveryQueue::Signal() {
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = write(event_fd_, &one, sizeof one);
}

void DeliveryQueue::Unsignal() {
  uint64_t count = 0;
  [[maybe_unused]] const ssize_t got = read(event_fd_, &count, sizeof count);
  if (pending_.load(std::memory_order_acquire) != 0) Signal();
}

}  // namespace sctpdp::api
