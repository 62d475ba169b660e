#include "dataplane/dpdk/port.h"

#include <fmt/format.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>

#include <algorithm>

namespace sctpdp::dpdk {
namespace {

constexpr uint64_t kSctpRss = RTE_ETH_RSS_NONFRAG_IPV4_SCTP | RTE_ETH_RSS_NONFRAG_IPV6_SCTP;
// Addresses (and ports where the hash types have them) of everything else,
// so that a device without SCTP hashing still keeps an association on one
// queue.
constexpr uint64_t kWantedRss =
    kSctpRss | RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_FRAG_IPV4 | RTE_ETH_RSS_FRAG_IPV6;

std::string DeviceName(const std::string& devargs) { return devargs.substr(0, devargs.find(',')); }

}  // namespace

std::unique_ptr<Port> Port::Open(const std::string& devargs, const PortSettings& settings,
                                 PacketPool& pool, std::string& error) {
  // A PCI device may already be probed by the EAL: then it is just found.
  const int probed = rte_dev_probe(devargs.c_str());
  if (probed < 0 && probed != -EEXIST) {
    error = fmt::format("device {}: probe failed: {}", devargs, rte_strerror(-probed));
    return nullptr;
  }
  uint16_t id = 0;
  if (rte_eth_dev_get_port_by_name(DeviceName(devargs).c_str(), &id) != 0) {
    error = fmt::format("device {}: no Ethernet port of that name after probing", devargs);
    return nullptr;
  }
  std::unique_ptr<Port> port(new Port(id, DeviceName(devargs)));
  if (!port->Start(settings, pool, error)) return nullptr;
  return port;
}

std::pair<std::unique_ptr<Port>, std::unique_ptr<Port>> Port::OpenRingPair(
    const std::string& name, const PortSettings& settings, PacketPool& pool, std::string& error) {
  const uint16_t queues = std::max(settings.rx_queues, settings.tx_queues);
  std::vector<rte_ring*> a_to_b, b_to_a;
  auto free_rings = [&] {
    for (rte_ring* ring : a_to_b) rte_ring_free(ring);
    for (rte_ring* ring : b_to_a) rte_ring_free(ring);
  };
  for (uint16_t q = 0; q < queues; ++q) {
    // One tx queue writes and one rx queue reads each ring.
    const unsigned flags = RING_F_SP_ENQ | RING_F_SC_DEQ;
    // The ring is the device's receive and transmit queue in one.
    const unsigned size =
        rte_align32pow2(std::max<unsigned>(settings.rx_descriptors + settings.tx_descriptors, 64));
    rte_ring* ab = rte_ring_create(fmt::format("{}_ab{}", name, q).c_str(), size,
                                   static_cast<int>(rte_socket_id()), flags);
    rte_ring* ba = rte_ring_create(fmt::format("{}_ba{}", name, q).c_str(), size,
                                   static_cast<int>(rte_socket_id()), flags);
    if (ab != nullptr) a_to_b.push_back(ab);
    if (ba != nullptr) b_to_a.push_back(ba);
    if (ab == nullptr || ba == nullptr) {
      error = fmt::format("ring pair {}: cannot create rings: {}", name, rte_strerror(rte_errno));
      free_rings();
      return {};
    }
  }
  const std::string name_a = fmt::format("{}_a", name);
  const std::string name_b = fmt::format("{}_b", name);
  const int id_a = rte_eth_from_rings(name_a.c_str(), b_to_a.data(), queues, a_to_b.data(), queues,
                                      rte_socket_id());
  const int id_b = id_a < 0 ? -1
                            : rte_eth_from_rings(name_b.c_str(), a_to_b.data(), queues,
                                                 b_to_a.data(), queues, rte_socket_id());
  if (id_a < 0 || id_b < 0) {
    error = fmt::format("ring pair {}: cannot create net_ring ports: {}", name,
                        rte_strerror(rte_errno));
    if (id_a >= 0) rte_eth_dev_close(static_cast<uint16_t>(id_a));
    free_rings();
    return {};
  }
  std::unique_ptr<Port> a(new Port(static_cast<uint16_t>(id_a), name_a));
  std::unique_ptr<Port> b(new Port(static_cast<uint16_t>(id_b), name_b));
  // The rings outlive both ports: the second to close frees them.
  b->rings_ = a_to_b;
  b->rings_.insert(b->rings_.end(), b_to_a.begin(), b_to_a.end());
  if (!a->Start(settings, pool, error) || !b->Start(settings, pool, error)) return {};
  return {std::move(a), std::move(b)};
}

bool Port::Start(const PortSettings& settings, PacketPool& pool, std::string& error) {
  rte_eth_dev_info info{};
  if (const int rc = rte_eth_dev_info_get(id_, &info); rc != 0) {
    error = fmt::format("port {}: no device info: {}", name_, rte_strerror(-rc));
    return false;
  }
  if (settings.rx_queues > info.max_rx_queues || settings.tx_queues > info.max_tx_queues) {
    error =
        fmt::format("port {}: {} rx and {} tx queues asked, the device has {} and {}", name_,
                    settings.rx_queues, settings.tx_queues, info.max_rx_queues, info.max_tx_queues);
    return false;
  }
  rte_eth_conf conf{};
  if (settings.rss && settings.rx_queues > 1) {
    capabilities_.rss_hash_types = kWantedRss & info.flow_type_rss_offloads;
    capabilities_.rss_sctp = (capabilities_.rss_hash_types & kSctpRss) != 0;
    if (capabilities_.rss_hash_types != 0) {
      conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
      conf.rx_adv_conf.rss_conf.rss_hf = capabilities_.rss_hash_types;
    }
  }
  if (settings.checksum_offload) {
    conf.txmode.offloads =
        info.tx_offload_capa & (RTE_ETH_TX_OFFLOAD_SCTP_CKSUM | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM);
    conf.rxmode.offloads =
        info.rx_offload_capa & (RTE_ETH_RX_OFFLOAD_SCTP_CKSUM | RTE_ETH_RX_OFFLOAD_IPV4_CKSUM);
  }
  capabilities_.tx_sctp_checksum = conf.txmode.offloads & RTE_ETH_TX_OFFLOAD_SCTP_CKSUM;
  capabilities_.tx_ipv4_checksum = conf.txmode.offloads & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM;
  capabilities_.rx_sctp_checksum = conf.rxmode.offloads & RTE_ETH_RX_OFFLOAD_SCTP_CKSUM;
  capabilities_.rx_ipv4_checksum = conf.rxmode.offloads & RTE_ETH_RX_OFFLOAD_IPV4_CKSUM;

  if (const int rc = rte_eth_dev_configure(id_, settings.rx_queues, settings.tx_queues, &conf);
      rc != 0) {
    error = fmt::format("port {}: configure failed: {}", name_, rte_strerror(-rc));
    return false;
  }
  // Virtual devices may not let the MTU change; they carry any frame.
  const int mtu_rc = rte_eth_dev_set_mtu(id_, settings.mtu);
  if (mtu_rc != 0 && mtu_rc != -ENOTSUP) {
    error = fmt::format("port {}: MTU {}: {}", name_, settings.mtu, rte_strerror(-mtu_rc));
    return false;
  }
  mtu_ = settings.mtu;
  uint16_t rx_descriptors = settings.rx_descriptors;
  uint16_t tx_descriptors = settings.tx_descriptors;
  rte_eth_dev_adjust_nb_rx_tx_desc(id_, &rx_descriptors, &tx_descriptors);
  const int socket = std::max(rte_eth_dev_socket_id(id_), 0);
  for (uint16_t q = 0; q < settings.rx_queues; ++q) {
    if (const int rc = rte_eth_rx_queue_setup(id_, q, rx_descriptors, socket, nullptr, pool.get());
        rc != 0) {
      error = fmt::format("port {}: rx queue {}: {}", name_, q, rte_strerror(-rc));
      return false;
    }
  }
  rte_eth_txconf txconf = info.default_txconf;
  txconf.offloads = conf.txmode.offloads;
  for (uint16_t q = 0; q < settings.tx_queues; ++q) {
    if (const int rc = rte_eth_tx_queue_setup(id_, q, tx_descriptors, socket, &txconf); rc != 0) {
      error = fmt::format("port {}: tx queue {}: {}", name_, q, rte_strerror(-rc));
      return false;
    }
  }
  if (settings.mac) {
    rte_ether_addr address{};
    std::copy(settings.mac->begin(), settings.mac->end(), address.addr_bytes);
    const int rc = rte_eth_dev_default_mac_addr_set(id_, &address);
    if (rc == -ENOTSUP) {
      // Virtual devices such as net_ring filter nothing: the address
      // lives in software only.
      software_mac_ = settings.mac;
    } else if (rc != 0) {
      error = fmt::format("port {}: cannot set the MAC address: {}", name_, rte_strerror(-rc));
      return false;
    }
  }
  if (const int rc = rte_eth_dev_start(id_); rc != 0) {
    error = fmt::format("port {}: start failed: {}", name_, rte_strerror(-rc));
    return false;
  }
  started_ = true;
  // IPv6 Neighbor Discovery arrives on solicited-node multicast addresses.
  rte_eth_allmulticast_enable(id_);
  rx_queues_ = settings.rx_queues;
  tx_queues_ = settings.tx_queues;
  return true;
}

Port::~Port() {
  if (started_) rte_eth_dev_stop(id_);
  rte_eth_dev_close(id_);
  for (rte_ring* ring : rings_) rte_ring_free(ring);
}

std::array<uint8_t, 6> Port::mac() const {
  if (software_mac_) return *software_mac_;
  rte_ether_addr address{};
  rte_eth_macaddr_get(id_, &address);
  std::array<uint8_t, 6> out{};
  std::copy(std::begin(address.addr_bytes), std::end(address.addr_bytes), out.begin());
  return out;
}

bool Port::link_up() const {
  rte_eth_link link{};
  return rte_eth_link_get_nowait(id_, &link) == 0 && link.link_status == RTE_ETH_LINK_UP;
}

PortCounters Port::counters() const {
  rte_eth_stats stats{};
  rte_eth_stats_get(id_, &stats);
  return PortCounters{.rx_packets = stats.ipackets,
                      .tx_packets = stats.opackets,
                      .rx_bytes = stats.ibytes,
                      .tx_bytes = stats.obytes,
                      .rx_missed = stats.imissed,
                      .rx_errors = stats.ierrors,
                      .tx_errors = stats.oerrors,
                      .rx_no_mbuf = stats.rx_nombuf};
}

}  // namespace sctpdp::dpdk
