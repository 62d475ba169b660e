#include "dataplane/sctp/packet/error_cause/stale_cookie_cause.h"

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

// RFC 9260 section 3.3.10.3: code 3, length 8, staleness 0x0001e240 us.
const Bytes kCause = {0x00, 0x03, 0x00, 0x08, 0x00, 0x01, 0xe2, 0x40};

TEST(StaleCookieCauseTest, ParsesEveryField) {
  StaleCookieCause cause = ExpectRoundTrip<StaleCookieCause>(kCause);
  EXPECT_EQ(cause.staleness_us, 123456u);
  EXPECT_EQ(cause.ToString(), "Stale Cookie staleness_us=123456");
}

TEST(StaleCookieCauseTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(StaleCookieCause{.staleness_us = 123456}), kCause);
}

TEST(StaleCookieCauseTest, ZeroAndLargestStaleness) {
  // Zero means "not reported" (section 3.3.10.3); all 32 bits are used.
  EXPECT_EQ(ExpectRoundTrip<StaleCookieCause>({0x00, 0x03, 0x00, 0x08, 0, 0, 0, 0}).staleness_us,
            0u);
  EXPECT_EQ(ExpectRoundTrip<StaleCookieCause>({0x00, 0x03, 0x00, 0x08, 0xff, 0xff, 0xff, 0xff})
                .staleness_us,
            0xffffffffu);
}

TEST(StaleCookieCauseTest, RejectsBadFraming) {
  ExpectCauseFramingChecks<StaleCookieCause>(kCause, 3);
  ExpectFixedSize<StaleCookieCause>(kCause);
}

}  // namespace
}  // namespace sctpdp
