#include "dataplane/sctp/packet/parameter/zero_checksum_acceptable_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFixedSize;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// RFC 9653 section 4: type 0x8001, length 8, EDMID 1 (DTLS, section 7).
const Bytes kZeroChecksum = {0x80, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01};

TEST(ZeroChecksumAcceptableParameterTest, ParsesEveryField) {
  ZeroChecksumAcceptableParameter parameter =
      ExpectRoundTrip<ZeroChecksumAcceptableParameter>(kZeroChecksum);
  EXPECT_EQ(parameter.error_detection_method, 1u);
  EXPECT_EQ(parameter.ToString(), "Zero Checksum Acceptable edmid=1");
}

TEST(ZeroChecksumAcceptableParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(ZeroChecksumAcceptableParameter{.error_detection_method = 1}), kZeroChecksum);
}

TEST(ZeroChecksumAcceptableParameterTest, AnyMethodParses) {
  Bytes wire = kZeroChecksum;
  wire[4] = 0xde;
  wire[7] = 0xad;
  EXPECT_EQ(ExpectRoundTrip<ZeroChecksumAcceptableParameter>(wire).error_detection_method,
            0xde0000adu);
}

TEST(ZeroChecksumAcceptableParameterTest, RejectsBadFraming) {
  // "the value MUST be 8"
  ExpectFramingChecks<ZeroChecksumAcceptableParameter>(kZeroChecksum);
  ExpectFixedSize<ZeroChecksumAcceptableParameter>(kZeroChecksum);
}

}  // namespace
}  // namespace sctpdp
