#include "dataplane/sctp/packet/parameter/unrecognized_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::ToBytes;

// RFC 9260 section 3.3.3.1.2: type 8 wrapping a copy of an INIT parameter
// the peer did not know, here type 0xC0FF (skip and report) of length 6.
const Bytes kInner = {0xc0, 0xff, 0x00, 0x06, 0xab, 0xcd};
const Bytes kUnrecognized = {0x00, 0x08, 0x00, 0x0a, 0xc0, 0xff, 0x00, 0x06, 0xab, 0xcd};

TEST(UnrecognizedParameterTest, ParsesEveryField) {
  UnrecognizedParameter parameter = ExpectRoundTrip<UnrecognizedParameter>(kUnrecognized);
  EXPECT_EQ(ToBytes(parameter.parameter), kInner);
  EXPECT_EQ(parameter.ToString(), "Unrecognized Parameter len=6 type=0xc0ff");
}

TEST(UnrecognizedParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(UnrecognizedParameter{.parameter = kInner}), kUnrecognized);
}

TEST(UnrecognizedParameterTest, CopyWithInnerPaddingIsKeptAsSent) {
  // Some peers copy the inner parameter with its padding; it is kept as is.
  const Bytes wire = {0x00, 0x08, 0x00, 0x0c, 0xc0, 0xff, 0x00, 0x06, 0xab, 0xcd, 0x00, 0x00};
  UnrecognizedParameter parameter = ExpectRoundTrip<UnrecognizedParameter>(wire);
  EXPECT_EQ(parameter.parameter.size(), 8u);
}

TEST(UnrecognizedParameterTest, ShortCopyShowsItsBytes) {
  const Bytes wire = {0x00, 0x08, 0x00, 0x06, 0xc0, 0xff};
  EXPECT_EQ(ExpectRoundTrip<UnrecognizedParameter>(wire).ToString(),
            "Unrecognized Parameter len=2 parameter=c0ff");
}

TEST(UnrecognizedParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<UnrecognizedParameter>(kUnrecognized);
}

}  // namespace
}  // namespace sctpdp
