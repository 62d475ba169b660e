// COOKIE ECHO and COOKIE ACK (RFC 9260 sections 3.3.11 and 3.3.12).
#include <gtest/gtest.h>

#include "dataplane/sctp/packet/chunk/cookie_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/cookie_echo_chunk.h"
#include "tests/unit/packet/chunk/fixed_chunk_checks.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectEveryTruncationFails;
using ::sctpdp::testing::ExpectFixedChunkFraming;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::WithLength;

// A five-byte cookie: the chunk length (9) leaves its padding out.
const Bytes kCookieEcho = {0x0a, 0x00, 0x00, 0x09, 0xc0, 0x0c, 0x1e, 0x55, 0x01};
const Bytes kCookie = {0xc0, 0x0c, 0x1e, 0x55, 0x01};
const Bytes kCookieAck = {0x0b, 0x00, 0x00, 0x04};

TEST(CookieEchoChunkTest, ParsesTheCookie) {
  CookieEchoChunk chunk = ExpectRoundTrip<CookieEchoChunk>(kCookieEcho);
  EXPECT_EQ(Bytes(chunk.cookie.begin(), chunk.cookie.end()), kCookie);
  EXPECT_EQ(chunk.cookie.data(), kCookieEcho.data() + 4);  // a view, not a copy
  EXPECT_EQ(chunk.ToString(), "COOKIE ECHO len=5 cookie=c00c1e5501");
}

TEST(CookieEchoChunkTest, BuildsTheSameBytes) {
  CookieEchoChunk chunk{.cookie = kCookie};
  EXPECT_EQ(Serialize(chunk), kCookieEcho);
  EXPECT_EQ(chunk, ExpectRoundTrip<CookieEchoChunk>(kCookieEcho));
  const Bytes other = {0xc0, 0x0c, 0x1e, 0x55, 0x02};
  EXPECT_NE(chunk, CookieEchoChunk{.cookie = other});
}

TEST(CookieEchoChunkTest, LongCookieIsShortenedInToString) {
  Bytes wire = {0x0a, 0x00, 0x00, 0x18};
  for (uint8_t i = 0; i < 20; ++i) wire.push_back(i);
  CookieEchoChunk chunk = ExpectRoundTrip<CookieEchoChunk>(wire);
  EXPECT_EQ(chunk.cookie.size(), 20u);
  EXPECT_EQ(chunk.ToString(), "COOKIE ECHO len=20 cookie=000102030405060708090a0b0c0d0e0f...");
}

TEST(CookieEchoChunkTest, EmptyCookieParses) {
  // Validating the cookie (section 5.1.5) is the engine's job.
  const Bytes wire = {0x0a, 0x00, 0x00, 0x04};
  CookieEchoChunk chunk = ExpectRoundTrip<CookieEchoChunk>(wire);
  EXPECT_TRUE(chunk.cookie.empty());
}

TEST(CookieEchoChunkTest, IgnoresFlags) {
  Bytes wire = kCookieEcho;
  wire[1] = 0xff;
  ParseResult<CookieEchoChunk> chunk = CookieEchoChunk::Parse(wire);
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ(Serialize(*chunk), kCookieEcho);
}

TEST(CookieEchoChunkTest, RejectsMalformedInput) {
  ExpectEveryTruncationFails<CookieEchoChunk>(kCookieEcho);
  ExpectParseError<CookieEchoChunk>(WithLength(kCookieEcho, 3), ParseErrorCode::kLengthTooSmall);
  ExpectParseError<CookieEchoChunk>(WithLength(kCookieEcho, 10), ParseErrorCode::kLengthTooLarge);
  ExpectParseError<CookieEchoChunk>(WithLength(kCookieEcho, 8), ParseErrorCode::kTrailingBytes);
  Bytes state_cookie = kCookieEcho;
  state_cookie[0] = 0x00;  // DATA
  ExpectParseError<CookieEchoChunk>(state_cookie, ParseErrorCode::kBadValue);
}

TEST(CookieAckChunkTest, ParsesAndBuilds) {
  CookieAckChunk chunk = ExpectRoundTrip<CookieAckChunk>(kCookieAck);
  EXPECT_EQ(chunk, CookieAckChunk{});
  EXPECT_EQ(Serialize(CookieAckChunk{}), kCookieAck);
  EXPECT_EQ(chunk.ToString(), "COOKIE ACK");
}

TEST(CookieAckChunkTest, Framing) { ExpectFixedChunkFraming<CookieAckChunk>(kCookieAck); }

}  // namespace
}  // namespace sctpdp
