#include "control/apps/source_app.h"

#include <algorithm>
#include <cstring>
#include <variant>

namespace sctpdp {
namespace {

// Messages one association queues per turn of the poll loop at most, so
// that one association cannot starve the others of the shard.
constexpr uint64_t kBurst = 64;

uint8_t PatternByte(uint64_t sequence, size_t offset) {
  return static_cast<uint8_t>(sequence * 31 + offset * 7);
}

}  // namespace

SourceApp::SourceApp(const EndpointOptions& endpoint_options, const SourceOptions& options,
                     AppStats& stats)
    : endpoint_options_(endpoint_options), options_(options), stats_(stats) {
  endpoint_options_.listening = false;
}

std::vector<uint8_t> SourceApp::Payload(uint64_t sequence, TimePoint sent, size_t size) {
  std::vector<uint8_t> payload(size);
  for (size_t i = 0; i < size; ++i) payload[i] = PatternByte(sequence, i);
  if (size >= kHeaderSize) {
    const int64_t micros = sent.time_since_epoch().count();
    std::memcpy(payload.data(), &sequence, sizeof sequence);
    std::memcpy(payload.data() + 8, &micros, sizeof micros);
  }
  return payload;
}

void SourceApp::Start(TimePoint now, EndpointHost& host) {
  flows_.reserve(static_cast<size_t>(options_.associations));
  for (int i = 0; i < options_.associations; ++i) {
    EndpointOptions endpoint_options = endpoint_options_;
    endpoint_options.local_port =
        Port(static_cast<uint16_t>(options_.first_local_port.value() + i));
    Endpoint* endpoint = host.AddEndpoint(endpoint_options, *this);
    if (endpoint == nullptr) {
      stats_.associations_failed.Add();
      continue;
    }
    flow_of_[endpoint] = flows_.size();
    flows_.push_back(Flow{.endpoint = endpoint,
                          .last_refill = now,
                          .expected = std::vector<uint64_t>(options_.streams)});
    for (uint16_t s = 0; s < options_.streams; ++s) flows_.back().expected[s] = s;
  }
  OpenSome(now);
}

void SourceApp::OpenSome(TimePoint now) {
  for (uint64_t opened = 0; opened < kBurst && next_to_open_ < flows_.size(); ++opened) {
    Flow& flow = flows_[next_to_open_++];
    const std::optional<AssociationId> id =
        flow.endpoint->Connect(now, options_.peers, options_.peer_port);
    if (id) {
      flow.id = *id;
    } else {
      stats_.associations_failed.Add();
      flow.done = true;
    }
  }
}

void SourceApp::SendSome(TimePoint now, Flow& flow) {
  uint64_t allowed = kBurst;
  if (options_.window > 0) {
    const uint64_t in_flight = flow.next_sequence - flow.echoed;
    const auto window = static_cast<uint64_t>(options_.window);
    allowed = std::min(allowed, in_flight < window ? window - in_flight : 0);
  }
  if (options_.rate > 0) {
    const double elapsed = std::chrono::duration<double>(now - flow.last_refill).count();
    flow.last_refill = now;
    flow.tokens = std::min(flow.tokens + elapsed * static_cast<double>(options_.rate),
                           static_cast<double>(kBurst));
    allowed = std::min(allowed, static_cast<uint64_t>(flow.tokens));
  }
  const Association* association = flow.endpoint->Find(flow.id);
  const size_t send_buffer = endpoint_options_.association.send_buffer_bytes;
  for (uint64_t n = 0; n < allowed && association != nullptr; ++n) {
    // Send takes the message even when it refuses it: look first.
    if (association->buffered_send_bytes() + options_.message_size > send_buffer) break;
    const uint64_t sequence = flow.next_sequence;
    const auto stream = static_cast<uint16_t>(sequence % options_.streams);
    const SendResult result = flow.endpoint->Send(
        flow.id, now,
        OutgoingMessage{.stream_id = StreamId(stream),
                        .ppid = options_.ppid,
                        .unordered = options_.unordered,
                        .payload = Payload(sequence, now, options_.message_size)},
        true);
    if (result != SendResult::kOk) break;
    ++flow.next_sequence;
    if (options_.rate > 0) flow.tokens -= 1;
    stats_.messages_sent.Add();
    stats_.bytes_sent.Add(options_.message_size);
  }
}

void SourceApp::CheckEcho(TimePoint now, Flow& flow, const ReceivedMessage& message) {
  ++flow.echoed;
  const std::vector<uint8_t>& payload = message.payload;
  if (payload.size() != options_.message_size) {
    stats_.echo_errors.Add();
    return;
  }
  if (payload.size() < kHeaderSize) return;
  uint64_t sequence = 0;
  int64_t micros = 0;
  std::memcpy(&sequence, payload.data(), sizeof sequence);
  std::memcpy(&micros, payload.data() + 8, sizeof micros);
  bool intact = sequence < flow.next_sequence &&
                message.stream_id.value() == sequence % options_.streams &&
                message.ppid == options_.ppid;
  for (size_t i = kHeaderSize; intact && i < payload.size(); ++i) {
    intact = payload[i] == PatternByte(sequence, i);
  }
  if (intact && !options_.unordered) {
    // Ordered delivery per stream (RFC 9260 section 6.6), both ways.
    uint64_t& expected = flow.expected[message.stream_id.value()];
    intact = sequence == expected;
    expected = sequence + options_.streams;
  }
  if (!intact) {
    stats_.echo_errors.Add();
    return;
  }
  stats_.rtt.Record(now - TimePoint(Duration(micros)));
}

void SourceApp::OnMessage(TimePoint now, Endpoint& endpoint, AssociationId,
                          ReceivedMessage& message) {
  stats_.messages_received.Add(message.kind == ReceivedMessage::Kind::kMessage);
  stats_.bytes_received.Add(message.payload.size());
  auto found = flow_of_.find(&endpoint);
  if (found == flow_of_.end() || message.kind != ReceivedMessage::Kind::kMessage) return;
  CheckEcho(now, flows_[found->second], message);
}

void SourceApp::OnNotification(TimePoint now, Endpoint& endpoint, AssociationId,
                               const Notification& notification) {
  stats_.Count(notification);
  const auto* change = std::get_if<AssociationChange>(&notification);
  auto found = flow_of_.find(&endpoint);
  if (change == nullptr || found == flow_of_.end()) return;
  Flow& flow = flows_[found->second];
  switch (change->state) {
    case AssociationChange::State::kCommUp:
    case AssociationChange::State::kRestart:
      flow.up = true;
      flow.last_refill = now;
      break;
    case AssociationChange::State::kShutdownComplete:
    case AssociationChange::State::kCommLost:
    case AssociationChange::State::kCantStartAssociation:
      flow.up = false;
      flow.done = true;
      break;
  }
}

struct SourceApp::MovedFlow : ApplicationState {
  Flow flow;
};

std::unique_ptr<ApplicationState> SourceApp::Release(Endpoint& endpoint, AssociationId id) {
  auto found = flow_of_.find(&endpoint);
  if (found == flow_of_.end() || flows_[found->second].id != id) return nullptr;
  Flow& flow = flows_[found->second];
  auto moved = std::make_unique<MovedFlow>();
  moved->flow = flow;
  // It goes on elsewhere; here it is finished.
  flow.up = false;
  flow.done = true;
  flow_of_.erase(found);
  return moved;
}

void SourceApp::Adopt(TimePoint now, Endpoint& endpoint, AssociationId id,
                      std::unique_ptr<ApplicationState> state) {
  auto* moved = dynamic_cast<MovedFlow*>(state.get());
  if (moved == nullptr) return;  // not a source's flow: nothing to send or check
  Flow flow = std::move(moved->flow);
  flow.endpoint = &endpoint;
  flow.id = id;
  flow.last_refill = now;
  // Among the opened flows, so that OpenSome does not connect it again.
  flows_.insert(flows_.begin() + static_cast<std::ptrdiff_t>(next_to_open_), std::move(flow));
  ++next_to_open_;
  for (size_t i = 0; i < flows_.size(); ++i) flow_of_[flows_[i].endpoint] = i;
}

void SourceApp::Poll(TimePoint now) {
  if (!stopping_) OpenSome(now);
  for (Flow& flow : flows_) {
    if (!flow.up) continue;
    if (!stopping_) {
      SendSome(now, flow);
    } else if (!flow.shutdown_sent && (options_.window == 0 || flow.echoed == flow.next_sequence)) {
      // Every echo is back: close gracefully (the peer could not send
      // after our SHUTDOWN, section 9.2).
      flow.shutdown_sent = true;
      flow.endpoint->Shutdown(flow.id, now);
    }
  }
}

void SourceApp::Stop(TimePoint now) {
  if (stopping_) return;
  stopping_ = true;
  // What was never opened is done at once.
  for (size_t i = next_to_open_; i < flows_.size(); ++i) flows_[i].done = true;
  for (size_t i = 0; i < next_to_open_; ++i) {
    Flow& flow = flows_[i];
    if (!flow.up && !flow.done) {
      // Still in the handshake: nothing to shut down gracefully.
      flow.endpoint->Abort(flow.id, now, "source stopping");
    }
  }
}

bool SourceApp::stopped() const {
  return stopping_ && std::all_of(flows_.begin(), flows_.end(), [](const Flow& flow) {
           return flow.done || flow.endpoint->Find(flow.id) == nullptr;
         });
}

}  // namespace sctpdp
