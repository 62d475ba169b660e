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
