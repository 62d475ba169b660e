#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <unordered_map>
#include <variant>
#include <vector>

#include "dataplane/sctp/association/environment.h"
#include "dataplane/sctp/endpoint/endpoint.h"
#include "dataplane/shard/application.h"
#include "dataplane/shard/timer_wheel.h"

namespace sctpdp {

// Where a shard's SCTP packets go: the network layer in front of a port,
// or another shard directly in tests.
class PacketSink {
 public:
  virtual ~PacketSink() = default;
  // One finished SCTP packet for `destination`; the bytes are valid only
  // during the call. `source` is the sending endpoint's address of the
  // destination's family, if it has one: the network layer sends from it
  // (and out of the port that owns it), so that two stacks' ports on one
  // link, as in the demo, each speak for their own addresses.
  virtual void SendSctp(const std::optional<IpAddress>& source, const IpAddress& destination,
                        std::span<const uint8_t> packet) = 0;
};

struct ShardEngineOptions {
  // Verification tags this shard chooses satisfy tag % tag_modulus ==
  // tag_residue (the shard's index among tag_modulus shards).
  uint32_t tag_modulus = 1;
  uint32_t tag_residue = 0;
  // Seeds a deterministic random source (tests); unset: the operating
  // system's cryptographic generator (RFC 9260 section 5.3.1, RFC 4086).
  std::optional<uint64_t> seed{};
  Duration timer_tick = std::chrono::milliseconds(1);
  // How endpoints write the CRC32c: in software, or left to the NIC.
  ChecksumMode checksum_mode = ChecksumMode::kSoftware;
};

struct ShardEngineMetrics {
  uint64_t packets_no_endpoint = 0;  // no endpoint on the destination port
  uint64_t packets_too_short = 0;    // not even a common header
  uint64_t timers_fired = 0;
};

// The sans-IO part of a shard: its endpoints (one per local SCTP port),
// the applications above them, and the timer wheel that holds one wakeup
// per association. The poll loop feeds it received SCTP packets and the
// time; packets leave through the PacketSink. What the engine delivers and
// notifies is queued while the engine runs and handed to the applications
// afterwards, when they may call the engine again.
class ShardEngine : public EndpointHost {
 public:
  ShardEngine(const ShardEngineOptions& options, PacketSink& sink, TimePoint now);
  ~ShardEngine() override;

  Endpoint* AddEndpoint(const EndpointOptions& options, Application& application) override;
  // Starts an application on this shard (it adds its endpoints).
  void Start(TimePoint now, Application& application);

  // A received SCTP packet (common header onwards) from `source`.
  void HandlePacket(TimePoint now, const IpAddress& source, std::span<const uint8_t> packet);
  // An ICMP error quoting a packet we sent: to the endpoint on the quoted
  // source port (RFC 9260 section 10).
  void HandleIcmp(TimePoint now, const IcmpReport& report);
  // Fires due timers, runs the applications and sends what they queued.
  // Call once per turn of the poll loop, after the received packets.
  void Poll(TimePoint now);

  // Asks the client applications (or the servers) to close their
  // associations gracefully; see Application::serves.
  void Stop(TimePoint now, bool servers);
  // The clients (or the servers) have closed everything.
  bool stopped(bool servers) const;

  // An association between shards, with what its application keeps.
  struct Handover {
    std::unique_ptr<Association> association;
    std::unique_ptr<ApplicationState> state;
  };
  // Handover between shards (a peeloff moving an association): takes the
  // association out of the endpoint on `local_port`, with its timer and
  // its application's state, if nothing blocks the move (otherwise the
  // association is null, and `blocker` says why; kClosed when there is no
  // such association).
  Handover Detach(Port local_port, AssociationId id, HandoverBlocker& blocker);
  // Puts one in on this shard's endpoint of its port, whose application
  // takes the state over; false, leaving both with the caller, if there is
  // no endpoint on the port.
  bool Attach(Port local_port, Handover& handover, TimePoint now);

  // Aborts every association (the end of a bounded shutdown).
  void AbortAll(TimePoint now, std::string_view reason);

  // The endpoint on `local_port`, if any.
  Endpoint* FindEndpoint(Port local_port);

  size_t association_count() const;
  // Chunks retransmitted by every association this shard has had.
  uint64_t retransmissions() const;
  // The endpoints' counters, summed.
  EndpointMetrics endpoint_totals() const;
  const ShardEngineMetrics& metrics() const { return metrics_; }

 private:
  class EndpointEnvironment;
  struct Slot {
    std::unique_ptr<EndpointEnvironment> environment;
    Application* application = nullptr;
  };
  struct Event {
    uint32_t endpoint = 0;  // index into endpoints_
    AssociationId association{};
    std::variant<ReceivedMessage, Notification> what;
  };

  uint32_t Random32();
  void ScheduleWakeup(uint32_t endpoint, AssociationId association, TimePoint when);
  void OnTimer(TimePoint now, uint64_t key);
  // Hands queued deliveries and notifications to the applications.
  void Dispatch(TimePoint now);

  ShardEngineOptions options_;
  PacketSink& sink_;
  TimePoint now_;  // as of the latest entry point
  TimerWheel wheel_;
  std::optional<std::mt19937_64> seeded_random_;
  std::array<uint32_t, 256> random_pool_{};
  size_t random_left_ = 0;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  std::vector<Slot> slots_;  // parallel to endpoints_
  std::vector<Application*> applications_;
  // Endpoint index by local port; kNoEndpoint where none.
  std::vector<uint32_t> endpoint_by_port_;
  // The wheel's handle for each (endpoint, association) that asked.
  std::unordered_map<uint64_t, TimerWheel::Handle> timers_;
  std::vector<Event> events_;
  // Payload buffers the applications left in their messages, handed back
  // to the engine in Deliver in place of the ones taken, so that a steady
  // flow of messages allocates nothing (at most kMaxSparePayloads, none
  // above kMaxSparePayloadCapacity).
  static constexpr size_t kMaxSparePayloads = 1024;
  static constexpr size_t kMaxSparePayloadCapacity = 64 * 1024;
  std::vector<std::vector<uint8_t>> spare_payloads_;
  ShardEngineMetrics metrics_;
  uint64_t closed_retransmissions_ = 0;  // of associations already freed
};

}  // namespace sctpdp
