#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "dataplane/sctp/common/strong_type.h"
#include "dataplane/sctp/common/types.h"

namespace sctpdp {

// A shard's index within its data plane.
using ShardId = StrongType<struct ShardIdTag, uint16_t>;

// What identifies an association's packets on arrival: our port, the
// peer's port and the verification tag the peer puts in them (ours).
struct SteeringKey {
  Port local_port{};
  Port peer_port{};
  VerificationTag tag{};
  friend bool operator==(const SteeringKey&, const SteeringKey&) = default;

  // The key of a received SCTP packet (common header onwards, at least
  // CommonHeader::kSize bytes): the header's destination port is ours.
  static SteeringKey Of(std::span<const uint8_t> sctp) {
    auto u16 = [&](size_t at) { return static_cast<uint16_t>(sctp[at] << 8 | sctp[at + 1]); };
    return SteeringKey{Port(u16(2)), Port(u16(0)),
                       VerificationTag(uint32_t{u16(4)} << 16 | u16(6))};
  }
};

// Which shard owns a packet's association. Each shard chooses its tags so
// that tag % shard_count is its own index (EndpointOptions::tag_modulus),
// so most packets need no table at all; the table holds the exceptions:
// associations moved to another shard by a peeloff. It is immutable once
// built: the control plane builds the next version beside it and publishes
// it by pointer under RCU, so the shards read it without locks.
class SteeringTable {
 public:
  struct Entry {
    SteeringKey key{};
    ShardId shard{};
  };

  SteeringTable(uint16_t shard_count, const std::vector<Entry>& entries, uint64_t version);

  // nullopt for tag 0 (an INIT): the association does not exist yet, and
  // the placement policy chooses its shard.
  std::optional<ShardId> OwnerOf(const SteeringKey& key) const {
    if (key.tag == VerificationTag(0)) return std::nullopt;
    if (!slots_.empty()) {
      for (size_t i = Hash(key) & mask_;; i = (i + 1) & mask_) {
        const Entry& slot = slots_[i];
        if (slot.key == key) return slot.shard;
        if (slot.key.tag == VerificationTag(0)) break;  // empty
      }
    }
    return ShardId(static_cast<uint16_t>(key.tag.value() % shard_count_));
  }

  // The next version with `key` owned by `shard` (or back to the rule).
  SteeringTable With(const SteeringKey& key, ShardId shard) const;
  SteeringTable Without(const SteeringKey& key) const;

  uint16_t shard_count() const { return shard_count_; }
  uint64_t version() const { return version_; }
  std::vector<Entry> entries() const;

 private:
  static size_t Hash(const SteeringKey& key) {
    const uint64_t packed = uint64_t{key.local_port.value()} << 48 |
                            uint64_t{key.peer_port.value()} << 32 | key.tag.value();
    return static_cast<size_t>((packed * 0x9e37'79b9'7f4a'7c15ull) >> 32);
  }

  uint16_t shard_count_;
  uint64_t version_;
  size_t mask_ = 0;
  std::vector<Entry> slots_;  // open addressing; tag 0 marks an empty slot
};

}  // namespace sctpdp
