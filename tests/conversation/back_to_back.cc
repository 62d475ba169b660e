#include "tests/conversation/back_to_back.h"

#include <fmt/format.h>

#include <algorithm>

namespace sctpdp::testing {

const IpAddress BackToBack::kA0 = IpAddress::FromIpv4({198, 18, 0, 1});
const IpAddress BackToBack::kA1 = IpAddress::FromIpv4({198, 18, 1, 1});
const IpAddress BackToBack::kZ0 = IpAddress::FromIpv4({198, 18, 0, 2});
const IpAddress BackToBack::kZ1 = IpAddress::FromIpv4({198, 18, 1, 2});

AssociationOptions BackToBack::DefaultOptions() {
  AssociationOptions options;
  // A LAN-like setting, so that tests with loss finish in little virtual time.
  options.rto_initial = std::chrono::milliseconds(100);
  options.rto_min = std::chrono::milliseconds(50);
  options.rto_max = std::chrono::seconds(2);
  options.hb_interval = std::chrono::seconds(1);
  options.outbound_streams = 16;
  options.max_inbound_streams = 16;
  return options;
}

BackToBack::BackToBack(uint64_t seed, const LinkConfig& link, const AssociationOptions& options)
    : net_(seed) {
  a_.addresses = {kA0, kA1};
  z_.addresses = {kZ0, kZ1};
  a_.node = net_.AddNode("a", a_.addresses);
  z_.node = net_.AddNode("z", z_.addresses);
  net_.SetPath(kA0, kZ0, link);
  net_.SetPath(kA1, kZ1, link);
  a_.endpoint = std::make_unique<Endpoint>(
      EndpointOptions{
          .local_port = kPortA, .local_addresses = a_.addresses, .association = options},
      net_.env(a_.node), net_.now());
  z_.endpoint = std::make_unique<Endpoint>(EndpointOptions{.local_port = kPortZ,
                                                           .local_addresses = z_.addresses,
                                                           .association = options,
                                                           .listening = true},
                                           net_.env(z_.node), net_.now());
  Wire(a_);
  Wire(z_);
}

void BackToBack::Wire(Side& side) {
  net_.OnPacket(side.node, [&side](TimePoint now, const IpAddress& source, const IpAddress&,
                                   std::span<const uint8_t> packet) {
    side.endpoint->HandlePacket(now, source, packet);
  });
  net_.OnWakeup(side.node, [&side](AssociationId id, TimePoint now) {
    side.endpoint->HandleTimeout(id, now);
  });
}

bool BackToBack::HasAssociationChange(const Side& side, AssociationChange::State state) const {
  for (const AssociationChange& change : Notifications<AssociationChange>(side)) {
    if (change.state == state) return true;
  }
  return false;
}

AssociationId BackToBack::Connect() {
  const std::vector<IpAddress> peer = {kZ0, kZ1};
  std::optional<AssociationId> id = a_.endpoint->Connect(net_.now(), peer, kPortZ);
  if (!id) return AssociationId(0);
  net_.RunUntil(
      [&] {
        return HasAssociationChange(a_, AssociationChange::State::kCommUp) &&
               HasAssociationChange(z_, AssociationChange::State::kCommUp);
      },
      std::chrono::seconds(30));
  return *id;
}

AssociationId BackToBack::ZAssociation() const {
  const std::vector<AssociationId> ids = z_.endpoint->association_ids();
  return ids.empty() ? AssociationId(0) : ids.front();
}

MessageFlow::MessageFlow(BackToBack& net, BackToBack::Side& from, AssociationId from_id,
                         BackToBack::Side& to, const Spec& spec, uint64_t seed)
    : b2b_(net), from_(from), from_id_(from_id), to_(to), lifetime_(spec.lifetime) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<size_t> size(spec.min_size, spec.max_size);
  std::uniform_int_distribution<uint16_t> stream(0, static_cast<uint16_t>(spec.streams - 1));
  std::bernoulli_distribution unordered(spec.unordered_fraction);
  for (size_t i = 0; i < spec.count; ++i) {
    OutgoingMessage m;
    m.stream_id = StreamId(stream(random));
    m.ppid = Ppid(static_cast<uint32_t>(i));  // the PPID numbers the message
    m.unordered = unordered(random);
    m.max_retransmissions = spec.max_retransmissions;
    m.payload.resize(size(random));
    for (size_t j = 0; j < m.payload.size(); ++j) m.payload[j] = static_cast<uint8_t>(i * 31 + j);
    messages_.push_back(std::move(m));
  }
}

void MessageFlow::Start() { Pump(b2b_.net().now()); }

void MessageFlow::Pump(TimePoint now) {
  while (next_ < messages_.size()) {
    OutgoingMessage message = messages_[next_];
    if (lifetime_) message.expires_at = now + *lifetime_;
    const SendResult result = from_.endpoint->Send(from_id_, now, std::move(message));
    if (result != SendResult::kOk) break;
    ++next_;
  }
  if (next_ < messages_.size() && from_.endpoint->Find(from_id_) != nullptr) {
    b2b_.net().At(now + std::chrono::milliseconds(1), [this](TimePoint t) { Pump(t); });
  }
}

bool MessageFlow::AllDelivered() const {
  size_t delivered = 0;
  for (const DeliveryRecord& record : b2b_.net().deliveries(to_.node)) {
    if (record.message.kind == ReceivedMessage::Kind::kMessage) ++delivered;
  }
  return delivered >= messages_.size();
}

std::string MessageFlow::Check() const { return CheckPartial({}); }

std::string MessageFlow::CheckPartial(const std::vector<SendFailed>& failed) const {
  std::vector<int> seen(messages_.size(), 0);
  std::vector<bool> returned(messages_.size(), false);
  for (const SendFailed& f : failed) {
    const uint32_t index = f.ppid.value();
    if (index >= messages_.size() || f.payload != messages_[index].payload) {
      return fmt::format("unknown failed message ppid={}", index);
    }
    if (returned[index]) return fmt::format("message {} failed twice", index);
    returned[index] = true;
  }
  std::map<uint16_t, int64_t> last_ordered;  // per stream, the index of the last ordered message
  for (const DeliveryRecord& record : b2b_.net().deliveries(to_.node)) {
    const ReceivedMessage& got = record.message;
    if (got.kind != ReceivedMessage::Kind::kMessage) {
      return fmt::format("unexpected delivery kind in {}", got.ToString());
    }
    const uint32_t index = got.ppid.value();
    if (index >= messages_.size()) return fmt::format("unknown message {}", got.ToString());
    const OutgoingMessage& sent = messages_[index];
    if (++seen[index] > 1) return fmt::format("message {} delivered twice", index);
    if (got.stream_id != sent.stream_id || got.unordered != sent.unordered ||
        got.payload != sent.payload) {
      return fmt::format("message {} altered: {}", index, got.ToString());
    }
    if (!sent.unordered) {
      auto [it, inserted] = last_ordered.emplace(sent.stream_id.value(), index);
      if (!inserted) {
        if (it->second > index) {
          return fmt::format("stream {}: message {} after {}", sent.stream_id.value(), index,
                             it->second);
        }
        it->second = index;
      }
    }
  }
  for (size_t i = 0; i < messages_.size(); ++i) {
    if (seen[i] == 0 && !returned[i]) {
      return fmt::format("message {} (of {}) neither delivered nor returned", i, messages_.size());
    }
  }
  return "";
}

}  // namespace sctpdp::testing
