#include "tests/common/simulated_network.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "control/pcap/capture_reader.h"
#include "dataplane/net/frame.h"
#include "tests/unit/control/temp_dir.h"

namespace sctpdp::testing {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

const IpAddress kA1 = IpAddress::FromIpv4({10, 0, 0, 1});
const IpAddress kA2 = IpAddress::FromIpv4({10, 0, 1, 1});
const IpAddress kB1 = IpAddress::FromIpv4({10, 0, 0, 2});
const IpAddress kB2 = IpAddress::FromIpv4({10, 0, 1, 2});
const IpAddress kNowhere = IpAddress::FromIpv4({192, 0, 2, 99});
const IpAddress kA6 =
    IpAddress::FromIpv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01});
const IpAddress kB6 =
    IpAddress::FromIpv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02});

const AssociationId kAssociation(1);

// A packet whose first four bytes number it, the rest filler.
std::vector<uint8_t> Numbered(uint32_t number, size_t size = 100) {
  std::vector<uint8_t> packet(size, 0x5a);
  packet[0] = static_cast<uint8_t>(number >> 24);
  packet[1] = static_cast<uint8_t>(number >> 16);
  packet[2] = static_cast<uint8_t>(number >> 8);
  packet[3] = static_cast<uint8_t>(number);
  return packet;
}

uint32_t NumberOf(std::span<const uint8_t> packet) {
  return (uint32_t{packet[0]} << 24) | (uint32_t{packet[1]} << 16) | (uint32_t{packet[2]} << 8) |
         packet[3];
}

struct Arrival {
  TimePoint time{};
  IpAddress source{};
  IpAddress destination{};
  std::vector<uint8_t> bytes{};
};

// Two nodes, A (10.0.0.1, 10.0.1.1, 2001:db8::1) and B (10.0.0.2, 10.0.1.2,
// 2001:db8::2); B records what arrives.
class SimulatedNetworkTest : public ::testing::Test {
 protected:
  SimulatedNetworkTest()
      : network_(42),
        a_(network_.AddNode("a", {kA1, kA2, kA6})),
        b_(network_.AddNode("b", {kB1, kB2, kB6})) {
    network_.OnPacket(b_, [this](TimePoint now, const IpAddress& source,
                                 const IpAddress& destination, std::span<const uint8_t> packet) {
      arrivals_.push_back(Arrival{.time = now,
                                  .source = source,
                                  .destination = destination,
                                  .bytes = {packet.begin(), packet.end()}});
    });
  }

  void Send(const IpAddress& destination, const std::vector<uint8_t>& packet) {
    network_.env(a_).SendPacket(kAssociation, destination, packet);
  }

  // Sends `count` numbered packets to B at `interval`, then runs until all
  // could have arrived.
  void SendSpaced(int count, Duration interval, Duration settle = seconds(1)) {
    for (int i = 0; i < count; ++i) {
      network_.At(network_.now() + i * interval,
                  [this, i](TimePoint) { Send(kB1, Numbered(static_cast<uint32_t>(i))); });
    }
    network_.RunFor(count * interval + settle);
  }

  std::vector<uint32_t> ArrivedNumbers() const {
    std::vector<uint32_t> numbers;
    for (const Arrival& arrival : arrivals_) numbers.push_back(NumberOf(arrival.bytes));
    return numbers;
  }

  SimulatedNetwork network_;
  SimNodeId a_;
  SimNodeId b_;
  std::vector<Arrival> arrivals_;
};

TEST_F(SimulatedNetworkTest, DeliversAfterTheDelay) {
  network_.SetLink(kA1, kB1, LinkConfig{.delay = milliseconds(5)});
  network_.RunFor(milliseconds(100));
  const TimePoint sent_at = network_.now();
  const std::vector<uint8_t> packet = Numbered(7, 64);
  Send(kB1, packet);

  network_.RunUntil(sent_at + milliseconds(5) - microseconds(1));
  EXPECT_TRUE(arrivals_.empty());
  network_.RunUntil(sent_at + milliseconds(5));
  ASSERT_EQ(arrivals_.size(), 1u);
  EXPECT_EQ(arrivals_[0].time, sent_at + milliseconds(5));
  EXPECT_EQ(arrivals_[0].source, kA1);
  EXPECT_EQ(arrivals_[0].destination, kB1);
  EXPECT_EQ(arrivals_[0].bytes, packet);
  EXPECT_EQ(network_.now(), sent_at + milliseconds(5));

  const LinkStats& stats = network_.link_stats(kA1, kB1);
  EXPECT_EQ(stats.sent, 1u);
  EXPECT_EQ(stats.bytes_sent, 64u);
  EXPECT_EQ(stats.delivered, 1u);
  EXPECT_EQ(stats.dropped(), 0u);
  EXPECT_EQ(network_.node_stats(a_).packets_sent, 1u);
  EXPECT_EQ(network_.node_stats(b_).packets_received, 1u);
}

TEST_F(SimulatedNetworkTest, TheBytesAreCopiedWhenSent) {
  // environment.h: the bytes are valid only during the call.
  network_.SetLink(kA1, kB1, LinkConfig{});
  std::vector<uint8_t> packet = Numbered(1);
  Send(kB1, packet);
  std::fill(packet.begin(), packet.end(), 0);
  network_.RunFor(seconds(1));
  ASSERT_EQ(arrivals_.size(), 1u);
  EXPECT_EQ(arrivals_[0].bytes, Numbered(1));
}

TEST_F(SimulatedNetworkTest, SourceIsTheFirstConfiguredLinkToTheDestination) {
  network_.SetLink(kA2, kB1, LinkConfig{.delay = milliseconds(2)});
  network_.SetLink(kA1, kB1, LinkConfig{.delay = milliseconds(1)});
  network_.SetLink(kA1, kB2, LinkConfig{.delay = milliseconds(1)});
  Send(kB1, Numbered(1));
  Send(kB2, Numbered(2));
  network_.RunFor(seconds(1));
  ASSERT_EQ(arrivals_.size(), 2u);
  // B2's packet comes first over the shorter link.
  EXPECT_EQ(arrivals_[0].source, kA1);
  EXPECT_EQ(arrivals_[0].destination, kB2);
  EXPECT_EQ(arrivals_[1].source, kA2);
  EXPECT_EQ(arrivals_[1].destination, kB1);
  EXPECT_EQ(network_.link_stats(kA1, kB1).sent, 0u);
}

TEST_F(SimulatedNetworkTest, PacketsWithoutALinkAreCountedAndDropped) {
  network_.SetLink(kA1, kB1, LinkConfig{});
  Send(kNowhere, Numbered(1));
  Send(kB2, Numbered(2));  // B owns it, but no link leads there
  network_.RunFor(seconds(1));
  EXPECT_TRUE(arrivals_.empty());
  EXPECT_EQ(network_.node_stats(a_).packets_sent, 2u);
  EXPECT_EQ(network_.node_stats(a_).packets_unroutable, 2u);
  EXPECT_EQ(network_.link_stats(kA1, kB1).sent, 0u);
  EXPECT_FALSE(network_.HasLink(kA1, kB2));
}

TEST_F(SimulatedNetworkTest, LinksAreDirectional) {
  network_.SetLink(kA1, kB1, LinkConfig{});
  EXPECT_TRUE(network_.HasLink(kA1, kB1));
  EXPECT_FALSE(network_.HasLink(kB1, kA1));
  network_.SetPath(kA2, kB2, LinkConfig{.delay = milliseconds(3)});
  EXPECT_EQ(network_.link_config(kA2, kB2).delay, milliseconds(3));
  EXPECT_EQ(network_.link_config(kB2, kA2).delay, milliseconds(3));

  std::vector<IpAddress> at_a;
  network_.OnPacket(a_, [&](TimePoint, const IpAddress& source, const IpAddress&,
                            std::span<const uint8_t>) { at_a.push_back(source); });
  network_.env(b_).SendPacket(kAssociation, kA1, Numbered(1));  // no B1 > A1 link
  network_.env(b_).SendPacket(kAssociation, kA2, Numbered(2));
  network_.RunFor(seconds(1));
  EXPECT_EQ(at_a, std::vector<IpAddress>{kB2});
  EXPECT_EQ(network_.node_stats(b_).packets_unroutable, 1u);
}

TEST_F(SimulatedNetworkTest, Ipv6Links) {
  network_.SetLink(kA6, kB6, LinkConfig{});
  Send(kB6, Numbered(1));
  network_.RunFor(seconds(1));
  ASSERT_EQ(arrivals_.size(), 1u);
  EXPECT_EQ(arrivals_[0].source, kA6);
}

TEST_F(SimulatedNetworkTest, LossRateIsNearTheSetting) {
  // 20000 Bernoulli trials with p = 0.2: mean 4000, standard deviation
  // sqrt(20000 * 0.2 * 0.8) = 56.6. Five deviations either side.
  constexpr int kPackets = 20000;
  network_.SetLink(kA1, kB1, LinkConfig{.loss = 0.2});
  SendSpaced(kPackets, microseconds(100));
  const LinkStats& stats = network_.link_stats(kA1, kB1);
  EXPECT_EQ(stats.sent, static_cast<uint64_t>(kPackets));
  EXPECT_NEAR(static_cast<double>(stats.lost), 4000.0, 5 * 56.6);
  EXPECT_EQ(stats.delivered + stats.lost, stats.sent);
  EXPECT_EQ(arrivals_.size(), stats.delivered);
  EXPECT_EQ(stats.dropped(), stats.lost);
}

TEST_F(SimulatedNetworkTest, NoLossAtZeroAndAllLostAtOne) {
  network_.SetLink(kA1, kB1, LinkConfig{.loss = 0.0});
  network_.SetLink(kA2, kB2, LinkConfig{.loss = 1.0});
  for (uint32_t i = 0; i < 1000; ++i) {
    Send(kB1, Numbered(i));
    Send(kB2, Numbered(i));
  }
  network_.RunFor(seconds(1));
  EXPECT_EQ(network_.link_stats(kA1, kB1).delivered, 1000u);
  EXPECT_EQ(network_.link_stats(kA2, kB2).lost, 1000u);
  EXPECT_EQ(arrivals_.size(), 1000u);
}

TEST_F(SimulatedNetworkTest, Duplication) {
  // p = 0.1 over 10000 packets: mean 1000, deviation 30.
  constexpr int kPackets = 10000;
  network_.SetLink(kA1, kB1, LinkConfig{.duplication = 0.1});
  SendSpaced(kPackets, microseconds(100));
  const LinkStats& stats = network_.link_stats(kA1, kB1);
  EXPECT_NEAR(static_cast<double>(stats.duplicated), 1000.0, 5 * 30.0);
  EXPECT_EQ(stats.delivered, kPackets + stats.duplicated);
  ASSERT_EQ(arrivals_.size(), stats.delivered);
  // Every packet arrives, a duplicate right after its original, at the
  // same time and with the same bytes.
  uint64_t copies = 0;
  uint32_t expected = 0;
  for (size_t i = 0; i < arrivals_.size(); ++i) {
    ASSERT_EQ(NumberOf(arrivals_[i].bytes), expected) << "arrival " << i;
    if (i + 1 < arrivals_.size() && arrivals_[i + 1].bytes == arrivals_[i].bytes) {
      EXPECT_EQ(arrivals_[i + 1].time, arrivals_[i].time);
      ++copies;
      ++i;
    }
    ++expected;
  }
  EXPECT_EQ(expected, static_cast<uint32_t>(kPackets));
  EXPECT_EQ(copies, stats.duplicated);
}

TEST_F(SimulatedNetworkTest, ReorderingHoldsPacketsBack) {
  // One packet per millisecond; a reordered one waits 5 ms more, so the
  // next ones overtake it.
  constexpr int kPackets = 2000;
  network_.SetLink(
      kA1, kB1,
      LinkConfig{.delay = milliseconds(10), .reorder = 0.1, .reorder_delay = milliseconds(5)});
  SendSpaced(kPackets, milliseconds(1));
  const LinkStats& stats = network_.link_stats(kA1, kB1);
  EXPECT_NEAR(static_cast<double>(stats.reordered), 200.0, 5 * 13.4);
  ASSERT_EQ(arrivals_.size(), static_cast<size_t>(kPackets));

  // Sent at number ms; on time after 10 ms, held back after 15.
  const TimePoint start = TimePoint{};
  uint64_t late = 0;
  uint64_t overtaken = 0;
  uint32_t highest = 0;
  std::set<uint32_t> seen;
  for (const Arrival& arrival : arrivals_) {
    const uint32_t number = NumberOf(arrival.bytes);
    seen.insert(number);
    const Duration transit = arrival.time - (start + milliseconds(number));
    ASSERT_TRUE(transit == milliseconds(10) || transit == milliseconds(15));
    if (transit == milliseconds(15)) ++late;
    if (number < highest) ++overtaken;
    highest = std::max(highest, number);
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kPackets));
  EXPECT_EQ(late, stats.reordered);
  // A late packet is overtaken unless it is among the last few sent.
  EXPECT_GE(overtaken, late - 5);
  EXPECT_GT(overtaken, 0u);
}

TEST_F(SimulatedNetworkTest, JitterStaysWithinBoundsAndKeepsOrder) {
  constexpr int kPackets = 2000;
  network_.SetLink(kA1, kB1, LinkConfig{.delay = milliseconds(10), .jitter = milliseconds(4)});
  SendSpaced(kPackets, milliseconds(1));
  ASSERT_EQ(arrivals_.size(), static_cast<size_t>(kPackets));
  const TimePoint start = TimePoint{};
  std::set<Duration> transits;
  for (size_t i = 0; i < arrivals_.size(); ++i) {
    // FIFO: never reordered, so a packet may wait for an earlier, slower one
    // beyond delay + jitter, but never more than the 4 ms of jitter.
    ASSERT_EQ(NumberOf(arrivals_[i].bytes), i);
    const Duration transit = arrivals_[i].time - (start + milliseconds(i));
    ASSERT_GE(transit, milliseconds(10));
    ASSERT_LE(transit, milliseconds(14));
    transits.insert(transit);
  }
  // The jitter does vary the delay.
  EXPECT_GT(transits.size(), 100u);
}

TEST_F(SimulatedNetworkTest, JitterReordersWhenAllowed) {
  constexpr int kPackets = 2000;
  network_.SetLink(
      kA1, kB1,
      LinkConfig{.delay = milliseconds(10), .jitter = milliseconds(4), .jitter_reorders = true});
  SendSpaced(kPackets, milliseconds(1));
  ASSERT_EQ(arrivals_.size(), static_cast<size_t>(kPackets));
  uint64_t overtaken = 0;
  uint32_t highest = 0;
  for (const Arrival& arrival : arrivals_) {
    const uint32_t number = NumberOf(arrival.bytes);
    const Duration transit = arrival.time - (TimePoint{} + milliseconds(number));
    ASSERT_GE(transit, milliseconds(10));
    ASSERT_LE(transit, milliseconds(14));
    if (number < highest) ++overtaken;
    highest = std::max(highest, number);
  }
  EXPECT_GT(overtaken, 100u);
  EXPECT_EQ(network_.link_stats(kA1, kB1).reordered, 0u);
}

TEST_F(SimulatedNetworkTest, DownLinkDropsEverything) {
  network_.SetPath(kA1, kB1, LinkConfig{.delay = milliseconds(10)});
  network_.SetPath(kA2, kB2, LinkConfig{.delay = milliseconds(10)});
  Send(kB1, Numbered(1));  // in flight when the link fails
  network_.RunFor(milliseconds(5));
  network_.SetPathUp(kA1, kB1, false);
  EXPECT_FALSE(network_.link_config(kA1, kB1).up);
  EXPECT_FALSE(network_.link_config(kB1, kA1).up);
  Send(kB1, Numbered(2));
  Send(kB2, Numbered(3));  // the other path still works
  network_.RunFor(seconds(1));
  EXPECT_EQ(ArrivedNumbers(), std::vector<uint32_t>{3});
  EXPECT_EQ(network_.link_stats(kA1, kB1).dropped_down, 2u);
  EXPECT_EQ(network_.link_stats(kA1, kB1).delivered, 0u);

  network_.SetPathUp(kA1, kB1, true);
  Send(kB1, Numbered(4));
  network_.RunFor(seconds(1));
  EXPECT_EQ(ArrivedNumbers(), (std::vector<uint32_t>{3, 4}));
}

TEST_F(SimulatedNetworkTest, BandwidthSerialisesPackets) {
  // 1 Mbit/s: a 1250-byte packet takes 10 ms to send.
  network_.SetLink(kA1, kB1, LinkConfig{.delay = milliseconds(5), .bandwidth_bps = 1000000});
  for (uint32_t i = 0; i < 3; ++i) Send(kB1, Numbered(i, 1250));
  network_.RunFor(seconds(1));
  ASSERT_EQ(arrivals_.size(), 3u);
  EXPECT_EQ(arrivals_[0].time, TimePoint{} + milliseconds(15));
  EXPECT_EQ(arrivals_[1].time, TimePoint{} + milliseconds(25));
  EXPECT_EQ(arrivals_[2].time, TimePoint{} + milliseconds(35));
  // An idle link sends at once again.
  const TimePoint later = network_.now();
  Send(kB1, Numbered(3, 125));  // 1 ms
  network_.RunFor(seconds(1));
  ASSERT_EQ(arrivals_.size(), 4u);
  EXPECT_EQ(arrivals_[3].time, later + milliseconds(6));
}

TEST_F(SimulatedNetworkTest, QueueLimitDropsTheTail) {
  // 1 Mbit/s (1250 bytes per 10 ms) with a 3000-byte buffer, which holds a
  // packet until its last bit is sent. Of five 1250-byte packets sent at
  // once, two fit (2500 bytes); the third would make 3750.
  network_.SetLink(
      kA1, kB1,
      LinkConfig{.delay = milliseconds(5), .bandwidth_bps = 1000000, .queue_limit_bytes = 3000});
  for (uint32_t i = 0; i < 5; ++i) Send(kB1, Numbered(i, 1250));
  EXPECT_EQ(network_.link_stats(kA1, kB1).dropped_queue, 3u);
  // 10 ms later the first has gone: 1250 bytes left, room for one more,
  // which starts when the second is done.
  network_.RunFor(milliseconds(10));
  Send(kB1, Numbered(5, 1250));
  Send(kB1, Numbered(6, 1250));
  network_.RunFor(seconds(1));
  EXPECT_EQ(ArrivedNumbers(), (std::vector<uint32_t>{0, 1, 5}));
  EXPECT_EQ(arrivals_.back().time, TimePoint{} + milliseconds(35));
  EXPECT_EQ(network_.link_stats(kA1, kB1).dropped_queue, 4u);
  EXPECT_EQ(network_.link_stats(kA1, kB1).dropped(), 4u);
}

TEST_F(SimulatedNetworkTest, RunUntilPredicate) {
  network_.SetLink(kA1, kB1, LinkConfig{.delay = milliseconds(30)});
  Send(kB1, Numbered(1));
  EXPECT_FALSE(network_.RunUntil([&] { return !arrivals_.empty(); }, milliseconds(20)));
  EXPECT_EQ(network_.now(), TimePoint{} + milliseconds(20));
  EXPECT_TRUE(network_.RunUntil([&] { return !arrivals_.empty(); }, seconds(1)));
  EXPECT_EQ(network_.now(), TimePoint{} + milliseconds(30));
  // Already true: returns at once.
  EXPECT_TRUE(network_.RunUntil([] { return true; }, seconds(1)));
  EXPECT_EQ(network_.now(), TimePoint{} + milliseconds(30));
}

TEST_F(SimulatedNetworkTest, EventsAtOneTimeRunInTheOrderScheduled) {
  std::vector<int> order;
  const TimePoint t = TimePoint{} + milliseconds(7);
  for (int i = 0; i < 10; ++i) {
    network_.At(t, [&order, i](TimePoint now) {
      EXPECT_EQ(now, TimePoint{} + milliseconds(7));
      order.push_back(i);
    });
  }
  network_.At(t - microseconds(1), [&](TimePoint) { order.push_back(-1); });
  network_.RunFor(seconds(1));
  EXPECT_EQ(order, (std::vector<int>{-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST_F(SimulatedNetworkTest, HandlersMaySendWithoutRecursion) {
  // Ping-pong: each side answers from its packet handler. The answer goes
  // through the event queue, so handlers never nest.
  network_.SetPath(kA1, kB1, LinkConfig{.delay = milliseconds(1)});
  int depth = 0;
  int max_depth = 0;
  int exchanges = 0;
  auto answer = [&](SimNodeId self) {
    return [&, self](TimePoint, const IpAddress& source, const IpAddress&,
                     std::span<const uint8_t> packet) {
      ++depth;
      max_depth = std::max(max_depth, depth);
      ++exchanges;
      const uint32_t number = NumberOf(packet);
      if (number < 100) network_.env(self).SendPacket(kAssociation, source, Numbered(number + 1));
      --depth;
    };
  };
  network_.OnPacket(a_, answer(a_));
  network_.OnPacket(b_, answer(b_));
  Send(kB1, Numbered(0));
  network_.RunFor(seconds(1));
  EXPECT_EQ(exchanges, 101);
  EXPECT_EQ(max_depth, 1);
  EXPECT_EQ(network_.now(), TimePoint{} + seconds(1));
}

TEST_F(SimulatedNetworkTest, WakeupsReplaceEarlierRequests) {
  std::vector<std::pair<AssociationId, TimePoint>> fired;
  network_.OnWakeup(
      a_, [&](AssociationId association, TimePoint now) { fired.emplace_back(association, now); });
  Environment& env = network_.env(a_);
  const AssociationId other(2);
  env.ScheduleWakeup(kAssociation, TimePoint{} + milliseconds(10));
  env.ScheduleWakeup(kAssociation, TimePoint{} + milliseconds(20));  // later: replaces
  env.ScheduleWakeup(other, TimePoint{} + milliseconds(30));
  env.ScheduleWakeup(other, TimePoint{} + milliseconds(5));  // earlier: replaces too
  EXPECT_EQ(network_.pending_wakeup(a_, kAssociation), TimePoint{} + milliseconds(20));
  EXPECT_EQ(network_.pending_wakeup(a_, other), TimePoint{} + milliseconds(5));
  EXPECT_EQ(network_.pending_wakeup(b_, kAssociation), std::nullopt);
  network_.RunFor(seconds(1));
  const std::vector<std::pair<AssociationId, TimePoint>> expected = {
      {other, TimePoint{} + milliseconds(5)},
      {kAssociation, TimePoint{} + milliseconds(20)},
  };
  EXPECT_EQ(fired, expected);
  EXPECT_EQ(network_.pending_wakeup(a_, kAssociation), std::nullopt);
  EXPECT_EQ(network_.node_stats(a_).wakeups_scheduled, 4u);
  EXPECT_EQ(network_.node_stats(a_).wakeups_fired, 2u);
}

TEST_F(SimulatedNetworkTest, WakeupsPerNodeAndInThePast) {
  int fired_a = 0;
  int fired_b = 0;
  network_.OnWakeup(a_, [&](AssociationId, TimePoint) { ++fired_a; });
  network_.OnWakeup(b_, [&](AssociationId, TimePoint) { ++fired_b; });
  network_.RunFor(milliseconds(50));
  // Same association id on two nodes: two separate requests. One due in
  // the past fires now.
  network_.env(a_).ScheduleWakeup(kAssociation, TimePoint{} + milliseconds(10));
  network_.env(b_).ScheduleWakeup(kAssociation, TimePoint{} + milliseconds(60));
  network_.RunFor(Duration::zero());
  EXPECT_EQ(fired_a, 1);
  EXPECT_EQ(fired_b, 0);
  network_.RunFor(milliseconds(10));
  EXPECT_EQ(fired_b, 1);
}

TEST_F(SimulatedNetworkTest, AWakeupHandlerMayAskAgain) {
  // A periodic timer, as the engine's heartbeat would be.
  std::vector<TimePoint> fired;
  network_.OnWakeup(a_, [&](AssociationId association, TimePoint now) {
    fired.push_back(now);
    network_.env(a_).ScheduleWakeup(association, now + milliseconds(100));
  });
  network_.env(a_).ScheduleWakeup(kAssociation, TimePoint{} + milliseconds(100));
  network_.RunUntil(TimePoint{} + milliseconds(350));
  EXPECT_EQ(fired, (std::vector<TimePoint>{TimePoint{} + milliseconds(100),
                                           TimePoint{} + milliseconds(200),
                                           TimePoint{} + milliseconds(300)}));
}

TEST_F(SimulatedNetworkTest, DeliverAndNotifyAreLoggedAndReachHandlersLater) {
  std::vector<std::string> handled;
  network_.OnDeliver(
      b_, [&](AssociationId association, TimePoint now, const ReceivedMessage& message) {
        handled.push_back(fmt::format("{} {} deliver {}", now.time_since_epoch().count(),
                                      association.value(), message.payload.size()));
      });
  network_.OnNotify(
      b_, [&](AssociationId association, TimePoint now, const Notification& notification) {
        handled.push_back(fmt::format("{} {} {}", now.time_since_epoch().count(),
                                      association.value(), NotificationToString(notification)));
      });
  network_.At(TimePoint{} + milliseconds(3), [&](TimePoint) {
    ReceivedMessage message;
    message.stream_id = StreamId(2);
    message.payload = {1, 2, 3};
    network_.env(b_).Deliver(kAssociation, message);
    network_.env(b_).Notify(kAssociation, SenderDry{});
    // Not from inside the engine's call (environment.h).
    EXPECT_TRUE(handled.empty());
    EXPECT_EQ(network_.deliveries(b_).size(), 1u);
  });
  network_.RunFor(seconds(1));
  EXPECT_EQ(handled, (std::vector<std::string>{"3000 1 deliver 3", "3000 1 SENDER_DRY"}));
  ASSERT_EQ(network_.deliveries(b_).size(), 1u);
  EXPECT_EQ(network_.deliveries(b_)[0].time, TimePoint{} + milliseconds(3));
  EXPECT_EQ(network_.deliveries(b_)[0].association, kAssociation);
  EXPECT_EQ(network_.deliveries(b_)[0].message.stream_id, StreamId(2));
  ASSERT_EQ(network_.notifications(b_).size(), 1u);
  EXPECT_TRUE(std::holds_alternative<SenderDry>(network_.notifications(b_)[0].notification));
  EXPECT_TRUE(network_.deliveries(a_).empty());
  network_.ClearLogs(b_);
  EXPECT_TRUE(network_.deliveries(b_).empty());
  EXPECT_TRUE(network_.notifications(b_).empty());
}

TEST_F(SimulatedNetworkTest, Random32DiffersPerNode) {
  std::vector<uint32_t> a;
  std::vector<uint32_t> b;
  for (int i = 0; i < 8; ++i) {
    a.push_back(network_.env(a_).Random32());
    b.push_back(network_.env(b_).Random32());
  }
  EXPECT_NE(a, b);
  EXPECT_GT(std::set<uint32_t>(a.begin(), a.end()).size(), 1u);
}

// An exchange over an impaired path with timers, traced.
std::vector<std::string> RunScenario(uint64_t seed, std::vector<uint32_t>* randoms = nullptr) {
  SimulatedNetwork network(seed);
  const SimNodeId a = network.AddNode("a", {kA1});
  const SimNodeId b = network.AddNode("b", {kB1});
  network.EnableTrace();
  network.SetPath(kA1, kB1,
                  LinkConfig{.delay = milliseconds(10),
                             .jitter = milliseconds(3),
                             .jitter_reorders = true,
                             .loss = 0.1,
                             .duplication = 0.05,
                             .reorder = 0.05});
  network.OnPacket(b, [&](TimePoint, const IpAddress& source, const IpAddress&,
                          std::span<const uint8_t> packet) {
    network.env(b).SendPacket(kAssociation, source, packet);  // echo
  });
  network.OnPacket(
      a, [&](TimePoint now, const IpAddress&, const IpAddress&, std::span<const uint8_t>) {
        network.env(a).ScheduleWakeup(kAssociation, now + milliseconds(1));
      });
  network.OnWakeup(a, [&](AssociationId association, TimePoint now) {
    network.env(a).SendPacket(association, kB1, Numbered(network.env(a).Random32()));
    network.env(a).ScheduleWakeup(association, now + milliseconds(20));
  });
  network.env(a).ScheduleWakeup(kAssociation, TimePoint{});
  network.RunFor(seconds(5));
  if (randoms != nullptr) {
    for (int i = 0; i < 4; ++i) randoms->push_back(network.env(b).Random32());
  }
  return network.trace();
}

TEST(SimulatedNetworkDeterminismTest, SameSeedSameTrace) {
  std::vector<uint32_t> randoms_1;
  std::vector<uint32_t> randoms_2;
  std::vector<uint32_t> randoms_3;
  const std::vector<std::string> first = RunScenario(7, &randoms_1);
  const std::vector<std::string> second = RunScenario(7, &randoms_2);
  const std::vector<std::string> other = RunScenario(8, &randoms_3);
  ASSERT_GT(first.size(), 500u);
  EXPECT_EQ(first, second);
  EXPECT_EQ(randoms_1, randoms_2);
  EXPECT_NE(first, other);
  EXPECT_NE(randoms_1, randoms_3);
  // The scenario exercises every impairment it sets.
  auto count = [&](const std::string& word) {
    size_t n = 0;
    for (const std::string& line : first) n += line.find(word) != std::string::npos;
    return n;
  };
  EXPECT_GT(count(" lost"), 0u);
  EXPECT_GT(count(" duplicated"), 0u);
  EXPECT_GT(count(" reordered"), 0u);
  EXPECT_GT(count(" wakeup assoc=1"), 0u);
}

TEST(SimulatedNetworkDeterminismTest, TraceLines) {
  SimulatedNetwork network(1);
  const SimNodeId a = network.AddNode("a", {kA1});
  network.AddNode("b", {kB1});
  network.EnableTrace();
  network.SetLink(kA1, kB1, LinkConfig{.delay = milliseconds(2)});
  network.env(a).SendPacket(kAssociation, kB1, Numbered(0, 20));
  network.env(a).SendPacket(kAssociation, kNowhere, Numbered(0, 20));
  network.RunFor(seconds(1));
  EXPECT_EQ(network.trace(),
            (std::vector<std::string>{
                "0.000000 a 10.0.0.1>10.0.0.2 #1 assoc=1 len=20 sent arrives 0.002000",
                "0.000000 a >192.0.2.99 #2 assoc=1 len=20 unroutable",
                "0.002000 b 10.0.0.1>10.0.0.2 #1 arrived",
            }));
}

TEST_F(SimulatedNetworkTest, CaptureHoldsEverySentPacket) {
  control::testing::TempDir dir;
  const std::string path = dir.File("simnet.pcap");
  ASSERT_EQ(network_.CaptureTo(path), std::nullopt);
  network_.SetLink(kA1, kB1, LinkConfig{.delay = milliseconds(1), .loss = 0.5});
  network_.SetLink(kA6, kB6, LinkConfig{.delay = milliseconds(1)});
  constexpr int kPackets = 50;
  SendSpaced(kPackets, milliseconds(2));
  Send(kB6, Numbered(1000, 300));
  Send(kNowhere, Numbered(2000));  // no link, no frame
  ASSERT_EQ(network_.StopCapture(), std::nullopt);
  ASSERT_GT(network_.link_stats(kA1, kB1).lost, 0u);  // captured before loss

  auto opened = control::CaptureReader::Open(path);
  ASSERT_TRUE(std::holds_alternative<control::CaptureReader>(opened))
      << std::get<std::string>(opened);
  control::CaptureReader& reader = std::get<control::CaptureReader>(opened);
  EXPECT_EQ(reader.link_type(), net::LinkType::kEthernet);
  std::vector<uint32_t> numbers;
  while (std::optional<control::CapturedFrame> frame = reader.Next()) {
    auto extracted = net::ExtractSctp(reader.link_type(), frame->data);
    ASSERT_TRUE(std::holds_alternative<net::SctpSegment>(extracted));
    const net::SctpSegment& segment = std::get<net::SctpSegment>(extracted);
    const uint32_t number = NumberOf(segment.sctp);
    numbers.push_back(number);
    if (number == 1000) {
      EXPECT_EQ(segment.source, kA6);
      EXPECT_EQ(segment.destination, kB6);
      EXPECT_EQ(segment.sctp.size(), 300u);
    } else {
      EXPECT_EQ(segment.source, kA1);
      EXPECT_EQ(segment.destination, kB1);
      EXPECT_EQ(std::vector<uint8_t>(segment.sctp.begin(), segment.sctp.end()), Numbered(number));
      // Stamped with the virtual time it was sent: number * 2 ms.
      EXPECT_EQ(frame->timestamp.time_since_epoch(), milliseconds(2 * number));
    }
  }
  EXPECT_TRUE(reader.error().empty()) << reader.error();
  std::vector<uint32_t> expected;
  for (uint32_t i = 0; i < kPackets; ++i) expected.push_back(i);
  expected.push_back(1000);
  EXPECT_EQ(numbers, expected);
}

TEST_F(SimulatedNetworkTest, CaptureToAnUnwritablePathFails) {
  const std::optional<std::string> error = network_.CaptureTo("/nonexistent-dir/x.pcap");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("/nonexistent-dir/x.pcap"), std::string::npos);
}

TEST(SimulatedNetworkDeathTest, MisuseAborts) {
  EXPECT_DEATH(
      {
        SimulatedNetwork network(1);
        network.AddNode("a", {kA1});
        network.AddNode("b", {kA1});
      },
      "already taken");
  EXPECT_DEATH(
      {
        SimulatedNetwork network(1);
        network.AddNode("a", {kA1, kA6});
        network.AddNode("b", {kB1, kB6});
        network.SetLink(kA1, kB6, LinkConfig{});
      },
      "families differ");
  EXPECT_DEATH(
      {
        SimulatedNetwork network(1);
        network.AddNode("a", {kA1});
        network.SetLink(kA1, kNowhere, LinkConfig{});
      },
      "must belong to nodes");
  EXPECT_DEATH(
      {
        SimulatedNetwork network(1);
        network.AddNode("a", {kA1});
        network.AddNode("b", {kB1});
        network.SetLink(kA1, kB1, LinkConfig{.loss = 1.5});
      },
      "loss must be in");
}

}  // namespace
}  // namespace sctpdp::testing
