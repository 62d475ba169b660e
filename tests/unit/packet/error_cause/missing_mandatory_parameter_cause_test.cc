#include "dataplane/sctp/packet/error_cause/missing_mandatory_parameter_cause.h"

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
using ::sctpdp::testing::WithLength;

std::vector<uint16_t> Types(const WireList<uint16_t>& list) {
  return std::vector<uint16_t>(list.begin(), list.end());
}

// RFC 9260 section 3.3.10.2: code 2, length 8 + 3 * 2 = 14, N = 3, then the
// types State Cookie (7), Supported Address Types (12) and RANDOM (0x8002).
const Bytes kThree = {0x00, 0x02, 0x00, 0x0e, 0x00, 0x00, 0x00,
                      0x03, 0x00, 0x07, 0x00, 0x0c, 0x80, 0x02};

TEST(MissingMandatoryParameterCauseTest, ParsesManyTypes) {
  MissingMandatoryParameterCause cause = ExpectRoundTrip<MissingMandatoryParameterCause>(kThree);
  EXPECT_EQ(Types(cause.missing_types), (std::vector<uint16_t>{7, 12, 0x8002}));
  EXPECT_EQ(cause.ToString(), "Missing Mandatory Parameter types=[7,12,32770]");
}

TEST(MissingMandatoryParameterCauseTest, ParsesOneType) {
  // N odd: the cause is 10 bytes and the list pads it to 12.
  const Bytes wire = {0x00, 0x02, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x07};
  MissingMandatoryParameterCause cause = ExpectRoundTrip<MissingMandatoryParameterCause>(wire);
  EXPECT_EQ(Types(cause.missing_types), (std::vector<uint16_t>{7}));
}

TEST(MissingMandatoryParameterCauseTest, ParsesNoTypes) {
  const Bytes wire = {0x00, 0x02, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00};
  MissingMandatoryParameterCause cause = ExpectRoundTrip<MissingMandatoryParameterCause>(wire);
  EXPECT_TRUE(cause.missing_types.empty());
  EXPECT_EQ(cause.ToString(), "Missing Mandatory Parameter types=[]");
}

TEST(MissingMandatoryParameterCauseTest, BuildsTheSameBytes) {
  const std::vector<uint16_t> types = {7, 12, 0x8002};
  MissingMandatoryParameterCause cause{.missing_types = WireList<uint16_t>(types)};
  EXPECT_EQ(cause.WireSize(), 14u);
  EXPECT_EQ(Serialize(cause), kThree);
  EXPECT_EQ(cause, *MissingMandatoryParameterCause::Parse(kThree));
}

TEST(MissingMandatoryParameterCauseTest, RejectsCountDisagreeingWithLength) {
  for (uint8_t count : {0, 2, 4, 0xff}) {
    Bytes wire = kThree;
    wire[7] = count;
    ParseError error =
        ExpectParseError<MissingMandatoryParameterCause>(wire, ParseErrorCode::kBadLength);
    EXPECT_EQ(error.offset, 2u);
    EXPECT_EQ(error.type, 2);
  }
  Bytes huge = kThree;
  huge[4] = 0x80;  // N = 0x80000003: only the low bits would match
  ExpectParseError<MissingMandatoryParameterCause>(huge, ParseErrorCode::kBadLength);
}

TEST(MissingMandatoryParameterCauseTest, RejectsHalfAType) {
  // Parameter types are 16 bits: an odd information length cannot hold them.
  Bytes wire = kThree;
  wire.push_back(0x00);
  ParseError error = ExpectParseError<MissingMandatoryParameterCause>(WithLength(wire, 15),
                                                                      ParseErrorCode::kBadLength);
  EXPECT_EQ(error.offset, 2u);
}

TEST(MissingMandatoryParameterCauseTest, RejectsBadFraming) {
  ExpectCauseFramingChecks<MissingMandatoryParameterCause>(kThree, 2);
}

}  // namespace
}  // namespace sctpdp
