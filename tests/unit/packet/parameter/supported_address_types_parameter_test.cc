#include "dataplane/sctp/packet/parameter/supported_address_types_parameter.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "dataplane/sctp/packet/parameter/ipv4_address_parameter.h"
#include "dataplane/sctp/packet/tlv_list.h"
#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::ExpectStride;
using ::sctpdp::testing::Serialize;

// RFC 9260 section 3.3.2.1.5: type 12, IPv4 (5) and IPv6 (6).
const Bytes kBoth = {0x00, 0x0c, 0x00, 0x08, 0x00, 0x05, 0x00, 0x06};

std::vector<uint16_t> Types(const SupportedAddressTypesParameter& parameter) {
  return std::vector<uint16_t>(parameter.address_types.begin(), parameter.address_types.end());
}

TEST(SupportedAddressTypesParameterTest, ParsesEveryField) {
  SupportedAddressTypesParameter parameter = ExpectRoundTrip<SupportedAddressTypesParameter>(kBoth);
  EXPECT_EQ(Types(parameter), (std::vector<uint16_t>{5, 6}));
  EXPECT_EQ(parameter.ToString(), "Supported Address Types types=[5,6]");
}

TEST(SupportedAddressTypesParameterTest, BuildsTheSameBytes) {
  const std::array<uint16_t, 2> types = {5, 6};
  EXPECT_EQ(Serialize(SupportedAddressTypesParameter{.address_types = WireList<uint16_t>(types)}),
            kBoth);
}

TEST(SupportedAddressTypesParameterTest, EmptyList) {
  const Bytes wire = {0x00, 0x0c, 0x00, 0x04};
  SupportedAddressTypesParameter parameter = ExpectRoundTrip<SupportedAddressTypesParameter>(wire);
  EXPECT_TRUE(parameter.address_types.empty());
  EXPECT_EQ(parameter.ToString(), "Supported Address Types types=[]");
}

TEST(SupportedAddressTypesParameterTest, OneTypeHasLengthSix) {
  // An odd count: the length is 6, the two bytes of padding are not in it.
  const Bytes wire = {0x00, 0x0c, 0x00, 0x06, 0x00, 0x05};
  SupportedAddressTypesParameter parameter = ExpectRoundTrip<SupportedAddressTypesParameter>(wire);
  EXPECT_EQ(Types(parameter), (std::vector<uint16_t>{5}));
}

TEST(SupportedAddressTypesParameterTest, ManyTypesIncludingHostName) {
  // Host Name (11) is to be ignored by the receiver, not rejected.
  const Bytes wire = {0x00, 0x0c, 0x00, 0x0a, 0x00, 0x05, 0x00, 0x06, 0x00, 0x0b};
  EXPECT_EQ(Types(ExpectRoundTrip<SupportedAddressTypesParameter>(wire)),
            (std::vector<uint16_t>{5, 6, 11}));
}

TEST(SupportedAddressTypesParameterTest, PaddingOfAnOddCountIsOutsideTheLength) {
  const std::array<uint16_t, 1> types = {6};
  uint8_t buffer[32];
  TlvListWriter writer(buffer, WireKind::kParameter);
  ASSERT_TRUE(
      writer.Add(SupportedAddressTypesParameter{.address_types = WireList<uint16_t>(types)}));
  ASSERT_TRUE(writer.Add(Ipv4AddressParameter{.address = {192, 0, 2, 1}}));
  const TlvList list = writer.list();
  EXPECT_EQ(Bytes(list.bytes().begin(), list.bytes().end()),
            (Bytes{0x00, 0x0c, 0x00, 0x06, 0x00, 0x06, 0x00, 0x00,  //
                   0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01}));
  std::optional<SupportedAddressTypesParameter> found = list.Find<SupportedAddressTypesParameter>();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(Types(*found), (std::vector<uint16_t>{6}));
}

TEST(SupportedAddressTypesParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<SupportedAddressTypesParameter>(kBoth);
}

TEST(SupportedAddressTypesParameterTest, RejectsHalfAType) {
  ExpectStride<SupportedAddressTypesParameter>(kBoth, 2);
}

}  // namespace
}  // namespace sctpdp
