// Two shards on the two ends of a net_ring pair, one thread: ARP, the
// engine and the applications over real DPDK ports and buffers.
#include "dataplane/shard/shard.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rte_lcore.h>

#include <atomic>
#include <map>
#include <thread>

#include "control/apps/echo_app.h"
#include "control/apps/source_app.h"
#include "dataplane/sctp/packet/crc32c.h"
#include "dataplane/shard/association_move.h"

namespace sctpdp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const IpAddress kA = IpAddress::FromIpv4({198, 18, 0, 1});
const IpAddress kB = IpAddress::FromIpv4({198, 18, 0, 2});
const net::MacAddress kMacA = {0x02, 0, 0, 0, 0, 0x0a};
const net::MacAddress kMacB = {0x02, 0, 0, 0, 0, 0x0b};

// Quick retransmissions: a lost handshake packet costs a turn, not a second.
EndpointOptions Options(const IpAddress& address, uint16_t port) {
  EndpointOptions options;
  options.local_port = Port(port);
  options.local_addresses = {address};
  options.association.rto_initial = milliseconds(200);
  options.association.rto_min = milliseconds(100);
  return options;
}

class ShardPairTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    pool_ =
        dpdk::PacketPool::Create("shard_pool", 8191, 0, static_cast<int>(rte_socket_id()), error);
    ASSERT_NE(pool_, nullptr) << error;
    dpdk::PortSettings settings;
    auto [a, b] = dpdk::Port::OpenRingPair("shardpair", settings, *pool_, error);
    ASSERT_NE(a, nullptr) << error;
    port_a_ = std::move(a);
    port_b_ = std::move(b);
    const TimePoint now = Shard::Now();
    shard_a_ = MakeShard(*port_a_, kA, kMacA, now);
    shard_b_ = MakeShard(*port_b_, kB, kMacB, now);
  }

  std::unique_ptr<Shard> MakeShard(dpdk::Port& port, const IpAddress& address,
                                   const net::MacAddress& mac, TimePoint now) {
    ShardSettings settings;
    return std::make_unique<Shard>(
        settings, std::vector<ShardQueue>{ShardQueue{.port = &port}},
        std::vector<net::InterfaceConfig>{
            net::InterfaceConfig{.port = 0, .mac = mac, .addresses = {net::IpPrefix{address, 24}}}},
        std::vector<net::RouteConfig>{}, std::vector<net::NeighborConfig>{}, *pool_, now);
  }

  void Turn() {
    const TimePoint now = Shard::Now();
    shard_a_->RunOnce(now);
    shard_b_->RunOnce(now);
  }

  std::unique_ptr<dpdk::PacketPool> pool_;
  std::unique_ptr<dpdk::Port> port_a_;
  std::unique_ptr<dpdk::Port> port_b_;
  std::unique_ptr<Shard> shard_a_;
  std::unique_ptr<Shard> shard_b_;
};

TEST_F(ShardPairTest, SourceAndEchoOverRingPortsResolveArpAndCloseCleanly) {
  AppStats source_stats, echo_stats;
  EchoApp echo(Options(kB, 5001), echo_stats);
  SourceApp source(Options(kA, 40000),
                   SourceOptions{.peers = {kB},
                                 .peer_port = Port(5001),
                                 .first_local_port = Port(40000),
                                 .associations = 20,
                                 .message_size = 200,
                                 .streams = 4,
                                 .window = 16},
                   source_stats);
  shard_b_->engine().Start(Shard::Now(), echo);
  shard_a_->engine().Start(Shard::Now(), source);
  const TimePoint end = Shard::Now() + milliseconds(700);
  while (Shard::Now() < end) Turn();
  EXPECT_EQ(source_stats.associations_up.Get(), 20u);
  EXPECT_GT(source_stats.messages_received.Get(), 1000u);

  shard_a_->engine().Stop(Shard::Now(), false);
  const TimePoint limit = Shard::Now() + seconds(5);
  while (!shard_a_->engine().stopped(false) && Shard::Now() < limit) Turn();
  ASSERT_TRUE(shard_a_->engine().stopped(false));
  shard_b_->engine().Stop(Shard::Now(), true);
  while (!shard_b_->engine().stopped(true) && Shard::Now() < limit) Turn();
  ASSERT_TRUE(shard_b_->engine().stopped(true));

  EXPECT_EQ(source_stats.echo_errors.Get(), 0u);
  EXPECT_EQ(source_stats.messages_received.Get(), source_stats.messages_sent.Get());
  EXPECT_EQ(echo_stats.messages_received.Get(), source_stats.messages_sent.Get());
  EXPECT_EQ(source_stats.associations_closed.Get(), 20u);
  EXPECT_EQ(echo_stats.associations_closed.Get(), 20u);
  // One ARP exchange each way at most; nothing dropped for want of a MAC.
  for (Shard* shard : {shard_a_.get(), shard_b_.get()}) {
    shard->RunOnce(Shard::Now() + seconds(1));  // publish
    const ShardStats& stats = shard->stats();
    for (size_t i = 0; i < stats.net_drops.size(); ++i) {
      EXPECT_EQ(stats.net_drops[i].load(), 0u) << net::NetDropName(static_cast<net::NetDrop>(i));
    }
    for (size_t i = 0; i < stats.shard_drops.size(); ++i) {
      EXPECT_EQ(stats.shard_drops[i].load(), 0u) << ShardDropName(static_cast<ShardDrop>(i));
    }
    EXPECT_EQ(stats.sctp_malformed.load(), 0u);
    EXPECT_GT(stats.tx_packets.load(), 1000u);
  }
  shard_a_.reset();
  shard_b_.reset();
  port_a_.reset();
  port_b_.reset();
  EXPECT_EQ(pool_->available(), pool_->capacity());
}

// Two data planes of two shards each, on the two ends of a two-queue
// net_ring pair: what shard s sends on queue s arrives on the other side's
// shard s, whoever owns the association there. The source runs on A's
// shard 0 only; the echo endpoint on both of B's shards, which place INITs
// least loaded. So the handshakes and most packets cross between shards.
class ShardMeshTest : public ::testing::Test {
 protected:
  static constexpr uint16_t kShards = 2;

  void SetUp() override {
    std::string error;
    pool_ =
        dpdk::PacketPool::Create("mesh_pool", 16383, 0, static_cast<int>(rte_socket_id()), error);
    ASSERT_NE(pool_, nullptr) << error;
    dpdk::PortSettings settings;
    settings.rx_queues = kShards;
    settings.tx_queues = kShards;
    // net_ring's rings live as long as the process: a name per test.
    static int pairs = 0;
    auto [a, b] = dpdk::Port::OpenRingPair(fmt::format("mesh{}", pairs++), settings, *pool_, error);
    ASSERT_NE(a, nullptr) << error;
    port_a_ = std::move(a);
    port_b_ = std::move(b);
    fabric_a_ = ShardFabric::Create(ShardFabricOptions{.shards = kShards, .name = "mesh_a"}, error);
    ASSERT_NE(fabric_a_, nullptr) << error;
    fabric_b_ = ShardFabric::Create(
        ShardFabricOptions{
            .shards = kShards, .placement = InitPlacement::kLeastLoaded, .name = "mesh_b"},
        error);
    ASSERT_NE(fabric_b_, nullptr) << error;
    const TimePoint now = Shard::Now();
    for (uint16_t s = 0; s < kShards; ++s) {
      a_.push_back(MakeShard(*port_a_, *fabric_a_, s, kA, kMacA, now));
      b_.push_back(MakeShard(*port_b_, *fabric_b_, s, kB, kMacB, now));
    }
  }

  void TearDown() override {
    // The applications go before the shards that host their endpoints.
    source_.reset();
    echo_.clear();
    a_.clear();
    b_.clear();
    fabric_a_.reset();
    fabric_b_.reset();
    port_a_.reset();
    port_b_.reset();
    if (pool_) {
      EXPECT_EQ(pool_->available(), pool_->capacity());
    }
  }

  std::unique_ptr<Shard> MakeShard(dpdk::Port& port, ShardFabric& fabric, uint16_t s,
                                   const IpAddress& address, const net::MacAddress& mac,
                                   TimePoint now) {
    ShardSettings settings;
    settings.engine.tag_modulus = kShards;
    settings.engine.tag_residue = s;
    settings.stats_interval = milliseconds(1);
    return std::make_unique<Shard>(
        settings, std::vector<ShardQueue>{ShardQueue{.port = &port, .rx_queue = s, .tx_queue = s}},
        std::vector<net::InterfaceConfig>{
            net::InterfaceConfig{.port = 0, .mac = mac, .addresses = {net::IpPrefix{address, 24}}}},
        std::vector<net::RouteConfig>{}, std::vector<net::NeighborConfig>{}, *pool_, now, &fabric,
        ShardId(s));
  }

  void Turn() {
    const TimePoint now = Shard::Now();
    for (auto& shard : a_) shard->RunOnce(now);
    for (auto& shard : b_) shard->RunOnce(now);
  }
  // Echo endpoints on both of B's shards, the source on A's shard 0.
  void StartApps(const SourceOptions& source) {
    for (uint16_t s = 0; s < kShards; ++s) {
      echo_.push_back(std::make_unique<EchoApp>(Options(kB, 5001), echo_stats_[s]));
      b_[s]->engine().Start(Shard::Now(), *echo_.back());
    }
    source_ = std::make_unique<SourceApp>(Options(kA, 40000), source, source_stats_);
    a_[0]->engine().Start(Shard::Now(), *source_);
  }
  static SourceOptions Source(int associations) {
    return SourceOptions{.peers = {kB},
                         .peer_port = Port(5001),
                         .first_local_port = Port(40000),
                         .associations = associations,
                         .message_size = 200};
  }

  void TurnFor(Duration how_long) {
    const TimePoint end = Shard::Now() + how_long;
    while (Shard::Now() < end) Turn();
  }

  std::unique_ptr<dpdk::PacketPool> pool_;
  std::unique_ptr<dpdk::Port> port_a_;
  std::unique_ptr<dpdk::Port> port_b_;
  std::unique_ptr<ShardFabric> fabric_a_;
  std::unique_ptr<ShardFabric> fabric_b_;
  std::vector<std::unique_ptr<Shard>> a_;
  std::vector<std::unique_ptr<Shard>> b_;
  AppStats source_stats_;
  std::array<AppStats, kShards> echo_stats_;
  std::unique_ptr<SourceApp> source_;
  std::vector<std::unique_ptr<EchoApp>> echo_;
};

TEST_F(ShardMeshTest, PacketsReachTheShardThatOwnsTheirAssociation) {
  SourceOptions source = Source(16);
  source.streams = 4;
  source.window = 16;
  StartApps(source);
  const AppStats& source_stats = source_stats_;
  const AppStats& echo_stats0 = echo_stats_[0];
  const AppStats& echo_stats1 = echo_stats_[1];
  TurnFor(milliseconds(700));
  EXPECT_EQ(source_stats.associations_up.Get(), 16u);
  // Least loaded placement spread them evenly over B's shards.
  EXPECT_EQ(b_[0]->engine().association_count(), 8u);
  EXPECT_EQ(b_[1]->engine().association_count(), 8u);
  EXPECT_GT(source_stats.messages_received.Get(), 1000u);

  a_[0]->engine().Stop(Shard::Now(), false);
  const TimePoint limit = Shard::Now() + seconds(5);
  while (!a_[0]->engine().stopped(false) && Shard::Now() < limit) Turn();
  ASSERT_TRUE(a_[0]->engine().stopped(false));
  TurnFor(milliseconds(50));

  EXPECT_EQ(source_stats.echo_errors.Get(), 0u);
  EXPECT_EQ(source_stats.messages_received.Get(), source_stats.messages_sent.Get());
  EXPECT_EQ(echo_stats0.messages_received.Get() + echo_stats1.messages_received.Get(),
            source_stats.messages_sent.Get());
  EXPECT_EQ(echo_stats0.associations_closed.Get(), 8u);
  EXPECT_EQ(echo_stats1.associations_closed.Get(), 8u);
  for (auto* side : {&a_, &b_}) {
    for (auto& shard : *side) {
      shard->RunOnce(Shard::Now() + seconds(1));  // publish
      const ShardStats& stats = shard->stats();
      for (size_t i = 0; i < stats.shard_drops.size(); ++i) {
        EXPECT_EQ(stats.shard_drops[i].load(), 0u) << ShardDropName(static_cast<ShardDrop>(i));
      }
      EXPECT_EQ(stats.sctp_out_of_the_blue.load(), 0u);
      EXPECT_EQ(stats.sctp_malformed.load(), 0u);
    }
  }
  // B's shard 1 answers on queue 1, which A's shard 1 receives and hands
  // to shard 0, the owner of every association on A.
  EXPECT_EQ(a_[1]->engine().association_count(), 0u);
  EXPECT_GT(a_[1]->stats().forwarded.load(), 1000u);
  EXPECT_GT(b_[0]->stats().forwarded.load(), 0u);  // at least the INITs and COOKIE ECHOs
}

// Peeloff's data-plane half under traffic: while 16 associations carry
// echoed messages, B's associations move from shard to shard and back, one
// at a time, each shard on a thread of its own. The source checks every
// echo byte for byte and in order per stream, so a message lost,
// duplicated or reordered by a move fails the test.
TEST_F(ShardMeshTest, AssociationsMoveBetweenShardsUnderTrafficLosingNothing) {
  SourceOptions source = Source(16);
  source.streams = 4;
  source.window = 16;
  StartApps(source);
  TurnFor(milliseconds(300));
  ASSERT_EQ(source_stats_.associations_up.Get(), 16u);

  // Where each of B's associations lives, asked on the shards' threads.
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    while (!stop.load()) {
      for (auto& shard : a_) shard->RunOnce(Shard::Now());
    }
  });
  for (auto& shard : b_) {
    threads.emplace_back([&stop, s = shard.get()] {
      while (!stop.load()) s->RunOnce(Shard::Now());
    });
  }
  std::map<AssociationId, ShardId> owner;
  for (uint16_t s = 0; s < kShards; ++s) {
    Completion listed;
    std::vector<AssociationId> ids;
    std::unique_ptr<ShardCommand> list = MakeShardCommand([&](Shard& shard, TimePoint) {
      ids = shard.engine().FindEndpoint(Port(5001))->association_ids();
      listed.Signal();
    });
    ASSERT_TRUE(fabric_b_->Post(ShardId(s), list));
    ASSERT_TRUE(listed.WaitFor(seconds(5)));
    for (const AssociationId id : ids) owner[id] = ShardId(s);
  }
  ASSERT_EQ(owner.size(), 16u);

  const uint64_t received_before = source_stats_.messages_received.Get();
  int moved = 0;
  for (int round = 0; round < 4; ++round) {
    for (auto& [id, shard] : owner) {
      const ShardId to(static_cast<uint16_t>(1 - shard.value()));
      const MoveOutcome outcome = MoveAssociation(
          *fabric_b_,
          MoveRequest{.from = shard, .to = to, .local_port = Port(5001), .association = id},
          seconds(5));
      ASSERT_TRUE(outcome.status == MoveStatus::kMoved || outcome.status == MoveStatus::kBlocked)
          << MoveStatusName(outcome.status);
      if (outcome.status == MoveStatus::kMoved) {
        shard = to;
        ++moved;
      }
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  // Moves that cannot happen say why, and change nothing.
  const auto [some_id, its_shard] = *owner.begin();
  const ShardId other(static_cast<uint16_t>(1 - its_shard.value()));
  auto attempt = [&](MoveRequest request, Duration timeout = seconds(5)) {
    return MoveAssociation(*fabric_b_, request, timeout);
  };
  EXPECT_EQ(
      attempt(
          {.from = its_shard, .to = its_shard, .local_port = Port(5001), .association = some_id})
          .status,
      MoveStatus::kSameShard);
  EXPECT_EQ(
      attempt({.from = its_shard, .to = other, .local_port = Port(5999), .association = some_id})
          .status,
      MoveStatus::kNoEndpoint);
  const MoveOutcome unknown = attempt({.from = its_shard,
                                       .to = other,
                                       .local_port = Port(5001),
                                       .association = AssociationId(999)});
  EXPECT_EQ(unknown.status, MoveStatus::kBlocked);
  EXPECT_EQ(unknown.blocker, HandoverBlocker::kClosed);
  stop = true;
  for (std::thread& thread : threads) thread.join();
  // With no shard running, the control plane gives up instead of hanging.
  EXPECT_EQ(attempt({.from = its_shard,
                     .to = other,
                     .local_port = Port(5001),
                     .association = AssociationId(999)},
                    milliseconds(20))
                .status,
            MoveStatus::kTimedOut);
  EXPECT_GT(moved, 48);
  // Traffic went on through the moves.
  EXPECT_GT(source_stats_.messages_received.Get(), received_before + 1000);
  std::array<size_t, kShards> expected{};
  for (const auto& [id, shard] : owner) ++expected[shard.value()];
  for (uint16_t s = 0; s < kShards; ++s) {
    EXPECT_EQ(b_[s]->engine().association_count(), expected[s]);
  }

  a_[0]->engine().Stop(Shard::Now(), false);
  const TimePoint limit = Shard::Now() + seconds(5);
  while (!a_[0]->engine().stopped(false) && Shard::Now() < limit) Turn();
  ASSERT_TRUE(a_[0]->engine().stopped(false));
  TurnFor(milliseconds(50));
  EXPECT_EQ(source_stats_.echo_errors.Get(), 0u);
  EXPECT_EQ(source_stats_.associations_failed.Get(), 0u);
  EXPECT_EQ(source_stats_.messages_received.Get(), source_stats_.messages_sent.Get());
  EXPECT_EQ(echo_stats_[0].messages_received.Get() + echo_stats_[1].messages_received.Get(),
            source_stats_.messages_sent.Get());
  EXPECT_EQ(echo_stats_[0].associations_closed.Get() + echo_stats_[1].associations_closed.Get(),
            16u);
  for (auto& shard : b_) {
    shard->RunOnce(Shard::Now() + seconds(1));  // publish
    const ShardStats& stats = shard->stats();
    for (size_t i = 0; i < stats.shard_drops.size(); ++i) {
      EXPECT_EQ(stats.shard_drops[i].load(), 0u) << ShardDropName(static_cast<ShardDrop>(i));
    }
    EXPECT_EQ(stats.sctp_out_of_the_blue.load(), 0u);
  }
}

// An ABORT with the T bit carries the peer's tag (RFC 9260 section 8.5.1),
// which names no shard on our side: it goes to every shard, and the one
// that has the association takes it.
TEST_F(ShardMeshTest, AnAbortWithTheTBitReachesTheAssociationOnAnyShard) {
  SourceOptions source = Source(2);
  source.rate = 100;
  StartApps(source);
  TurnFor(milliseconds(300));
  ASSERT_EQ(b_[1]->engine().association_count(), 1u);
  Endpoint* endpoint = b_[1]->engine().FindEndpoint(Port(5001));
  ASSERT_NE(endpoint, nullptr);
  const Association* target = endpoint->Find(endpoint->association_ids().at(0));
  ASSERT_NE(target, nullptr);

  // The ABORT A would send if it had lost the association: A's own tag,
  // T bit set. A's tags all have residue 0, so the rule would say B's shard 0.
  std::vector<uint8_t> sctp(12 + 4);
  auto put16 = [&](size_t at, uint16_t value) {
    sctp[at] = static_cast<uint8_t>(value >> 8);
    sctp[at + 1] = static_cast<uint8_t>(value);
  };
  put16(0, target->peer_port().value());
  put16(2, 5001);
  put16(4, static_cast<uint16_t>(target->peer_tag().value() >> 16));
  put16(6, static_cast<uint16_t>(target->peer_tag().value()));
  sctp[12] = 6;     // ABORT
  sctp[13] = 0x01;  // T
  put16(14, 4);
  const uint32_t crc = SctpPacketCrc32c(sctp);
  for (int i = 0; i < 4; ++i) sctp[8 + i] = static_cast<uint8_t>(crc >> (8 * i));
  net::NetStack a_stack(
      {net::InterfaceConfig{.port = 0, .mac = kMacA, .addresses = {net::IpPrefix{kA, 24}}}}, {},
      {net::NeighborConfig{.address = kB, .mac = kMacB}}, {});
  const auto egress = a_stack.Route(kA, kB);
  ASSERT_TRUE(egress.has_value());
  rte_mbuf* mbuf = pool_->Allocate();
  const size_t header = net::NetStack::HeaderSize(kB);
  auto* data = rte_pktmbuf_mtod(mbuf, uint8_t*);
  ASSERT_NE(rte_pktmbuf_append(mbuf, static_cast<uint16_t>(header + sctp.size())), nullptr);
  std::copy(sctp.begin(), sctp.end(), data + header);
  a_stack.WriteHeaders(std::span(data, header), *egress, kB, sctp.size(), kMacB);
  ASSERT_EQ(port_a_->TxBurst(0, &mbuf, 1), 1);  // arrives on B's shard 0

  TurnFor(milliseconds(20));
  EXPECT_EQ(b_[1]->engine().association_count(), 0u);
  EXPECT_EQ(echo_stats_[1].associations_failed.Get(), 1u);
  EXPECT_EQ(b_[0]->engine().association_count(), 1u);  // the other one lives on
  EXPECT_EQ(echo_stats_[0].associations_failed.Get(), 0u);
}

}  // namespace
}  // namespace sctpdp
