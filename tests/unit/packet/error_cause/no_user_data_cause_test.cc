#include "dataplane/sctp/packet/error_cause/no_user_data_cause.h"

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

// RFC 9260 section 3.3.10.9: code 9, length 8, TSN 0x01020304.
const Bytes kCause = {0x00, 0x09, 0x00, 0x08, 0x01, 0x02, 0x03, 0x04};

TEST(NoUserDataCauseTest, ParsesEveryField) {
  NoUserDataCause cause = ExpectRoundTrip<NoUserDataCause>(kCause);
  EXPECT_EQ(cause.tsn, Tsn(0x01020304));
  EXPECT_EQ(cause.ToString(), "No User Data tsn=16909060");
}

TEST(NoUserDataCauseTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(NoUserDataCause{.tsn = Tsn(0x01020304)}), kCause);
}

TEST(NoUserDataCauseTest, RejectsBadFraming) {
  ExpectCauseFramingChecks<NoUserDataCause>(kCause, 9);
  ExpectFixedSize<NoUserDataCause>(kCause);
}

}  // namespace
}  // namespace sctpdp
