#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "control/pcap/capture_writer.h"
#include "dataplane/sctp/association/environment.h"
#include "dataplane/sctp/association/notification.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/strong_type.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/rx/reassembly_queue.h"

namespace sctpdp::testing {

// A node of the simulated network: an index in the order of AddNode.
using SimNodeId = StrongType<struct SimNodeIdTag, uint32_t>;

// One direction of a path between two addresses.
struct LinkConfig {
  // One-way propagation delay.
  Duration delay = std::chrono::milliseconds(1);
  // Uniform extra delay in [0, jitter]. A packet never overtakes an earlier
  // one of its link through jitter alone (it waits for it, as in a FIFO
  // queue) unless jitter_reorders is set, which is what Linux netem does.
  Duration jitter{};
  bool jitter_reorders = false;
  // Probabilities in [0, 1], drawn per packet from the link's own random
  // source. A duplicate arrives right after the original.
  double loss = 0.0;
  double duplication = 0.0;
  // A packet is held back by reorder_delay more with probability `reorder`,
  // so the packets sent after it overtake it.
  double reorder = 0.0;
  Duration reorder_delay = std::chrono::milliseconds(10);
  // Bits per second of SCTP packet bytes (no IP or link overhead); 0: no
  // limit. Packets then wait for the ones before them to be serialised.
  uint64_t bandwidth_bps = 0;
  // With a bandwidth, the buffer in bytes: a packet occupies it until its
  // last bit is serialised (store and forward), and one that would not fit
  // is dropped (tail drop). 0: no limit.
  size_t queue_limit_bytes = 0;
  // A link that is down drops every packet: those sent while it is down
  // and those in flight when they would arrive ("a path that fails").
  bool up = true;
};

struct LinkStats {
  uint64_t sent = 0;  // packets SendPacket put on this link, before loss
  uint64_t bytes_sent = 0;
  uint64_t lost = 0;           // dropped at random (LinkConfig::loss)
  uint64_t dropped_down = 0;   // dropped because the link was down
  uint64_t dropped_queue = 0;  // tail drops (LinkConfig::queue_limit_bytes)
  uint64_t duplicated = 0;     // extra copies made
  uint64_t reordered = 0;      // packets held back by reorder_delay
  uint64_t delivered = 0;      // copies handed to the destination node, duplicates included

  uint64_t dropped() const { return lost + dropped_down + dropped_queue; }
};

// What a node's Environment received, with the virtual time of the call.
struct DeliveryRecord {
  TimePoint time{};
  AssociationId association{};
  ReceivedMessage message{};
};
struct NotificationRecord {
  TimePoint time{};
  AssociationId association{};
  Notification notification{};
};

// A deterministic, single-threaded discrete-event network for running
// engines back to back in one process. Time is virtual: it moves only in
// the Run methods, from event to event. Events due at the same time run in
// the order they were scheduled, and every random draw comes from sources
// seeded from the network's seed (one per node for Random32, one per link
// for its impairments), so a run depends only on the seed and the calls
// made.
//
// Each node has addresses and an Environment (env(node)) for the engine
// objects it hosts. Everything the engines ask for goes through the event
// queue: packets arrive, wakeups fire, and deliveries and notifications
// reach the node's handlers as events, never from inside the engine call
// that caused them. The handlers may therefore call into the engine, which
// may call the Environment again.
class SimulatedNetwork {
 public:
  using PacketHandler =
      std::function<void(TimePoint now, const IpAddress& source, const IpAddress& destination,
                         std::span<const uint8_t> packet)>;
  using WakeupHandler = std::function<void(AssociationId association, TimePoint now)>;
  using DeliverHandler =
      std::function<void(AssociationId association, TimePoint now, const ReceivedMessage& message)>;
  using NotifyHandler = std::function<void(AssociationId association, TimePoint now,
                                           const Notification& notification)>;

  struct NodeStats {
    uint64_t packets_sent = 0;        // SendPacket calls
    uint64_t packets_unroutable = 0;  // no link from this node to the destination: dropped
    uint64_t packets_received = 0;    // arrivals, duplicates included
    uint64_t wakeups_scheduled = 0;   // ScheduleWakeup calls
    uint64_t wakeups_fired = 0;       // requests that came due and were not replaced
  };

  explicit SimulatedNetwork(uint64_t seed, TimePoint start = TimePoint{});
  ~SimulatedNetwork();
  SimulatedNetwork(const SimulatedNetwork&) = delete;
  SimulatedNetwork& operator=(const SimulatedNetwork&) = delete;

  // --- Topology ---

  // Adds a node owning `addresses` (at least one, none owned by another
  // node; otherwise this aborts). `name` appears in the trace.
  SimNodeId AddNode(std::string name, std::vector<IpAddress> addresses);
  // Creates the link from `source` to `destination` (each owned by a node,
  // of one family; otherwise this aborts) or changes its settings, keeping
  // its statistics and its place in the configuration order.
  void SetLink(const IpAddress& source, const IpAddress& destination, const LinkConfig& config);
  // Both directions with the same settings.
  void SetPath(const IpAddress& a, const IpAddress& b, const LinkConfig& config);
  // Brings an existing link down or up; aborts if there is none.
  void SetLinkUp(const IpAddress& source, const IpAddress& destination, bool up);
  void SetPathUp(const IpAddress& a, const IpAddress& b, bool up);

  bool HasLink(const IpAddress& source, const IpAddress& destination) const;
  // Abort if there is no such link. The references stay valid for the
  // network's life.
  const LinkConfig& link_config(const IpAddress& source, const IpAddress& destination) const;
  const LinkStats& link_stats(const IpAddress& source, const IpAddress& destination) const;

  // --- Nodes ---

  Environment& env(SimNodeId node);
  const std::string& name(SimNodeId node) const;
  const std::vector<IpAddress>& addresses(SimNodeId node) const;
  const NodeStats& node_stats(SimNodeId node) const;

  void OnPacket(SimNodeId node, PacketHandler handler);
  void OnWakeup(SimNodeId node, WakeupHandler handler);
  void OnDeliver(SimNodeId node, DeliverHandler handler);
  void OnNotify(SimNodeId node, NotifyHandler handler);

  // Every Deliver and Notify the node's environment received, oldest first.
  // References stay valid as records are added (deques).
  const std::deque<DeliveryRecord>& deliveries(SimNodeId node) const;
  const std::deque<NotificationRecord>& notifications(SimNodeId node) const;
  void ClearLogs(SimNodeId node);

  // The time the last ScheduleWakeup of (node, association) asked for, if
  // it has not fired yet.
  std::optional<TimePoint> pending_wakeup(SimNodeId node, AssociationId association) const;

  // --- Time ---

  TimePoint now() const { return now_; }
  // Runs `action` at `when` (now if earlier), in order with the other
  // events: to change links or call into an engine mid-run.
  void At(TimePoint when, std::function<void(TimePoint now)> action);
  // Runs every event due at or before `end`, then sets the time to `end`
  // (if later than now).
  void RunUntil(TimePoint end);
  void RunFor(Duration duration);
  // Runs events until `done()` is true (checked before the first event and
  // after each one) or until `limit` has passed; returns done(). The time is
  // that of the event that made it true, or now + limit.
  bool RunUntil(const std::function<bool()>& done, Duration limit);
  // Runs the next event, if any; returns whether there was one.
  bool Step();
  size_t pending_events() const { return events_.size(); }

  // --- Debugging ---

  // Writes every packet sent on a link, before loss, as an Ethernet frame
  // (control::WrapSctpInEthernet) to a pcap file with nanosecond
  // timestamps (the virtual time since the epoch). Returns the error if the
  // file cannot be created. The file is complete after StopCapture() or
  // destruction.
  std::optional<std::string> CaptureTo(const std::string& path);
  std::optional<std::string> StopCapture();

  // Records one line per event from now on ("0.001000 a 10.0.0.1>10.0.0.2
  // #1 len=100 sent", wakeups, deliveries, notifications), to compare runs
  // or print when a test fails.
  void EnableTrace() { tracing_ = true; }
  const std::vector<std::string>& trace() const { return trace_; }

 private:
  class NodeEnvironment;
  struct Node;
  struct Link;
  struct Event {
    TimePoint time{};
    uint64_t sequence = 0;
    std::function<void()> action{};
  };

  Node& node(SimNodeId id);
  const Node& node(SimNodeId id) const;
  Link* FindLink(const IpAddress& source, const IpAddress& destination);
  const Link* FindLink(const IpAddress& source, const IpAddress& destination) const;
  Link& GetLink(const IpAddress& source, const IpAddress& destination);
  const Link& GetLink(const IpAddress& source, const IpAddress& destination) const;

  // The Environment calls, per node.
  void SendPacket(SimNodeId from, AssociationId association, const IpAddress& destination,
                  std::span<const uint8_t> packet);
  void ScheduleWakeup(SimNodeId node, AssociationId association, TimePoint when);
  void Deliver(SimNodeId node, AssociationId association, ReceivedMessage message);
  void Notify(SimNodeId node, AssociationId association, const Notification& notification);

  void Schedule(TimePoint when, std::function<void()> action);
  void RunNext();
  void Arrive(size_t link_index, uint64_t number, const std::vector<uint8_t>& packet);
  void FireWakeup(SimNodeId node, AssociationId association, uint64_t generation);
  // Callers test tracing_ first, so that untraced runs format nothing.
  void Trace(std::string line);

  TimePoint now_;
  uint64_t seed_;
  uint64_t next_sequence_ = 0;
  uint64_t packets_numbered_ = 0;
  // A binary heap ordered by (time, sequence), earliest on top.
  std::vector<Event> events_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::map<IpAddress, SimNodeId> owners_;
  std::vector<std::unique_ptr<Link>> links_;  // in configuration order; never move
  std::map<std::pair<IpAddress, IpAddress>, size_t> link_index_;
  std::optional<control::CaptureWriter> capture_;
  bool tracing_ = false;
  std::vector<std::string> trace_;
};

}  // namespace sctpdp::testing
