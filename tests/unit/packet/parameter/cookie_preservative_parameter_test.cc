#include "dataplane/sctp/packet/parameter/cookie_preservative_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFixedSize;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// RFC 9260 section 3.3.2.1.3: type 9, length 8, 70000 ms more cookie life.
const Bytes kPreservative = {0x00, 0x09, 0x00, 0x08, 0x00, 0x01, 0x11, 0x70};

TEST(CookiePreservativeParameterTest, ParsesEveryField) {
  CookiePreservativeParameter parameter =
      ExpectRoundTrip<CookiePreservativeParameter>(kPreservative);
  EXPECT_EQ(parameter.increment_ms, 70000u);
  EXPECT_EQ(parameter.ToString(), "Cookie Preservative increment_ms=70000");
}

TEST(CookiePreservativeParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(CookiePreservativeParameter{.increment_ms = 70000}), kPreservative);
}

TEST(CookiePreservativeParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<CookiePreservativeParameter>(kPreservative);
  ExpectFixedSize<CookiePreservativeParameter>(kPreservative);
}

}  // namespace
}  // namespace sctpdp
