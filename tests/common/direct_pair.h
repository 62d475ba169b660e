#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include "dataplane/sctp/endpoint/endpoint.h"

namespace sctpdp::testing {

// Two sctpdp endpoints wired straight to each other in one thread: a packet
// one sends is handed to the other when Pump runs, in order, with no loss,
// delay or copy beyond one into a reused buffer. Time moves only when the
// caller says. For benchmarks (no I/O, nothing but the engines) and fuzz
// targets (a quick established association); the simulated network in
// simulated_network.h is the richer fixture for conversation tests.
class DirectPair {
 public:
  struct Side;

  static constexpr Port kPortA{5001};
  static constexpr Port kPortZ{5002};

  DirectPair(const AssociationOptions& options, uint64_t seed);
  ~DirectPair();

  // A connects to Z; runs until both are up. Returns A's association id,
  // or nullopt if the handshake did not complete.
  std::optional<AssociationId> Connect();

  // Hands queued packets over, both ways, until none is left or
  // `max_packets` were handed over. Returns how many were.
  size_t Pump(size_t max_packets = SIZE_MAX);
  // Moves the clock and fires the wakeups that came due.
  void AdvanceTime(Duration duration);
  TimePoint now() const { return now_; }

  Endpoint& a();
  Endpoint& z();
  AssociationId z_association() const;
  const IpAddress& address_a() const;
  const IpAddress& address_z() const;

  // What one side's environment saw.
  struct Counters {
    uint64_t packets_sent = 0;
    uint64_t bytes_sent = 0;
    uint64_t messages_delivered = 0;
    uint64_t bytes_delivered = 0;
    uint64_t comm_up = 0;
    uint64_t comm_lost = 0;
    uint64_t shutdown_complete = 0;
    uint64_t restarts = 0;
  };
  const Counters& counters_a() const;
  const Counters& counters_z() const;
  // Called for each message delivered on Z (after counting), if set.
  void OnDeliverZ(std::function<void(const ReceivedMessage&)> callback);
  // Called for each message delivered on either side, with the side and
  // the association, if set.
  using DeliverCallback =
      std::function<void(bool to_a, AssociationId association, const ReceivedMessage&)>;
  void OnDeliver(DeliverCallback callback);

  // Called for each packet a side sends (after counting), before it
  // travels; returning false drops it. Lets a fuzz target record the
  // conversation, route by destination address or take the answers meant
  // for an attacker.
  using SendFilter = std::function<bool(bool from_a, const IpAddress& destination,
                                        std::span<const uint8_t> packet)>;
  void OnSend(SendFilter filter);

 private:
  std::unique_ptr<Side> a_;
  std::unique_ptr<Side> z_;
  TimePoint now_{};
};

}  // namespace sctpdp::testing
