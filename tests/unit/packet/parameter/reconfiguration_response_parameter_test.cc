#include "dataplane/sctp/packet/parameter/reconfiguration_response_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::WithLength;

// RFC 6525 section 4.4: type 16, length 12, response 9, result 1 (Success -
// Performed), no next TSNs.
const Bytes kShort = {0x00, 0x10, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x01};

// The same with both optional fields: length 20, sender's next TSN 0x100,
// receiver's next TSN 0x200.
const Bytes kLong = {0x00, 0x10, 0x00, 0x14, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00,
                     0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00};

TEST(ReconfigurationResponseParameterTest, ParsesWithoutNextTsns) {
  ReconfigurationResponseParameter parameter =
      ExpectRoundTrip<ReconfigurationResponseParameter>(kShort);
  EXPECT_EQ(parameter.response_sn, ReconfigRequestSn(9));
  EXPECT_EQ(parameter.result, ReconfigResult::kSuccessPerformed);
  EXPECT_FALSE(parameter.sender_next_tsn.has_value());
  EXPECT_FALSE(parameter.receiver_next_tsn.has_value());
  EXPECT_EQ(parameter.ToString(),
            "Re-configuration Response resp_sn=9 result=1 (Success - Performed)");
}

TEST(ReconfigurationResponseParameterTest, ParsesWithNextTsns) {
  ReconfigurationResponseParameter parameter =
      ExpectRoundTrip<ReconfigurationResponseParameter>(kLong);
  EXPECT_EQ(parameter.sender_next_tsn, Tsn(0x100));
  EXPECT_EQ(parameter.receiver_next_tsn, Tsn(0x200));
  EXPECT_EQ(parameter.ToString(),
            "Re-configuration Response resp_sn=9 result=1 (Success - Performed) "
            "sender_next_tsn=256 receiver_next_tsn=512");
}

TEST(ReconfigurationResponseParameterTest, BuildsTheSameBytes) {
  ReconfigurationResponseParameter parameter{.response_sn = ReconfigRequestSn(9),
                                             .result = ReconfigResult::kSuccessPerformed};
  EXPECT_EQ(Serialize(parameter), kShort);
  parameter.sender_next_tsn = Tsn(0x100);
  parameter.receiver_next_tsn = Tsn(0x200);
  EXPECT_EQ(Serialize(parameter), kLong);
}

TEST(ReconfigurationResponseParameterTest, EveryResultOfTable3) {
  const struct {
    uint8_t value;
    ReconfigResult result;
    const char* name;
  } kResults[] = {
      {0, ReconfigResult::kSuccessNothingToDo, "Success - Nothing to do"},
      {1, ReconfigResult::kSuccessPerformed, "Success - Performed"},
      {2, ReconfigResult::kDenied, "Denied"},
      {3, ReconfigResult::kErrorWrongSsn, "Error - Wrong SSN"},
      {4, ReconfigResult::kErrorRequestAlreadyInProgress, "Error - Request already in progress"},
      {5, ReconfigResult::kErrorBadSequenceNumber, "Error - Bad Sequence Number"},
      {6, ReconfigResult::kInProgress, "In progress"},
  };
  for (const auto& expected : kResults) {
    Bytes wire = kShort;
    wire[11] = expected.value;
    EXPECT_EQ(ExpectRoundTrip<ReconfigurationResponseParameter>(wire).result, expected.result);
    EXPECT_EQ(ReconfigResultName(expected.result), expected.name);
  }
}

TEST(ReconfigurationResponseParameterTest, UnknownResultRoundTrips) {
  Bytes wire = kShort;
  wire[8] = 0x01;  // result 0x01000001
  ReconfigurationResponseParameter parameter =
      ExpectRoundTrip<ReconfigurationResponseParameter>(wire);
  EXPECT_EQ(static_cast<uint32_t>(parameter.result), 0x01000001u);
  EXPECT_EQ(parameter.ToString(), "Re-configuration Response resp_sn=9 result=16777217 (unknown)");
}

TEST(ReconfigurationResponseParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<ReconfigurationResponseParameter>(kShort);
  ExpectFramingChecks<ReconfigurationResponseParameter>(kLong);
}

TEST(ReconfigurationResponseParameterTest, RejectsLengthsOtherThan12And20) {
  // Only one of the optional fields, or more than both.
  for (size_t length : {16, 24, 28, 13}) {
    Bytes wire = kLong;
    wire.resize(length, 0);
    ParseError error = ExpectParseError<ReconfigurationResponseParameter>(
        WithLength(wire, static_cast<uint16_t>(length)), ParseErrorCode::kBadLength);
    EXPECT_EQ(error.offset, 2u);
    EXPECT_EQ(error.type, 16);
  }
}

TEST(ReconfigurationResponseParameterDeathTest, SerializingOneNextTsnAborts) {
  ReconfigurationResponseParameter parameter{.response_sn = ReconfigRequestSn(9),
                                             .result = ReconfigResult::kSuccessPerformed,
                                             .sender_next_tsn = Tsn(1)};
  EXPECT_DEATH(Serialize(parameter), "");
}

}  // namespace
}  // namespace sctpdp
