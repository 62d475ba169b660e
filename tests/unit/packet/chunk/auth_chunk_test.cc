#include "dataplane/sctp/packet/chunk/auth_chunk.h"

#include <gtest/gtest.h>

#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectEveryTruncationFails;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::WithLength;

// RFC 4895 section 5.1: shared key 2, HMAC identifier 1 (SHA-1, section
// 6.1), a 20-byte HMAC 00 01 .. 13; length 20 + 8.
Bytes Sha1Auth() {
  Bytes wire = {0x0f, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x00, 0x01};
  for (uint8_t i = 0; i < 20; ++i) wire.push_back(i);
  return wire;
}

Bytes HmacOf(const AuthChunk& chunk) { return Bytes(chunk.hmac.begin(), chunk.hmac.end()); }

TEST(AuthChunkTest, ParsesEveryField) {
  const Bytes wire = Sha1Auth();
  AuthChunk chunk = ExpectRoundTrip<AuthChunk>(wire);
  EXPECT_EQ(chunk.shared_key_id, 2);
  EXPECT_EQ(chunk.hmac_id, 1);
  EXPECT_EQ(HmacOf(chunk), Bytes(wire.begin() + 8, wire.end()));
  EXPECT_EQ(chunk.WireSize(), 28u);
  EXPECT_EQ(chunk.ToString(), "AUTH key_id=2 hmac_id=1 hmac=000102030405060708090a0b0c0d0e0f...");
}

TEST(AuthChunkTest, BuildsTheSameBytes) {
  const Bytes wire = Sha1Auth();
  const Bytes hmac(wire.begin() + 8, wire.end());
  AuthChunk chunk{.shared_key_id = 2, .hmac_id = 1, .hmac = hmac};
  EXPECT_EQ(Serialize(chunk), wire);
  EXPECT_EQ(chunk, ExpectRoundTrip<AuthChunk>(wire));
}

TEST(AuthChunkTest, ZeroedHmacForComputation) {
  // RFC 4895 section 6.2: the HMAC is computed over the chunk with its HMAC
  // field set to zero. SHA-256 (identifier 3) gives 32 bytes.
  const Bytes zeros(32, 0);
  AuthChunk chunk{.shared_key_id = 0xffff, .hmac_id = 3, .hmac = zeros};
  Bytes expected = {0x0f, 0x00, 0x00, 0x28, 0xff, 0xff, 0x00, 0x03};
  expected.insert(expected.end(), zeros.begin(), zeros.end());
  EXPECT_EQ(Serialize(chunk), expected);
  AuthChunk parsed = ExpectRoundTrip<AuthChunk>(expected);
  EXPECT_EQ(parsed.hmac.size(), 32u);
  EXPECT_EQ(parsed.ToString(),
            "AUTH key_id=65535 hmac_id=3 hmac=00000000000000000000000000000000...");
}

TEST(AuthChunkTest, HmacLengthNotAMultipleOfFour) {
  // The chunk is padded on the wire; the length counts only the HMAC.
  const Bytes wire = {0x0f, 0x00, 0x00, 0x0d, 0x00, 0x01, 0x00, 0x01, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
  AuthChunk chunk = ExpectRoundTrip<AuthChunk>(wire);
  EXPECT_EQ(HmacOf(chunk), (Bytes{0xaa, 0xbb, 0xcc, 0xdd, 0xee}));
  EXPECT_EQ(chunk.ToString(), "AUTH key_id=1 hmac_id=1 hmac=aabbccddee");
}

TEST(AuthChunkTest, EmptyHmacParses) {
  // Whether the HMAC length fits the identifier is the authenticator's check.
  const Bytes wire = {0x0f, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01};
  AuthChunk chunk = ExpectRoundTrip<AuthChunk>(wire);
  EXPECT_TRUE(chunk.hmac.empty());
  EXPECT_EQ(chunk.ToString(), "AUTH key_id=0 hmac_id=1 hmac=");
}

TEST(AuthChunkTest, FlagsAreIgnoredAndWrittenAsZero) {
  const Bytes clean = Sha1Auth();
  Bytes wire = clean;
  wire[1] = 0xff;
  ParseResult<AuthChunk> parsed = AuthChunk::Parse(wire);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(Serialize(*parsed), clean);
}

TEST(AuthChunkTest, RejectsTruncation) { ExpectEveryTruncationFails<AuthChunk>(Sha1Auth()); }

TEST(AuthChunkTest, RejectsLengthBelowHeader) {
  ParseError error =
      ExpectParseError<AuthChunk>(WithLength(Sha1Auth(), 7), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.type, 15);
}

TEST(AuthChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<AuthChunk>(WithLength(Sha1Auth(), 29), ParseErrorCode::kLengthTooLarge);
}

TEST(AuthChunkTest, RejectsBytesBeyondLength) {
  ParseError error =
      ExpectParseError<AuthChunk>(WithLength(Sha1Auth(), 24), ParseErrorCode::kTrailingBytes);
  EXPECT_EQ(error.offset, 24u);
}

TEST(AuthChunkTest, RejectsOtherChunkType) {
  Bytes wire = Sha1Auth();
  wire[0] = 0x0e;  // SHUTDOWN COMPLETE
  ExpectParseError<AuthChunk>(wire, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
