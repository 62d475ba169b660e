// The causes that are a bare four-byte header: Out of Resource, Invalid
// Mandatory Parameter, Cookie Received While Shutting Down (RFC 9260 sections
// 3.3.10.4, 3.3.10.7, 3.3.10.10) and Association Aborted Due to Illegal
// ASCONF-ACK (RFC 5061 section 4.3.4).

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "dataplane/sctp/packet/error_cause/cookie_received_while_shutting_down_cause.h"
#include "dataplane/sctp/packet/error_cause/illegal_asconf_ack_cause.h"
#include "dataplane/sctp/packet/error_cause/invalid_mandatory_parameter_cause.h"
#include "dataplane/sctp/packet/error_cause/out_of_resource_cause.h"
#include "tests/unit/packet/error_cause/cause_test_util.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectCauseFramingChecks;
using ::sctpdp::testing::ExpectFixedSize;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// The code and name each RFC gives the cause.
template <typename T>
struct Rfc;
template <>
struct Rfc<OutOfResourceCause> {
  static constexpr uint16_t kCode = 4;
  static constexpr const char* kName = "Out of Resource";
};
template <>
struct Rfc<InvalidMandatoryParameterCause> {
  static constexpr uint16_t kCode = 7;
  static constexpr const char* kName = "Invalid Mandatory Parameter";
};
template <>
struct Rfc<CookieReceivedWhileShuttingDownCause> {
  static constexpr uint16_t kCode = 10;
  static constexpr const char* kName = "Cookie Received While Shutting Down";
};
template <>
struct Rfc<IllegalAsconfAckCause> {
  static constexpr uint16_t kCode = 0x00a3;
  static constexpr const char* kName = "Association Aborted Due to Illegal ASCONF-ACK";
};

template <typename T>
Bytes Wire() {
  return {static_cast<uint8_t>(Rfc<T>::kCode >> 8), static_cast<uint8_t>(Rfc<T>::kCode), 0x00,
          0x04};
}

template <typename T>
class EmptyCauseTest : public ::testing::Test {};

using EmptyCauses = ::testing::Types<OutOfResourceCause, InvalidMandatoryParameterCause,
                                     CookieReceivedWhileShuttingDownCause, IllegalAsconfAckCause>;
TYPED_TEST_SUITE(EmptyCauseTest, EmptyCauses);

TYPED_TEST(EmptyCauseTest, HasTheRfcCode) {
  EXPECT_EQ(static_cast<uint16_t>(TypeParam::kType), Rfc<TypeParam>::kCode);
}

TYPED_TEST(EmptyCauseTest, RoundTripsTheBareHeader) {
  TypeParam cause = ExpectRoundTrip<TypeParam>(Wire<TypeParam>());
  EXPECT_EQ(cause.ToString(), std::string(Rfc<TypeParam>::kName));
}

TYPED_TEST(EmptyCauseTest, BuildsTheSameBytes) {
  EXPECT_EQ(TypeParam{}.WireSize(), 4u);
  EXPECT_EQ(Serialize(TypeParam{}), Wire<TypeParam>());
}

TYPED_TEST(EmptyCauseTest, RejectsBadFraming) {
  ExpectCauseFramingChecks<TypeParam>(Wire<TypeParam>(), Rfc<TypeParam>::kCode);
}

TYPED_TEST(EmptyCauseTest, RejectsInformation) {
  // The RFC fixes the Cause Length at 4.
  ExpectFixedSize<TypeParam>(Wire<TypeParam>());
}

}  // namespace
}  // namespace sctpdp
