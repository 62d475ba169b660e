#include "dataplane/shard/shard_engine.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "dataplane/sctp/packet/sctp_packet.h"

namespace sctpdp {
namespace {

constexpr uint32_t kNoEndpoint = UINT32_MAX;

uint64_t TimerKey(uint32_t endpoint, AssociationId association) {
  return (uint64_t{endpoint} << 32) | association.value();
}

}  // namespace

// The environment of one endpoint: everything it does goes to the shard,
// tagged with the endpoint's index.
class ShardEngine::EndpointEnvironment : public Environment {
 public:
  EndpointEnvironment(ShardEngine& shard, uint32_t index, const EndpointOptions& options)
      : shard_(shard), index_(index) {
    // The source hint is the endpoint's address of the family when it has
    // just one. With several (a multihomed endpoint, one per port), the
    // network layer picks the port by the destination and sends from that
    // port's address: a fixed hint would pin every path to one port.
    int v4 = 0, v6 = 0;
    for (const IpAddress& address : options.local_addresses) {
      const bool is_v4 = address.family == IpAddress::Family::kIpv4;
      (is_v4 ? source_v4_ : source_v6_) = address;
      ++(is_v4 ? v4 : v6);
    }
    if (v4 > 1) source_v4_.reset();
    if (v6 > 1) source_v6_.reset();
  }

  void SendPacket(AssociationId, const IpAddress& destination,
                  std::span<const uint8_t> packet) override {
    const bool v4 = destination.family == IpAddress::Family::kIpv4;
    shard_.sink_.SendSctp(v4 ? source_v4_ : source_v6_, destination, packet);
  }
  void ScheduleWakeup(AssociationId association, TimePoint when) override {
    shard_.ScheduleWakeup(index_, association, when);
  }
  uint32_t Random32() override { return shard_.Random32(); }
  void Deliver(AssociationId association, ReceivedMessage& message) override {
    // The applications run after the engine returns: the event takes the
    // payload's buffer (a move, no copy of the bytes), and the engine gets
    // a spare one to fill next (see Environment::Deliver).
    shard_.events_.push_back(Event{index_, association, std::move(message)});
    message.payload.clear();
    if (!shard_.spare_payloads_.empty()) {
      message.payload = std::move(shard_.spare_payloads_.back());
      shard_.spare_payloads_.pop_back();
    }
  }
  void Notify(AssociationId association, const Notification& notification) override {
    // An association that ends is freed once the engine returns: keep what
    // its counters say first (a read, no call into its procedures).
    const auto* change = std::get_if<AssociationChange>(&notification);
    if (change != nullptr && change->state != AssociationChange::State::kCommUp &&
        change->state != AssociationChange::State::kRestart) {
      if (const Association* ending = shard_.endpoints_[index_]->Find(association)) {
        shard_.closed_retransmissions_ += ending->metrics().retransmitted_chunks;
      }
    }
    shard_.events_.push_back(Event{index_, association, notification});
  }

 private:
  ShardEngine& shard_;
  uint32_t index_;
  std::optional<IpAddress> source_v4_;
  std::optional<IpAddress> source_v6_;
};

ShardEngine::ShardEngine(const ShardEngineOptions& options, PacketSink& sink, TimePoint now)
    : options_(options),
      sink_(sink),
      now_(now),
      wheel_(now, options.timer_tick),
      endpoint_by_port_(65536, kNoEndpoint) {
  if (options_.seed) seeded_random_.emplace(*options_.seed);
  events_.reserve(1024);
}

ShardEngine::~ShardEngine() = default;

uint32_t ShardEngine::Random32() {
  if (seeded_random_) return static_cast<uint32_t>((*seeded_random_)());
  if (random_left_ == 0) {
    // Tags and initial TSNs must not be guessable (RFC 9260 section 5.3.1);
    // one call to the generator serves 256 of them.
    if (RAND_bytes(reinterpret_cast<unsigned char*>(random_pool_.data()),
                   static_cast<int>(sizeof random_pool_)) != 1) {
      std::abort();  // no safe way on without randomness
    }
    random_left_ = random_pool_.size();
  }
  return random_pool_[--random_left_];
}

Endpoint* ShardEngine::AddEndpoint(const EndpointOptions& options, Application& application) {
  uint32_t& by_port = endpoint_by_port_[options.local_port.value()];
  if (by_port != kNoEndpoint) return nullptr;
  const auto index = static_cast<uint32_t>(endpoints_.size());
  EndpointOptions endpoint_options = options;
  endpoint_options.tag_modulus = options_.tag_modulus;
  endpoint_options.tag_residue = options_.tag_residue;
  endpoint_options.first_association_id = options_.tag_residue + 1;
  endpoint_options.association_id_stride = options_.tag_modulus;
  endpoint_options.checksum_mode = options_.checksum_mode;
  auto environment = std::make_unique<EndpointEnvironment>(*this, index, options);
  endpoints_.push_back(std::make_unique<Endpoint>(endpoint_options, *environment, now_));
  slots_.push_back(Slot{std::move(environment), &application});
  by_port = index;
  return endpoints_.back().get();
}

void ShardEngine::Start(TimePoint now, Application& application) {
  now_ = now;
  applications_.push_back(&application);
  application.Start(now, *this);
  Dispatch(now);
}

void ShardEngine::HandlePacket(TimePoint now, const IpAddress& source,
                               std::span<const uint8_t> packet) {
  now_ = now;
  if (packet.size() < CommonHeader::kSize) {
    ++metrics_.packets_too_short;
    return;
  }
  Endpoint* endpoint = FindEndpoint(Port(static_cast<uint16_t>(packet[2] << 8 | packet[3])));
  if (endpoint == nullptr) {
    // RFC 9260 section 8.4 would have the endpoint answer; with no
    // endpoint on the port there is nobody to (the kernel stacks send
    // ABORT only from a bound port too).
    ++metrics_.packets_no_endpoint;
    return;
  }
  endpoint->HandlePacket(now, source, packet);
  Dispatch(now);
}

ShardEngine::Handover ShardEngine::Detach(Port local_port, AssociationId id,
                                          HandoverBlocker& blocker) {
  Endpoint* endpoint = FindEndpoint(local_port);
  const Association* association = endpoint != nullptr ? endpoint->Find(id) : nullptr;
  blocker = association != nullptr ? association->CanDetach() : HandoverBlocker::kClosed;
  if (blocker != HandoverBlocker::kNone) return Handover{};
  const uint32_t index = endpoint_by_port_[local_port.value()];
  if (auto found = timers_.find(TimerKey(index, id)); found != timers_.end()) {
    wheel_.Remove(found->second);
    timers_.erase(found);
  }
  Handover handover{.association = endpoint->Detach(id), .state = nullptr};
  handover.state = slots_[index].application->Release(*endpoint, id);
  return handover;
}

bool ShardEngine::Attach(Port local_port, Handover& handover, TimePoint now) {
  now_ = now;
  Endpoint* endpoint = FindEndpoint(local_port);
  if (endpoint == nullptr) return false;
  const AssociationId id = handover.association->id();
  // Joined first, so that the application finds it; what it delivers on
  // joining (timers due in transit) waits for the application's Adopt.
  endpoint->Attach(std::move(handover.association), now);
  slots_[endpoint_by_port_[local_port.value()]].application->Adopt(now, *endpoint, id,
                                                                   std::move(handover.state));
  Dispatch(now);
  return true;
}

void ShardEngine::HandleIcmp(TimePoint now, const IcmpReport& report) {
  now_ = now;
  if (report.quoted.size() < 2) return;
  Endpoint* endpoint =
      FindEndpoint(Port(static_cast<uint16_t>(report.quoted[0] << 8 | report.quoted[1])));
  if (endpoint == nullptr) return;
  endpoint->HandleIcmp(now, report);
  Dispatch(now);
}

void ShardEngine::ScheduleWakeup(uint32_t endpoint, AssociationId association, TimePoint when) {
  const uint64_t key = TimerKey(endpoint, association);
  auto [found, inserted] = timers_.try_emplace(key, 0);
  if (inserted) found->second = wheel_.Add(key);
  wheel_.Schedule(found->second, when);
}

void ShardEngine::OnTimer(TimePoint now, uint64_t key) {
  ++metrics_.timers_fired;
  const auto index = static_cast<uint32_t>(key >> 32);
  const AssociationId association(static_cast<uint32_t>(key));
  Endpoint& endpoint = *endpoints_[index];
  endpoint.HandleTimeout(association, now);
  if (endpoint.Find(association) == nullptr) {
    // The association is gone; its timer slot goes with it.
    auto found = timers_.find(key);
    if (found != timers_.end()) {
      wheel_.Remove(found->second);
      timers_.erase(found);
    }
  }
}

void ShardEngine::Poll(TimePoint now) {
  now_ = now;
  wheel_.Advance(now, [&](uint64_t key) { OnTimer(now, key); });
  Dispatch(now);
  for (Application* application : applications_) application->Poll(now);
  for (const auto& endpoint : endpoints_) endpoint->Flush(now);
  Dispatch(now);
}

void ShardEngine::Dispatch(TimePoint now) {
  // An application's reaction may queue more events (a send that fails at
  // once); they are handed over in the same loop.
  for (size_t i = 0; i < events_.size(); ++i) {
    Event event = std::move(events_[i]);
    Slot& slot = slots_[event.endpoint];
    Endpoint& endpoint = *endpoints_[event.endpoint];
    if (auto* message = std::get_if<ReceivedMessage>(&event.what)) {
      slot.application->OnMessage(now, endpoint, event.association, *message);
      std::vector<uint8_t>& left = message->payload;
      if (left.capacity() > 0 && left.capacity() <= kMaxSparePayloadCapacity &&
          spare_payloads_.size() < kMaxSparePayloads) {
        left.clear();
        spare_payloads_.push_back(std::move(left));
      }
    } else {
      slot.application->OnNotification(now, endpoint, event.association,
                                       std::get<Notification>(event.what));
    }
  }
  events_.clear();
}

void ShardEngine::Stop(TimePoint now, bool servers) {
  now_ = now;
  for (Application* application : applications_) {
    if (application->serves() == servers) application->Stop(now);
  }
  Dispatch(now);
}

bool ShardEngine::stopped(bool servers) const {
  return std::all_of(applications_.begin(), applications_.end(), [&](const Application* app) {
    return app->serves() != servers || app->stopped();
  });
}

void ShardEngine::AbortAll(TimePoint now, std::string_view reason) {
  now_ = now;
  for (const auto& endpoint : endpoints_) {
    for (const AssociationId id : endpoint->association_ids()) endpoint->Abort(id, now, reason);
  }
  Dispatch(now);
}

uint64_t ShardEngine::retransmissions() const {
  uint64_t total = closed_retransmissions_;
  for (const auto& endpoint : endpoints_) {
    endpoint->ForEachAssociation([&](const Association& association) {
      total += association.metrics().retransmitted_chunks;
    });
  }
  return total;
}

EndpointMetrics ShardEngine::endpoint_totals() const {
  EndpointMetrics total;
  for (const auto& endpoint : endpoints_) {
    const EndpointMetrics& m = endpoint->metrics();
    total.packets_received += m.packets_received;
    total.packets_malformed += m.packets_malformed;
    total.packets_wrong_port += m.packets_wrong_port;
    total.out_of_the_blue += m.out_of_the_blue;
    total.init_acks_sent += m.init_acks_sent;
    total.cookies_rejected += m.cookies_rejected;
    total.stale_cookies += m.stale_cookies;
    total.associations_created += m.associations_created;
    total.icmp_handled += m.icmp_handled;
    total.icmp_ignored += m.icmp_ignored;
  }
  return total;
}

Endpoint* ShardEngine::FindEndpoint(Port local_port) {
  const uint32_t index = endpoint_by_port_[local_port.value()];
  return index == kNoEndpoint ? nullptr : endpoints_[index].get();
}

size_t ShardEngine::association_count() const {
  size_t count = 0;
  for (const auto& endpoint : endpoints_) count += endpoint->association_count();
  return count;
}

}  // namespace sctpdp
