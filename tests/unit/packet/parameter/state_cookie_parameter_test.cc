#include "dataplane/sctp/packet/parameter/state_cookie_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::ToBytes;

// RFC 9260 section 3.3.3.1.1: type 7, length 4 + 20, an opaque cookie.
const Bytes kCookie = {0x00, 0x07, 0x00, 0x18, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
                       0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14};

TEST(StateCookieParameterTest, ParsesEveryField) {
  StateCookieParameter parameter = ExpectRoundTrip<StateCookieParameter>(kCookie);
  EXPECT_EQ(ToBytes(parameter.cookie), Bytes(kCookie.begin() + 4, kCookie.end()));
  // Long values are shortened to 16 bytes.
  EXPECT_EQ(parameter.ToString(), "State Cookie len=20 cookie=0102030405060708090a0b0c0d0e0f10...");
}

TEST(StateCookieParameterTest, BuildsTheSameBytes) {
  const Bytes cookie(kCookie.begin() + 4, kCookie.end());
  EXPECT_EQ(Serialize(StateCookieParameter{.cookie = cookie}), kCookie);
}

TEST(StateCookieParameterTest, OddLengthCookieParses) {
  // The padding after a 5-byte cookie is outside the parameter.
  const Bytes wire = {0x00, 0x07, 0x00, 0x09, 'a', 'b', 'c', 'd', 'e'};
  EXPECT_EQ(ExpectRoundTrip<StateCookieParameter>(wire).ToString(),
            "State Cookie len=5 cookie=6162636465");
}

TEST(StateCookieParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<StateCookieParameter>(kCookie);
}

}  // namespace
}  // namespace sctpdp
