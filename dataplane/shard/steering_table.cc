#include "dataplane/shard/steering_table.h"

#include <algorithm>
#include <bit>
#include <cassert>

namespace sctpdp {

SteeringTable::SteeringTable(uint16_t shard_count, const std::vector<Entry>& entries,
                             uint64_t version)
    : shard_count_(shard_count), version_(version) {
  assert(shard_count > 0);
  if (entries.empty()) return;
  // At most half full, so that a miss ends after a probe or two.
  const size_t capacity = std::bit_ceil(std::max<size_t>(16, entries.size() * 2));
  slots_.resize(capacity);
  mask_ = capacity - 1;
  for (const Entry& entry : entries) {
    assert(entry.key.tag != VerificationTag(0));
    size_t i = Hash(entry.key) & mask_;
    while (slots_[i].key.tag != VerificationTag(0) && !(slots_[i].key == entry.key)) {
      i = (i + 1) & mask_;
    }
    slots_[i] = entry;
  }
}

std::vector<SteeringTable::Entry> SteeringTable::entries() const {
  std::vector<Entry> out;
  for (const Entry& slot : slots_) {
    if (slot.key.tag != VerificationTag(0)) out.push_back(slot);
  }
  return out;
}

SteeringTable SteeringTable::With(const SteeringKey& key, ShardId shard) const {
  std::vector<Entry> next = Without(key).entries();
  // An owner that the rule already gives needs no entry.
  if (key.tag.value() % shard_count_ != shard.value()) next.push_back(Entry{key, shard});
  return SteeringTable(shard_count_, next, version_ + 1);
}

SteeringTable SteeringTable::Without(const SteeringKey& key) const {
  std::vector<Entry> next = entries();
  std::erase_if(next, [&](const Entry& entry) { return entry.key == key; });
  return SteeringTable(shard_count_, next, version_ + 1);
}

}  // namespace sctpdp
