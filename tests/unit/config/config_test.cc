#include "control/config/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace sctpdp {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string SourceDir() { return SCTPDP_SOURCE_DIR; }

// The error LoadConfig gives, or a failure if it accepted the text.
std::string ErrorOf(std::string_view text, std::vector<std::string> overrides = {}) {
  auto result = LoadConfig(text, "test.yaml", overrides);
  if (const auto* error = std::get_if<std::string>(&result)) return *error;
  ADD_FAILURE() << "accepted:\n" << text;
  return "";
}

Config Load(std::string_view text, std::vector<std::string> overrides = {}) {
  auto result = LoadConfig(text, "test.yaml", overrides);
  if (const auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << *error;
    return Config{};
  }
  return std::get<Config>(result);
}

constexpr std::string_view kMinimal = R"(
ports:
  - name: p0
    devargs: net_null0
    addresses: [198.18.0.1/24]
)";

TEST(ConfigTest, DefaultsFillWhatTheFileLeavesOut) {
  const Config config = Load(kMinimal);
  EXPECT_EQ(config.eal.lcores, "0-1");
  EXPECT_FALSE(config.eal.hugepages);
  ASSERT_EQ(config.ports.size(), 1u);
  EXPECT_EQ(config.ports[0].rx_queues, 1);
  EXPECT_EQ(config.ports[0].mtu, 1500);
  EXPECT_EQ(config.ports[0].checksum_offload, Toggle::kAuto);
  EXPECT_EQ(config.shards.count, 1);
  EXPECT_EQ(config.sctp.rto_initial, std::chrono::seconds(1));
  EXPECT_EQ(config.sctp.hb_interval, std::chrono::seconds(30));
  EXPECT_EQ(config.stats.interval_ms, 1000);
  EXPECT_EQ(config.shutdown_timeout_ms, 5000);
  EXPECT_TRUE(config.endpoints.empty());
}

TEST(ConfigTest, TheShippedFilesLoad) {
  for (const char* name : {"demo-ring.yaml", "af-packet-echo.yaml", "nic.example.yaml"}) {
    const std::string path = SourceDir() + "/configs/" + name;
    auto result = LoadConfig(ReadFile(path), path);
    EXPECT_TRUE(std::holds_alternative<Config>(result))
        << name << ": " << std::get<std::string>(result);
  }
  const Config nic = Load(ReadFile(SourceDir() + "/configs/nic.example.yaml"));
  EXPECT_EQ(nic.shards.count, 4);
  EXPECT_EQ(nic.ports[0].rx_queues, 4);
  EXPECT_EQ(nic.ports[0].routes.size(), 3u);  // two gateways and a route
  EXPECT_EQ(nic.endpoints[0].sctp.rto_min, std::chrono::milliseconds(200));
  EXPECT_TRUE(nic.endpoints[0].sctp.nodelay);
  EXPECT_FALSE(nic.endpoints[1].sctp.nodelay);
}

TEST(ConfigTest, TheEmbeddedDefaultIsTheDemoFile) {
  EXPECT_EQ(kDemoConfig, ReadFile(SourceDir() + "/configs/demo-ring.yaml"));
  const Config demo = Load(kDemoConfig);
  ASSERT_EQ(demo.endpoints.size(), 2u);
  EXPECT_EQ(demo.endpoints[1].app, AppKind::kSource);
  EXPECT_EQ(demo.endpoints[1].source->associations, 200);
  EXPECT_EQ(demo.ports[0].ring_peer, "p1");
}

TEST(ConfigTest, ErrorsNameTheFileLineKeyAndReason) {
  EXPECT_EQ(ErrorOf(R"(
ports:
  - name: p0
    devargs: net_null0
    addresses: [198.18.0.1/24, 198.18.0.300/24]
)"),
            "test.yaml:5: ports[0].addresses[1]: \"198.18.0.300/24\" is not an IPv4 or IPv6 "
            "prefix like 198.18.0.1/24");
  EXPECT_EQ(ErrorOf(std::string(kMinimal) + "sctp:\n  rto_mni_ms: 5\n"),
            "test.yaml:7: sctp.rto_mni_ms: unknown key (did you mean sctp.rto_min_ms?)");
  EXPECT_EQ(ErrorOf(std::string(kMinimal) + "sctp:\n  rto_min_ms: 5000\n  rto_max_ms: 100\n"),
            "test.yaml:7: sctp: sctp.rto_max_ms: must be >= sctp.rto_min_ms");
  EXPECT_EQ(ErrorOf(std::string(kMinimal) + "shards:\n  count: two\n"),
            "test.yaml:7: shards.count: \"two\" is not an integer");
  EXPECT_EQ(ErrorOf(std::string(kMinimal) + "shards:\n  placement: random\n"),
            "test.yaml:7: shards.placement: \"random\" is not one of: hash, least_loaded");
  EXPECT_EQ(ErrorOf(std::string(kMinimal) + "sctp:\n  sack_delay_ms: 600\n"),
            "test.yaml:7: sctp.sack_delay_ms: 600 is out of range [0, 500]");
  EXPECT_NE(ErrorOf("ports: [\n").find("test.yaml:2: not valid YAML"), std::string::npos);
  EXPECT_EQ(ErrorOf("eal: {}\n"), "test.yaml:1: ports: missing: at least one port");
}

TEST(ConfigTest, CrossChecks) {
  EXPECT_NE(ErrorOf(std::string(kMinimal) + "shards: {count: 2}\n")
                .find("2 shards need 2 rx and tx queues on every port; port p0 has 1 and 1"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kMinimal) +
                    "endpoints:\n  - {name: e, port: 1, addresses: [198.18.0.9]}\n")
                .find("endpoints[0].addresses[0]: 198.18.0.9 is not an address of any port"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kMinimal) +
                    "endpoints:\n  - {name: e, port: 1, source: {peers: [198.18.0.2]}}\n")
                .find("endpoints[0].source: only an endpoint with app: source takes these"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(kMinimal) +
                    "endpoints:\n  - {name: e, port: 1}\n  - {name: e, port: 2}\n")
                .find("endpoints[1].name: \"e\" is used by endpoints[0] too"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"(
ports:
  - {name: a, ring_peer: b, addresses: [198.18.0.1/24]}
  - {name: b, ring_peer: c, addresses: [198.18.0.2/24]}
)")
                .find("ports[0].ring_peer: \"b\" must name another port whose ring_peer is \"a\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"(
ports:
  - {name: a, devargs: net_null0, ring_peer: b, addresses: [198.18.0.1/24]}
)")
                .find("needs exactly one of devargs"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(std::string(kMinimal) + "endpoints:\n  - {name: e, port: 1, app: source, "
                                      "source: {peers: [198.18.0.2], peer_port: 5, streams: 20}}\n")
          .find("20 streams asked but sctp.outbound_streams is 10"),
      std::string::npos);
}

TEST(ConfigTest, OverridesChangeKeysBeforeTheChecks) {
  const Config config =
      Load(kMinimal, {"sctp.rto_min_ms=200", "ports[0].devargs=net_af_packet0,iface=veth1",
                      "shards.idle.mode=busy", "eal.args=[--no-pci]"});
  EXPECT_EQ(config.sctp.rto_min, std::chrono::milliseconds(200));
  EXPECT_EQ(config.ports[0].devargs, "net_af_packet0,iface=veth1");
  EXPECT_FALSE(config.shards.idle.sleep);
  EXPECT_EQ(config.eal.args, std::vector<std::string>{"--no-pci"});
  EXPECT_NE(
      ErrorOf(kMinimal, {"sctp.rto_min_ms=abc"}).find("sctp.rto_min_ms: \"abc\" is not an integer"),
      std::string::npos);
  EXPECT_NE(ErrorOf(kMinimal, {"ports[3].devargs=x"})
                .find("--set ports[3].devargs=x: there is no element 3"),
            std::string::npos);
  EXPECT_NE(ErrorOf(kMinimal, {"nonsense"}).find("--set nonsense: expected key=value"),
            std::string::npos);
}

// configs/README.md documents every key the loader reads, and names none it
// does not: the documentation cannot drift from the code.
TEST(ConfigTest, TheReadmeDocumentsEveryKey) {
  const std::string readme = ReadFile(SourceDir() + "/configs/README.md");
  const std::set<std::string> known = KnownConfigKeys();
  ASSERT_GT(known.size(), 60u);
  for (const std::string& key : known) {
    std::string documented = key;
    const std::string endpoint_sctp = "endpoints[].sctp.";
    if (key.rfind(endpoint_sctp, 0) == 0) documented = "sctp." + key.substr(endpoint_sctp.size());
    EXPECT_NE(readme.find("| `" + documented + "` |"), std::string::npos) << key;
  }
  const std::regex row(R"(\n\| `([a-z_0-9.\[\]]+)` \|)");
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), row);
       it != std::sregex_iterator(); ++it) {
    const std::string key = (*it)[1];
    if (key.rfind("--", 0) == 0 || key == "sctpdp-pcap") continue;
    EXPECT_TRUE(known.count(key) != 0) << key << " is documented but not read";
  }
}

TEST(ConfigTest, ParsesAddresses) {
  EXPECT_EQ(ParseIpAddress("198.18.0.1"), IpAddress::FromIpv4({198, 18, 0, 1}));
  EXPECT_EQ(ParseIpAddress("fd00::1")->family, IpAddress::Family::kIpv6);
  EXPECT_FALSE(ParseIpAddress("198.18.0").has_value());
  EXPECT_FALSE(ParseIpAddress("").has_value());
}

}  // namespace
}  // namespace sctpdp
