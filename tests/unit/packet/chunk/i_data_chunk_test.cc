#include "dataplane/sctp/packet/chunk/i_data_chunk.h"

#include <gtest/gtest.h>

#include "dataplane/sctp/packet/chunk/data_chunk.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectEveryTruncationFails;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::WithLength;

// RFC 8260 section 2.1, a whole message in one chunk: B and E set, TSN 1,
// stream 2, reserved 0, MID 3, PPID 46 in the fifth word, five bytes of user
// data; length 20 + 5.
const Bytes kBeginning = {0x40, 0x03, 0x00, 0x19, 0x00, 0x00, 0x00, 0x01, 0x00,
                          0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00,
                          0x00, 0x2e, 'h',  'e',  'l',  'l',  'o'};

// A middle fragment: no B, so the fifth word is the FSN (7); U set; MID
// 0x89abcdef; TSN 0xfffffffe; stream 0xffff; two bytes of user data.
const Bytes kMiddle = {0x40, 0x04, 0x00, 0x16, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0x00,
                       0x00, 0x89, 0xab, 0xcd, 0xef, 0x00, 0x00, 0x00, 0x07, 'x',  'y'};

Bytes PayloadOf(const IDataChunk& chunk) {
  return Bytes(chunk.payload.begin(), chunk.payload.end());
}

TEST(IDataChunkTest, ParsesEveryFieldOfABeginningFragment) {
  IDataChunk chunk = ExpectRoundTrip<IDataChunk>(kBeginning);
  EXPECT_EQ(chunk.flags, (DataFlags{.beginning = true, .end = true}));
  EXPECT_EQ(chunk.tsn, Tsn(1));
  EXPECT_EQ(chunk.stream_id, StreamId(2));
  EXPECT_EQ(chunk.mid, Mid(3));
  EXPECT_EQ(chunk.ppid, Ppid(46));
  EXPECT_EQ(chunk.fsn, Fsn(0));  // implicitly 0 with the B bit
  EXPECT_EQ(PayloadOf(chunk), (Bytes{'h', 'e', 'l', 'l', 'o'}));
  EXPECT_EQ(chunk.WireSize(), 25u);
  EXPECT_EQ(chunk.ToString(), "I-DATA tsn=1 sid=2 mid=3 ppid=46 len=5 flags=BE");
}

TEST(IDataChunkTest, WithoutTheBeginningBitTheWordIsTheFsn) {
  IDataChunk chunk = ExpectRoundTrip<IDataChunk>(kMiddle);
  EXPECT_EQ(chunk.flags, (DataFlags{.unordered = true}));
  EXPECT_EQ(chunk.tsn, Tsn(0xfffffffe));
  EXPECT_EQ(chunk.stream_id, StreamId(0xffff));
  EXPECT_EQ(chunk.mid, Mid(0x89abcdef));
  EXPECT_EQ(chunk.fsn, Fsn(7));
  EXPECT_EQ(chunk.ppid, Ppid(0));
  EXPECT_EQ(PayloadOf(chunk), (Bytes{'x', 'y'}));
  EXPECT_EQ(chunk.ToString(), "I-DATA tsn=4294967294 sid=65535 mid=2309737967 fsn=7 len=2 flags=U");
}

TEST(IDataChunkTest, LastFragmentCarriesFsn) {
  Bytes wire = kMiddle;
  wire[1] = 0x01;  // E only
  IDataChunk chunk = ExpectRoundTrip<IDataChunk>(wire);
  EXPECT_EQ(chunk.flags, (DataFlags{.end = true}));
  EXPECT_EQ(chunk.fsn, Fsn(7));
  EXPECT_EQ(chunk.ppid, Ppid(0));
}

TEST(IDataChunkTest, BuildsTheSameBytes) {
  const Bytes payload = {'h', 'e', 'l', 'l', 'o'};
  IDataChunk beginning{.flags = {.beginning = true, .end = true},
                       .tsn = Tsn(1),
                       .stream_id = StreamId(2),
                       .mid = Mid(3),
                       .ppid = Ppid(46),
                       .payload = payload};
  EXPECT_EQ(Serialize(beginning), kBeginning);

  const Bytes middle_payload = {'x', 'y'};
  IDataChunk middle{.flags = {.unordered = true},
                    .tsn = Tsn(0xfffffffe),
                    .stream_id = StreamId(0xffff),
                    .mid = Mid(0x89abcdef),
                    .fsn = Fsn(7),
                    .payload = middle_payload};
  EXPECT_EQ(Serialize(middle), kMiddle);
}

TEST(IDataChunkTest, TheBeginningBitChoosesWhichFieldIsWritten) {
  const Bytes payload = {'x', 'y'};
  IDataChunk chunk{.flags = {.beginning = true},
                   .tsn = Tsn(1),
                   .stream_id = StreamId(2),
                   .mid = Mid(3),
                   .ppid = Ppid(0x11223344),
                   .fsn = Fsn(0x55667788),
                   .payload = payload};
  Bytes with_b = Serialize(chunk);
  EXPECT_EQ(Bytes(with_b.begin() + 16, with_b.begin() + 20), (Bytes{0x11, 0x22, 0x33, 0x44}));
  chunk.flags.beginning = false;
  Bytes without_b = Serialize(chunk);
  EXPECT_EQ(Bytes(without_b.begin() + 16, without_b.begin() + 20), (Bytes{0x55, 0x66, 0x77, 0x88}));
}

TEST(IDataChunkTest, ImmediateAckAndAllFlags) {
  Bytes wire = kBeginning;
  wire[1] = 0x0f;
  IDataChunk chunk = ExpectRoundTrip<IDataChunk>(wire);
  EXPECT_EQ(chunk.flags,
            (DataFlags{.immediate_ack = true, .unordered = true, .beginning = true, .end = true}));
  EXPECT_EQ(chunk.ppid, Ppid(46));
  EXPECT_EQ(chunk.ToString(), "I-DATA tsn=1 sid=2 mid=3 ppid=46 len=5 flags=IUBE");
}

TEST(IDataChunkTest, ReservedBitsAreIgnoredAndWrittenAsZero) {
  Bytes wire = kBeginning;
  wire[1] |= 0xf0;  // Res bits of the flags
  wire[10] = 0xab;  // the 16-bit Reserved field
  wire[11] = 0xcd;
  ParseResult<IDataChunk> parsed = IDataChunk::Parse(wire);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(*parsed, ExpectRoundTrip<IDataChunk>(kBeginning));
  EXPECT_EQ(Serialize(*parsed), kBeginning);
}

TEST(IDataChunkTest, EmptyUserDataParses) {
  // Structurally valid; answering it is the engine's job.
  Bytes wire(kBeginning.begin(), kBeginning.begin() + 20);
  wire[3] = 20;
  IDataChunk chunk = ExpectRoundTrip<IDataChunk>(wire);
  EXPECT_TRUE(chunk.payload.empty());
  EXPECT_EQ(chunk.ToString(), "I-DATA tsn=1 sid=2 mid=3 ppid=46 len=0 flags=BE");
}

TEST(IDataChunkTest, RejectsTruncation) {
  ExpectEveryTruncationFails<IDataChunk>(kBeginning);
  ExpectEveryTruncationFails<IDataChunk>(kMiddle);
}

TEST(IDataChunkTest, RejectsAHeaderTheSizeOfData) {
  // 16 bytes is a DATA header, four short of I-DATA's.
  Bytes wire(kBeginning.begin(), kBeginning.begin() + 16);
  wire[3] = 16;
  ParseError error = ExpectParseError<IDataChunk>(wire, ParseErrorCode::kTruncated);
  EXPECT_EQ(error.kind, WireKind::kChunk);
}

TEST(IDataChunkTest, RejectsLengthBelowHeader) {
  ParseError error =
      ExpectParseError<IDataChunk>(WithLength(kBeginning, 19), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.kind, WireKind::kChunk);
  EXPECT_EQ(error.type, 64);
}

TEST(IDataChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<IDataChunk>(WithLength(kBeginning, 26), ParseErrorCode::kLengthTooLarge);
}

TEST(IDataChunkTest, RejectsBytesBeyondLength) {
  ParseError error =
      ExpectParseError<IDataChunk>(WithLength(kBeginning, 24), ParseErrorCode::kTrailingBytes);
  EXPECT_EQ(error.offset, 24u);
}

TEST(IDataChunkTest, RejectsOtherChunkTypes) {
  Bytes wire = kBeginning;
  wire[0] = 0;  // DATA
  ParseError error = ExpectParseError<IDataChunk>(wire, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.offset, 0u);
  // And DATA does not take an I-DATA chunk.
  ExpectParseError<DataChunk>(kBeginning, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
