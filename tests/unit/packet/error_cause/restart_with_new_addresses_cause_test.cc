#include "dataplane/sctp/packet/error_cause/restart_with_new_addresses_cause.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/packet/error_cause/cause_test_util.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectCauseFramingChecks;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// RFC 9260 sections 3.3.10.11 and 3.3.2.1: the new addresses are copies of
// the INIT's address parameters: IPv4 192.0.2.1, IPv6 2001:db8::1, IPv4
// 198.51.100.7.
const Bytes kIpv4 = {0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};
const Bytes kIpv6 = {0x00, 0x06, 0x00, 0x14, 0x20, 0x01, 0x0d, 0xb8, 0, 0,
                     0,    0,    0,    0,    0,    0,    0,    0,    0, 1};
const Bytes kIpv4b = {0x00, 0x05, 0x00, 0x08, 0xc6, 0x33, 0x64, 0x07};

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// Code 11, length 4 + 8 + 20 + 8 = 40.
const Bytes kThree = Concat({{0x00, 0x0b, 0x00, 0x28}, kIpv4, kIpv6, kIpv4b});

std::vector<uint16_t> FieldTypes(const TlvList& list) {
  std::vector<uint16_t> types;
  for (TlvList::Field field : list) types.push_back(field.type);
  return types;
}

TEST(RestartWithNewAddressesCauseTest, ParsesManyAddresses) {
  RestartWithNewAddressesCause cause = ExpectRoundTrip<RestartWithNewAddressesCause>(kThree);
  EXPECT_EQ(cause.new_addresses.kind(), WireKind::kParameter);
  EXPECT_EQ(FieldTypes(cause.new_addresses), (std::vector<uint16_t>{5, 6, 5}));
  std::vector<size_t> offsets;
  for (TlvList::Field field : cause.new_addresses) offsets.push_back(field.offset);
  EXPECT_EQ(offsets, (std::vector<size_t>{0, 8, 28}));
  EXPECT_EQ(cause.ToString(),
            "Restart of an Association with New Addresses new_addresses=[5:c0000201, "
            "6:20010db8000000000000000000000001, 5:c6336407]");
}

TEST(RestartWithNewAddressesCauseTest, ParsesOneAddress) {
  const Bytes wire = Concat({{0x00, 0x0b, 0x00, 0x0c}, kIpv4});
  RestartWithNewAddressesCause cause = ExpectRoundTrip<RestartWithNewAddressesCause>(wire);
  ASSERT_EQ(FieldTypes(cause.new_addresses), (std::vector<uint16_t>{5}));
  TlvList::Field field = *cause.new_addresses.begin();
  EXPECT_EQ(Bytes(field.bytes.begin(), field.bytes.end()), kIpv4);
}

TEST(RestartWithNewAddressesCauseTest, ParsesNoAddresses) {
  RestartWithNewAddressesCause cause =
      ExpectRoundTrip<RestartWithNewAddressesCause>({0x00, 0x0b, 0x00, 0x04});
  EXPECT_TRUE(cause.new_addresses.empty());
  EXPECT_EQ(cause.ToString(), "Restart of an Association with New Addresses new_addresses=[]");
}

TEST(RestartWithNewAddressesCauseTest, LastAddressMayEndUnpadded) {
  // A Host Name Address (type 11) of two characters is six bytes; its padding
  // may be left out of the cause length like that of any last TLV.
  const Bytes wire = Concat({{0x00, 0x0b, 0x00, 0x12}, kIpv4, {0x00, 0x0b, 0x00, 0x06, 'h', 0}});
  RestartWithNewAddressesCause cause = ExpectRoundTrip<RestartWithNewAddressesCause>(wire);
  EXPECT_EQ(FieldTypes(cause.new_addresses), (std::vector<uint16_t>{5, 11}));
}

TEST(RestartWithNewAddressesCauseTest, BuildsTheSameBytes) {
  const Bytes addresses = Concat({kIpv4, kIpv6, kIpv4b});
  ParseResult<TlvList> list = TlvList::Parse(addresses, WireKind::kParameter);
  ASSERT_TRUE(list.ok());
  RestartWithNewAddressesCause cause{.new_addresses = *list};
  EXPECT_EQ(Serialize(cause), kThree);
  EXPECT_EQ(cause, *RestartWithNewAddressesCause::Parse(kThree));
}

TEST(RestartWithNewAddressesCauseTest, ReportsBadAddressFramingAtItsOffset) {
  // The IPv6 address (at cause offset 12) claims a length of 3.
  Bytes wire = kThree;
  wire[15] = 3;
  ParseError error =
      ExpectParseError<RestartWithNewAddressesCause>(wire, ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, 6);
  EXPECT_EQ(error.offset, 14u);
}

TEST(RestartWithNewAddressesCauseTest, ReportsAddressPastTheCause) {
  // The last address claims 12 bytes where 8 remain.
  Bytes wire = kThree;
  wire[35] = 12;
  ParseError error =
      ExpectParseError<RestartWithNewAddressesCause>(wire, ParseErrorCode::kLengthTooLarge);
  EXPECT_EQ(error.offset, 34u);
}

TEST(RestartWithNewAddressesCauseTest, RejectsPartialPadding) {
  // A six-byte Host Name Address followed by one byte: neither unpadded nor
  // padded to a multiple of four.
  const Bytes wire = Concat({{0x00, 0x0b, 0x00, 0x0b}, {0x00, 0x0b, 0x00, 0x06, 'h', 0}, {0}});
  ParseError error =
      ExpectParseError<RestartWithNewAddressesCause>(wire, ParseErrorCode::kMissingPadding);
  EXPECT_EQ(error.offset, 10u);
}

TEST(RestartWithNewAddressesCauseTest, RejectsBadFraming) {
  ExpectCauseFramingChecks<RestartWithNewAddressesCause>(kThree, 11);
}

}  // namespace
}  // namespace sctpdp
