#include "dataplane/shard/timer_wheel.h"

#include <algorithm>
#include <bit>
#include <cassert>

namespace sctpdp {

TimerWheel::TimerWheel(TimePoint now, Duration tick) : origin_(now), tick_(tick) {
  assert(tick > Duration::zero());
  heads_.fill(kNil);
}

TimerWheel::Handle TimerWheel::Add(uint64_t value) {
  Handle handle;
  if (free_head_ != kNil) {
    handle = free_head_;
    free_head_ = nodes_[handle].next;
    nodes_[handle] = Node{};
  } else {
    handle = static_cast<Handle>(nodes_.size());
    nodes_.emplace_back();
  }
  nodes_[handle].value = value;
  return handle;
}

void TimerWheel::Remove(Handle handle) {
  Cancel(handle);
  nodes_[handle].level = kFree;
  nodes_[handle].next = free_head_;
  free_head_ = handle;
}

uint64_t TimerWheel::TickAtOrAfter(TimePoint time) const {
  if (time <= origin_) return 0;
  const Duration since = time - origin_;
  return static_cast<uint64_t>((since + tick_ - Duration{1}) / tick_);
}

void TimerWheel::Schedule(Handle handle, TimePoint deadline) {
  Cancel(handle);
  nodes_[handle].expiry = TickAtOrAfter(deadline);
  Link(handle);
  ++scheduled_count_;
}

void TimerWheel::Cancel(Handle handle) {
  if (!scheduled(handle)) return;
  Unlink(handle);
}

void TimerWheel::Link(Handle handle) {
  Node& node = nodes_[handle];
  constexpr uint64_t kMaxDelta = (uint64_t{1} << (kSlotBits * kLevels)) - 1;
  node.expiry = std::clamp(node.expiry, now_tick_ + 1, now_tick_ + kMaxDelta);
  const uint64_t delta = node.expiry - now_tick_;
  int level = 0;
  while (level + 1 < kLevels && delta >= (uint64_t{1} << (kSlotBits * (level + 1)))) ++level;
  Push(level, static_cast<uint32_t>((node.expiry >> (kSlotBits * level)) & (kSlots - 1)), handle);
}

void TimerWheel::Push(int level, uint32_t slot, Handle handle) {
  Node& node = nodes_[handle];
  node.level = static_cast<uint8_t>(level);
  node.slot = static_cast<uint8_t>(slot);
  uint32_t& head = Head(level, slot);
  node.prev = kNil;
  node.next = head;
  if (head != kNil) nodes_[head].prev = handle;
  head = handle;
  if (level == 0) occupied_[slot / 64] |= uint64_t{1} << (slot % 64);
}

uint64_t TimerWheel::NextOccupiedTick() const {
  const auto current = static_cast<uint32_t>(now_tick_ & (kSlots - 1));
  for (uint32_t slot = current + 1; slot < kSlots;) {
    const uint64_t word = occupied_[slot / 64] >> (slot % 64);
    if (word != 0)
      return (now_tick_ - current) + slot + static_cast<uint32_t>(std::countr_zero(word));
    slot = (slot / 64 + 1) * 64;
  }
  return UINT64_MAX;
}

void TimerWheel::Unlink(Handle handle) {
  Node& node = nodes_[handle];
  if (node.prev != kNil) {
    nodes_[node.prev].next = node.next;
  } else {
    Head(node.level, node.slot) = node.next;
    if (node.level == 0 && node.next == kNil) {
      occupied_[node.slot / 64] &= ~(uint64_t{1} << (node.slot % 64));
    }
  }
  if (node.next != kNil) nodes_[node.next].prev = node.prev;
  node.prev = node.next = kNil;
  node.level = kUnlinked;
  --scheduled_count_;
}

void TimerWheel::Cascade(int level) {
  const auto slot = static_cast<uint32_t>((now_tick_ >> (kSlotBits * level)) & (kSlots - 1));
  uint32_t handle = Head(level, slot);
  Head(level, slot) = kNil;
  while (handle != kNil) {
    const uint32_t next = nodes_[handle].next;
    // Due this very tick when expiry == now_tick_: Link would push it to the
    // next one, so it goes straight into the slot Advance fires now.
    if (nodes_[handle].expiry == now_tick_) {
      Push(0, static_cast<uint32_t>(now_tick_ & (kSlots - 1)), handle);
    } else {
      Link(handle);
    }
    handle = next;
  }
}

std::optional<TimePoint> TimerWheel::NextDeadlineBound() const {
  if (scheduled_count_ == 0) return std::nullopt;
  for (uint64_t tick = now_tick_ + 1; tick <= now_tick_ + kSlots; ++tick) {
    if ((tick & (kSlots - 1)) == 0) {
      // Higher levels cascade here: nothing below them is known to be earlier.
      return origin_ + tick_ * static_cast<int64_t>(tick);
    }
    if (heads_[tick & (kSlots - 1)] != kNil) return origin_ + tick_ * static_cast<int64_t>(tick);
  }
  return origin_ + tick_ * static_cast<int64_t>(now_tick_ + kSlots);
}

}  // namespace sctpdp
