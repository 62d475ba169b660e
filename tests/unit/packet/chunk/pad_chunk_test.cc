#include "dataplane/sctp/packet/chunk/pad_chunk.h"

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

// RFC 4820 section 3: eight bytes of Padding Data, length 8 + 4.
const Bytes kPad = {0x84, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

TEST(PadChunkTest, ParsesThePadding) {
  PadChunk chunk = ExpectRoundTrip<PadChunk>(kPad);
  EXPECT_EQ(Bytes(chunk.padding.begin(), chunk.padding.end()), Bytes(8, 0));
  EXPECT_EQ(chunk.WireSize(), 12u);
  EXPECT_EQ(chunk.ToString(), "PAD len=8");
}

TEST(PadChunkTest, BuildsTheSameBytes) {
  const Bytes padding(8, 0);
  PadChunk chunk{.padding = padding};
  EXPECT_EQ(Serialize(chunk), kPad);
  EXPECT_EQ(chunk, ExpectRoundTrip<PadChunk>(kPad));
}

TEST(PadChunkTest, NonZeroPaddingRoundTrips) {
  // The receiver ignores the Padding Data, whatever it holds.
  const Bytes wire = {0x84, 0x00, 0x00, 0x09, 0xde, 0xad, 0xbe, 0xef, 0x42};
  PadChunk chunk = ExpectRoundTrip<PadChunk>(wire);
  EXPECT_EQ(Bytes(chunk.padding.begin(), chunk.padding.end()),
            (Bytes{0xde, 0xad, 0xbe, 0xef, 0x42}));
  EXPECT_EQ(chunk.ToString(), "PAD len=5");
}

TEST(PadChunkTest, NoPaddingDataParses) {
  const Bytes wire = {0x84, 0x00, 0x00, 0x04};
  EXPECT_TRUE(ExpectRoundTrip<PadChunk>(wire).padding.empty());
  EXPECT_EQ(Serialize(PadChunk{}), wire);
}

TEST(PadChunkTest, LargestPadChunk) {
  // The 16-bit length allows 65535 - 4 bytes of Padding Data.
  Bytes wire(65535, 0x5a);
  wire[0] = 0x84;
  wire[1] = 0x00;
  wire = WithLength(wire, 65535);
  PadChunk chunk = ExpectRoundTrip<PadChunk>(wire);
  EXPECT_EQ(chunk.padding.size(), 65531u);
  EXPECT_EQ(chunk.ToString(), "PAD len=65531");
}

TEST(PadChunkTest, FlagsAreIgnoredAndWrittenAsZero) {
  Bytes wire = kPad;
  wire[1] = 0xff;
  ParseResult<PadChunk> parsed = PadChunk::Parse(wire);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(Serialize(*parsed), kPad);
}

TEST(PadChunkTest, RejectsTruncation) { ExpectEveryTruncationFails<PadChunk>(kPad); }

TEST(PadChunkTest, RejectsLengthBelowHeader) {
  ParseError error =
      ExpectParseError<PadChunk>(WithLength(kPad, 3), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.type, 0x84);
}

TEST(PadChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<PadChunk>(WithLength(kPad, 13), ParseErrorCode::kLengthTooLarge);
}

TEST(PadChunkTest, RejectsBytesBeyondLength) {
  ParseError error =
      ExpectParseError<PadChunk>(WithLength(kPad, 10), ParseErrorCode::kTrailingBytes);
  EXPECT_EQ(error.offset, 10u);
}

TEST(PadChunkTest, RejectsOtherChunkType) {
  Bytes wire = kPad;
  wire[0] = 0x85;  // unknown, same action bits as PAD
  ExpectParseError<PadChunk>(wire, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
