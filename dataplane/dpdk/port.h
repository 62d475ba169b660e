#pragma once

#include <rte_ethdev.h>
#include <rte_ring.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dataplane/dpdk/packet_pool.h"

namespace sctpdp::dpdk {

struct PortSettings {
  uint16_t rx_queues = 1;
  uint16_t tx_queues = 1;
  uint16_t rx_descriptors = 1024;
  uint16_t tx_descriptors = 1024;
  uint16_t mtu = 1500;
  // Spread received packets over the rx queues by addresses and ports,
  // SCTP's own hash types where the device has them.
  bool rss = true;
  // Use the device's SCTP CRC32c (and IPv4 header) checksum offloads where
  // it has them.
  bool checksum_offload = true;
  // nullopt: the device's own address.
  std::optional<std::array<uint8_t, 6>> mac{};
};

// What the port does in hardware, as configured.
struct PortCapabilities {
  bool tx_sctp_checksum = false;
  bool tx_ipv4_checksum = false;
  bool rx_sctp_checksum = false;  // received packets carry a checksum verdict
  bool rx_ipv4_checksum = false;
  uint64_t rss_hash_types = 0;  // RTE_ETH_RSS_* in use
  bool rss_sctp = false;        // those include SCTP over IPv4 or IPv6
};

struct PortCounters {
  uint64_t rx_packets = 0;
  uint64_t tx_packets = 0;
  uint64_t rx_bytes = 0;
  uint64_t tx_bytes = 0;
  uint64_t rx_missed = 0;  // dropped by the device: rx queue full
  uint64_t rx_errors = 0;
  uint64_t tx_errors = 0;
  uint64_t rx_no_mbuf = 0;  // dropped by the device: pool empty
};

// One started ethdev, stopped and closed with its owner. Rx and tx bursts
// are thin inline calls for the poll loop; each queue belongs to one
// shard.
class Port {
 public:
  // Probes the device named by `devargs` (a vdev such as
  // "net_af_packet0,iface=veth0" or a PCI address), configures and starts
  // it with one pool for all its rx queues; nullptr with `error` set.
  static std::unique_ptr<Port> Open(const std::string& devargs, const PortSettings& settings,
                                    PacketPool& pool, std::string& error);
  // Two net_ring ports joined back to back in this process: what one sends
  // on tx queue q the other receives on rx queue q.
  static std::pair<std::unique_ptr<Port>, std::unique_ptr<Port>> OpenRingPair(
      const std::string& name, const PortSettings& settings, PacketPool& pool, std::string& error);
  ~Port();
  Port(const Port&) = delete;
  Port& operator=(const Port&) = delete;

  uint16_t RxBurst(uint16_t queue, rte_mbuf** mbufs, uint16_t count) {
    return rte_eth_rx_burst(id_, queue, mbufs, count);
  }
  // Returns how many the device took; the caller frees or retries the rest.
  uint16_t TxBurst(uint16_t queue, rte_mbuf** mbufs, uint16_t count) {
    return rte_eth_tx_burst(id_, queue, mbufs, count);
  }

  uint16_t id() const { return id_; }
  const std::string& name() const { return name_; }
  std::array<uint8_t, 6> mac() const;
  uint16_t mtu() const { return mtu_; }
  const PortCapabilities& capabilities() const { return capabilities_; }
  uint16_t rx_queues() const { return rx_queues_; }
  uint16_t tx_queues() const { return tx_queues_; }
  bool link_up() const;
  PortCounters counters() const;

 private:
  Port(uint16_t id, std::string name) : id_(id), name_(std::move(name)) {}
  // Configures queues and offloads and starts the device.
  bool Start(const PortSettings& settings, PacketPool& pool, std::string& error);

  uint16_t id_;
  std::string name_;
  uint16_t mtu_ = 1500;
  uint16_t rx_queues_ = 0;
  uint16_t tx_queues_ = 0;
  PortCapabilities capabilities_;
  bool started_ = false;
  std::vector<rte_ring*> rings_;                        // a ring pair's rings, freed after close
  std::optional<std::array<uint8_t, 6>> software_mac_;  // the device cannot take one
};

}  // namespace sctpdp::dpdk
