#include "dataplane/sctp/packet/parameter/supported_extensions_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::ToBytes;

// RFC 5061 section 4.2.7: type 0x8008, length 4 + 5 (no padding counted):
// ASCONF (193), ASCONF-ACK (128), AUTH (15), FORWARD TSN (192), RE-CONFIG
// (130).
const Bytes kExtensions = {0x80, 0x08, 0x00, 0x09, 0xc1, 0x80, 0x0f, 0xc0, 0x82};

TEST(SupportedExtensionsParameterTest, ParsesEveryField) {
  SupportedExtensionsParameter parameter =
      ExpectRoundTrip<SupportedExtensionsParameter>(kExtensions);
  EXPECT_EQ(ToBytes(parameter.chunk_types), (Bytes{0xc1, 0x80, 0x0f, 0xc0, 0x82}));
  EXPECT_EQ(parameter.ToString(), "Supported Extensions chunk_types=[193,128,15,192,130]");
}

TEST(SupportedExtensionsParameterTest, BuildsTheSameBytes) {
  const Bytes types = {0xc1, 0x80, 0x0f, 0xc0, 0x82};
  EXPECT_EQ(Serialize(SupportedExtensionsParameter{.chunk_types = types}), kExtensions);
}

TEST(SupportedExtensionsParameterTest, ZeroAndOneTypes) {
  EXPECT_TRUE(
      ExpectRoundTrip<SupportedExtensionsParameter>({0x80, 0x08, 0x00, 0x04}).chunk_types.empty());
  EXPECT_EQ(
      ExpectRoundTrip<SupportedExtensionsParameter>({0x80, 0x08, 0x00, 0x05, 0x40}).ToString(),
      "Supported Extensions chunk_types=[64]");
}

TEST(SupportedExtensionsParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<SupportedExtensionsParameter>(kExtensions);
}

}  // namespace
}  // namespace sctpdp
