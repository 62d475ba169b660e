#include <gtest/gtest.h>

#include "dataplane/sctp/packet/parameter/ecn_capable_parameter.h"
#include "dataplane/sctp/packet/parameter/forward_tsn_supported_parameter.h"
#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFixedSize;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// RFC 9260 section 3.3.2 (type reserved for ECN): 0x8000, length 4.
const Bytes kEcnCapable = {0x80, 0x00, 0x00, 0x04};

// RFC 3758 section 3.1: 49152 (0xC000), length 4.
const Bytes kForwardTsnSupported = {0xc0, 0x00, 0x00, 0x04};

TEST(EcnCapableParameterTest, RoundTrips) {
  EXPECT_EQ(ExpectRoundTrip<EcnCapableParameter>(kEcnCapable).ToString(), "ECN Capable");
  EXPECT_EQ(Serialize(EcnCapableParameter{}), kEcnCapable);
}

TEST(EcnCapableParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<EcnCapableParameter>(kEcnCapable);
  ExpectFixedSize<EcnCapableParameter>(kEcnCapable);
}

TEST(ForwardTsnSupportedParameterTest, RoundTrips) {
  EXPECT_EQ(ExpectRoundTrip<ForwardTsnSupportedParameter>(kForwardTsnSupported).ToString(),
            "Forward-TSN-Supported");
  EXPECT_EQ(Serialize(ForwardTsnSupportedParameter{}), kForwardTsnSupported);
}

TEST(ForwardTsnSupportedParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<ForwardTsnSupportedParameter>(kForwardTsnSupported);
  ExpectFixedSize<ForwardTsnSupportedParameter>(kForwardTsnSupported);
}

TEST(ForwardTsnSupportedParameterTest, RejectsTheEcnType) {
  ExpectParseError<ForwardTsnSupportedParameter>(kEcnCapable, ParseErrorCode::kBadValue);
  ExpectParseError<EcnCapableParameter>(kForwardTsnSupported, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
