#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dataplane/net/net_stack.h"
#include "dataplane/sctp/association/association_options.h"
#include "dataplane/sctp/common/ip_address.h"

namespace sctpdp {

// The sctpdp daemon's configuration: configs/README.md documents every
// key with its default and unit.
struct EalConfig {
  std::string lcores = "0-1";
  int memory_mb = 256;
  bool hugepages = false;
  std::string file_prefix = "sctpdp";
  std::string log_level = "notice";
  std::vector<std::string> args;
};

enum class Toggle : uint8_t {
  kAuto,
  kOn,
  kOff,
};

struct PortConfig {
  std::string name;
  std::string devargs;    // a DPDK device; or empty with ring_peer
  std::string ring_peer;  // the port joined back to back by net_ring
  uint16_t rx_queues = 1;
  uint16_t tx_queues = 1;
  uint16_t rx_descriptors = 1024;
  uint16_t tx_descriptors = 1024;
  uint16_t mtu = 1500;
  std::optional<net::MacAddress> mac;  // nullopt: the device's own
  Toggle checksum_offload = Toggle::kAuto;
  bool rss = true;
  std::vector<net::IpPrefix> addresses;
  std::vector<net::RouteConfig> routes;  // gateways become default routes here
  std::vector<net::NeighborConfig> neighbours;
};

struct IdleConfig {
  bool sleep = true;  // false: busy polling
  int empty_polls = 256;
  int sleep_us = 50;
};

enum class Placement : uint8_t {
  kHash,
  kLeastLoaded,
};

struct ShardsConfig {
  int count = 1;
  Placement placement = Placement::kHash;
  uint32_t mbufs = 16383;
  IdleConfig idle;
};

enum class AppKind : uint8_t {
  kEcho,
  kDiscard,
  kSource,
};

struct SourceConfig {
  std::vector<IpAddress> peers;
  uint16_t peer_port = 0;
  int associations = 1;
  size_t message_size = 128;
  uint64_t rate = 0;
  uint16_t streams = 1;
  uint32_t ppid = 0;
  bool unordered = false;
  int window = 0;
};

struct EndpointConfig {
  std::string name;
  uint16_t port = 0;
  std::vector<IpAddress> addresses;  // empty: every address of every port
  AppKind app = AppKind::kEcho;
  AssociationOptions sctp;
  std::optional<SourceConfig> source;
};

struct StatsConfig {
  int interval_ms = 1000;
  Toggle live = Toggle::kAuto;
};

struct Config {
  EalConfig eal;
  std::vector<PortConfig> ports;
  ShardsConfig shards;
  AssociationOptions sctp;
  std::vector<EndpointConfig> endpoints;
  StatsConfig stats;
  int shutdown_timeout_ms = 5000;
};

// The configuration in `text` (named `source_name` in errors) with each
// "key=value" override applied first, or an error naming the file, line,
// key and reason.
std::variant<Config, std::string> LoadConfig(std::string_view text, std::string_view source_name,
                                             std::span<const std::string> overrides = {});

// The YAML text with the overrides applied (for --print-config), after
// LoadConfig accepted both.
std::string ConfigYaml(std::string_view text, std::span<const std::string> overrides);

// Every key the loader knows, as "ports[].devargs", for the documentation
// check.
std::set<std::string> KnownConfigKeys();

// The embedded default: configs/demo-ring.yaml.
extern const std::string_view kDemoConfig;

// "198.18.0.1" or "fd00::1"; nullopt if it is neither.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

}  // namespace sctpdp
