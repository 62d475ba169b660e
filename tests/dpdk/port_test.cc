#include "dataplane/dpdk/port.h"

#include <gtest/gtest.h>
#include <rte_lcore.h>

#include <cstring>

#include "dataplane/dpdk/eal.h"
#include "dataplane/dpdk/packet_pool.h"

namespace sctpdp::dpdk {
namespace {

std::unique_ptr<PacketPool> Pool(const std::string& name, uint32_t size = 2047) {
  std::string error;
  auto pool = PacketPool::Create(name, size, 0, static_cast<int>(rte_socket_id()), error);
  EXPECT_NE(pool, nullptr) << error;
  return pool;
}

rte_mbuf* Frame(PacketPool& pool, uint8_t fill, uint16_t size) {
  rte_mbuf* mbuf = pool.Allocate();
  if (mbuf == nullptr) return nullptr;
  char* data = rte_pktmbuf_append(mbuf, size);
  std::memset(data, fill, size);
  return mbuf;
}

TEST(EalTest, SecondInitIsRefusedWithAReason) {
  std::string error;
  EXPECT_EQ(Eal::Init(EalSettings{}, error), nullptr);
  EXPECT_NE(error.find("once per process"), std::string::npos);
}

TEST(EalTest, ArgumentsFollowTheSettings) {
  EalSettings settings;
  settings.lcores = "0-3";
  settings.hugepages = false;
  settings.vdevs = {"net_null0"};
  const auto args = Eal::Arguments(settings);
  EXPECT_NE(std::find(args.begin(), args.end(), "--no-huge"), args.end());
  EXPECT_NE(std::find(args.begin(), args.end(), "0-3"), args.end());
  EXPECT_NE(std::find(args.begin(), args.end(), "net_null0"), args.end());
  settings.hugepages = true;
  const auto huge = Eal::Arguments(settings);
  EXPECT_EQ(std::find(huge.begin(), huge.end(), "--no-huge"), huge.end());
}

TEST(PacketPoolTest, EveryBufferComesBack) {
  auto pool = Pool("pool_count", 511);
  ASSERT_NE(pool, nullptr);
  const uint32_t full = pool->available();
  EXPECT_EQ(full, 511u);
  std::vector<rte_mbuf*> taken;
  while (rte_mbuf* mbuf = pool->Allocate()) taken.push_back(mbuf);
  EXPECT_EQ(taken.size(), 511u);
  EXPECT_EQ(pool->available(), 0u);
  for (rte_mbuf* mbuf : taken) rte_pktmbuf_free(mbuf);
  EXPECT_EQ(pool->available(), full);
  {
    MbufPtr owned(pool->Allocate());
    EXPECT_EQ(pool->available(), full - 1);
  }
  EXPECT_EQ(pool->available(), full);
}

TEST(PortTest, RingPairCarriesFramesBothWaysInOrder) {
  auto pool = Pool("pool_ring");
  ASSERT_NE(pool, nullptr);
  std::string error;
  auto [a, b] = Port::OpenRingPair("pair0", PortSettings{}, *pool, error);
  ASSERT_NE(a, nullptr) << error;
  ASSERT_NE(b, nullptr) << error;
  EXPECT_FALSE(a->capabilities().tx_sctp_checksum);  // net_ring: software CRC32c
  for (auto [from, to] : {std::pair{a.get(), b.get()}, std::pair{b.get(), a.get()}}) {
    std::array<rte_mbuf*, 8> out{};
    for (uint8_t i = 0; i < out.size(); ++i) out[i] = Frame(*pool, i, 60 + i);
    ASSERT_EQ(from->TxBurst(0, out.data(), out.size()), out.size());
    std::array<rte_mbuf*, 16> in{};
    const uint16_t got = to->RxBurst(0, in.data(), in.size());
    ASSERT_EQ(got, out.size());
    for (uint8_t i = 0; i < got; ++i) {
      EXPECT_EQ(rte_pktmbuf_pkt_len(in[i]), 60u + i);
      EXPECT_EQ(*rte_pktmbuf_mtod(in[i], uint8_t*), i);
      rte_pktmbuf_free(in[i]);
    }
    // Nothing loops back to the sender.
    EXPECT_EQ(from->RxBurst(0, in.data(), in.size()), 0);
  }
  EXPECT_EQ(a->counters().tx_packets, 8u);
  EXPECT_EQ(b->counters().rx_packets, 8u);
  a.reset();
  b.reset();
  EXPECT_EQ(pool->available(), pool->capacity());
}

TEST(PortTest, NullDeviceSwallowsAndProduces) {
  auto pool = Pool("pool_null");
  ASSERT_NE(pool, nullptr);
  std::string error;
  auto port = Port::Open("net_null0,copy=1", PortSettings{}, *pool, error);
  ASSERT_NE(port, nullptr) << error;
  std::array<rte_mbuf*, 4> out{};
  for (auto& mbuf : out) mbuf = Frame(*pool, 1, 64);
  EXPECT_EQ(port->TxBurst(0, out.data(), out.size()), out.size());
  std::array<rte_mbuf*, 4> in{};
  const uint16_t got = port->RxBurst(0, in.data(), in.size());
  EXPECT_EQ(got, in.size());
  for (uint16_t i = 0; i < got; ++i) rte_pktmbuf_free(in[i]);
}

TEST(PortTest, UnknownDeviceIsAClearError) {
  auto pool = Pool("pool_bad");
  ASSERT_NE(pool, nullptr);
  std::string error;
  EXPECT_EQ(Port::Open("net_nosuchdriver0", PortSettings{}, *pool, error), nullptr);
  EXPECT_NE(error.find("net_nosuchdriver0"), std::string::npos) << error;
  EXPECT_NE(error.find("probe failed"), std::string::npos) << error;
}

TEST(PortTest, TooManyQueuesIsRefusedWithCounts) {
  auto pool = Pool("pool_queues");
  ASSERT_NE(pool, nullptr);
  std::string error;
  PortSettings settings;
  settings.rx_queues = 5000;
  EXPECT_EQ(Port::Open("net_null1", settings, *pool, error), nullptr);
  EXPECT_NE(error.find("5000 rx"), std::string::npos) << error;
}

}  // namespace
}  // namespace sctpdp::dpdk
