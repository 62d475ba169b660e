#include "dataplane/sctp/packet/parameter/error_cause_indication_parameter.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::WithLength;

// RFC 5061 sections 4.2.3 and 5.1: the answer to the Delete IP Address
// example of section 4.2.2, correlation id 0x01023476, one "Request to
// Delete Last Remaining IP Address" cause (0x00A0) quoting the request.
const Bytes kDeleteLastCause = {0x00, 0xa0, 0x00, 0x14, 0xc0, 0x02, 0x00, 0x10, 0x01, 0x02,
                                0x34, 0x76, 0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};
// A Protocol Violation cause (13) with one byte of information, unpadded.
const Bytes kViolationCause = {0x00, 0x0d, 0x00, 0x05, 'x'};

Bytes Indication(const std::vector<Bytes>& causes) {
  Bytes wire = {0xc0, 0x03, 0x00, 0x00, 0x01, 0x02, 0x34, 0x76};
  for (const Bytes& cause : causes) {
    while (wire.size() % 4 != 0) wire.push_back(0);
    wire.insert(wire.end(), cause.begin(), cause.end());
  }
  return WithLength(wire, static_cast<uint16_t>(wire.size()));
}

std::vector<uint16_t> Codes(const ErrorCauseIndicationParameter& parameter) {
  std::vector<uint16_t> codes;
  for (TlvList::Field cause : parameter.error_causes) codes.push_back(cause.type);
  return codes;
}

TEST(ErrorCauseIndicationParameterTest, ParsesEveryField) {
  const Bytes wire = Indication({kDeleteLastCause});
  EXPECT_EQ(wire.size(), 28u);
  ErrorCauseIndicationParameter parameter = ExpectRoundTrip<ErrorCauseIndicationParameter>(wire);
  EXPECT_EQ(parameter.correlation_id, AsconfCorrelationId(0x01023476));
  EXPECT_EQ(parameter.error_causes.kind(), WireKind::kErrorCause);
  EXPECT_EQ(Codes(parameter), (std::vector<uint16_t>{0x00a0}));
  EXPECT_EQ(parameter.ToString(), "Error Cause Indication correlation_id=16921718 causes=[160]");
}

TEST(ErrorCauseIndicationParameterTest, BuildsTheSameBytes) {
  const Bytes wire = Indication({kDeleteLastCause, kViolationCause});
  const Bytes causes(wire.begin() + 8, wire.end());
  ParseResult<TlvList> list = TlvList::Parse(causes, WireKind::kErrorCause);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(Serialize(ErrorCauseIndicationParameter{
                .correlation_id = AsconfCorrelationId(0x01023476), .error_causes = *list}),
            wire);
}

TEST(ErrorCauseIndicationParameterTest, NoCauses) {
  ErrorCauseIndicationParameter parameter =
      ExpectRoundTrip<ErrorCauseIndicationParameter>(Indication({}));
  EXPECT_TRUE(parameter.error_causes.empty());
  EXPECT_EQ(parameter.ToString(), "Error Cause Indication correlation_id=16921718 causes=[]");
}

TEST(ErrorCauseIndicationParameterTest, ManyCausesLastOneUnpadded) {
  const Bytes wire = Indication({kDeleteLastCause, kViolationCause, kViolationCause});
  EXPECT_EQ(wire.size(), 8u + 20 + 8 + 5);
  ErrorCauseIndicationParameter parameter = ExpectRoundTrip<ErrorCauseIndicationParameter>(wire);
  EXPECT_EQ(Codes(parameter), (std::vector<uint16_t>{0x00a0, 13, 13}));
}

TEST(ErrorCauseIndicationParameterTest, LastCausePaddingInsideTheLengthRoundTrips) {
  Bytes wire = Indication({kViolationCause});
  wire.insert(wire.end(), {0, 0, 0});
  wire = WithLength(wire, static_cast<uint16_t>(wire.size()));
  EXPECT_EQ(Codes(ExpectRoundTrip<ErrorCauseIndicationParameter>(wire)),
            (std::vector<uint16_t>{13}));
}

TEST(ErrorCauseIndicationParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<ErrorCauseIndicationParameter>(Indication({kDeleteLastCause}));
}

TEST(ErrorCauseIndicationParameterTest, RejectsABadCauseList) {
  // A cause whose length is below its own header, at 8 + 2.
  Bytes short_cause = kViolationCause;
  short_cause[3] = 2;
  ParseError error = ExpectParseError<ErrorCauseIndicationParameter>(
      Indication({short_cause}), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 10u);
  EXPECT_EQ(error.kind, WireKind::kErrorCause);
  EXPECT_EQ(error.type, 13);

  // A cause that reaches past the parameter.
  Bytes long_cause = kViolationCause;
  long_cause[3] = 9;
  error = ExpectParseError<ErrorCauseIndicationParameter>(Indication({long_cause}),
                                                          ParseErrorCode::kLengthTooLarge);
  EXPECT_EQ(error.offset, 10u);

  // Two stray bytes after an unpadded cause: too few to be its padding.
  Bytes wire = Indication({kViolationCause});
  wire.insert(wire.end(), {0x00, 0x0d});
  wire = WithLength(wire, static_cast<uint16_t>(wire.size()));
  error = ExpectParseError<ErrorCauseIndicationParameter>(wire, ParseErrorCode::kMissingPadding);
  EXPECT_EQ(error.offset, 13u);
}

}  // namespace
}  // namespace sctpdp
