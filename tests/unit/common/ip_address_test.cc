#include "dataplane/sctp/common/ip_address.h"

#include <gtest/gtest.h>

#include "tests/unit/net/net_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::net::testing::Bytes;
using ::sctpdp::net::testing::ToBytes;

TEST(IpAddressTest, Ipv4) {
  IpAddress address = IpAddress::FromIpv4({192, 0, 2, 33});
  EXPECT_EQ(address.family, IpAddress::Family::kIpv4);
  EXPECT_EQ(ToBytes(address.address()), (Bytes{192, 0, 2, 33}));
  EXPECT_EQ(address.ToString(), "192.0.2.33");
}

TEST(IpAddressTest, Ipv6TextFollowsRfc5952) {
  Ipv6Address bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0x01};
  IpAddress address = IpAddress::FromIpv6(bytes);
  EXPECT_EQ(address.family, IpAddress::Family::kIpv6);
  EXPECT_EQ(address.address().size(), 16u);
  // Leading zeros dropped, the longest zero run shortened, lower case.
  EXPECT_EQ(address.ToString(), "2001:db8::1:0:0:1");
  bytes = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0xff, 0xfe, 0xab, 0xcd, 0xef};
  EXPECT_EQ(IpAddress::FromIpv6(bytes).ToString(), "fe80::200:ff:feab:cdef");
}

TEST(IpAddressTest, EqualityIncludesTheFamily) {
  Ipv6Address v6{};
  v6[0] = 10;
  v6[3] = 1;
  EXPECT_NE(IpAddress::FromIpv4({10, 0, 0, 1}), IpAddress::FromIpv6(v6));
  EXPECT_EQ(IpAddress::FromIpv4({10, 0, 0, 1}), IpAddress::FromIpv4({10, 0, 0, 1}));
  EXPECT_NE(IpAddress::FromIpv4({10, 0, 0, 1}), IpAddress::FromIpv4({10, 0, 0, 2}));
}

}  // namespace
}  // namespace sctpdp
