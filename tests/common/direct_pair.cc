#include "tests/common/direct_pair.h"

#include <algorithm>

namespace sctpdp::testing {

// One side: its endpoint, its environment, and the packets it sent that
// wait for the other side. Buffers are kept and reused, so steady-state
// pumping allocates nothing here.
struct DirectPair::Side : public Environment {
  Side(uint64_t seed, const IpAddress& address) : random(seed), address(address) {}

  void SendPacket(AssociationId, const IpAddress& destination,
                  std::span<const uint8_t> packet) override {
    ++counters.packets_sent;
    counters.bytes_sent += packet.size();
    if (on_send && !on_send(destination, packet)) return;
    if (used == outbox.size()) outbox.emplace_back();
    outbox[used++].assign(packet.begin(), packet.end());
  }
  void ScheduleWakeup(AssociationId association, TimePoint when) override {
    wakeups[association] = when;
  }
  uint32_t Random32() override { return static_cast<uint32_t>(random()); }
  void Deliver(AssociationId association, ReceivedMessage& message) override {
    ++counters.messages_delivered;
    counters.bytes_delivered += message.payload.size();
    if (on_deliver) on_deliver(message);
    if (on_deliver_any) on_deliver_any(association, message);
  }
  void Notify(AssociationId, const Notification& notification) override {
    const auto* change = std::get_if<AssociationChange>(&notification);
    if (!change) return;
    switch (change->state) {
      case AssociationChange::State::kCommUp:
        ++counters.comm_up;
        break;
      case AssociationChange::State::kCommLost:
      case AssociationChange::State::kCantStartAssociation:
        ++counters.comm_lost;
        break;
      case AssociationChange::State::kShutdownComplete:
        ++counters.shutdown_complete;
        break;
      case AssociationChange::State::kRestart:
        ++counters.restarts;
        break;
    }
  }

  std::mt19937_64 random;
  IpAddress address;
  std::unique_ptr<Endpoint> endpoint;
  // outbox[0, used) wait for the peer; the rest are spare buffers.
  std::vector<std::vector<uint8_t>> outbox;
  size_t used = 0;
  std::vector<std::vector<uint8_t>> in_transit;
  std::map<AssociationId, TimePoint> wakeups;
  Counters counters;
  std::function<void(const ReceivedMessage&)> on_deliver;
  std::function<void(AssociationId, const ReceivedMessage&)> on_deliver_any;
  std::function<bool(const IpAddress&, std::span<const uint8_t>)> on_send;
};

DirectPair::DirectPair(const AssociationOptions& options, uint64_t seed)
    : a_(std::make_unique<Side>(seed, IpAddress::FromIpv4({198, 18, 0, 1}))),
      z_(std::make_unique<Side>(seed + 1, IpAddress::FromIpv4({198, 18, 0, 2}))) {
  a_->endpoint = std::make_unique<Endpoint>(
      EndpointOptions{
          .local_port = kPortA, .local_addresses = {a_->address}, .association = options},
      *a_, now_);
  z_->endpoint = std::make_unique<Endpoint>(EndpointOptions{.local_port = kPortZ,
                                                            .local_addresses = {z_->address},
                                                            .association = options,
                                                            .listening = true},
                                            *z_, now_);
}

DirectPair::~DirectPair() = default;

Endpoint& DirectPair::a() { return *a_->endpoint; }
Endpoint& DirectPair::z() { return *z_->endpoint; }
const DirectPair::Counters& DirectPair::counters_a() const { return a_->counters; }
const DirectPair::Counters& DirectPair::counters_z() const { return z_->counters; }
const IpAddress& DirectPair::address_a() const { return a_->address; }
const IpAddress& DirectPair::address_z() const { return z_->address; }
void DirectPair::OnDeliverZ(std::function<void(const ReceivedMessage&)> callback) {
  z_->on_deliver = std::move(callback);
}
void DirectPair::OnDeliver(DeliverCallback callback) {
  if (!callback) {
    a_->on_deliver_any = nullptr;
    z_->on_deliver_any = nullptr;
    return;
  }
  a_->on_deliver_any = [callback](AssociationId association, const ReceivedMessage& message) {
    callback(true, association, message);
  };
  z_->on_deliver_any = [callback](AssociationId association, const ReceivedMessage& message) {
    callback(false, association, message);
  };
}
void DirectPair::OnSend(SendFilter filter) {
  if (!filter) {
    a_->on_send = nullptr;
    z_->on_send = nullptr;
    return;
  }
  a_->on_send = [filter](const IpAddress& destination, std::span<const uint8_t> packet) {
    return filter(true, destination, packet);
  };
  z_->on_send = [filter](const IpAddress& destination, std::span<const uint8_t> packet) {
    return filter(false, destination, packet);
  };
}

AssociationId DirectPair::z_association() const {
  const std::vector<AssociationId> ids = z_->endpoint->association_ids();
  return ids.empty() ? AssociationId(0) : ids.front();
}

std::optional<AssociationId> DirectPair::Connect() {
  const std::array<IpAddress, 1> peer{z_->address};
  const std::optional<AssociationId> id = a_->endpoint->Connect(now_, peer, kPortZ);
  if (!id) return std::nullopt;
  for (int round = 0; round < 100 && (a_->counters.comm_up == 0 || z_->counters.comm_up == 0);
       ++round) {
    if (Pump() == 0) AdvanceTime(std::chrono::milliseconds(100));
  }
  if (a_->counters.comm_up == 0 || z_->counters.comm_up == 0) return std::nullopt;
  return id;
}

size_t DirectPair::Pump(size_t max_packets) {
  size_t handed = 0;
  while (handed < max_packets && (a_->used > 0 || z_->used > 0)) {
    for (auto [from, to] : {std::pair{a_.get(), z_.get()}, std::pair{z_.get(), a_.get()}}) {
      // Swap the batch out first: handling a packet may queue more.
      const size_t count = from->used;
      if (count == 0) continue;
      from->in_transit.swap(from->outbox);
      from->used = 0;
      for (size_t i = 0; i < count; ++i) {
        to->endpoint->HandlePacket(now_, from->address, from->in_transit[i]);
      }
      handed += count;
      // Keep the buffers of both vectors as spares.
      if (from->outbox.size() < from->in_transit.size()) from->outbox.swap(from->in_transit);
    }
  }
  return handed;
}

void DirectPair::AdvanceTime(Duration duration) {
  now_ += duration;
  for (Side* side : {a_.get(), z_.get()}) {
    std::vector<AssociationId> due;
    for (const auto& [id, when] : side->wakeups) {
      if (when <= now_) due.push_back(id);
    }
    for (AssociationId id : due) {
      side->wakeups.erase(id);
      side->endpoint->HandleTimeout(id, now_);
    }
  }
}

}  // namespace sctpdp::testing
