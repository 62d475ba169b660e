// The sockets API over two data planes back to back (net_ring, two shards
// each, every shard on a thread of its own): what a program written for
// the kernel's SCTP sockets does, and sctp_peeloff with the reference
// page's semantics and errors.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <rte_lcore.h>

#include <atomic>
#include <cstring>
#include <set>
#include <thread>

#include "api/stack.h"
#include "dataplane/shard/shard.h"
#include "tests/common/api_send.h"

namespace sctpdp::api {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr uint16_t kShards = 2;
constexpr uint16_t kServerPort = 5001;
const IpAddress kA = IpAddress::FromIpv4({198, 18, 1, 1});
const IpAddress kB = IpAddress::FromIpv4({198, 18, 1, 2});
const net::MacAddress kMacA = {0x02, 0, 0, 0, 1, 0x0a};
const net::MacAddress kMacB = {0x02, 0, 0, 0, 1, 0x0b};

// One side: a data plane of two shards and the stack over it.
struct Side {
  std::unique_ptr<ShardFabric> fabric;
  std::vector<std::unique_ptr<Shard>> shards;
  std::unique_ptr<Stack> stack;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    pool_ =
        dpdk::PacketPool::Create("api_pool", 16383, 0, static_cast<int>(rte_socket_id()), error);
    ASSERT_NE(pool_, nullptr) << error;
    dpdk::PortSettings settings;
    settings.rx_queues = kShards;
    settings.tx_queues = kShards;
    static int pairs = 0;
    const int pair = pairs++;
    auto [a, b] = dpdk::Port::OpenRingPair(fmt::format("api{}", pair), settings, *pool_, error);
    ASSERT_NE(a, nullptr) << error;
    port_a_ = std::move(a);
    port_b_ = std::move(b);
    MakeSide(a_, *port_a_, kA, kMacA, fmt::format("api{}a", pair));
    MakeSide(b_, *port_b_, kB, kMacB, fmt::format("api{}b", pair));
    for (Side* side : {&a_, &b_}) {
      for (auto& shard : side->shards) {
        threads_.emplace_back([this, s = shard.get()] {
          while (!stop_.load()) s->RunOnce(Shard::Now());
        });
      }
    }
  }

  void TearDown() override {
    stop_ = true;
    for (std::thread& thread : threads_) thread.join();
    for (Side* side : {&a_, &b_}) {
      side->stack.reset();
      side->shards.clear();
      side->fabric.reset();
    }
    port_a_.reset();
    port_b_.reset();
  }

  void MakeSide(Side& side, dpdk::Port& port, const IpAddress& address, const net::MacAddress& mac,
                const std::string& name) {
    std::string error;
    side.fabric = ShardFabric::Create(ShardFabricOptions{.shards = kShards, .name = name}, error);
    ASSERT_NE(side.fabric, nullptr) << error;
    for (uint16_t s = 0; s < kShards; ++s) {
      ShardSettings settings;
      settings.engine.tag_modulus = kShards;
      settings.engine.tag_residue = s;
      settings.idle_sleep = false;
      side.shards.push_back(std::make_unique<Shard>(
          settings,
          std::vector<ShardQueue>{ShardQueue{.port = &port, .rx_queue = s, .tx_queue = s}},
          std::vector<net::InterfaceConfig>{net::InterfaceConfig{
              .port = 0, .mac = mac, .addresses = {net::IpPrefix{address, 24}}}},
          std::vector<net::RouteConfig>{}, std::vector<net::NeighborConfig>{}, *pool_, Shard::Now(),
          side.fabric.get(), ShardId(s)));
    }
    StackOptions options;
    options.local_addresses = {address};
    options.association.rto_initial = milliseconds(200);
    options.association.rto_min = milliseconds(100);
    side.stack = std::make_unique<Stack>(options, *side.fabric);
  }

  // A one-to-many socket on B listening on kServerPort, with association
  // changes and SCTP_RCVINFO turned on.
  int Listener() {
    Stack& stack = *b_.stack;
    const int sd = stack.Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    EXPECT_GE(sd, 0) << std::strerror(errno);
    const sockaddr_in address = testing::Ipv4SocketAddress(kB, kServerPort);
    EXPECT_EQ(stack.Bind(sd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0)
        << std::strerror(errno);
    Subscribe(stack, sd);
    EXPECT_EQ(stack.Listen(sd, 16), 0) << std::strerror(errno);
    return sd;
  }

  static void Subscribe(Stack& stack, int sd) {
    const sctp_event event{.se_assoc_id = 0, .se_type = SCTP_ASSOC_CHANGE, .se_on = 1};
    EXPECT_EQ(stack.SetSockOpt(sd, IPPROTO_SCTP, SCTP_EVENT, &event, sizeof event), 0);
    const int on = 1;
    EXPECT_EQ(stack.SetSockOpt(sd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof on), 0);
  }

  // A one-to-many socket on A connected to B's listener; its association id.
  int Client(sctp_assoc_t& association) {
    Stack& stack = *a_.stack;
    const int sd = stack.Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
    EXPECT_GE(sd, 0);
    Subscribe(stack, sd);
    const sockaddr_in server = testing::Ipv4SocketAddress(kB, kServerPort);
    EXPECT_EQ(stack.Connect(sd, reinterpret_cast<const sockaddr*>(&server), sizeof server), 0)
        << std::strerror(errno);
    association = ExpectCommUp(stack, sd);
    return sd;
  }

  struct Received {
    ssize_t size = -1;
    int flags = 0;
    std::vector<uint8_t> bytes;
    std::optional<sctp_rcvinfo> rcvinfo;
  };

  static Received Receive(Stack& stack, int sd, int flags = 0, size_t capacity = 65536) {
    Received out;
    out.bytes.resize(capacity);
    iovec iov{.iov_base = out.bytes.data(), .iov_len = out.bytes.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(sctp_rcvinfo))] = {};
    msghdr message{};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    out.size = stack.RecvMsg(sd, &message, flags);
    out.flags = message.msg_flags;
    out.bytes.resize(out.size > 0 ? static_cast<size_t>(out.size) : 0);
    if (message.msg_controllen >= CMSG_LEN(sizeof(sctp_rcvinfo))) {
      cmsghdr* cmsg = CMSG_FIRSTHDR(&message);
      if (cmsg->cmsg_level == IPPROTO_SCTP && cmsg->cmsg_type == SCTP_RCVINFO) {
        sctp_rcvinfo info{};
        std::memcpy(&info, CMSG_DATA(cmsg), sizeof info);
        out.rcvinfo = info;
      }
    }
    return out;
  }

  // The next read is an SCTP_COMM_UP notification; its association.
  static sctp_assoc_t ExpectCommUp(Stack& stack, int sd) {
    const Received got = Receive(stack, sd);
    EXPECT_NE(got.flags & MSG_NOTIFICATION, 0);
    sctp_assoc_change change{};
    EXPECT_GE(got.bytes.size(), sizeof change);
    std::memcpy(&change, got.bytes.data(), std::min(sizeof change, got.bytes.size()));
    EXPECT_EQ(change.sac_type, SCTP_ASSOC_CHANGE);
    EXPECT_EQ(change.sac_state, SCTP_COMM_UP);
    return change.sac_assoc_id;
  }

  static ssize_t Send(Stack& stack, int sd, sctp_assoc_t association, uint16_t stream,
                      std::span<const uint8_t> bytes, uint16_t flags = 0) {
    return testing::SendWithSndinfo(stack, sd, bytes,
                                    sctp_sndinfo{.snd_sid = stream,
                                                 .snd_flags = flags,
                                                 .snd_ppid = htonl(42),
                                                 .snd_context = 0,
                                                 .snd_assoc_id = association});
  }

  static std::vector<uint8_t> Numbered(uint32_t number, size_t size = 64) {
    std::vector<uint8_t> bytes(size, static_cast<uint8_t>(number));
    std::memcpy(bytes.data(), &number, sizeof number);
    return bytes;
  }
  static uint32_t NumberOf(const Received& got) {
    uint32_t number = 0;
    std::memcpy(&number, got.bytes.data(), sizeof number);
    return number;
  }

  std::unique_ptr<dpdk::PacketPool> pool_;
  std::unique_ptr<dpdk::Port> port_a_;
  std::unique_ptr<dpdk::Port> port_b_;
  Side a_;
  Side b_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

TEST_F(ApiTest, OneToManyCarriesMessagesWithTheirStreamAndPpid) {
  const int server = Listener();
  sctp_assoc_t client_association = 0;
  const int client = Client(client_association);
  Stack& b = *b_.stack;
  const sctp_assoc_t server_association = ExpectCommUp(b, server);
  EXPECT_GT(server_association, 0);

  for (uint32_t i = 0; i < 100; ++i) {
    ASSERT_EQ(
        Send(*a_.stack, client, client_association, static_cast<uint16_t>(i % 4), Numbered(i)), 64)
        << std::strerror(errno);
  }
  for (uint32_t i = 0; i < 100; ++i) {
    const Received got = Receive(b, server);
    ASSERT_EQ(got.size, 64);
    EXPECT_NE(got.flags & MSG_EOR, 0);
    EXPECT_EQ(NumberOf(got), i);
    ASSERT_TRUE(got.rcvinfo.has_value());
    EXPECT_EQ(got.rcvinfo->rcv_sid, i % 4);
    EXPECT_EQ(ntohl(got.rcvinfo->rcv_ppid), 42u);
    EXPECT_EQ(got.rcvinfo->rcv_assoc_id, server_association);
  }
  // A stream the association does not have, or an association of nobody's,
  // is refused at once (the shard's handle on it says so).
  EXPECT_EQ(Send(*a_.stack, client, client_association, 999, Numbered(0)), -1);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(Send(*a_.stack, client, client_association + 1000, 0, Numbered(0)), -1);
  EXPECT_EQ(errno, EINVAL);
  // Nothing more: a non-blocking read says so.
  EXPECT_EQ(Receive(b, server, MSG_DONTWAIT).size, -1);
  EXPECT_EQ(errno, EAGAIN);
  EXPECT_EQ(a_.stack->Close(client), 0);
  EXPECT_EQ(b.Close(server), 0);
}

// RFC 6458 section 3.1.4: a one-to-many socket's first sendmsg to an
// address sets the association up; SCTP_SNDRCV on the way out and, with
// SCTP_DATA_IO_EVENT (SCTP_EVENTS), on the way in, as sctp_sendmsg and
// sctp_recvmsg use them.
TEST_F(ApiTest, SendmsgToAnAddressSetsTheAssociationUpImplicitly) {
  const int server = Listener();
  Stack& a = *a_.stack;
  Stack& b = *b_.stack;
  const int client = a.Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
  ASSERT_GE(client, 0);
  sctp_event_subscribe events{};
  events.sctp_data_io_event = 1;
  ASSERT_EQ(a.SetSockOpt(client, IPPROTO_SCTP, SCTP_EVENTS, &events, sizeof events), 0);

  auto send_to = [&](Stack& stack, int sd, const sockaddr_in* to, sctp_assoc_t id, uint32_t n) {
    const std::vector<uint8_t> bytes = Numbered(n);
    iovec iov{.iov_base = const_cast<uint8_t*>(bytes.data()), .iov_len = bytes.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(sctp_sndrcvinfo))] = {};
    msghdr message{};
    message.msg_name = const_cast<sockaddr_in*>(to);
    message.msg_namelen = to != nullptr ? sizeof *to : 0;
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    cmsghdr* cmsg = CMSG_FIRSTHDR(&message);
    cmsg->cmsg_level = IPPROTO_SCTP;
    cmsg->cmsg_type = SCTP_SNDRCV;
    cmsg->cmsg_len = CMSG_LEN(sizeof(sctp_sndrcvinfo));
    const sctp_sndrcvinfo info{.sinfo_stream = 1,
                               .sinfo_ssn = 0,
                               .sinfo_flags = 0,
                               .sinfo_ppid = htonl(42),
                               .sinfo_context = 0,
                               .sinfo_timetolive = 0,
                               .sinfo_tsn = 0,
                               .sinfo_cumtsn = 0,
                               .sinfo_assoc_id = id};
    std::memcpy(CMSG_DATA(cmsg), &info, sizeof info);
    return stack.SendMsg(sd, &message, 0);
  };
  const sockaddr_in server_address = testing::Ipv4SocketAddress(kB, kServerPort);
  ASSERT_EQ(send_to(a, client, &server_address, 0, 1), 64) << std::strerror(errno);
  ASSERT_EQ(send_to(a, client, &server_address, 0, 2), 64) << std::strerror(errno);  // the same one
  const sctp_assoc_t id = ExpectCommUp(b, server);
  for (uint32_t n : {1u, 2u}) {
    const Received got = Receive(b, server);
    ASSERT_EQ(got.size, 64);
    EXPECT_EQ(NumberOf(got), n);
    ASSERT_TRUE(got.rcvinfo.has_value());
    EXPECT_EQ(got.rcvinfo->rcv_sid, 1);
    EXPECT_EQ(ntohl(got.rcvinfo->rcv_ppid), 42u);
  }
  // The answer comes back with SCTP_SNDRCV filled.
  ASSERT_EQ(send_to(b, server, nullptr, id, 3), 64) << std::strerror(errno);
  std::vector<uint8_t> buffer(256);
  iovec iov{.iov_base = buffer.data(), .iov_len = buffer.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(sctp_sndrcvinfo))] = {};
  msghdr message{};
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ASSERT_EQ(a.RecvMsg(client, &message, 0), 64);
  cmsghdr* cmsg = CMSG_FIRSTHDR(&message);
  ASSERT_NE(cmsg, nullptr);
  ASSERT_EQ(cmsg->cmsg_type, SCTP_SNDRCV);
  sctp_sndrcvinfo info{};
  std::memcpy(&info, CMSG_DATA(cmsg), sizeof info);
  EXPECT_EQ(info.sinfo_stream, 1);
  EXPECT_EQ(ntohl(info.sinfo_ppid), 42u);
  EXPECT_GT(info.sinfo_assoc_id, 0);
}

// One-to-one sockets (RFC 6458 section 4): connect, listen, accept; each
// accepted descriptor carries its own association's messages.
TEST_F(ApiTest, OneToOneListenerAcceptsEachAssociationOnANewDescriptor) {
  Stack& a = *a_.stack;
  Stack& b = *b_.stack;
  const int listener = b.Socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  const sockaddr_in address = testing::Ipv4SocketAddress(kB, kServerPort);
  ASSERT_EQ(b.Bind(listener, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(b.Listen(listener, 4), 0);
  // Nothing has come up yet.
  ASSERT_EQ(b.Fcntl(listener, F_SETFL, O_NONBLOCK), 0);
  EXPECT_EQ(b.Accept(listener, nullptr, nullptr), -1);
  EXPECT_EQ(errno, EAGAIN);
  ASSERT_EQ(b.Fcntl(listener, F_SETFL, 0), 0);

  std::array<int, 2> clients{};
  for (int& client : clients) {
    client = a.Socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
    ASSERT_EQ(a.Connect(client, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0)
        << std::strerror(errno);
  }
  std::array<int, 2> accepted{};
  for (int& sd : accepted) {
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    sd = b.Accept(listener, reinterpret_cast<sockaddr*>(&peer), &length);
    ASSERT_GE(sd, 0) << std::strerror(errno);
    EXPECT_EQ(length, sizeof peer);
    EXPECT_EQ(std::memcmp(&peer.sin_addr, kA.bytes.data(), 4), 0);
  }
  // Each client's messages on its own descriptor (which one is which: by
  // the first number that arrives).
  for (uint32_t i = 0; i < 2; ++i) {
    const std::vector<uint8_t> bytes = Numbered(100 * (i + 1));
    iovec iov{.iov_base = const_cast<uint8_t*>(bytes.data()), .iov_len = bytes.size()};
    msghdr message{};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    ASSERT_EQ(a.SendMsg(clients[i], &message, 0), 64);
  }
  std::set<uint32_t> seen;
  for (const int sd : accepted) {
    const Received got = Receive(b, sd);
    ASSERT_EQ(got.size, 64);
    seen.insert(NumberOf(got));
  }
  EXPECT_EQ(seen, (std::set<uint32_t>{100, 200}));
  for (const int sd : clients) EXPECT_EQ(a.Close(sd), 0);
  // The peer's shutdown ends each accepted descriptor's stream: recvmsg
  // returns 0.
  for (const int sd : accepted) {
    EXPECT_EQ(Receive(b, sd).size, 0);
    EXPECT_EQ(b.Close(sd), 0);
  }
  EXPECT_EQ(b.Close(listener), 0);
}

// The reference page: the new descriptor carries the association alone;
// what arrived and was not read moves with it, in order; closing the
// original does not close it.
TEST_F(ApiTest, PeeloffBranchesTheAssociationOffWithWhatItHasNotRead) {
  const int server = Listener();
  Stack& b = *b_.stack;
  sctp_assoc_t first = 0;
  sctp_assoc_t second = 0;
  const int client1 = Client(first);
  const int client2 = Client(second);
  const sctp_assoc_t server1 = ExpectCommUp(b, server);
  const sctp_assoc_t server2 = ExpectCommUp(b, server);

  for (uint32_t i = 0; i < 10; ++i) {
    ASSERT_EQ(Send(*a_.stack, client1, first, 0, Numbered(i)), 64);
    ASSERT_EQ(Send(*a_.stack, client2, second, 0, Numbered(1000 + i)), 64);
  }
  std::this_thread::sleep_for(milliseconds(100));  // all of them queued, none read

  // Which server association is client 1's: the one whose messages count from 0.
  sctp_assoc_t target = server1;
  {
    const Received peek = Receive(b, server, MSG_PEEK);
    ASSERT_TRUE(peek.rcvinfo.has_value());
    target = NumberOf(peek) < 1000 ? peek.rcvinfo->rcv_assoc_id
                                   : (peek.rcvinfo->rcv_assoc_id == server1 ? server2 : server1);
  }
  sctp_assoc_t id = target;
  const int peeled = b.Peeloff(server, &id);
  ASSERT_GE(peeled, 0) << std::strerror(errno);
  EXPECT_NE(peeled, server);

  for (uint32_t i = 10; i < 20; ++i) {
    ASSERT_EQ(Send(*a_.stack, client1, first, 0, Numbered(i)), 64);
    ASSERT_EQ(Send(*a_.stack, client2, second, 0, Numbered(1000 + i)), 64);
  }
  // The peeled-off descriptor: client 1's twenty messages, in order.
  for (uint32_t i = 0; i < 20; ++i) {
    const Received got = Receive(b, peeled);
    ASSERT_EQ(got.size, 64);
    EXPECT_EQ(NumberOf(got), i);
  }
  // The original: client 2's alone.
  for (uint32_t i = 0; i < 20; ++i) {
    const Received got = Receive(b, server);
    ASSERT_EQ(got.size, 64);
    EXPECT_EQ(NumberOf(got), 1000 + i);
  }
  // The original cannot send on it any more.
  EXPECT_EQ(Send(b, server, target, 0, Numbered(0)), -1);
  EXPECT_EQ(errno, EINVAL);
  // Sending on the new descriptor reaches client 1.
  const std::vector<uint8_t> reply = Numbered(7777);
  iovec iov{.iov_base = const_cast<uint8_t*>(reply.data()), .iov_len = reply.size()};
  msghdr message{};
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  EXPECT_EQ(b.SendMsg(peeled, &message, 0), 64) << std::strerror(errno);
  const Received back = Receive(*a_.stack, client1);
  ASSERT_EQ(back.size, 64);
  EXPECT_EQ(NumberOf(back), 7777u);

  // Every byte charged to a pool goes back (checked once all is closed).
  std::vector<std::shared_ptr<Descriptor>> descriptors = {
      b.descriptors().Default().Find(server), b.descriptors().Find(0)->Find(peeled),
      a_.stack->descriptors().Default().Find(client1),
      a_.stack->descriptors().Default().Find(client2)};

  // Closing the original leaves the peeled-off association up.
  EXPECT_EQ(b.Close(server), 0);
  ASSERT_EQ(Send(*a_.stack, client1, first, 0, Numbered(21)), 64);
  const Received after = Receive(b, peeled);
  ASSERT_EQ(after.size, 64);
  EXPECT_EQ(NumberOf(after), 21u);
  EXPECT_EQ(b.Close(peeled), 0);
  EXPECT_EQ(a_.stack->Close(client1), 0);
  EXPECT_EQ(a_.stack->Close(client2), 0);
  std::this_thread::sleep_for(milliseconds(300));  // the shutdowns complete
  for (const auto& descriptor : descriptors) {
    ASSERT_NE(descriptor, nullptr);
    const BufferPool& pool = descriptor->pool();
    EXPECT_TRUE(pool.Balanced()) << "send " << pool.charged(BufferBudget::Kind::kSend)
                                 << " receive " << pool.charged(BufferBudget::Kind::kReceive)
                                 << " release errors " << pool.release_errors();
    EXPECT_GT(pool.peak(BufferBudget::Kind::kSend) + pool.peak(BufferBudget::Kind::kReceive), 0u);
  }
}

// Each error of the reference page, with what triggers it here.
TEST_F(ApiTest, PeeloffFailsWithTheReferencePagesErrors) {
  const int server = Listener();
  Stack& b = *b_.stack;
  sctp_assoc_t client_association = 0;
  const int client = Client(client_association);
  sctp_assoc_t id = ExpectCommUp(b, server);

  // EBADF: not a descriptor.
  EXPECT_EQ(b.Peeloff(987654, &id), -1);
  EXPECT_EQ(errno, EBADF);
  // EINVAL: no association given, or not one of this descriptor's.
  EXPECT_EQ(b.Peeloff(server, nullptr), -1);
  EXPECT_EQ(errno, EINVAL);
  sctp_assoc_t unknown = id + 1000;
  EXPECT_EQ(b.Peeloff(server, &unknown), -1);
  EXPECT_EQ(errno, EINVAL);
  // ESOCKTNOSUPPORT: a one-to-one descriptor has nothing to branch off.
  const int stream = b.Socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  ASSERT_GE(stream, 0);
  EXPECT_EQ(b.Peeloff(stream, &id), -1);
  EXPECT_EQ(errno, ESOCKTNOSUPPORT);
  // EMFILE: the namespace the new descriptor would go to is full.
  const NamespaceResult small = b.descriptors().Create(1);
  ASSERT_EQ(small.error, 0);
  const std::shared_ptr<DescriptorNamespace> full = small.ns;
  const int filler = b.Socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
  ASSERT_EQ(full->Insert(b.descriptors().NamespaceOf(filler)->Remove(filler)).error, 0);
  EXPECT_EQ(b.PeeloffTo(server, id, full->number(), std::nullopt), -1);
  EXPECT_EQ(errno, EMFILE);
  // ECONNABORTED: the association was aborted (here by the peer).
  std::vector<uint8_t> reason = {'b', 'y', 'e'};
  EXPECT_EQ(Send(*a_.stack, client, client_association, 0, reason, SCTP_ABORT), 0);
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(b.Peeloff(server, &id), -1);
  EXPECT_EQ(errno, ECONNABORTED);
}

// Peeloff to another shard while both ends send as fast as they can: the
// association moves between the data plane's shards mid-flow, and every
// message arrives once, in order.
TEST_F(ApiTest, PeeloffToAnotherShardUnderTrafficLosesNothing) {
  const int server = Listener();
  Stack& b = *b_.stack;
  sctp_assoc_t client_association = 0;
  const int client = Client(client_association);
  const sctp_assoc_t id = ExpectCommUp(b, server);
  constexpr uint32_t kMessages = 5000;
  std::thread sender([&] {
    for (uint32_t i = 0; i < kMessages; ++i) {
      ASSERT_EQ(Send(*a_.stack, client, client_association, 0, Numbered(i)), 64)
          << std::strerror(errno);
    }
  });
  uint32_t next = 0;
  int sd = server;
  const ShardId home(static_cast<uint16_t>((id - 1) % kShards));
  const ShardId away(static_cast<uint16_t>(1 - home.value()));
  while (next < kMessages) {
    if (next == kMessages / 4 && sd == server) {
      sd = b.PeeloffTo(server, id, 0, away);
      ASSERT_GE(sd, 0) << std::strerror(errno);
    }
    const Received got = Receive(b, sd);
    ASSERT_EQ(got.size, 64);
    ASSERT_EQ(NumberOf(got), next);
    ++next;
  }
  sender.join();
  EXPECT_NE(sd, server);
  // The association runs on the other shard now (as its counters say).
  std::this_thread::sleep_for(milliseconds(250));
  EXPECT_EQ(b_.shards[away.value()]->stats().associations.load(), 1u);
  EXPECT_EQ(b_.shards[home.value()]->stats().associations.load(), 0u);
}

}  // namespace
}  // namespace sctpdp::api
