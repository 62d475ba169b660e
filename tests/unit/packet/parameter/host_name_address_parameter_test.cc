#include "dataplane/sctp/packet/parameter/host_name_address_parameter.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::ToBytes;

// RFC 9260 section 3.3.2.1.4: type 11, "example.com" and its NUL
// terminator, which the length includes (4 + 12 = 16).
const Bytes kHostName = {0x00, 0x0b, 0x00, 0x10, 'e', 'x', 'a', 'm',
                         'p',  'l',  'e',  '.',  'c', 'o', 'm', 0x00};

TEST(HostNameAddressParameterTest, ParsesEveryField) {
  HostNameAddressParameter parameter = ExpectRoundTrip<HostNameAddressParameter>(kHostName);
  EXPECT_EQ(ToBytes(parameter.host_name), Bytes(kHostName.begin() + 4, kHostName.end()));
  EXPECT_EQ(parameter.host_name.back(), 0);
  EXPECT_EQ(parameter.Name(), "example.com");
  EXPECT_EQ(parameter.ToString(), "Host Name Address host_name=\"example.com\" len=12");
}

TEST(HostNameAddressParameterTest, BuildsTheSameBytes) {
  const Bytes name(kHostName.begin() + 4, kHostName.end());
  EXPECT_EQ(Serialize(HostNameAddressParameter{.host_name = name}), kHostName);
}

TEST(HostNameAddressParameterTest, SeveralTerminatorsAreKept) {
  // "At least one null terminator": the name stops at the first one.
  const Bytes wire = {0x00, 0x0b, 0x00, 0x08, 'a', 'b', 0x00, 0x00};
  HostNameAddressParameter parameter = ExpectRoundTrip<HostNameAddressParameter>(wire);
  EXPECT_EQ(parameter.Name(), "ab");
  EXPECT_EQ(parameter.host_name.size(), 4u);
}

TEST(HostNameAddressParameterTest, UnterminatedNameStillParses) {
  // The receiver aborts on any Host Name Address (section 3.3.2.1.4) and
  // may quote it, so a malformed one is kept rather than rejected.
  const Bytes wire = {0x00, 0x0b, 0x00, 0x07, 'a', 'b', 0xff};
  HostNameAddressParameter parameter = ExpectRoundTrip<HostNameAddressParameter>(wire);
  EXPECT_EQ(parameter.Name().size(), 3u);
  EXPECT_EQ(parameter.ToString(), "Host Name Address host_name=\"ab?\" len=3");
}

TEST(HostNameAddressParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<HostNameAddressParameter>(kHostName);
}

}  // namespace
}  // namespace sctpdp
