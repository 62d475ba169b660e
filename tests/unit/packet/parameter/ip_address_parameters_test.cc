#include <gtest/gtest.h>

#include <array>

#include "dataplane/sctp/packet/parameter/ipv4_address_parameter.h"
#include "dataplane/sctp/packet/parameter/ipv6_address_parameter.h"
#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFixedSize;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// RFC 9260 section 3.3.2.1.1: type 5, length 8, 192.0.2.1.
const Bytes kIpv4 = {0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};

// RFC 9260 section 3.3.2.1.2: type 6, length 20, 2001:db8::1.
const Bytes kIpv6 = {0x00, 0x06, 0x00, 0x14, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
                     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01};

TEST(Ipv4AddressParameterTest, ParsesEveryField) {
  Ipv4AddressParameter parameter = ExpectRoundTrip<Ipv4AddressParameter>(kIpv4);
  EXPECT_EQ(parameter.address, (std::array<uint8_t, 4>{192, 0, 2, 1}));
  EXPECT_EQ(parameter.AddressString(), "192.0.2.1");
  EXPECT_EQ(parameter.ToString(), "IPv4 Address 192.0.2.1");
}

TEST(Ipv4AddressParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(Ipv4AddressParameter{.address = {192, 0, 2, 1}}), kIpv4);
}

TEST(Ipv4AddressParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<Ipv4AddressParameter>(kIpv4);
}

TEST(Ipv4AddressParameterTest, RejectsOtherLengths) {
  ExpectFixedSize<Ipv4AddressParameter>(kIpv4);
  // An IPv6-sized value under the IPv4 type.
  Bytes wire = kIpv6;
  wire[1] = 0x05;
  ExpectParseError<Ipv4AddressParameter>(wire, ParseErrorCode::kBadLength);
}

TEST(Ipv6AddressParameterTest, ParsesEveryField) {
  Ipv6AddressParameter parameter = ExpectRoundTrip<Ipv6AddressParameter>(kIpv6);
  EXPECT_EQ(parameter.address, (std::array<uint8_t, 16>{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0,
                                                        0, 0, 0, 0, 0x01}));
  EXPECT_EQ(parameter.AddressString(), "2001:db8::1");
  EXPECT_EQ(parameter.ToString(), "IPv6 Address 2001:db8::1");
}

TEST(Ipv6AddressParameterTest, BuildsTheSameBytes) {
  Ipv6AddressParameter parameter{
      .address = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01}};
  EXPECT_EQ(Serialize(parameter), kIpv6);
}

TEST(Ipv6AddressParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<Ipv6AddressParameter>(kIpv6);
}

TEST(Ipv6AddressParameterTest, RejectsOtherLengths) {
  ExpectFixedSize<Ipv6AddressParameter>(kIpv6);
  Bytes wire = kIpv4;
  wire[1] = 0x06;  // an IPv4 value under the IPv6 type: shorter than the fixed part
  ExpectParseError<Ipv6AddressParameter>(wire, ParseErrorCode::kTruncated);
}

}  // namespace
}  // namespace sctpdp
