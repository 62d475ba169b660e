#include "dataplane/sctp/packet/parameter/adaptation_layer_indication_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFixedSize;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// RFC 5061 section 4.2.6: type 0xC006, length 8, code point 0xfedcba98.
const Bytes kAdaptation = {0xc0, 0x06, 0x00, 0x08, 0xfe, 0xdc, 0xba, 0x98};

TEST(AdaptationLayerIndicationParameterTest, ParsesEveryField) {
  AdaptationLayerIndicationParameter parameter =
      ExpectRoundTrip<AdaptationLayerIndicationParameter>(kAdaptation);
  EXPECT_EQ(parameter.adaptation_code_point, 0xfedcba98u);
  EXPECT_EQ(parameter.ToString(), "Adaptation Layer Indication code_point=4275878552");
}

TEST(AdaptationLayerIndicationParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(AdaptationLayerIndicationParameter{.adaptation_code_point = 0xfedcba98}),
            kAdaptation);
}

TEST(AdaptationLayerIndicationParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<AdaptationLayerIndicationParameter>(kAdaptation);
  ExpectFixedSize<AdaptationLayerIndicationParameter>(kAdaptation);
}

}  // namespace
}  // namespace sctpdp
