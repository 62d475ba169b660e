#include "dataplane/sctp/packet/parameter/asconf_address_request.h"

#include <gtest/gtest.h>

#include <variant>

#include "dataplane/sctp/packet/parameter/add_ip_address_parameter.h"
#include "dataplane/sctp/packet/parameter/delete_ip_address_parameter.h"
#include "dataplane/sctp/packet/parameter/set_primary_address_parameter.h"
#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::ToBytes;
using ::sctpdp::testing::WithLength;

const Bytes kIpv4Tlv = {0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};  // 192.0.2.1
const Bytes kIpv6Tlv = {0x00, 0x06, 0x00, 0x14, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
                        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01};

// The examples of RFC 5061 sections 4.2.1, 4.2.2 and 4.2.4: 192.0.2.1 with
// correlation ids 0x01023474, 0x01023476 and 0x01023479.
const Bytes kAddIp = {0xc0, 0x01, 0x00, 0x10, 0x01, 0x02, 0x34, 0x74,
                      0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};
const Bytes kDeleteIp = {0xc0, 0x02, 0x00, 0x10, 0x01, 0x02, 0x34, 0x76,
                         0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};
const Bytes kSetPrimary = {0xc0, 0x04, 0x00, 0x10, 0x01, 0x02, 0x34, 0x79,
                           0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};

// `prefix` (type and correlation id) followed by `address`, with the length.
Bytes Request(Bytes prefix, const Bytes& address) {
  prefix.insert(prefix.end(), address.begin(), address.end());
  return WithLength(prefix, static_cast<uint16_t>(prefix.size()));
}

TEST(AddressParameterTest, ParsesIpv4AndIpv6) {
  ParseResult<AddressParameter> v4 = ParseAddressParameter(kIpv4Tlv);
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(std::get<Ipv4AddressParameter>(*v4).AddressString(), "192.0.2.1");
  ParseResult<AddressParameter> v6 = ParseAddressParameter(kIpv6Tlv);
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(std::get<Ipv6AddressParameter>(*v6).AddressString(), "2001:db8::1");
}

TEST(AddressParameterTest, RejectsOtherTypes) {
  // A Host Name Address is not one of the two forms.
  const Bytes host_name = {0x00, 0x0b, 0x00, 0x06, 'a', 0x00};
  ParseResult<AddressParameter> parsed = ParseAddressParameter(host_name);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ParseErrorCode::kBadValue);
  EXPECT_EQ(parsed.error().type, 11);
  EXPECT_EQ(parsed.error().offset, 0u);
}

TEST(AddressParameterTest, RejectsShortInput) {
  ParseResult<AddressParameter> parsed = ParseAddressParameter(Bytes{0x00, 0x05});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ParseErrorCode::kTruncated);
}

TEST(AddIpAddressParameterTest, ParsesEveryField) {
  AddIpAddressParameter parameter = ExpectRoundTrip<AddIpAddressParameter>(kAddIp);
  EXPECT_EQ(parameter.correlation_id, AsconfCorrelationId(0x01023474));
  EXPECT_EQ(ToBytes(parameter.address), kIpv4Tlv);
  EXPECT_EQ(parameter.ToString(), "Add IP Address correlation_id=16921716 address=192.0.2.1");
}

TEST(AddIpAddressParameterTest, BuildsTheSameBytes) {
  const Bytes address = Serialize(Ipv4AddressParameter{.address = {192, 0, 2, 1}});
  EXPECT_EQ(Serialize(AddIpAddressParameter{.correlation_id = AsconfCorrelationId(0x01023474),
                                            .address = address}),
            kAddIp);
}

TEST(AddIpAddressParameterTest, Ipv6Address) {
  const Bytes wire = Request({0xc0, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01}, kIpv6Tlv);
  EXPECT_EQ(wire[3], 28);
  AddIpAddressParameter parameter = ExpectRoundTrip<AddIpAddressParameter>(wire);
  EXPECT_EQ(ToBytes(parameter.address), kIpv6Tlv);
  EXPECT_EQ(parameter.ToString(), "Add IP Address correlation_id=1 address=2001:db8::1");
}

TEST(AddIpAddressParameterTest, WildcardAddressParses) {
  // 0.0.0.0 stands for the packet's source address (section 4.2.1).
  const Bytes wire = Request({0xc0, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02},
                             {0x00, 0x05, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00});
  EXPECT_EQ(ExpectRoundTrip<AddIpAddressParameter>(wire).ToString(),
            "Add IP Address correlation_id=2 address=0.0.0.0");
}

TEST(AddIpAddressParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<AddIpAddressParameter>(kAddIp);
}

TEST(AddIpAddressParameterTest, RejectsAMissingAddress) {
  const Bytes wire = {0xc0, 0x01, 0x00, 0x08, 0x01, 0x02, 0x34, 0x74};
  ParseError error = ExpectParseError<AddIpAddressParameter>(wire, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.offset, 8u);
  EXPECT_EQ(error.type, 0xc001);
  EXPECT_EQ(error.kind, WireKind::kParameter);
}

TEST(AddIpAddressParameterTest, RejectsANonAddressParameter) {
  const Bytes wire = Request({0xc0, 0x01, 0x00, 0x00, 0x01, 0x02, 0x34, 0x74},
                             {0x00, 0x0b, 0x00, 0x08, 'h', 'o', 's', 0x00});
  ParseError error = ExpectParseError<AddIpAddressParameter>(wire, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.offset, 8u);  // the wrapped parameter's type
  EXPECT_EQ(error.type, 0xc001);
}

TEST(AddIpAddressParameterTest, RejectsAMalformedAddressParameter) {
  // The wrapped IPv4 parameter claims 12 bytes but holds 8: its length
  // field, at 8 + 2, is where the request goes wrong.
  Bytes wire = kAddIp;
  wire[11] = 12;
  ParseError error = ExpectParseError<AddIpAddressParameter>(wire, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.offset, 10u);
  // An IPv4 value under the IPv6 type ends before the 20 bytes it needs.
  wire = kAddIp;
  wire[9] = 6;
  EXPECT_EQ(ExpectParseError<AddIpAddressParameter>(wire, ParseErrorCode::kBadValue).offset, 16u);
}

TEST(AddIpAddressParameterTest, RejectsBytesAfterTheAddress) {
  Bytes address = kIpv4Tlv;
  address.insert(address.end(), {0, 0, 0, 0});
  const Bytes wire = Request({0xc0, 0x01, 0x00, 0x00, 0x01, 0x02, 0x34, 0x74}, address);
  ParseError error = ExpectParseError<AddIpAddressParameter>(wire, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.offset, 16u);
}

TEST(AddIpAddressParameterTest, ToStringShowsABadBuiltAddress) {
  const Bytes address = {0x00, 0x0b, 0x00, 0x04};
  AddIpAddressParameter parameter{.correlation_id = AsconfCorrelationId(5), .address = address};
  EXPECT_EQ(parameter.ToString(), "Add IP Address correlation_id=5 address=invalid:000b0004");
}

TEST(DeleteIpAddressParameterTest, ParsesEveryField) {
  DeleteIpAddressParameter parameter = ExpectRoundTrip<DeleteIpAddressParameter>(kDeleteIp);
  EXPECT_EQ(parameter.correlation_id, AsconfCorrelationId(0x01023476));
  EXPECT_EQ(ToBytes(parameter.address), kIpv4Tlv);
  EXPECT_EQ(parameter.ToString(), "Delete IP Address correlation_id=16921718 address=192.0.2.1");
}

TEST(DeleteIpAddressParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(DeleteIpAddressParameter{.correlation_id = AsconfCorrelationId(0x01023476),
                                               .address = kIpv4Tlv}),
            kDeleteIp);
}

TEST(DeleteIpAddressParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<DeleteIpAddressParameter>(kDeleteIp);
  Bytes wire = kDeleteIp;
  wire[9] = 7;  // State Cookie
  EXPECT_EQ(ExpectParseError<DeleteIpAddressParameter>(wire, ParseErrorCode::kBadValue).type,
            0xc002);
}

TEST(SetPrimaryAddressParameterTest, ParsesEveryField) {
  SetPrimaryAddressParameter parameter = ExpectRoundTrip<SetPrimaryAddressParameter>(kSetPrimary);
  EXPECT_EQ(parameter.correlation_id, AsconfCorrelationId(0x01023479));
  EXPECT_EQ(ToBytes(parameter.address), kIpv4Tlv);
  EXPECT_EQ(parameter.ToString(), "Set Primary Address correlation_id=16921721 address=192.0.2.1");
}

TEST(SetPrimaryAddressParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(SetPrimaryAddressParameter{.correlation_id = AsconfCorrelationId(0x01023479),
                                                 .address = kIpv4Tlv}),
            kSetPrimary);
}

TEST(SetPrimaryAddressParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<SetPrimaryAddressParameter>(kSetPrimary);
  Bytes wire = kSetPrimary;
  wire[11] = 4;  // the IPv4 parameter's length below its size
  EXPECT_EQ(ExpectParseError<SetPrimaryAddressParameter>(wire, ParseErrorCode::kBadValue).offset,
            10u);
}

TEST(AsconfAddressRequestTest, TheThreeTypesAreNotInterchangeable) {
  ExpectParseError<AddIpAddressParameter>(kDeleteIp, ParseErrorCode::kBadValue);
  ExpectParseError<DeleteIpAddressParameter>(kSetPrimary, ParseErrorCode::kBadValue);
  ExpectParseError<SetPrimaryAddressParameter>(kAddIp, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
