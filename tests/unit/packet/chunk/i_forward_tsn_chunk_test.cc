#include "dataplane/sctp/packet/chunk/i_forward_tsn_chunk.h"

#include <gtest/gtest.h>

#include <vector>

#include "dataplane/sctp/packet/chunk/forward_tsn_chunk.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectEveryTruncationFails;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::WithLength;

using SkippedStream = IForwardTsnChunk::SkippedStream;

// RFC 8260 section 2.3.1: new cumulative TSN 9; stream 1 ordered up to MID 4;
// stream 2 unordered (U, the lowest bit of the reserved field) up to MID 7;
// length 8 + 2 * 8.
const Bytes kIForwardTsn = {0xc2, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x09, 0x00, 0x01, 0x00, 0x00,
                            0x00, 0x00, 0x00, 0x04, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07};

const Bytes kNoStreams = {0xc2, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x2a};

TEST(IForwardTsnChunkTest, ParsesEveryField) {
  IForwardTsnChunk chunk = ExpectRoundTrip<IForwardTsnChunk>(kIForwardTsn);
  EXPECT_EQ(chunk.new_cumulative_tsn, Tsn(9));
  ASSERT_EQ(chunk.skipped_streams.size(), 2u);
  EXPECT_EQ(chunk.skipped_streams[0],
            (SkippedStream{.stream_id = StreamId(1), .unordered = false, .mid = Mid(4)}));
  EXPECT_EQ(chunk.skipped_streams[1],
            (SkippedStream{.stream_id = StreamId(2), .unordered = true, .mid = Mid(7)}));
  EXPECT_EQ(chunk.WireSize(), 24u);
  EXPECT_EQ(chunk.ToString(), "I-FORWARD-TSN new_cum_tsn=9 streams=[1:4,2:U7]");
}

TEST(IForwardTsnChunkTest, BuildsTheSameBytes) {
  const std::vector<SkippedStream> streams = {
      {.stream_id = StreamId(1), .unordered = false, .mid = Mid(4)},
      {.stream_id = StreamId(2), .unordered = true, .mid = Mid(7)}};
  IForwardTsnChunk chunk{.new_cumulative_tsn = Tsn(9),
                         .skipped_streams = WireList<SkippedStream>(streams)};
  EXPECT_EQ(Serialize(chunk), kIForwardTsn);
  EXPECT_EQ(chunk, ExpectRoundTrip<IForwardTsnChunk>(kIForwardTsn));
}

TEST(IForwardTsnChunkTest, NoSkippedStreams) {
  IForwardTsnChunk chunk = ExpectRoundTrip<IForwardTsnChunk>(kNoStreams);
  EXPECT_EQ(chunk.new_cumulative_tsn, Tsn(42));
  EXPECT_TRUE(chunk.skipped_streams.empty());
  EXPECT_EQ(chunk.ToString(), "I-FORWARD-TSN new_cum_tsn=42 streams=[]");
  EXPECT_EQ(Serialize(IForwardTsnChunk{.new_cumulative_tsn = Tsn(42)}), kNoStreams);
}

TEST(IForwardTsnChunkTest, OneSkippedStreamWithAFullMid) {
  const Bytes wire = {0xc2, 0x00, 0x00, 0x10, 0x80, 0x00, 0x00, 0x00,
                      0xff, 0xfe, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff};
  IForwardTsnChunk chunk = ExpectRoundTrip<IForwardTsnChunk>(wire);
  EXPECT_EQ(chunk.new_cumulative_tsn, Tsn(0x80000000));
  ASSERT_EQ(chunk.skipped_streams.size(), 1u);
  EXPECT_EQ(
      chunk.skipped_streams[0],
      (SkippedStream{.stream_id = StreamId(0xfffe), .unordered = true, .mid = Mid(0xffffffff)}));
}

TEST(IForwardTsnChunkTest, ManySkippedStreams) {
  std::vector<SkippedStream> streams;
  for (uint32_t i = 0; i < 300; ++i) {
    streams.push_back({.stream_id = StreamId(static_cast<uint16_t>(i)),
                       .unordered = i % 3 == 0,
                       .mid = Mid(0x01000000 + i)});
  }
  IForwardTsnChunk built{.new_cumulative_tsn = Tsn(5),
                         .skipped_streams = WireList<SkippedStream>(streams)};
  const Bytes wire = Serialize(built);
  ASSERT_EQ(wire.size(), 8u + 300 * 8);
  // Entry 297 (unordered) at byte 8 + 297 * 8 = 2384: stream 0x0129, U, MID 0x01000129.
  EXPECT_EQ(Bytes(wire.begin() + 2384, wire.begin() + 2392),
            (Bytes{0x01, 0x29, 0x00, 0x01, 0x01, 0x00, 0x01, 0x29}));
  IForwardTsnChunk parsed = ExpectRoundTrip<IForwardTsnChunk>(wire);
  ASSERT_EQ(parsed.skipped_streams.size(), 300u);
  for (size_t i = 0; i < streams.size(); ++i) EXPECT_EQ(parsed.skipped_streams[i], streams[i]);
  EXPECT_EQ(parsed, built);
}

TEST(IForwardTsnChunkTest, ReservedBitsAreIgnoredAndWrittenAsZero) {
  Bytes wire = kIForwardTsn;
  wire[1] = 0xff;   // chunk flags
  wire[10] = 0xff;  // first entry: all 15 reserved bits set, U clear
  wire[11] = 0xfe;
  wire[18] = 0x80;  // second entry: a reserved bit set, U still set
  ParseResult<IForwardTsnChunk> parsed = IForwardTsnChunk::Parse(wire);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_FALSE(parsed->skipped_streams[0].unordered);
  EXPECT_TRUE(parsed->skipped_streams[1].unordered);
  EXPECT_EQ(Serialize(*parsed), kIForwardTsn);
}

TEST(IForwardTsnChunkTest, RejectsTruncation) {
  ExpectEveryTruncationFails<IForwardTsnChunk>(kIForwardTsn);
  ExpectEveryTruncationFails<IForwardTsnChunk>(kNoStreams);
}

TEST(IForwardTsnChunkTest, RejectsPartialEntry) {
  // Entries are eight bytes; a FORWARD TSN-sized entry of four is not one.
  for (uint16_t extra : {1, 4, 7, 12}) {
    Bytes wire = kIForwardTsn;
    wire.resize(8 + extra);
    ParseError error =
        ExpectParseError<IForwardTsnChunk>(WithLength(wire, 8 + extra), ParseErrorCode::kBadLength);
    EXPECT_EQ(error.offset, 2u);
  }
}

TEST(IForwardTsnChunkTest, RejectsLengthBelowHeader) {
  ParseError error = ExpectParseError<IForwardTsnChunk>(WithLength(kIForwardTsn, 4),
                                                        ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.type, 194);
}

TEST(IForwardTsnChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<IForwardTsnChunk>(WithLength(kIForwardTsn, 32), ParseErrorCode::kLengthTooLarge);
}

TEST(IForwardTsnChunkTest, RejectsBytesBeyondLength) {
  ParseError error = ExpectParseError<IForwardTsnChunk>(WithLength(kIForwardTsn, 16),
                                                        ParseErrorCode::kTrailingBytes);
  EXPECT_EQ(error.offset, 16u);
}

TEST(IForwardTsnChunkTest, RejectsOtherChunkType) {
  Bytes wire = kIForwardTsn;
  wire[0] = 192;  // FORWARD TSN
  ExpectParseError<IForwardTsnChunk>(wire, ParseErrorCode::kBadValue);
  // The two chunks are not interchangeable (RFC 8260 section 2.3.1).
  ExpectParseError<ForwardTsnChunk>(kIForwardTsn, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
