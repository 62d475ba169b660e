#include "dataplane/sctp/packet/error_cause/unknown_error_cause.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectEveryTruncationFails;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::WithLength;

// A cause of unassigned code 0x1234 (RFC 9260 section 3.3.10 layout) with
// three bytes of information: length 7.
const Bytes kCause = {0x12, 0x34, 0x00, 0x07, 0x01, 0x02, 0x03};

TEST(UnknownErrorCauseTest, ParsesCodeAndInformation) {
  UnknownErrorCause cause = ExpectRoundTrip<UnknownErrorCause>(kCause);
  EXPECT_EQ(cause.code, 0x1234);
  EXPECT_EQ(Bytes(cause.info.begin(), cause.info.end()), (Bytes{0x01, 0x02, 0x03}));
  EXPECT_EQ(cause.ToString(), "Unknown Error Cause code=0x1234 info=010203 len=3");
}

TEST(UnknownErrorCauseTest, ParsesEmptyInformation) {
  UnknownErrorCause cause = ExpectRoundTrip<UnknownErrorCause>({0xff, 0xff, 0x00, 0x04});
  EXPECT_EQ(cause.code, 0xffff);
  EXPECT_TRUE(cause.info.empty());
}

TEST(UnknownErrorCauseTest, ViewsAnyCode) {
  // The raw view works for known codes too; ParseErrorCause decides which
  // struct a code gets.
  UnknownErrorCause cause = ExpectRoundTrip<UnknownErrorCause>({0x00, 0x03, 0x00, 0x05, 0x09});
  EXPECT_EQ(cause.code, 3);
}

TEST(UnknownErrorCauseTest, BuildsTheSameBytes) {
  const Bytes info = {0x01, 0x02, 0x03};
  UnknownErrorCause cause{.code = 0x1234, .info = info};
  EXPECT_EQ(cause.WireSize(), 7u);
  EXPECT_EQ(Serialize(cause), kCause);
  EXPECT_EQ(cause, *UnknownErrorCause::Parse(kCause));
  EXPECT_FALSE(cause == (UnknownErrorCause{.code = 0x1235, .info = info}));
}

TEST(UnknownErrorCauseTest, RejectsTruncation) {
  ExpectEveryTruncationFails<UnknownErrorCause>(kCause);
}

TEST(UnknownErrorCauseTest, RejectsBadLength) {
  ParseError error =
      ExpectParseError<UnknownErrorCause>(WithLength(kCause, 3), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.kind, WireKind::kErrorCause);
  EXPECT_EQ(error.type, 0x1234);
  EXPECT_EQ(error.offset, 2u);
  ExpectParseError<UnknownErrorCause>(WithLength(kCause, 8), ParseErrorCode::kLengthTooLarge);
  ExpectParseError<UnknownErrorCause>(WithLength(kCause, 6), ParseErrorCode::kTrailingBytes);
}

}  // namespace
}  // namespace sctpdp
