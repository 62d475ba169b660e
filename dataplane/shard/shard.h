#pragma once

#include <rte_mbuf.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dataplane/dpdk/packet_pool.h"
#include "dataplane/dpdk/port.h"
#include "dataplane/net/net_stack.h"
#include "dataplane/shard/shard_engine.h"
#include "dataplane/shard/shard_fabric.h"

namespace sctpdp {

// Why a shard dropped a packet on its own account (the network stack's
// reasons are counted by NetStack, the engine's by its endpoints).
enum class ShardDrop : uint8_t {
  kPoolEmpty,     // no buffer for a packet to send
  kTxFull,        // the device did not take a packet
  kMultiSegment,  // a received frame in several buffers (jumbo frames are not configured)
  kInboxFull,     // the owner shard's inbox had no room for a forwarded packet
  kCount,
};
std::string_view ShardDropName(ShardDrop drop);

// A shard's counters as the reporting thread sees them: the shard copies
// its own into these now and then (Publish), so the poll loop never
// touches a shared cache line per packet.
struct ShardStats {
  std::atomic<uint64_t> rx_packets{0};
  std::atomic<uint64_t> tx_packets{0};
  std::atomic<uint64_t> forwarded{0};  // SCTP packets handed to their owner shard
  std::atomic<uint64_t> associations{0};
  std::atomic<uint64_t> retransmissions{0};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(net::NetDrop::kCount)> net_drops{};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(ShardDrop::kCount)> shard_drops{};
  std::atomic<uint64_t> sctp_malformed{0};  // bad checksum or framing
  std::atomic<uint64_t> sctp_out_of_the_blue{0};
  std::atomic<uint64_t> sctp_no_endpoint{0};
};

struct ShardSettings {
  ShardEngineOptions engine;
  net::NetStackOptions net;
  bool idle_sleep = true;
  int idle_empty_polls = 256;
  Duration idle_sleep_time = std::chrono::microseconds(50);
  Duration stats_interval = std::chrono::milliseconds(100);
};

// One queue of one port, as a shard uses it. `index` is the port's number
// in the network stack's InterfaceConfig.
struct ShardQueue {
  dpdk::Port* port = nullptr;
  uint16_t index = 0;
  uint16_t rx_queue = 0;
  uint16_t tx_queue = 0;
};

// One worker lcore's share of the data plane: a queue on each port, its
// own network stack, engine, timers and packet pool. The poll loop runs a
// fixed order of phases (RunOnce): read the clock; receive a burst from
// each queue; classify each frame (ARP, ND, ping answered, SCTP handed to
// the engine); fire due timers, run the applications and flush what they
// queued; retry neighbour resolution; send the transmit batches. It takes
// no lock, makes no system call while there is work, and allocates no
// heap memory per packet: buffers come from the pool and go back to it.
//
// With a fabric (several shards), each SCTP packet is handled by the shard
// that owns its association: the steering table names it by verification
// tag, INITs are placed by the fabric's policy, and a packet that arrives
// elsewhere is forwarded to its owner's inbox, which the owner drains
// first in each turn, right after running the commands queued for it.
class Shard : private PacketSink, private net::LinkOutput {
 public:
  Shard(const ShardSettings& settings, std::vector<ShardQueue> queues,
        std::vector<net::InterfaceConfig> interfaces, std::vector<net::RouteConfig> routes,
        const std::vector<net::NeighborConfig>& neighbours, dpdk::PacketPool& pool, TimePoint now,
        ShardFabric* fabric = nullptr, ShardId id = ShardId(0));
  ~Shard() override;

  ShardEngine& engine() { return engine_; }
  ShardStats& stats() { return stats_; }
  ShardId id() const { return id_; }
  ShardFabric* fabric() { return fabric_; }

  // While an association moves between shards (ShardCommands of the move
  // protocol), this shard steers its packets by `owner` rather than by the
  // published table, until the table says the same and the entry is
  // cleared.
  void SetOwner(const SteeringKey& key, ShardId owner);
  void ClearOwner(const SteeringKey& key);

  // One turn of the loop; returns how many frames arrived.
  size_t RunOnce(TimePoint now);
  // Runs turns until `stop` is set, then closes every association
  // gracefully, aborting what is left after `shutdown_timeout`.
  void Run(const std::atomic<bool>& stop, Duration shutdown_timeout);

  static TimePoint Now();

 private:
  static constexpr uint16_t kBurst = 32;
  // Bursts taken from one queue per turn at most, so that a queue that
  // keeps filling cannot starve the others or the timers.
  static constexpr int kBurstsPerTurn = 8;
  // Packets a port may have waiting for the device; what the device does
  // not take stays here for the next turn, and only beyond this is dropped.
  static constexpr uint16_t kTxBatch = 512;
  static constexpr uint16_t kTxFlushAt = 64;
  static constexpr uint16_t kCommandBurst = 16;

  struct TxBatch {
    const ShardQueue* queue = nullptr;
    std::array<rte_mbuf*, kTxBatch> mbufs{};
    uint16_t count = 0;
  };

  // PacketSink: an SCTP packet from the engine.
  void SendSctp(const std::optional<IpAddress>& source, const IpAddress& destination,
                std::span<const uint8_t> packet) override;
  // LinkOutput: frames and held packets from the network stack.
  void SendFrame(uint16_t port, std::span<const uint8_t> frame) override;
  void SendHeld(uintptr_t handle, const net::MacAddress& destination) override;
  void DropHeld(uintptr_t handle) override;

  // Classifies a burst of received frames and hands SCTP to the engine
  // (or its owner); `forwarded`: from the inbox, each buffer's `port`
  // naming the stack's port it arrived on. Frees what stays here.
  void ReceiveBurst(TimePoint now, std::span<rte_mbuf*> burst, uint16_t port, bool forwarded);
  // Whether a received SCTP packet is this shard's to handle. If another
  // shard owns it, forwards it there (`mbuf` becomes null) or counts the
  // drop when the owner's inbox is full.
  bool Steer(rte_mbuf*& mbuf, const net::NetStack::Inbound& inbound, bool forwarded);
  // A packet whose tag is the peer's (T bit) names no owner: every shard
  // gets it, and only the owner finds its association.
  void ForwardToAll(rte_mbuf* mbuf);
  ShardId OwnerOf(const SteeringKey& key) const;
  // The control phase: runs the commands queued for this shard.
  void RunCommands(TimePoint now);
  void Enqueue(uint16_t port, rte_mbuf* mbuf);
  // Hands the port's waiting packets to the device; keeps what it refuses.
  void Flush(uint16_t port);
  void Count(ShardDrop drop) { ++drops_[static_cast<size_t>(drop)]; }
  void Publish();

  ShardSettings settings_;
  std::vector<ShardQueue> queues_;
  dpdk::PacketPool& pool_;
  net::NetStack net_;
  ShardEngine engine_;
  ShardFabric* fabric_;  // null: the only shard
  ShardId id_;
  std::vector<SteeringTable::Entry> owners_;  // SetOwner; empty but during moves
  // No port of this shard computes the SCTP checksum: the engine does.
  bool software_checksum_ = true;
  std::vector<TxBatch> tx_;  // by port index
  TimePoint now_;
  TimePoint next_net_poll_{};
  TimePoint next_publish_{};
  uint64_t rx_packets_ = 0;
  uint64_t tx_packets_ = 0;
  uint64_t forwarded_ = 0;
  std::array<uint64_t, static_cast<size_t>(ShardDrop::kCount)> drops_{};
  ShardStats stats_;
};

}  // namespace sctpdp
