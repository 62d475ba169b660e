#include "dataplane/sctp/packet/parameter/success_indication_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFixedSize;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// RFC 5061 section 4.2.5: type 0xC005, length 8, correlation id 0x01023474.
const Bytes kSuccess = {0xc0, 0x05, 0x00, 0x08, 0x01, 0x02, 0x34, 0x74};

TEST(SuccessIndicationParameterTest, ParsesEveryField) {
  SuccessIndicationParameter parameter = ExpectRoundTrip<SuccessIndicationParameter>(kSuccess);
  EXPECT_EQ(parameter.correlation_id, AsconfCorrelationId(0x01023474));
  EXPECT_EQ(parameter.ToString(), "Success Indication correlation_id=16921716");
}

TEST(SuccessIndicationParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(
      Serialize(SuccessIndicationParameter{.correlation_id = AsconfCorrelationId(0x01023474)}),
      kSuccess);
}

TEST(SuccessIndicationParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<SuccessIndicationParameter>(kSuccess);
  ExpectFixedSize<SuccessIndicationParameter>(kSuccess);
}

}  // namespace
}  // namespace sctpdp
