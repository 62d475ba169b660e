#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "dataplane/sctp/common/time.h"

namespace sctpdp {

// A shard's timers: a hierarchical timing wheel (Varghese and Lauck) of four
// levels of 256 slots. Scheduling, rescheduling and cancelling are O(1);
// advancing costs one slot visit per elapsed tick plus one re-insertion per
// timer each time it moves down a level. The engine asks for one wakeup per
// association and moves it on almost every packet, so those operations are
// the ones that must be cheap; a timer fires at its deadline rounded up to
// the next tick, never early.
//
// Timers are slots obtained from Add (on the control path, when an
// association is created; it may allocate) and addressed by a dense handle
// afterwards, with a 64-bit value the owner chooses (its association id).
class TimerWheel {
 public:
  using Handle = uint32_t;

  TimerWheel(TimePoint now, Duration tick);

  Handle Add(uint64_t value);
  // Cancels the timer and frees its handle for reuse.
  void Remove(Handle handle);

  // Sets the timer's deadline, replacing any earlier one. A deadline in the
  // past fires at the next tick.
  void Schedule(Handle handle, TimePoint deadline);
  void Cancel(Handle handle);
  bool scheduled(Handle handle) const { return nodes_[handle].level < kLevels; }

  // Moves the wheel to `now` and calls expired(value) for every timer whose
  // deadline has passed, in deadline order at tick granularity. The callback
  // may schedule, cancel, add and remove timers, the expiring one included.
  template <typename Expired>
  size_t Advance(TimePoint now, Expired&& expired);

  // The earliest time a timer can fire, for a shard that wants to sleep;
  // nullopt when nothing is scheduled. Exact for the first level, a lower
  // bound beyond it.
  std::optional<TimePoint> NextDeadlineBound() const;

  size_t scheduled_count() const { return scheduled_count_; }

 private:
  static constexpr int kLevels = 4;
  static constexpr int kSlotBits = 8;
  static constexpr uint32_t kSlots = 1u << kSlotBits;
  static constexpr uint32_t kNil = UINT32_MAX;
  static constexpr uint8_t kUnlinked = UINT8_MAX;
  static constexpr uint8_t kFree = UINT8_MAX - 1;

  struct Node {
    uint64_t value = 0;
    uint64_t expiry = 0;  // in ticks since origin_
    uint32_t prev = kNil;
    uint32_t next = kNil;
    uint8_t level = kUnlinked;
    uint8_t slot = 0;
  };

  uint64_t TickAtOrAfter(TimePoint time) const;
  // The first tick after now_tick_ in this rotation whose first-level slot
  // holds a timer, or UINT64_MAX.
  uint64_t NextOccupiedTick() const;
  void Push(int level, uint32_t slot, Handle handle);
  void Link(Handle handle);
  void Unlink(Handle handle);
  // Moves every timer of level `level`'s current slot to the levels below.
  void Cascade(int level);
  uint32_t& Head(int level, uint32_t slot) { return heads_[level * kSlots + slot]; }

  TimePoint origin_;
  Duration tick_;
  uint64_t now_tick_ = 0;  // every tick up to this one has fired
  size_t scheduled_count_ = 0;
  std::vector<Node> nodes_;
  uint32_t free_head_ = kNil;
  std::array<uint32_t, kLevels * kSlots> heads_;
  std::array<uint64_t, kSlots / 64> occupied_{};  // first level only
};

template <typename Expired>
size_t TimerWheel::Advance(TimePoint now, Expired&& expired) {
  const uint64_t target = now < origin_ ? 0 : static_cast<uint64_t>((now - origin_) / tick_);
  size_t fired = 0;
  while (now_tick_ < target) {
    if (scheduled_count_ == 0) {
      now_tick_ = target;
      break;
    }
    // Jump to the next tick that has work: an occupied first-level slot of
    // this rotation, or the end of the rotation where higher levels cascade.
    // A long pause then costs one step per 256 ticks, not one per tick.
    const uint64_t next = std::min(NextOccupiedTick(), (now_tick_ | (kSlots - 1)) + 1);
    if (next > target) {
      now_tick_ = target;
      break;
    }
    now_tick_ = next;
    // At a multiple of 256^n the slots of levels n down to 1 come due; the
    // top one first, since its timers may land in the ones below.
    int top = 0;
    while (top + 1 < kLevels && (now_tick_ & ((uint64_t{1} << (kSlotBits * (top + 1))) - 1)) == 0) {
      ++top;
    }
    for (int level = top; level >= 1; --level) Cascade(level);
    const auto slot = static_cast<uint32_t>(now_tick_ & (kSlots - 1));
    // Every timer in this slot expires now: take them one at a time so that
    // the callback may reschedule any of them, or add to this very slot
    // (which, being in the past, lands on the next tick instead).
    while (Head(0, slot) != kNil) {
      const Handle handle = Head(0, slot);
      Unlink(handle);
      ++fired;
      expired(nodes_[handle].value);
    }
  }
  return fired;
}

}  // namespace sctpdp
