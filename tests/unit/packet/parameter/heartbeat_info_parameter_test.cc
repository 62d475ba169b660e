#include "dataplane/sctp/packet/parameter/heartbeat_info_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::ToBytes;

// RFC 9260 section 3.3.5: type 1, length 4 + 7, seven bytes of sender-
// specific info (the padding to 12 is not part of the parameter).
const Bytes kHeartbeatInfo = {0x00, 0x01, 0x00, 0x0b, 'h', 'b', '-', 'i', 'n', 'f', 'o'};

TEST(HeartbeatInfoParameterTest, ParsesEveryField) {
  HeartbeatInfoParameter parameter = ExpectRoundTrip<HeartbeatInfoParameter>(kHeartbeatInfo);
  EXPECT_EQ(ToBytes(parameter.info), (Bytes{'h', 'b', '-', 'i', 'n', 'f', 'o'}));
  EXPECT_EQ(parameter.ToString(), "Heartbeat Info len=7 info=68622d696e666f");
}

TEST(HeartbeatInfoParameterTest, BuildsTheSameBytes) {
  const Bytes info = {'h', 'b', '-', 'i', 'n', 'f', 'o'};
  EXPECT_EQ(Serialize(HeartbeatInfoParameter{.info = info}), kHeartbeatInfo);
}

TEST(HeartbeatInfoParameterTest, EmptyInfoParses) {
  EXPECT_TRUE(ExpectRoundTrip<HeartbeatInfoParameter>({0x00, 0x01, 0x00, 0x04}).info.empty());
}

TEST(HeartbeatInfoParameterTest, InfoIsAViewOfTheWire) {
  HeartbeatInfoParameter parameter = ExpectRoundTrip<HeartbeatInfoParameter>(kHeartbeatInfo);
  EXPECT_EQ(parameter.info.data(), kHeartbeatInfo.data() + 4);
}

TEST(HeartbeatInfoParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<HeartbeatInfoParameter>(kHeartbeatInfo);
}

TEST(HeartbeatInfoParameterTest, EqualityComparesTheBytes) {
  const Bytes a = {1, 2, 3};
  const Bytes b = {1, 2, 3};
  const Bytes c = {1, 2, 4};
  EXPECT_EQ(HeartbeatInfoParameter{.info = a}, HeartbeatInfoParameter{.info = b});
  EXPECT_NE(HeartbeatInfoParameter{.info = a}, HeartbeatInfoParameter{.info = c});
}

}  // namespace
}  // namespace sctpdp
