#include "dataplane/sctp/packet/error_cause/invalid_stream_identifier_cause.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/error_cause/cause_test_util.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectCauseFramingChecks;
using ::sctpdp::testing::ExpectFixedSize;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// RFC 9260 section 3.3.10.1: code 1, length 8, stream 0x0107, reserved 0.
const Bytes kCause = {0x00, 0x01, 0x00, 0x08, 0x01, 0x07, 0x00, 0x00};

TEST(InvalidStreamIdentifierCauseTest, ParsesEveryField) {
  InvalidStreamIdentifierCause cause = ExpectRoundTrip<InvalidStreamIdentifierCause>(kCause);
  EXPECT_EQ(cause.stream_id, StreamId(0x0107));
  EXPECT_EQ(cause.ToString(), "Invalid Stream Identifier sid=263");
}

TEST(InvalidStreamIdentifierCauseTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(InvalidStreamIdentifierCause{.stream_id = StreamId(0x0107)}), kCause);
}

TEST(InvalidStreamIdentifierCauseTest, IgnoresReservedOnReceiptAndWritesZero) {
  Bytes wire = kCause;
  wire[6] = 0xab;
  wire[7] = 0xcd;
  ParseResult<InvalidStreamIdentifierCause> cause = InvalidStreamIdentifierCause::Parse(wire);
  ASSERT_TRUE(cause.ok()) << cause.error().ToString();
  EXPECT_EQ(cause->stream_id, StreamId(0x0107));
  EXPECT_EQ(Serialize(*cause), kCause);
}

TEST(InvalidStreamIdentifierCauseTest, RejectsBadFraming) {
  ExpectCauseFramingChecks<InvalidStreamIdentifierCause>(kCause, 1);
  ExpectFixedSize<InvalidStreamIdentifierCause>(kCause);
}

}  // namespace
}  // namespace sctpdp
