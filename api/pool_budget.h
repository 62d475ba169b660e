#pragma once

#include <atomic>
#include <cstddef>

#include "api/socket.h"
#include "dataplane/shard/shard_command.h"

namespace sctpdp::api {

// An association's budget hook (BufferBudget) over its descriptor's pool.
// Send bytes are charged by the application thread when the user sends,
// so that SO_SNDBUF blocks or fails there and not on the shard, and are
// released here as the peer acknowledges them, waking a sender that
// sleeps for room; receive bytes are charged here on delivery and released
// by the reader.
class PoolBudget final : public BufferBudget {
 public:
  explicit PoolBudget(Socket& owner) : owner_(owner) {}

  bool TryCharge(Kind kind, size_t bytes) override {
    return kind == Kind::kSend || owner_.pool().TryCharge(kind, bytes);
  }
  void Charge(Kind kind, size_t bytes) override { owner_.pool().Charge(kind, bytes); }
  void Release(Kind kind, size_t bytes) override {
    owner_.pool().Release(kind, bytes);
    if (kind == Kind::kSend && owner_.send_waiters.load(std::memory_order_acquire) != 0) {
      owner_.send_space.fetch_add(1, std::memory_order_release);
      FutexWake(owner_.send_space);
    }
  }
  size_t Available(Kind kind) const override { return owner_.pool().Available(kind); }

 private:
  Socket& owner_;
};

}  // namespace sctpdp::api
