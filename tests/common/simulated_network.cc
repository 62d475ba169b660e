#include "tests/common/simulated_network.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <variant>

namespace sctpdp::testing {

namespace {

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "SimulatedNetwork: %s\n", message.c_str());
  std::abort();
}

// Random sources get their own seeds derived from the network's, so that
// a node drawing one more tag does not change the losses of a link, nor one
// link's traffic another's.
enum class SourceKind : uint32_t {
  kNode = 1,
  kLink = 2,
};

std::mt19937_64 MakeRandom(uint64_t seed, SourceKind kind, size_t index) {
  std::seed_seq sequence{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                         static_cast<uint32_t>(kind), static_cast<uint32_t>(index)};
  return std::mt19937_64(sequence);
}

// A double in [0, 1) from the top 53 bits: the same on every standard
// library, unlike std::uniform_real_distribution.
double Uniform(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

std::string FormatTime(TimePoint time) {
  const int64_t us = time.time_since_epoch().count();
  return fmt::format("{}.{:06}", us / 1000000, us % 1000000);
}

void CheckProbability(double p, const char* what) {
  if (!(p >= 0.0 && p <= 1.0)) Fail(fmt::format("{} must be in [0, 1], got {}", what, p));
}

}  // namespace

class SimulatedNetwork::NodeEnvironment final : public Environment {
 public:
  NodeEnvironment(SimulatedNetwork& network, SimNodeId id) : network_(network), id_(id) {}

  void SendPacket(AssociationId association, const IpAddress& destination,
                  std::span<const uint8_t> packet) override {
    network_.SendPacket(id_, association, destination, packet);
  }
  void ScheduleWakeup(AssociationId association, TimePoint when) override {
    network_.ScheduleWakeup(id_, association, when);
  }
  uint32_t Random32() override;
  void Deliver(AssociationId association, ReceivedMessage& message) override {
    network_.Deliver(id_, association, std::move(message));
  }
  void Notify(AssociationId association, const Notification& notification) override {
    network_.Notify(id_, association, notification);
  }

 private:
  SimulatedNetwork& network_;
  SimNodeId id_;
};

struct SimulatedNetwork::Node {
  struct Wakeup {
    uint64_t generation = 0;
    TimePoint when{};
  };

  std::string name{};
  std::vector<IpAddress> addresses{};
  std::unique_ptr<NodeEnvironment> environment{};
  std::mt19937_64 random{};
  PacketHandler on_packet{};
  WakeupHandler on_wakeup{};
  DeliverHandler on_deliver{};
  NotifyHandler on_notify{};
  std::deque<DeliveryRecord> deliveries{};
  std::deque<NotificationRecord> notifications{};
  NodeStats stats{};
  std::map<AssociationId, Wakeup> wakeups{};
  uint64_t wakeup_generation = 0;
};

struct SimulatedNetwork::Link {
  IpAddress source{};
  IpAddress destination{};
  SimNodeId from{};
  SimNodeId to{};
  LinkConfig config{};
  LinkStats stats{};
  std::mt19937_64 random{};
  // When the last packet accepted finishes serialising (with a bandwidth).
  TimePoint busy_until{};
  // The latest arrival of a packet not held back, which the next ones may
  // not precede unless jitter_reorders.
  TimePoint last_arrival{};
};

uint32_t SimulatedNetwork::NodeEnvironment::Random32() {
  return static_cast<uint32_t>(network_.node(id_).random() >> 32);
}

SimulatedNetwork::SimulatedNetwork(uint64_t seed, TimePoint start) : now_(start), seed_(seed) {}

SimulatedNetwork::~SimulatedNetwork() = default;

SimNodeId SimulatedNetwork::AddNode(std::string name, std::vector<IpAddress> addresses) {
  if (addresses.empty()) Fail(fmt::format("node {} has no address", name));
  const SimNodeId id(static_cast<uint32_t>(nodes_.size()));
  for (const IpAddress& address : addresses) {
    if (!owners_.emplace(address, id).second) {
      Fail(fmt::format("address {} of node {} is already taken", address.ToString(), name));
    }
  }
  auto node = std::make_unique<Node>();
  node->name = std::move(name);
  node->addresses = std::move(addresses);
  node->environment = std::make_unique<NodeEnvironment>(*this, id);
  node->random = MakeRandom(seed_, SourceKind::kNode, id.value());
  nodes_.push_back(std::move(node));
  return id;
}

void SimulatedNetwork::SetLink(const IpAddress& source, const IpAddress& destination,
                               const LinkConfig& config) {
  CheckProbability(config.loss, "loss");
  CheckProbability(config.duplication, "duplication");
  CheckProbability(config.reorder, "reorder");
  if (config.delay < Duration::zero() || config.jitter < Duration::zero() ||
      config.reorder_delay < Duration::zero()) {
    Fail("link delays must not be negative");
  }
  if (Link* link = FindLink(source, destination)) {
    link->config = config;
    return;
  }
  const auto from = owners_.find(source);
  const auto to = owners_.find(destination);
  if (from == owners_.end() || to == owners_.end()) {
    Fail(fmt::format("link {} > {}: both addresses must belong to nodes", source.ToString(),
                     destination.ToString()));
  }
  if (source.family != destination.family) {
    Fail(fmt::format("link {} > {}: the families differ", source.ToString(),
                     destination.ToString()));
  }
  auto link = std::make_unique<Link>();
  link->source = source;
  link->destination = destination;
  link->from = from->second;
  link->to = to->second;
  link->config = config;
  link->random = MakeRandom(seed_, SourceKind::kLink, links_.size());
  link->busy_until = now_;
  link->last_arrival = now_;
  link_index_.emplace(std::make_pair(source, destination), links_.size());
  links_.push_back(std::move(link));
}

void SimulatedNetwork::SetPath(const IpAddress& a, const IpAddress& b, const LinkConfig& config) {
  SetLink(a, b, config);
  SetLink(b, a, config);
}

void SimulatedNetwork::SetLinkUp(const IpAddress& source, const IpAddress& destination, bool up) {
  GetLink(source, destination).config.up = up;
  if (tracing_)
    Trace(fmt::format("{} link {}>{} {}", FormatTime(now_), source.ToString(),
                      destination.ToString(), up ? "up" : "down"));
}

void SimulatedNetwork::SetPathUp(const IpAddress& a, const IpAddress& b, bool up) {
  SetLinkUp(a, b, up);
  SetLinkUp(b, a, up);
}

bool SimulatedNetwork::HasLink(const IpAddress& source, const IpAddress& destination) const {
  return FindLink(source, destination) != nullptr;
}

const LinkConfig& SimulatedNetwork::link_config(const IpAddress& source,
                                                const IpAddress& destination) const {
  return GetLink(source, destination).config;
}

const LinkStats& SimulatedNetwork::link_stats(const IpAddress& source,
                                              const IpAddress& destination) const {
  return GetLink(source, destination).stats;
}

Environment& SimulatedNetwork::env(SimNodeId id) { return *node(id).environment; }
const std::string& SimulatedNetwork::name(SimNodeId id) const { return node(id).name; }
const std::vector<IpAddress>& SimulatedNetwork::addresses(SimNodeId id) const {
  return node(id).addresses;
}
const SimulatedNetwork::NodeStats& SimulatedNetwork::node_stats(SimNodeId id) const {
  return node(id).stats;
}

void SimulatedNetwork::OnPacket(SimNodeId id, PacketHandler handler) {
  node(id).on_packet = std::move(handler);
}
void SimulatedNetwork::OnWakeup(SimNodeId id, WakeupHandler handler) {
  node(id).on_wakeup = std::move(handler);
}
void SimulatedNetwork::OnDeliver(SimNodeId id, DeliverHandler handler) {
  node(id).on_deliver = std::move(handler);
}
void SimulatedNetwork::OnNotify(SimNodeId id, NotifyHandler handler) {
  node(id).on_notify = std::move(handler);
}

const std::deque<DeliveryRecord>& SimulatedNetwork::deliveries(SimNodeId id) const {
  return node(id).deliveries;
}
const std::deque<NotificationRecord>& SimulatedNetwork::notifications(SimNodeId id) const {
  return node(id).notifications;
}
void SimulatedNetwork::ClearLogs(SimNodeId id) {
  node(id).deliveries.clear();
  node(id).notifications.clear();
}

std::optional<TimePoint> SimulatedNetwork::pending_wakeup(SimNodeId id,
                                                          AssociationId association) const {
  const Node& n = node(id);
  const auto it = n.wakeups.find(association);
  if (it == n.wakeups.end()) return std::nullopt;
  return it->second.when;
}

void SimulatedNetwork::At(TimePoint when, std::function<void(TimePoint now)> action) {
  Schedule(when, [this, action = std::move(action)] { action(now_); });
}

void SimulatedNetwork::RunUntil(TimePoint end) {
  while (!events_.empty() && events_.front().time <= end) RunNext();
  now_ = std::max(now_, end);
}

void SimulatedNetwork::RunFor(Duration duration) { RunUntil(now_ + duration); }

bool SimulatedNetwork::RunUntil(const std::function<bool()>& done, Duration limit) {
  const TimePoint deadline = now_ + limit;
  if (done()) return true;
  while (!events_.empty() && events_.front().time <= deadline) {
    RunNext();
    if (done()) return true;
  }
  now_ = std::max(now_, deadline);
  return done();
}

bool SimulatedNetwork::Step() {
  if (events_.empty()) return false;
  RunNext();
  return true;
}

std::optional<std::string> SimulatedNetwork::CaptureTo(const std::string& path) {
  StopCapture();
  auto writer = control::CaptureWriter::Create(path);
  if (auto* error = std::get_if<std::string>(&writer)) return *error;
  capture_.emplace(std::move(std::get<control::CaptureWriter>(writer)));
  return std::nullopt;
}

std::optional<std::string> SimulatedNetwork::StopCapture() {
  if (!capture_.has_value()) return std::nullopt;
  std::optional<std::string> error = capture_->Close();
  capture_.reset();
  return error;
}

SimulatedNetwork::Node& SimulatedNetwork::node(SimNodeId id) {
  if (id.value() >= nodes_.size()) Fail(fmt::format("no node {}", id.value()));
  return *nodes_[id.value()];
}

const SimulatedNetwork::Node& SimulatedNetwork::node(SimNodeId id) const {
  if (id.value() >= nodes_.size()) Fail(fmt::format("no node {}", id.value()));
  return *nodes_[id.value()];
}

SimulatedNetwork::Link* SimulatedNetwork::FindLink(const IpAddress& source,
                                                   const IpAddress& destination) {
  const auto it = link_index_.find(std::make_pair(source, destination));
  return it == link_index_.end() ? nullptr : links_[it->second].get();
}

const SimulatedNetwork::Link* SimulatedNetwork::FindLink(const IpAddress& source,
                                                         const IpAddress& destination) const {
  const auto it = link_index_.find(std::make_pair(source, destination));
  return it == link_index_.end() ? nullptr : links_[it->second].get();
}

SimulatedNetwork::Link& SimulatedNetwork::GetLink(const IpAddress& source,
                                                  const IpAddress& destination) {
  Link* link = FindLink(source, destination);
  if (link == nullptr) {
    Fail(fmt::format("no link {} > {}", source.ToString(), destination.ToString()));
  }
  return *link;
}

const SimulatedNetwork::Link& SimulatedNetwork::GetLink(const IpAddress& source,
                                                        const IpAddress& destination) const {
  const Link* link = FindLink(source, destination);
  if (link == nullptr) {
    Fail(fmt::format("no link {} > {}", source.ToString(), destination.ToString()));
  }
  return *link;
}

void SimulatedNetwork::SendPacket(SimNodeId from, AssociationId association,
                                  const IpAddress& destination, std::span<const uint8_t> packet) {
  Node& sender = node(from);
  ++sender.stats.packets_sent;
  const uint64_t number = ++packets_numbered_;

  // The source: the sending node's address whose link to the destination
  // was configured first.
  size_t link_index = links_.size();
  for (size_t i = 0; i < links_.size(); ++i) {
    if (links_[i]->from == from && links_[i]->destination == destination) {
      link_index = i;
      break;
    }
  }
  if (link_index == links_.size()) {
    ++sender.stats.packets_unroutable;
    if (tracing_)
      Trace(fmt::format("{} {} >{} #{} assoc={} len={} unroutable", FormatTime(now_), sender.name,
                        destination.ToString(), number, association.value(), packet.size()));
    return;
  }
  Link& link = *links_[link_index];
  const LinkConfig& config = link.config;
  ++link.stats.sent;
  link.stats.bytes_sent += packet.size();
  if (capture_.has_value()) {
    capture_->Write(control::WrapSctpInEthernet(packet, link.source, link.destination),
                    control::CaptureTime(std::chrono::nanoseconds(now_.time_since_epoch())));
  }

  // Four draws per packet whatever the settings, so that changing one
  // impairment leaves the others' outcomes as they were.
  const bool lost = Uniform(link.random()) < config.loss;
  const bool duplicated = Uniform(link.random()) < config.duplication;
  const bool reordered = Uniform(link.random()) < config.reorder;
  const uint64_t jitter_bits = link.random();

  const auto prefix = [&] {
    return fmt::format("{} {} {}>{} #{} assoc={} len={}", FormatTime(now_), sender.name,
                       link.source.ToString(), link.destination.ToString(), number,
                       association.value(), packet.size());
  };
  if (!config.up) {
    ++link.stats.dropped_down;
    if (tracing_) Trace(prefix() + " dropped (down)");
    return;
  }

  TimePoint departure = now_;
  if (config.bandwidth_bps > 0) {
    const TimePoint start = std::max(now_, link.busy_until);
    if (config.queue_limit_bytes > 0) {
      // The bytes not yet serialised, the one on the wire included.
      const uint64_t backlog_us = static_cast<uint64_t>((start - now_).count());
      const uint64_t queued_bytes = backlog_us * config.bandwidth_bps / 8 / 1000000;
      if (queued_bytes + packet.size() > config.queue_limit_bytes) {
        ++link.stats.dropped_queue;
        if (tracing_) Trace(prefix() + " dropped (queue)");
        return;
      }
    }
    const uint64_t bits = uint64_t{8} * packet.size();
    const Duration serialisation(
        static_cast<int64_t>((bits * 1000000 + config.bandwidth_bps - 1) / config.bandwidth_bps));
    link.busy_until = start + serialisation;
    departure = link.busy_until;
  }
  // Lost on the wire, after using its share of the bandwidth.
  if (lost) {
    ++link.stats.lost;
    if (tracing_) Trace(prefix() + " lost");
    return;
  }

  const int64_t jitter_us = config.jitter.count();
  TimePoint arrival =
      departure + config.delay +
      Duration(static_cast<int64_t>(jitter_bits % static_cast<uint64_t>(jitter_us + 1)));
  if (!config.jitter_reorders) arrival = std::max(arrival, link.last_arrival);
  if (reordered) {
    ++link.stats.reordered;
    arrival += config.reorder_delay;
  } else {
    link.last_arrival = std::max(link.last_arrival, arrival);
  }
  if (tracing_)
    Trace(fmt::format("{} sent{}{} arrives {}", prefix(), reordered ? " reordered" : "",
                      duplicated ? " duplicated" : "", FormatTime(arrival)));

  auto bytes = std::make_shared<const std::vector<uint8_t>>(packet.begin(), packet.end());
  Schedule(arrival, [this, link_index, number, bytes] { Arrive(link_index, number, *bytes); });
  if (duplicated) {
    ++link.stats.duplicated;
    Schedule(arrival, [this, link_index, number, bytes] { Arrive(link_index, number, *bytes); });
  }
}

void SimulatedNetwork::Arrive(size_t link_index, uint64_t number,
                              const std::vector<uint8_t>& packet) {
  Link& link = *links_[link_index];
  Node& receiver = node(link.to);
  const auto prefix = [&] {
    return fmt::format("{} {} {}>{} #{}", FormatTime(now_), receiver.name, link.source.ToString(),
                       link.destination.ToString(), number);
  };
  if (!link.config.up) {
    ++link.stats.dropped_down;
    if (tracing_) Trace(prefix() + " dropped in flight (down)");
    return;
  }
  ++link.stats.delivered;
  ++receiver.stats.packets_received;
  if (tracing_) Trace(prefix() + " arrived");
  if (receiver.on_packet) receiver.on_packet(now_, link.source, link.destination, packet);
}

void SimulatedNetwork::ScheduleWakeup(SimNodeId id, AssociationId association, TimePoint when) {
  Node& n = node(id);
  ++n.stats.wakeups_scheduled;
  const uint64_t generation = ++n.wakeup_generation;
  n.wakeups[association] = Node::Wakeup{.generation = generation, .when = when};
  if (tracing_)
    Trace(fmt::format("{} {} schedule assoc={} at {}", FormatTime(now_), n.name,
                      association.value(), FormatTime(when)));
  Schedule(when, [this, id, association, generation] { FireWakeup(id, association, generation); });
}

void SimulatedNetwork::FireWakeup(SimNodeId id, AssociationId association, uint64_t generation) {
  Node& n = node(id);
  const auto it = n.wakeups.find(association);
  // Replaced by a later request: that one fires instead.
  if (it == n.wakeups.end() || it->second.generation != generation) return;
  n.wakeups.erase(it);
  ++n.stats.wakeups_fired;
  if (tracing_)
    Trace(fmt::format("{} {} wakeup assoc={}", FormatTime(now_), n.name, association.value()));
  if (n.on_wakeup) n.on_wakeup(association, now_);
}

void SimulatedNetwork::Deliver(SimNodeId id, AssociationId association, ReceivedMessage message) {
  Node& n = node(id);
  if (tracing_)
    Trace(fmt::format("{} {} deliver assoc={} {}", FormatTime(now_), n.name, association.value(),
                      message.ToString()));
  n.deliveries.push_back(
      DeliveryRecord{.time = now_, .association = association, .message = message});
  Schedule(now_, [this, id, association, message = std::move(message)] {
    Node& receiver = node(id);
    if (receiver.on_deliver) receiver.on_deliver(association, now_, message);
  });
}

void SimulatedNetwork::Notify(SimNodeId id, AssociationId association,
                              const Notification& notification) {
  Node& n = node(id);
  if (tracing_)
    Trace(fmt::format("{} {} notify assoc={} {}", FormatTime(now_), n.name, association.value(),
                      NotificationToString(notification)));
  n.notifications.push_back(
      NotificationRecord{.time = now_, .association = association, .notification = notification});
  Schedule(now_, [this, id, association, notification] {
    Node& receiver = node(id);
    if (receiver.on_notify) receiver.on_notify(association, now_, notification);
  });
}

namespace {

// The heap keeps the earliest event on top; among events due at the same
// time, the one scheduled first.
bool Later(const TimePoint& a_time, uint64_t a_sequence, const TimePoint& b_time,
           uint64_t b_sequence) {
  return a_time != b_time ? a_time > b_time : a_sequence > b_sequence;
}

}  // namespace

void SimulatedNetwork::Schedule(TimePoint when, std::function<void()> action) {
  events_.push_back(Event{
      .time = std::max(when, now_), .sequence = next_sequence_++, .action = std::move(action)});
  std::push_heap(events_.begin(), events_.end(), [](const Event& a, const Event& b) {
    return Later(a.time, a.sequence, b.time, b.sequence);
  });
}

void SimulatedNetwork::RunNext() {
  std::pop_heap(events_.begin(), events_.end(), [](const Event& a, const Event& b) {
    return Later(a.time, a.sequence, b.time, b.sequence);
  });
  Event event = std::move(events_.back());
  events_.pop_back();
  now_ = std::max(now_, event.time);
  event.action();
}

void SimulatedNetwork::Trace(std::string line) { trace_.push_back(std::move(line)); }

}  // namespace sctpdp::testing
