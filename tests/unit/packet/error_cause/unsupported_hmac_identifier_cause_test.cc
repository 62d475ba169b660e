#include "dataplane/sctp/packet/error_cause/unsupported_hmac_identifier_cause.h"

#include <gtest/gtest.h>

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

// RFC 4895 section 4.1: code 0x0105, length 6, HMAC identifier 2 (reserved
// by Table 2 of section 3.3, so never supported). The two padding bytes are
// not part of the cause.
const Bytes kCause = {0x01, 0x05, 0x00, 0x06, 0x00, 0x02};

TEST(UnsupportedHmacIdentifierCauseTest, ParsesEveryField) {
  UnsupportedHmacIdentifierCause cause = ExpectRoundTrip<UnsupportedHmacIdentifierCause>(kCause);
  EXPECT_EQ(cause.hmac_id, 2);
  EXPECT_EQ(cause.ToString(), "Unsupported HMAC Identifier hmac_id=2");
}

TEST(UnsupportedHmacIdentifierCauseTest, BuildsSixBytes) {
  UnsupportedHmacIdentifierCause cause{.hmac_id = 2};
  EXPECT_EQ(cause.WireSize(), 6u);
  EXPECT_EQ(Serialize(cause), kCause);
}

TEST(UnsupportedHmacIdentifierCauseTest, RejectsLengthCountingThePadding) {
  // "This value MUST be set to 6."
  ParseError error = ExpectParseError<UnsupportedHmacIdentifierCause>(
      WithLength({0x01, 0x05, 0x00, 0x06, 0x00, 0x02, 0x00, 0x00}, 8), ParseErrorCode::kBadLength);
  EXPECT_EQ(error.offset, 2u);
}

TEST(UnsupportedHmacIdentifierCauseTest, RejectsPaddingInsideTheObject) {
  // The padding belongs to the enclosing list, which strips it.
  ExpectParseError<UnsupportedHmacIdentifierCause>({0x01, 0x05, 0x00, 0x06, 0x00, 0x02, 0, 0},
                                                   ParseErrorCode::kTrailingBytes);
}

TEST(UnsupportedHmacIdentifierCauseTest, RejectsBadFraming) {
  ExpectCauseFramingChecks<UnsupportedHmacIdentifierCause>(kCause, 0x0105);
}

}  // namespace
}  // namespace sctpdp
