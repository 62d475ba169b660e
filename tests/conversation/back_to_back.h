#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "dataplane/sctp/endpoint/endpoint.h"
#include "tests/common/simulated_network.h"

namespace sctpdp::testing {

// Two sctpdp endpoints ("a", the client, and "z", listening) on a
// simulated network with two paths between them:
//   198.18.0.1 <-> 198.18.0.2   (path 0, the primary)
//   198.18.1.1 <-> 198.18.1.2   (path 1)
// Every test owns the clock (virtual time) and the seed.
class BackToBack {
 public:
  struct Side {
    SimNodeId node{};
    std::vector<IpAddress> addresses;
    std::unique_ptr<Endpoint> endpoint;
  };

  static const IpAddress kA0;
  static const IpAddress kA1;
  static const IpAddress kZ0;
  static const IpAddress kZ1;
  static constexpr Port kPortA{5001};
  static constexpr Port kPortZ{5002};

  explicit BackToBack(uint64_t seed, const LinkConfig& link = LinkConfig{},
                      const AssociationOptions& options = DefaultOptions());

  static AssociationOptions DefaultOptions();

  // A connects to Z (over both of Z's addresses) and both sides reach
  // COMM_UP; returns A's association id.
  AssociationId Connect();
  // Z's association id (the one association it has).
  AssociationId ZAssociation() const;

  SimulatedNetwork& net() { return net_; }
  Side& a() { return a_; }
  Side& z() { return z_; }

  // Notifications of one kind a side received.
  template <typename T>
  std::vector<T> Notifications(const Side& side) const {
    std::vector<T> out;
    for (const NotificationRecord& record : net_.notifications(side.node)) {
      if (const T* n = std::get_if<T>(&record.notification)) out.push_back(*n);
    }
    return out;
  }
  bool HasAssociationChange(const Side& side, AssociationChange::State state) const;

 private:
  void Wire(Side& side);

  SimulatedNetwork net_;
  Side a_;
  Side z_;
};

// A stream of user messages from one side to the other: queues them as the
// send buffer allows (retrying every millisecond of virtual time) and
// checks what arrives against what was sent.
class MessageFlow {
 public:
  struct Spec {
    size_t count = 1000;
    size_t min_size = 1;
    size_t max_size = 2000;
    uint16_t streams = 8;
    double unordered_fraction = 0.25;
    // Partial reliability (RFC 3758): give up on a message after this many
    // retransmissions, or this long after it was queued (SCTP_PR_SCTP_TTL).
    std::optional<int> max_retransmissions{};
    std::optional<Duration> lifetime{};
  };

  MessageFlow(BackToBack& net, BackToBack::Side& from, AssociationId from_id, BackToBack::Side& to,
              const Spec& spec, uint64_t seed);

  // Starts queuing; the simulation runs it.
  void Start();
  bool AllSent() const { return next_ == messages_.size(); }
  bool AllDelivered() const;
  // Every message delivered exactly once, with its stream, PPID, flags and
  // bytes; ordered messages of a stream in order. Empty when all is well,
  // else what is wrong.
  std::string Check() const;
  // As Check, for partially reliable messages: each message is delivered
  // (at most once, intact, in order) or returned in `failed`, or both: a
  // message abandoned after it was sent may have arrived (RFC 6458
  // section 6.1.11, SCTP_DATA_SENT).
  std::string CheckPartial(const std::vector<SendFailed>& failed) const;

 private:
  void Pump(TimePoint now);

  BackToBack& b2b_;
  BackToBack::Side& from_;
  AssociationId from_id_;
  BackToBack::Side& to_;
  std::vector<OutgoingMessage> messages_;
  std::optional<Duration> lifetime_;
  size_t next_ = 0;
};

}  // namespace sctpdp::testing
