#include "dataplane/sctp/packet/parameter/padding_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::ToBytes;

// RFC 4820 section 4: type 0x8005, length 4 + 8. The padding data need not
// be zero; it is kept as it came.
const Bytes kPadding = {0x80, 0x05, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef};

TEST(PaddingParameterTest, ParsesEveryField) {
  PaddingParameter parameter = ExpectRoundTrip<PaddingParameter>(kPadding);
  EXPECT_EQ(ToBytes(parameter.padding), (Bytes{0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(parameter.ToString(), "Padding len=8 padding=00000000deadbeef");
}

TEST(PaddingParameterTest, BuildsTheSameBytes) {
  const Bytes padding = {0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef};
  EXPECT_EQ(Serialize(PaddingParameter{.padding = padding}), kPadding);
}

TEST(PaddingParameterTest, EmptyPaddingParses) {
  EXPECT_TRUE(ExpectRoundTrip<PaddingParameter>({0x80, 0x05, 0x00, 0x04}).padding.empty());
}

TEST(PaddingParameterTest, RejectsBadFraming) { ExpectFramingChecks<PaddingParameter>(kPadding); }

}  // namespace
}  // namespace sctpdp
