#include "dataplane/sctp/packet/chunk/unknown_chunk.h"

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

// RFC 9260 section 3.2: the two high bits of an unrecognized type choose
// the action. Types 63, 127, 191 and 255 are reserved for IETF extensions,
// one per combination. Each carries raw flags and a three-byte value.
Bytes ChunkOfType(uint8_t type) { return {type, 0xa5, 0x00, 0x07, 0x01, 0x02, 0x03}; }

TEST(UnknownChunkTest, HighBits00StopAndDiscard) {
  const Bytes wire = ChunkOfType(63);
  UnknownChunk chunk = ExpectRoundTrip<UnknownChunk>(wire);
  EXPECT_EQ(chunk.action(), UnknownChunkAction::kStopAndDiscard);
  EXPECT_EQ(chunk.ToString(), "UNKNOWN type=63 flags=0xa5 len=7 action=stop-and-discard");
}

TEST(UnknownChunkTest, HighBits01StopDiscardAndReport) {
  const Bytes wire = ChunkOfType(127);
  UnknownChunk chunk = ExpectRoundTrip<UnknownChunk>(wire);
  EXPECT_EQ(chunk.action(), UnknownChunkAction::kStopDiscardAndReport);
  EXPECT_EQ(chunk.ToString(), "UNKNOWN type=127 flags=0xa5 len=7 action=stop-discard-and-report");
}

TEST(UnknownChunkTest, HighBits10SkipAndContinue) {
  const Bytes wire = ChunkOfType(191);
  UnknownChunk chunk = ExpectRoundTrip<UnknownChunk>(wire);
  EXPECT_EQ(chunk.action(), UnknownChunkAction::kSkipAndContinue);
  EXPECT_EQ(chunk.ToString(), "UNKNOWN type=191 flags=0xa5 len=7 action=skip-and-continue");
}

TEST(UnknownChunkTest, HighBits11SkipContinueAndReport) {
  const Bytes wire = ChunkOfType(255);
  UnknownChunk chunk = ExpectRoundTrip<UnknownChunk>(wire);
  EXPECT_EQ(chunk.action(), UnknownChunkAction::kSkipContinueAndReport);
  EXPECT_EQ(chunk.ToString(),
            "UNKNOWN type=255 flags=0xa5 len=7 action=skip-continue-and-report");
}

TEST(UnknownChunkTest, KeepsTypeFlagsAndValue) {
  const Bytes wire = ChunkOfType(200);
  UnknownChunk chunk = ExpectRoundTrip<UnknownChunk>(wire);
  EXPECT_EQ(chunk.type, 200);
  EXPECT_EQ(chunk.flags, 0xa5);  // raw: the meaning of flags is the type's
  EXPECT_EQ(Bytes(chunk.value.begin(), chunk.value.end()), (Bytes{0x01, 0x02, 0x03}));
  EXPECT_EQ(chunk.value.data(), wire.data() + 4);
  EXPECT_EQ(chunk.WireSize(), 7u);
}

TEST(UnknownChunkTest, AcceptsEveryTypeByte) {
  for (int type = 0; type < 256; ++type) {
    const Bytes wire = ChunkOfType(static_cast<uint8_t>(type));
    UnknownChunk chunk = ExpectRoundTrip<UnknownChunk>(wire);
    EXPECT_EQ(chunk.type, type);
    EXPECT_EQ(static_cast<int>(chunk.action()), type >> 6);
  }
}

TEST(UnknownChunkTest, NamesAKnownType) {
  // A chunk of a named type seen through UnknownChunk (e.g. AUTH, 15, when
  // the association has not negotiated it) shows the name too.
  EXPECT_EQ(ExpectRoundTrip<UnknownChunk>({15, 0x00, 0x00, 0x04}).ToString(),
            "UNKNOWN type=15 (AUTH) flags=0x00 len=4 action=stop-and-discard");
}

TEST(UnknownChunkTest, BuildsTheSameBytes) {
  const Bytes value = {0x01, 0x02, 0x03};
  UnknownChunk chunk{.type = 191, .flags = 0xa5, .value = value};
  EXPECT_EQ(Serialize(chunk), ChunkOfType(191));
  EXPECT_EQ(chunk, ExpectRoundTrip<UnknownChunk>(ChunkOfType(191)));
  EXPECT_NE(chunk, (UnknownChunk{.type = 191, .flags = 0x00, .value = value}));
  EXPECT_NE(chunk, (UnknownChunk{.type = 190, .flags = 0xa5, .value = value}));
  EXPECT_EQ(Serialize(UnknownChunk{.type = 0xc5}), (Bytes{0xc5, 0x00, 0x00, 0x04}));
}

TEST(UnknownChunkTest, PaddedValueRoundTrips) {
  // The value keeps whatever the length covers, including padding counted in.
  Bytes wire = WithLength(ChunkOfType(200), 8);
  wire.push_back(0);
  EXPECT_EQ(ExpectRoundTrip<UnknownChunk>(wire).value.size(), 4u);
}

TEST(UnknownChunkTest, RejectsMalformedInput) {
  const Bytes wire = ChunkOfType(200);
  ExpectEveryTruncationFails<UnknownChunk>(wire);
  ParseError error =
      ExpectParseError<UnknownChunk>(WithLength(wire, 3), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.kind, WireKind::kChunk);
  EXPECT_EQ(error.type, 200);
  EXPECT_EQ(error.offset, 2u);
  ExpectParseError<UnknownChunk>(WithLength(wire, 8), ParseErrorCode::kLengthTooLarge);
  ExpectParseError<UnknownChunk>(WithLength(wire, 5), ParseErrorCode::kTrailingBytes);
  ExpectParseError<UnknownChunk>({}, ParseErrorCode::kTruncated);
}

}  // namespace
}  // namespace sctpdp
