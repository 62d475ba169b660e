// The causes whose information is one field kept as raw bytes (see
// dataplane/sctp/packet/error_cause/opaque_cause.h): RFC 9260 sections
// 3.3.10.5, 3.3.10.6, 3.3.10.8, 3.3.10.12, 3.3.10.13 and RFC 5061 sections
// 4.3.1, 4.3.2, 4.3.3, 4.3.5.

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/error_cause/delete_last_remaining_address_cause.h"
#include "dataplane/sctp/packet/error_cause/delete_source_address_cause.h"
#include "dataplane/sctp/packet/error_cause/no_authorization_cause.h"
#include "dataplane/sctp/packet/error_cause/protocol_violation_cause.h"
#include "dataplane/sctp/packet/error_cause/resource_shortage_cause.h"
#include "dataplane/sctp/packet/error_cause/unrecognized_chunk_type_cause.h"
#include "dataplane/sctp/packet/error_cause/unrecognized_parameters_cause.h"
#include "dataplane/sctp/packet/error_cause/unresolvable_address_cause.h"
#include "dataplane/sctp/packet/error_cause/user_initiated_abort_cause.h"
#include "tests/unit/packet/error_cause/cause_test_util.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectCauseFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// The code, name and field each RFC gives the cause.
template <typename T>
struct Rfc;
template <>
struct Rfc<UnresolvableAddressCause> {
  static constexpr uint16_t kCode = 5;
  static constexpr const char* kName = "Unresolvable Address";
  static constexpr const char* kLabel = "address";
  static constexpr auto kField = &UnresolvableAddressCause::address;
};
template <>
struct Rfc<UnrecognizedChunkTypeCause> {
  static constexpr uint16_t kCode = 6;
  static constexpr const char* kName = "Unrecognized Chunk Type";
  static constexpr const char* kLabel = "chunk";
  static constexpr auto kField = &UnrecognizedChunkTypeCause::chunk;
};
template <>
struct Rfc<UnrecognizedParametersCause> {
  static constexpr uint16_t kCode = 8;
  static constexpr const char* kName = "Unrecognized Parameters";
  static constexpr const char* kLabel = "parameters";
  static constexpr auto kField = &UnrecognizedParametersCause::parameters;
};
template <>
struct Rfc<UserInitiatedAbortCause> {
  static constexpr uint16_t kCode = 12;
  static constexpr const char* kName = "User-Initiated Abort";
  static constexpr const char* kLabel = "reason";
  static constexpr auto kField = &UserInitiatedAbortCause::reason;
};
template <>
struct Rfc<ProtocolViolationCause> {
  static constexpr uint16_t kCode = 13;
  static constexpr const char* kName = "Protocol Violation";
  static constexpr const char* kLabel = "additional_information";
  static constexpr auto kField = &ProtocolViolationCause::additional_information;
};
template <>
struct Rfc<DeleteLastRemainingAddressCause> {
  static constexpr uint16_t kCode = 0x00a0;
  static constexpr const char* kName = "Request to Delete Last Remaining IP Address";
  static constexpr const char* kLabel = "asconf_parameter";
  static constexpr auto kField = &DeleteLastRemainingAddressCause::asconf_parameter;
};
template <>
struct Rfc<ResourceShortageCause> {
  static constexpr uint16_t kCode = 0x00a1;
  static constexpr const char* kName = "Operation Refused Due to Resource Shortage";
  static constexpr const char* kLabel = "asconf_parameter";
  static constexpr auto kField = &ResourceShortageCause::asconf_parameter;
};
template <>
struct Rfc<DeleteSourceAddressCause> {
  static constexpr uint16_t kCode = 0x00a2;
  static constexpr const char* kName = "Request to Delete Source IP Address";
  static constexpr const char* kLabel = "asconf_parameter";
  static constexpr auto kField = &DeleteSourceAddressCause::asconf_parameter;
};
template <>
struct Rfc<NoAuthorizationCause> {
  static constexpr uint16_t kCode = 0x00a4;
  static constexpr const char* kName = "Request Refused - No Authorization";
  static constexpr const char* kLabel = "asconf_parameter";
  static constexpr auto kField = &NoAuthorizationCause::asconf_parameter;
};

// An IPv4 Address parameter for 192.0.2.1 (RFC 9260 section 3.3.2.1).
const Bytes kInfo = {0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};

template <typename T>
Bytes Wire(const Bytes& info) {
  const size_t length = 4 + info.size();
  Bytes wire(length);
  wire[0] = static_cast<uint8_t>(Rfc<T>::kCode >> 8);
  wire[1] = static_cast<uint8_t>(Rfc<T>::kCode);
  wire[2] = static_cast<uint8_t>(length >> 8);
  wire[3] = static_cast<uint8_t>(length);
  for (size_t i = 0; i < info.size(); ++i) wire[4 + i] = info[i];
  return wire;
}

template <typename T>
Bytes Info(const T& cause) {
  std::span<const uint8_t> info = cause.*Rfc<T>::kField;
  return Bytes(info.begin(), info.end());
}

template <typename T>
class OpaqueCauseTest : public ::testing::Test {};

using OpaqueCauses =
    ::testing::Types<UnresolvableAddressCause, UnrecognizedChunkTypeCause,
                     UnrecognizedParametersCause, UserInitiatedAbortCause, ProtocolViolationCause,
                     DeleteLastRemainingAddressCause, ResourceShortageCause,
                     DeleteSourceAddressCause, NoAuthorizationCause>;
TYPED_TEST_SUITE(OpaqueCauseTest, OpaqueCauses);

TYPED_TEST(OpaqueCauseTest, HasTheRfcCode) {
  EXPECT_EQ(static_cast<uint16_t>(TypeParam::kType), Rfc<TypeParam>::kCode);
}

TYPED_TEST(OpaqueCauseTest, ParsesTheInformation) {
  const Bytes wire = Wire<TypeParam>(kInfo);
  TypeParam cause = ExpectRoundTrip<TypeParam>(wire);
  EXPECT_EQ(Info(cause), kInfo);
  // The field views the parsed bytes rather than a copy.
  ParseResult<TypeParam> parsed = TypeParam::Parse(wire);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(((*parsed).*Rfc<TypeParam>::kField).data(), wire.data() + 4);
  EXPECT_EQ(cause.ToString(), std::string(Rfc<TypeParam>::kName) + " " + Rfc<TypeParam>::kLabel +
                                  "=00050008c0000201 len=8");
}

TYPED_TEST(OpaqueCauseTest, ParsesInformationOfAnyLength) {
  // Only the enclosing list pads: five bytes give a Cause Length of 9.
  const Bytes info = {'a', 'b', 'c', 'd', 'e'};
  const Bytes wire = Wire<TypeParam>(info);
  EXPECT_EQ(wire[3], 9);
  EXPECT_EQ(Info(ExpectRoundTrip<TypeParam>(wire)), info);
}

TYPED_TEST(OpaqueCauseTest, ParsesEmptyInformation) {
  TypeParam cause = ExpectRoundTrip<TypeParam>(Wire<TypeParam>({}));
  EXPECT_TRUE(Info(cause).empty());
  EXPECT_EQ(cause.ToString(),
            std::string(Rfc<TypeParam>::kName) + " " + Rfc<TypeParam>::kLabel + "= len=0");
}

TYPED_TEST(OpaqueCauseTest, BuildsTheSameBytes) {
  TypeParam cause;
  cause.*Rfc<TypeParam>::kField = kInfo;
  EXPECT_EQ(cause.WireSize(), 12u);
  EXPECT_EQ(Serialize(cause), Wire<TypeParam>(kInfo));
  EXPECT_EQ(cause, *TypeParam::Parse(Wire<TypeParam>(kInfo)));
}

TYPED_TEST(OpaqueCauseTest, ComparesTheBytesNotTheView) {
  const Bytes same = kInfo;
  Bytes other = kInfo;
  other.back() ^= 1;
  TypeParam a, b, c;
  a.*Rfc<TypeParam>::kField = kInfo;
  b.*Rfc<TypeParam>::kField = same;
  c.*Rfc<TypeParam>::kField = other;
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a == c);
}

TYPED_TEST(OpaqueCauseTest, RejectsBadFraming) {
  ExpectCauseFramingChecks<TypeParam>(Wire<TypeParam>(kInfo), Rfc<TypeParam>::kCode);
}

// RFC 5061 section 4.3.1 example: the Delete IP Address request (0xC002,
// C-ID 0x01023476, IPv4 192.0.2.1) refused inside an Error Cause Indication.
TEST(OpaqueCauseExampleTest, Rfc5061DeleteLastRemainingAddress) {
  const Bytes wire = {0x00, 0xa0, 0x00, 0x14, 0xc0, 0x02, 0x00, 0x10, 0x01, 0x02,
                      0x34, 0x76, 0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};
  DeleteLastRemainingAddressCause cause = ExpectRoundTrip<DeleteLastRemainingAddressCause>(wire);
  EXPECT_EQ(Info(cause), Bytes(wire.begin() + 4, wire.end()));
}

// RFC 5061 section 4.3.2 example: a refused Add IP Address (0xC001).
TEST(OpaqueCauseExampleTest, Rfc5061ResourceShortage) {
  const Bytes wire = {0x00, 0xa1, 0x00, 0x14, 0xc0, 0x01, 0x00, 0x10, 0x01, 0x02,
                      0x34, 0x74, 0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};
  ResourceShortageCause cause = ExpectRoundTrip<ResourceShortageCause>(wire);
  EXPECT_EQ(Info(cause), Bytes(wire.begin() + 4, wire.end()));
}

// RFC 9260 section 3.3.10.6: a whole unrecognized chunk (type 0x4f, flags 0,
// length 6, two bytes of value) is reported, its own header included.
TEST(OpaqueCauseExampleTest, UnrecognizedChunkKeepsTheChunkHeader) {
  const Bytes wire = {0x00, 0x06, 0x00, 0x0a, 0x4f, 0x00, 0x00, 0x06, 0xaa, 0xbb};
  UnrecognizedChunkTypeCause cause = ExpectRoundTrip<UnrecognizedChunkTypeCause>(wire);
  EXPECT_EQ(Info(cause), (Bytes{0x4f, 0x00, 0x00, 0x06, 0xaa, 0xbb}));
  EXPECT_EQ(cause.ToString(), "Unrecognized Chunk Type chunk=4f000006aabb len=6");
}

// RFC 9260 section 3.3.10.12: the abort reason is carried transparently,
// including bytes that are not text.
TEST(OpaqueCauseExampleTest, UserInitiatedAbortReason) {
  const Bytes wire = {0x00, 0x0c, 0x00, 0x08, 'b', 'y', 'e', 0x00};
  UserInitiatedAbortCause cause = ExpectRoundTrip<UserInitiatedAbortCause>(wire);
  EXPECT_EQ(Info(cause), (Bytes{'b', 'y', 'e', 0x00}));
}

}  // namespace
}  // namespace sctpdp
