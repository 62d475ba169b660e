#include "dataplane/shard/shard.h"

#include <algorithm>
#include <cstring>
#include <thread>

#include "dataplane/sctp/packet/sctp_packet.h"

namespace sctpdp {

std::string_view ShardDropName(ShardDrop drop) {
  switch (drop) {
    case ShardDrop::kPoolEmpty:
      return "pool_empty";
    case ShardDrop::kTxFull:
      return "tx_full";
    case ShardDrop::kMultiSegment:
      return "multi_segment";
    case ShardDrop::kInboxFull:
      return "inbox_full";
    case ShardDrop::kCount:
      break;
  }
  return "unknown";
}

namespace {

bool AllOffloadSctpChecksum(const std::vector<ShardQueue>& queues) {
  return !queues.empty() && std::all_of(queues.begin(), queues.end(), [](const ShardQueue& q) {
    return q.port->capabilities().tx_sctp_checksum;
  });
}

ShardEngineOptions EngineOptions(ShardEngineOptions options, bool offload) {
  options.checksum_mode = offload ? ChecksumMode::kOffload : ChecksumMode::kSoftware;
  return options;
}

}  // namespace

TimePoint Shard::Now() {
  // The engine's clock is only ever read here, once per turn.
  return TimePoint(
      std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now().time_since_epoch()));
}

Shard::Shard(const ShardSettings& settings, std::vector<ShardQueue> queues,
             std::vector<net::InterfaceConfig> interfaces, std::vector<net::RouteConfig> routes,
             const std::vector<net::NeighborConfig>& neighbours, dpdk::PacketPool& pool,
             TimePoint now, ShardFabric* fabric, ShardId id)
    : settings_(settings),
      queues_(std::move(queues)),
      pool_(pool),
      net_(std::move(interfaces), std::move(routes), neighbours, settings.net),
      engine_(EngineOptions(settings.engine, AllOffloadSctpChecksum(queues_)), *this, now),
      fabric_(fabric),
      id_(id),
      software_checksum_(!AllOffloadSctpChecksum(queues_)),
      now_(now) {
  uint16_t ports = 0;
  for (const ShardQueue& queue : queues_) ports = std::max<uint16_t>(ports, queue.index + 1);
  tx_.resize(ports);
  for (const ShardQueue& queue : queues_) tx_[queue.index].queue = &queue;
  if (fabric_ != nullptr) fabric_->Online(id_);
}

Shard::~Shard() {
  if (fabric_ != nullptr) fabric_->Offline(id_);
  net_.DropAllHeld(*this);
  for (TxBatch& batch : tx_) {
    rte_pktmbuf_free_bulk(batch.mbufs.data(), batch.count);
    batch.count = 0;
  }
}

size_t Shard::RunOnce(TimePoint now) {
  now_ = now;
  size_t received = 0;
  std::array<rte_mbuf*, kBurst> burst{};
  if (fabric_ != nullptr) {
    // Packets other shards received for our associations, first: they
    // arrived earlier than anything still in our queues. Only those counted
    // before the commands run: a shard handing an association over posts it
    // here before it forwards any packet for it, so each of these packets
    // finds its association.
    uint32_t ready = std::min<uint32_t>(fabric_->inbox(id_).count(), kBurstsPerTurn * kBurst);
    RunCommands(now);
    while (ready != 0) {
      const uint16_t count = fabric_->inbox(id_).DequeueBurst(
          std::span(burst.data(), std::min<uint32_t>(ready, kBurst)));
      if (count == 0) break;
      ready -= count;
      received += count;
      ReceiveBurst(now, std::span(burst.data(), count), 0, true);
    }
  }
  for (const ShardQueue& queue : queues_) {
    for (int round = 0; round < kBurstsPerTurn; ++round) {
      const uint16_t count = queue.port->RxBurst(queue.rx_queue, burst.data(), kBurst);
      received += count;
      rx_packets_ += count;
      ReceiveBurst(now, std::span(burst.data(), count), queue.index, false);
      if (count < kBurst) break;
    }
  }
  engine_.Poll(now);
  if (now >= next_net_poll_) {
    net_.Poll(now, *this);
    next_net_poll_ = now + std::chrono::milliseconds(10);
  }
  for (uint16_t port = 0; port < tx_.size(); ++port) Flush(port);
  if (now >= next_publish_) {
    Publish();
    next_publish_ = now + settings_.stats_interval;
  }
  // No steering table read in this turn is held beyond it.
  if (fabric_ != nullptr) fabric_->Quiescent(id_);
  return received;
}

void Shard::ReceiveBurst(TimePoint now, std::span<rte_mbuf*> burst, uint16_t port, bool forwarded) {
  for (rte_mbuf*& mbuf : burst) {
    if (mbuf->nb_segs != 1) {
      Count(ShardDrop::kMultiSegment);
      continue;
    }
    const uint16_t arrived_on = forwarded ? mbuf->port : port;
    const std::span<const uint8_t> frame(rte_pktmbuf_mtod(mbuf, const uint8_t*),
                                         rte_pktmbuf_data_len(mbuf));
    // A forwarded frame passed these checks on the shard that received it
    // already; they are repeated rather than carried, for they are cheap.
    const net::NetStack::Inbound inbound = net_.Receive(now, arrived_on, frame, *this);
    if (inbound.kind == net::NetStack::Inbound::Kind::kIcmpError) {
      // It quotes the peer's tag, which names no shard: every shard gets
      // it, and only the association's owner finds it (as for the T bit).
      if (fabric_ != nullptr && !forwarded) {
        mbuf->port = arrived_on;
        ForwardToAll(mbuf);
      }
      engine_.HandleIcmp(now, inbound.icmp);
      continue;
    }
    if (inbound.kind != net::NetStack::Inbound::Kind::kSctp) continue;
    if (fabric_ != nullptr) {
      mbuf->port = arrived_on;
      if (!Steer(mbuf, inbound, forwarded)) continue;
    }
    engine_.HandlePacket(now, inbound.source, inbound.sctp);
  }
  rte_pktmbuf_free_bulk(burst.data(), static_cast<unsigned>(burst.size()));
}

bool Shard::Steer(rte_mbuf*& mbuf, const net::NetStack::Inbound& inbound, bool forwarded) {
  const std::span<const uint8_t> sctp = inbound.sctp;
  if (sctp.size() < CommonHeader::kSize + 4) return true;  // the engine counts it
  const SteeringKey key = SteeringKey::Of(sctp);
  ShardId owner = id_;
  if (key.tag == VerificationTag(0)) {
    // An INIT: placed once, by the shard that received it; its owner
    // chooses a tag that later packets are steered by.
    if (!forwarded) owner = fabric_->PlaceInit(inbound.source, key);
  } else if (const uint8_t type = sctp[CommonHeader::kSize];
             (type == 6 || type == 14) && (sctp[CommonHeader::kSize + 1] & 1) != 0) {
    // ABORT or SHUTDOWN COMPLETE with the T bit: the tag is the peer's
    // (RFC 9260 section 8.5.1), which names no shard.
    if (!forwarded) ForwardToAll(mbuf);
  } else {
    // Forwarded packets are steered again: the table may have changed
    // since the sender read it (an association moved on).
    owner = OwnerOf(key);
  }
  if (owner == id_) return true;
  if (fabric_->Forward(owner, mbuf)) {
    ++forwarded_;
    mbuf = nullptr;
  } else {
    Count(ShardDrop::kInboxFull);
  }
  return false;
}

void Shard::ForwardToAll(rte_mbuf* mbuf) {
  for (uint16_t shard = 0; shard < fabric_->shard_count(); ++shard) {
    if (ShardId(shard) == id_) continue;
    // Shared, read only, by reference count: each shard frees its share.
    rte_mbuf_refcnt_update(mbuf, 1);
    if (fabric_->Forward(ShardId(shard), mbuf)) {
      ++forwarded_;
    } else {
      rte_mbuf_refcnt_update(mbuf, -1);
      Count(ShardDrop::kInboxFull);
    }
  }
}

ShardId Shard::OwnerOf(const SteeringKey& key) const {
  for (const SteeringTable::Entry& entry : owners_) {
    if (entry.key == key) return entry.shard;
  }
  return *fabric_->steering().OwnerOf(key);
}

void Shard::SetOwner(const SteeringKey& key, ShardId owner) {
  ClearOwner(key);
  owners_.push_back(SteeringTable::Entry{key, owner});
}

void Shard::ClearOwner(const SteeringKey& key) {
  std::erase_if(owners_, [&](const SteeringTable::Entry& entry) { return entry.key == key; });
}

void Shard::RunCommands(TimePoint now) {
  // All of them: the packets counted before must find their associations.
  std::array<ShardCommand*, kCommandBurst> commands{};
  uint16_t count = 0;
  do {
    count = fabric_->commands(id_).DequeueBurst(commands);
    for (uint16_t i = 0; i < count; ++i) {
      std::unique_ptr<ShardCommand>(commands[i])->Run(*this, now);
    }
  } while (count == commands.size());
}

void Shard::Run(const std::atomic<bool>& stop, Duration shutdown_timeout) {
  int empty = 0;
  auto turn = [&] {
    const TimePoint now = Now();
    if (RunOnce(now) != 0) {
      empty = 0;
      return;
    }
    // Adaptive idle: on a small machine a busy shard would starve the
    // processes beside it (ARCHITECTURE.md).
    if (settings_.idle_sleep && ++empty >= settings_.idle_empty_polls) {
      std::this_thread::sleep_for(settings_.idle_sleep_time);
    }
  };
  while (!stop.load(std::memory_order_relaxed)) turn();
  // Clients close first, servers after them (or at half time, for
  // clients elsewhere that linger); what is left at the end is aborted.
  const TimePoint start = Now();
  for (const bool servers : {false, true}) {
    const TimePoint deadline = start + (servers ? shutdown_timeout : shutdown_timeout / 2);
    engine_.Stop(Now(), servers);
    while (!engine_.stopped(servers) && Now() < deadline) turn();
  }
  if (!engine_.stopped(false) || !engine_.stopped(true)) {
    engine_.AbortAll(Now(), "sctpdp stopping");
  }
  // Let the last SHUTDOWN COMPLETE or ABORT leave.
  for (int i = 0; i < 16; ++i) RunOnce(Now());
  Publish();
  // A control plane publishing now must not wait for a loop that ended.
  if (fabric_ != nullptr) fabric_->Offline(id_);
}

void Shard::SendSctp(const std::optional<IpAddress>& source, const IpAddress& destination,
                     std::span<const uint8_t> packet) {
  const std::optional<net::NetStack::Egress> egress = net_.Route(source, destination);
  if (!egress) return;  // counted as no_route
  rte_mbuf* mbuf = pool_.Allocate();
  if (mbuf == nullptr) {
    Count(ShardDrop::kPoolEmpty);
    return;
  }
  const size_t header = net::NetStack::HeaderSize(destination);
  auto* data = reinterpret_cast<uint8_t*>(
      rte_pktmbuf_append(mbuf, static_cast<uint16_t>(header + packet.size())));
  if (data == nullptr) {  // larger than a buffer: the engine keeps to the MTU
    rte_pktmbuf_free(mbuf);
    Count(ShardDrop::kPoolEmpty);
    return;
  }
  std::memcpy(data + header, packet.data(), packet.size());
  if (!software_checksum_) {
    const bool v4 = destination.family == IpAddress::Family::kIpv4;
    mbuf->ol_flags |= RTE_MBUF_F_TX_SCTP_CKSUM | (v4 ? RTE_MBUF_F_TX_IPV4 : RTE_MBUF_F_TX_IPV6);
    mbuf->l2_len = net::EthernetFrame::kHeaderSize;
    mbuf->l3_len = header - net::EthernetFrame::kHeaderSize;
  }
  mbuf->port = egress->port;  // where a held packet goes once resolved
  net::MacAddress mac{};
  switch (net_.Resolve(now_, *egress, reinterpret_cast<uintptr_t>(mbuf), mac, *this)) {
    case net::NetStack::Resolution::kResolved:
      net_.WriteHeaders(std::span(data, header), *egress, destination, packet.size(), mac);
      Enqueue(egress->port, mbuf);
      break;
    case net::NetStack::Resolution::kHeld:
      net_.WriteHeaders(std::span(data, header), *egress, destination, packet.size(), mac);
      break;
    case net::NetStack::Resolution::kDropped:
      rte_pktmbuf_free(mbuf);
      break;
  }
}

void Shard::SendFrame(uint16_t port, std::span<const uint8_t> frame) {
  rte_mbuf* mbuf = pool_.Allocate();
  if (mbuf == nullptr) {
    Count(ShardDrop::kPoolEmpty);
    return;
  }
  // Ethernet's minimum frame; virtual devices do not pad.
  const size_t size = std::max<size_t>(frame.size(), 60);
  auto* data = reinterpret_cast<uint8_t*>(rte_pktmbuf_append(mbuf, static_cast<uint16_t>(size)));
  std::memcpy(data, frame.data(), frame.size());
  std::memset(data + frame.size(), 0, size - frame.size());
  Enqueue(port, mbuf);
}

void Shard::SendHeld(uintptr_t handle, const net::MacAddress& destination) {
  auto* mbuf = reinterpret_cast<rte_mbuf*>(handle);
  std::memcpy(rte_pktmbuf_mtod(mbuf, uint8_t*), destination.data(), destination.size());
  Enqueue(mbuf->port, mbuf);
}

void Shard::DropHeld(uintptr_t handle) { rte_pktmbuf_free(reinterpret_cast<rte_mbuf*>(handle)); }

void Shard::Enqueue(uint16_t port, rte_mbuf* mbuf) {
  TxBatch& batch = tx_[port];
  if (batch.count == kTxBatch) Flush(port);
  if (batch.count == kTxBatch) {
    // The device has taken nothing for a whole batch: its queue is full.
    Count(ShardDrop::kTxFull);
    rte_pktmbuf_free(mbuf);
    return;
  }
  batch.mbufs[batch.count++] = mbuf;
  if (batch.count >= kTxFlushAt) Flush(port);
}

void Shard::Flush(uint16_t port) {
  TxBatch& batch = tx_[port];
  if (batch.count == 0) return;
  const ShardQueue& queue = *batch.queue;
  const uint16_t sent = queue.port->TxBurst(queue.tx_queue, batch.mbufs.data(), batch.count);
  tx_packets_ += sent;
  std::copy(batch.mbufs.begin() + sent, batch.mbufs.begin() + batch.count, batch.mbufs.begin());
  batch.count -= sent;
}

void Shard::Publish() {
  auto set = [](std::atomic<uint64_t>& to, uint64_t value) {
    to.store(value, std::memory_order_relaxed);
  };
  set(stats_.rx_packets, rx_packets_);
  set(stats_.tx_packets, tx_packets_);
  set(stats_.forwarded, forwarded_);
  const size_t associations = engine_.association_count();
  set(stats_.associations, associations);
  if (fabric_ != nullptr) fabric_->ReportLoad(id_, static_cast<uint32_t>(associations));
  set(stats_.retransmissions, engine_.retransmissions());
  const net::NetCounters& net = net_.counters();
  for (size_t i = 0; i < net.drops.size(); ++i) set(stats_.net_drops[i], net.drops[i]);
  for (size_t i = 0; i < drops_.size(); ++i) set(stats_.shard_drops[i], drops_[i]);
  const EndpointMetrics totals = engine_.endpoint_totals();
  set(stats_.sctp_malformed, totals.packets_malformed);
  set(stats_.sctp_out_of_the_blue, totals.out_of_the_blue);
  set(stats_.sctp_no_endpoint, engine_.metrics().packets_no_endpoint);
}

}  // namespace sctpdp
