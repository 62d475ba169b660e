#include "dataplane/sctp/cookie/hmac_sha256.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Text(std::string_view text) { return Bytes(text.begin(), text.end()); }

std::string Hex(const HmacSha256::Mac& mac) { return HexString(mac, mac.size()); }

// RFC 4231 section 4.2, test case 1.
TEST(HmacSha256Test, Rfc4231TestCase1) {
  HmacSha256 hmac(Bytes(20, 0x0b));
  EXPECT_EQ(Hex(hmac.Compute(Text("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

// RFC 4231 section 4.3, test case 2: a key shorter than the output.
TEST(HmacSha256Test, Rfc4231TestCase2) {
  HmacSha256 hmac(Text("Jefe"));
  EXPECT_EQ(Hex(hmac.Compute(Text("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231 section 4.7, test case 6: a key longer than the SHA-256 block is
// hashed first (RFC 2104 section 2).
TEST(HmacSha256Test, Rfc4231TestCase6) {
  HmacSha256 hmac(Bytes(131, 0xaa));
  EXPECT_EQ(Hex(hmac.Compute(Text("Test Using Larger Than Block-Size Key - Hash Key First"))),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// The context is reused: each Compute starts from the key, not from the
// state the previous message left.
TEST(HmacSha256Test, RepeatedComputeGivesTheSameMac) {
  HmacSha256 hmac(Text("Jefe"));
  const Bytes message = Text("what do ya want for nothing?");
  const HmacSha256::Mac first = hmac.Compute(message);
  EXPECT_EQ(hmac.Compute(Text("something else")).size(), HmacSha256::kSize);
  EXPECT_EQ(hmac.Compute(message), first);
}

TEST(HmacSha256Test, SetKeyReplacesTheKey) {
  HmacSha256 hmac(Bytes(20, 0x0b));
  hmac.SetKey(Text("Jefe"));
  EXPECT_EQ(Hex(hmac.Compute(Text("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256Test, MovedInstanceKeepsItsKey) {
  HmacSha256 original(Bytes(20, 0x0b));
  HmacSha256 moved = std::move(original);
  EXPECT_EQ(Hex(moved.Compute(Text("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

// HMAC is defined for an empty key and an empty message.
TEST(HmacSha256Test, EmptyKeyAndMessage) {
  HmacSha256 hmac(Bytes{});
  EXPECT_EQ(Hex(hmac.Compute(Bytes{})),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

}  // namespace
}  // namespace sctpdp
