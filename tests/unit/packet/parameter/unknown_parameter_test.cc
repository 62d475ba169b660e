#include "dataplane/sctp/packet/parameter/unknown_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectEveryTruncationFails;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::ToBytes;
using ::sctpdp::testing::WithLength;

// RFC 9260 section 3.2.1: a type no RFC assigns, 0xC0FF (top bits 11), with
// a three-byte value; the padding byte is outside the length.
const Bytes kUnknown = {0xc0, 0xff, 0x00, 0x07, 0xab, 0xcd, 0xef};

TEST(UnknownParameterTest, ParsesEveryField) {
  UnknownParameter parameter = ExpectRoundTrip<UnknownParameter>(kUnknown);
  EXPECT_EQ(parameter.type, 0xc0ff);
  EXPECT_EQ(ToBytes(parameter.value), (Bytes{0xab, 0xcd, 0xef}));
  EXPECT_EQ(parameter.ToString(),
            "Unknown Parameter type=0xc0ff action=skip+report len=3 value=abcdef");
}

TEST(UnknownParameterTest, BuildsTheSameBytes) {
  const Bytes value = {0xab, 0xcd, 0xef};
  EXPECT_EQ(Serialize(UnknownParameter{.type = 0xc0ff, .value = value}), kUnknown);
}

TEST(UnknownParameterTest, EmptyValue) {
  const Bytes wire = {0x7f, 0xfe, 0x00, 0x04};
  UnknownParameter parameter = ExpectRoundTrip<UnknownParameter>(wire);
  EXPECT_EQ(parameter.type, 0x7ffe);
  EXPECT_TRUE(parameter.value.empty());
}

// Table 3 of section 3.2.1: the two highest bits of the type.
TEST(UnknownParameterTest, Action00StopsAndDiscards) {
  const Bytes wire = {0x00, 0x1f, 0x00, 0x04};
  UnknownParameter parameter = ExpectRoundTrip<UnknownParameter>(wire);
  EXPECT_EQ(parameter.action(), UnknownParameterAction::kStopAndDiscard);
  EXPECT_EQ(parameter.ToString(), "Unknown Parameter type=0x001f action=stop len=0 value=");
}

TEST(UnknownParameterTest, Action01StopsDiscardsAndReports) {
  const Bytes wire = {0x40, 0x01, 0x00, 0x04};
  UnknownParameter parameter = ExpectRoundTrip<UnknownParameter>(wire);
  EXPECT_EQ(parameter.action(), UnknownParameterAction::kStopDiscardAndReport);
  EXPECT_EQ(parameter.ToString(), "Unknown Parameter type=0x4001 action=stop+report len=0 value=");
}

TEST(UnknownParameterTest, Action10SkipsAndContinues) {
  const Bytes wire = {0x80, 0x10, 0x00, 0x04};
  UnknownParameter parameter = ExpectRoundTrip<UnknownParameter>(wire);
  EXPECT_EQ(parameter.action(), UnknownParameterAction::kSkipAndContinue);
  EXPECT_EQ(parameter.ToString(), "Unknown Parameter type=0x8010 action=skip len=0 value=");
}

TEST(UnknownParameterTest, Action11SkipsContinuesAndReports) {
  EXPECT_EQ(ExpectRoundTrip<UnknownParameter>(kUnknown).action(),
            UnknownParameterAction::kSkipContinueAndReport);
  // The lower 14 bits do not matter.
  EXPECT_EQ((UnknownParameter{.type = 0xffff, .value = {}}).action(),
            UnknownParameterAction::kSkipContinueAndReport);
  EXPECT_EQ((UnknownParameter{.type = 0x3fff, .value = {}}).action(),
            UnknownParameterAction::kStopAndDiscard);
}

TEST(UnknownParameterTest, RejectsTruncation) {
  ExpectEveryTruncationFails<UnknownParameter>(kUnknown);
}

TEST(UnknownParameterTest, RejectsLengthBelowHeader) {
  ParseError error =
      ExpectParseError<UnknownParameter>(WithLength(kUnknown, 3), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, 0xc0ff);
}

TEST(UnknownParameterTest, RejectsLengthPastBuffer) {
  ExpectParseError<UnknownParameter>(WithLength(kUnknown, 8), ParseErrorCode::kLengthTooLarge);
}

TEST(UnknownParameterTest, RejectsBytesBeyondLength) {
  EXPECT_EQ(
      ExpectParseError<UnknownParameter>(WithLength(kUnknown, 6), ParseErrorCode::kTrailingBytes)
          .offset,
      6u);
}

}  // namespace
}  // namespace sctpdp
