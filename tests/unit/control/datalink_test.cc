#include "control/pcap/datalink.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

namespace sctpdp::control {
namespace {

TEST(DatalinkTest, MapsEverySupportedDlt) {
  EXPECT_EQ(LinkTypeFromDatalink(DLT_EN10MB), net::LinkType::kEthernet);
  EXPECT_EQ(LinkTypeFromDatalink(DLT_LINUX_SLL), net::LinkType::kLinuxSll);
  EXPECT_EQ(LinkTypeFromDatalink(DLT_LINUX_SLL2), net::LinkType::kLinuxSll2);
  EXPECT_EQ(LinkTypeFromDatalink(DLT_RAW), net::LinkType::kRawIp);
  EXPECT_EQ(LinkTypeFromDatalink(DLT_IPV4), net::LinkType::kRawIpv4);
  EXPECT_EQ(LinkTypeFromDatalink(DLT_IPV6), net::LinkType::kRawIpv6);
  EXPECT_EQ(LinkTypeFromDatalink(DLT_NULL), net::LinkType::kNull);
  EXPECT_EQ(LinkTypeFromDatalink(DLT_LOOP), net::LinkType::kLoopback);
}

TEST(DatalinkTest, RoundTripsEveryLinkType) {
  for (net::LinkType type :
       {net::LinkType::kEthernet, net::LinkType::kLinuxSll, net::LinkType::kLinuxSll2,
        net::LinkType::kRawIp, net::LinkType::kRawIpv4, net::LinkType::kRawIpv6,
        net::LinkType::kNull, net::LinkType::kLoopback}) {
    EXPECT_EQ(LinkTypeFromDatalink(DatalinkFromLinkType(type)), type) << net::LinkTypeName(type);
  }
}

TEST(DatalinkTest, OtherDltsAreUnsupported) {
  EXPECT_EQ(LinkTypeFromDatalink(DLT_IEEE802_11), std::nullopt);
  EXPECT_EQ(LinkTypeFromDatalink(DLT_PPP), std::nullopt);
  EXPECT_EQ(LinkTypeFromDatalink(-1), std::nullopt);
}

TEST(DatalinkTest, Names) {
  EXPECT_EQ(DatalinkName(DLT_IEEE802_11), "DLT_IEEE802_11 (802.11, 105)");
  EXPECT_EQ(DatalinkName(DLT_EN10MB), "DLT_EN10MB (Ethernet, 1)");
  EXPECT_EQ(DatalinkName(99999), "DLT 99999");
}

}  // namespace
}  // namespace sctpdp::control
