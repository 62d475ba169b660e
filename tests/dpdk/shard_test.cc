// Two shards on the two ends of a net_ring pair, one thread: ARP, the
// engine and the applications over real DPDK ports and buffers.
#include "dataplane/shard/shard.h"

#include <gtest/gtest.h>
#include <rte_lcore.h>

#include "control/apps/echo_app.h"
#include "control/apps/source_app.h"

namespace sctpdp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const IpAddress kA = IpAddress::FromIpv4({198, 18, 0, 1});
const IpAddress kB = IpAddress::FromIpv4({198, 18, 0, 2});
const net::MacAddress kMacA = {0x02, 0, 0, 0, 0, 0x0a};
const net::MacAddress kMacB = {0x02, 0, 0, 0, 0, 0x0b};

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

  static EndpointOptions Options(const IpAddress& address, uint16_t port) {
    EndpointOptions options;
    options.local_port = Port(port);
    options.local_addresses = {address};
    options.association.rto_initial = milliseconds(200);
    options.association.rto_min = milliseconds(100);
    return options;
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

}  // namespace
}  // namespace sctpdp
