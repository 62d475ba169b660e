// The built-in applications on two shard engines wired back to back: what
// `source` sends `echo` returns byte for byte and in order per stream, and
// both close gracefully on Stop.
#include <gtest/gtest.h>

#include <deque>
#include <memory>

#include "control/apps/discard_app.h"
#include "control/apps/echo_app.h"
#include "control/apps/source_app.h"
#include "dataplane/shard/shard_engine.h"

namespace sctpdp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const IpAddress kClientAddress = IpAddress::FromIpv4({198, 18, 0, 1});
const IpAddress kServerAddress = IpAddress::FromIpv4({198, 18, 0, 2});
constexpr Port kServerPort{5001};

// Two shard engines joined by a wire that carries each packet to the other
// side on the next turn of the loop.
class Wire {
 public:
  struct Side : PacketSink {
    Wire* wire = nullptr;
    IpAddress address{};
    std::deque<std::vector<uint8_t>> inbox;
    Side* other = nullptr;
    void SendSctp(const std::optional<IpAddress>& source, const IpAddress& destination,
                  std::span<const uint8_t> packet) override {
      EXPECT_EQ(source, address);
      if (destination == other->address) other->inbox.emplace_back(packet.begin(), packet.end());
    }
  };

  Wire() : now_(TimePoint{} + seconds(100)) {
    client_.address = kClientAddress;
    server_.address = kServerAddress;
    client_.other = &server_;
    server_.other = &client_;
    client_engine_ = std::make_unique<ShardEngine>(ShardEngineOptions{.seed = 1}, client_, now_);
    server_engine_ = std::make_unique<ShardEngine>(ShardEngineOptions{.seed = 2}, server_, now_);
  }

  ShardEngine& client() { return *client_engine_; }
  ShardEngine& server() { return *server_engine_; }
  TimePoint now() const { return now_; }

  // One turn of both poll loops, then the clock moves by `step`.
  void Turn(Duration step = milliseconds(1)) {
    for (auto [side, engine, from] : {std::tuple{&server_, server_engine_.get(), kClientAddress},
                                      std::tuple{&client_, client_engine_.get(), kServerAddress}}) {
      std::deque<std::vector<uint8_t>> packets;
      packets.swap(side->inbox);
      for (const auto& packet : packets) engine->HandlePacket(now_, from, packet);
      engine->Poll(now_);
    }
    now_ += step;
  }
  void RunFor(Duration duration) {
    const TimePoint end = now_ + duration;
    while (now_ < end) Turn();
  }
  // Stops the client, then (once its associations are closed, so that
  // nothing it sent is still on the way) the server; false if that takes
  // longer than `limit`.
  bool StopBoth(Duration limit) {
    const TimePoint end = now_ + limit;
    client_engine_->Stop(now_, false);
    while (!client_engine_->stopped(false)) {
      if (now_ >= end) return false;
      Turn();
    }
    server_engine_->Stop(now_, true);
    while (!server_engine_->stopped(true)) {
      if (now_ >= end) return false;
      Turn();
    }
    return true;
  }

 private:
  TimePoint now_;
  Side client_;
  Side server_;
  std::unique_ptr<ShardEngine> client_engine_;
  std::unique_ptr<ShardEngine> server_engine_;
};

EndpointOptions ServerOptions() {
  EndpointOptions options;
  options.local_port = kServerPort;
  options.local_addresses = {kServerAddress};
  options.association.rto_initial = milliseconds(100);
  options.association.rto_min = milliseconds(50);
  return options;
}

EndpointOptions ClientOptions() {
  EndpointOptions options = ServerOptions();
  options.local_addresses = {kClientAddress};
  return options;
}

SourceOptions Source(int associations, int window) {
  return SourceOptions{.peers = {kServerAddress},
                       .peer_port = kServerPort,
                       .first_local_port = Port(40000),
                       .associations = associations,
                       .message_size = 128,
                       .streams = 4,
                       .ppid = Ppid(51),
                       .window = window};
}

TEST(AppsTest, SourceAgainstEchoGetsEveryMessageBackIntactAndInOrder) {
  Wire wire;
  AppStats client_stats, server_stats;
  EchoApp echo(ServerOptions(), server_stats);
  SourceApp source(ClientOptions(), Source(10, 8), client_stats);
  wire.server().Start(wire.now(), echo);
  wire.client().Start(wire.now(), source);
  wire.RunFor(seconds(2));
  EXPECT_EQ(client_stats.associations_up.Get(), 10u);
  EXPECT_EQ(server_stats.associations_up.Get(), 10u);
  EXPECT_GT(client_stats.messages_sent.Get(), 10'000u);

  ASSERT_TRUE(wire.StopBoth(seconds(5)));
  EXPECT_EQ(server_stats.messages_received.Get(), client_stats.messages_sent.Get());
  EXPECT_EQ(server_stats.messages_sent.Get(), client_stats.messages_sent.Get());
  EXPECT_EQ(client_stats.messages_received.Get(), client_stats.messages_sent.Get());
  EXPECT_EQ(client_stats.echo_errors.Get(), 0u);
  EXPECT_EQ(client_stats.rtt.count(), client_stats.messages_sent.Get());
  // A turn of the loop is 1 ms and each direction waits for one.
  EXPECT_GE(client_stats.rtt.Percentile(0.5), milliseconds(1));
  EXPECT_LE(client_stats.rtt.Percentile(0.99), milliseconds(250));
  EXPECT_EQ(client_stats.associations_closed.Get(), 10u);
  EXPECT_EQ(server_stats.associations_closed.Get(), 10u);
  EXPECT_EQ(client_stats.associations_failed.Get(), 0u);
  EXPECT_EQ(wire.client().association_count(), 0u);
  EXPECT_EQ(wire.server().association_count(), 0u);
}

TEST(AppsTest, SourceAgainstDiscardIsCountedOnBothSides) {
  Wire wire;
  AppStats client_stats, server_stats;
  DiscardApp discard(ServerOptions(), server_stats);
  SourceOptions options = Source(3, 0);
  options.rate = 1000;  // per association
  SourceApp source(ClientOptions(), options, client_stats);
  wire.server().Start(wire.now(), discard);
  wire.client().Start(wire.now(), source);
  wire.RunFor(seconds(2));
  ASSERT_TRUE(wire.StopBoth(seconds(5)));
  EXPECT_EQ(server_stats.messages_received.Get(), client_stats.messages_sent.Get());
  EXPECT_EQ(server_stats.bytes_received.Get(), client_stats.bytes_sent.Get());
  // About 1000 a second each for two seconds (the first ones wait for the
  // handshake).
  EXPECT_GT(client_stats.messages_sent.Get(), 3u * 1800);
  EXPECT_LE(client_stats.messages_sent.Get(), 3u * 2000 + 3 * 64);
  EXPECT_EQ(client_stats.messages_received.Get(), 0u);
}

// An echo that changes one byte: the source must notice every time.
class CorruptingEcho : public EchoApp {
 public:
  using EchoApp::EchoApp;
  void OnMessage(TimePoint now, Endpoint& endpoint, AssociationId id,
                 ReceivedMessage& message) override {
    message.payload.back() ^= 1;
    EchoApp::OnMessage(now, endpoint, id, message);
  }
};

TEST(AppsTest, SourceDetectsCorruptedEchoes) {
  Wire wire;
  AppStats client_stats, server_stats;
  CorruptingEcho echo(ServerOptions(), server_stats);
  SourceApp source(ClientOptions(), Source(1, 4), client_stats);
  wire.server().Start(wire.now(), echo);
  wire.client().Start(wire.now(), source);
  wire.RunFor(milliseconds(500));
  EXPECT_GT(client_stats.messages_received.Get(), 100u);
  EXPECT_EQ(client_stats.echo_errors.Get(), client_stats.messages_received.Get());
  EXPECT_EQ(client_stats.rtt.count(), 0u);
}

TEST(AppsTest, SourceWithoutServerReportsFailedAssociations) {
  Wire wire;
  AppStats client_stats;
  EndpointOptions options = ClientOptions();
  options.association.max_init_retransmits = 2;
  SourceApp source(options, Source(2, 4), client_stats);
  wire.client().Start(wire.now(), source);
  wire.RunFor(seconds(5));
  EXPECT_EQ(client_stats.associations_failed.Get(), 2u);
  EXPECT_EQ(wire.server().metrics().packets_no_endpoint, 2u * 3);
}

TEST(LatencyHistogramTest, PercentilesAreUpperBoundsWithinSixPercent) {
  LatencyHistogram histogram;
  for (int us = 1; us <= 1000; ++us) histogram.Record(std::chrono::microseconds(us));
  EXPECT_EQ(histogram.count(), 1000u);
  for (double fraction : {0.5, 0.9, 0.99}) {
    const auto exact = static_cast<int64_t>(fraction * 1000);
    const int64_t got = histogram.Percentile(fraction).count();
    EXPECT_GE(got, exact);
    EXPECT_LE(got, exact + exact / 16 + 1);
  }
  for (uint64_t us : {0ull, 15ull, 16ull, 17ull, 1000ull, 123456ull}) {
    EXPECT_LE(us, LatencyHistogram::UpperBound(LatencyHistogram::BucketOf(us)));
    if (LatencyHistogram::BucketOf(us) > 0) {
      EXPECT_GT(us, LatencyHistogram::UpperBound(LatencyHistogram::BucketOf(us) - 1));
    }
  }
}

// The source address hint of the packets an endpoint sends: its address of
// the destination's family when it has one, none when it has several (the
// network layer then sends from the port that reaches the destination).
TEST(ShardEngineTest, SourceHintIsTheEndpointsOnlyAddressOfTheFamily) {
  struct Recorder : PacketSink {
    std::vector<std::optional<IpAddress>> sources;
    void SendSctp(const std::optional<IpAddress>& source, const IpAddress&,
                  std::span<const uint8_t>) override {
      sources.push_back(source);
    }
  };
  const IpAddress second = IpAddress::FromIpv4({198, 18, 1, 1});
  const IpAddress v6 = IpAddress::FromIpv6({0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  for (const bool multihomed : {false, true}) {
    Recorder recorder;
    ShardEngine engine(ShardEngineOptions{.seed = 3}, recorder, TimePoint{});
    EndpointOptions options;
    options.local_addresses = {kClientAddress, v6};
    if (multihomed) options.local_addresses.push_back(second);
    AppStats stats;
    SourceApp source(
        options,
        SourceOptions{
            .peers = {kServerAddress}, .peer_port = kServerPort, .first_local_port = Port(1000)},
        stats);
    engine.Start(TimePoint{}, source);
    ASSERT_EQ(recorder.sources.size(), 1u);  // the INIT
    EXPECT_EQ(recorder.sources[0], multihomed ? std::nullopt : std::optional(kClientAddress));
  }
}

}  // namespace
}  // namespace sctpdp
