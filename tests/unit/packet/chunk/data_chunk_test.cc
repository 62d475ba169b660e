#include "dataplane/sctp/packet/chunk/data_chunk.h"

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

// RFC 9260 section 3.3.1: U and E set, TSN 0x01020304, stream 7, SSN 9,
// PPID 46 (Diameter), three bytes of user data.
const Bytes kData = {0x00, 0x05, 0x00, 0x13, 0x01, 0x02, 0x03, 0x04, 0x00, 0x07,
                     0x00, 0x09, 0x00, 0x00, 0x00, 0x2e, 'a',  'b',  'c'};

TEST(DataChunkTest, ParsesEveryField) {
  DataChunk chunk = ExpectRoundTrip<DataChunk>(kData);
  EXPECT_EQ(chunk.tsn, Tsn(0x01020304));
  EXPECT_EQ(chunk.stream_id, StreamId(7));
  EXPECT_EQ(chunk.ssn, Ssn(9));
  EXPECT_EQ(chunk.ppid, Ppid(46));
  EXPECT_EQ(chunk.flags, (DataFlags{.unordered = true, .end = true}));
  EXPECT_EQ(Bytes(chunk.payload.begin(), chunk.payload.end()), (Bytes{'a', 'b', 'c'}));
  EXPECT_EQ(chunk.ToString(), "DATA tsn=16909060 sid=7 ssn=9 ppid=46 len=3 flags=UE");
}

TEST(DataChunkTest, BuildsTheSameBytes) {
  const Bytes payload = {'a', 'b', 'c'};
  DataChunk chunk{.flags = {.unordered = true, .end = true},
                  .tsn = Tsn(0x01020304),
                  .stream_id = StreamId(7),
                  .ssn = Ssn(9),
                  .ppid = Ppid(46),
                  .payload = payload};
  EXPECT_EQ(Serialize(chunk), kData);
}

TEST(DataChunkTest, ImmediateAckBit) {
  Bytes wire = kData;
  wire[1] = 0x0b;  // I, B, E
  DataChunk chunk = ExpectRoundTrip<DataChunk>(wire);
  EXPECT_EQ(chunk.flags, (DataFlags{.immediate_ack = true, .beginning = true, .end = true}));
}

// RFC 9260 section 3.3.1: flags Res(4) I U B E. Every value of the flags
// byte parses to its four bits, the reserved ones ignored, and the four bits
// are written back with the reserved ones zero.
TEST(DataChunkTest, EveryFlagsByteDecodesItsFourBits) {
  for (int byte = 0; byte < 256; ++byte) {
    Bytes wire = kData;
    wire[1] = static_cast<uint8_t>(byte);
    ParseResult<DataChunk> chunk = DataChunk::Parse(wire);
    ASSERT_TRUE(chunk.ok()) << "flags " << byte;
    EXPECT_EQ(chunk->flags.immediate_ack, (byte & 0x08) != 0) << "flags " << byte;
    EXPECT_EQ(chunk->flags.unordered, (byte & 0x04) != 0) << "flags " << byte;
    EXPECT_EQ(chunk->flags.beginning, (byte & 0x02) != 0) << "flags " << byte;
    EXPECT_EQ(chunk->flags.end, (byte & 0x01) != 0) << "flags " << byte;
    EXPECT_EQ(Serialize(*chunk)[1], byte & 0x0f) << "flags " << byte;
  }
}

TEST(DataChunkTest, EmptyUserDataParses) {
  // Structurally valid; RFC 9260 section 6.2 makes the engine answer it.
  Bytes wire(kData.begin(), kData.begin() + 16);
  wire[3] = 16;
  EXPECT_TRUE(ExpectRoundTrip<DataChunk>(wire).payload.empty());
}

TEST(DataChunkTest, RejectsTruncation) { ExpectEveryTruncationFails<DataChunk>(kData); }

TEST(DataChunkTest, RejectsLengthBelowHeader) {
  ParseError error = ExpectParseError<DataChunk>(WithLength(kData, 15),
                                                 ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.kind, WireKind::kChunk);
}

TEST(DataChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<DataChunk>(WithLength(kData, 20), ParseErrorCode::kLengthTooLarge);
}

TEST(DataChunkTest, RejectsBytesBeyondLength) {
  ExpectParseError<DataChunk>(WithLength(kData, 18), ParseErrorCode::kTrailingBytes);
}

TEST(DataChunkTest, RejectsOtherChunkType) {
  Bytes wire = kData;
  wire[0] = 64;  // I-DATA
  ExpectParseError<DataChunk>(wire, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
