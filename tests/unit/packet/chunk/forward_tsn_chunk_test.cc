#include "dataplane/sctp/packet/chunk/forward_tsn_chunk.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectEveryTruncationFails;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::WithLength;

using SkippedStream = ForwardTsnChunk::SkippedStream;

// RFC 3758 section 3.2: new cumulative TSN 9, stream 1 skipped up to SSN 4,
// stream 2 up to SSN 7; length 8 + 2 * 4.
const Bytes kForwardTsn = {0xc0, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x09,
                           0x00, 0x01, 0x00, 0x04, 0x00, 0x02, 0x00, 0x07};

// No skipped streams: only unordered data was abandoned.
const Bytes kNoStreams = {0xc0, 0x00, 0x00, 0x08, 0xde, 0xad, 0xbe, 0xef};

TEST(ForwardTsnChunkTest, ParsesEveryField) {
  ForwardTsnChunk chunk = ExpectRoundTrip<ForwardTsnChunk>(kForwardTsn);
  EXPECT_EQ(chunk.new_cumulative_tsn, Tsn(9));
  ASSERT_EQ(chunk.skipped_streams.size(), 2u);
  EXPECT_EQ(chunk.skipped_streams[0], (SkippedStream{.stream_id = StreamId(1), .ssn = Ssn(4)}));
  EXPECT_EQ(chunk.skipped_streams[1], (SkippedStream{.stream_id = StreamId(2), .ssn = Ssn(7)}));
  EXPECT_EQ(chunk.WireSize(), 16u);
  EXPECT_EQ(chunk.ToString(), "FORWARD TSN new_cum_tsn=9 streams=[1:4,2:7]");
}

TEST(ForwardTsnChunkTest, BuildsTheSameBytes) {
  const std::vector<SkippedStream> streams = {{.stream_id = StreamId(1), .ssn = Ssn(4)},
                                              {.stream_id = StreamId(2), .ssn = Ssn(7)}};
  ForwardTsnChunk chunk{.new_cumulative_tsn = Tsn(9),
                        .skipped_streams = WireList<SkippedStream>(streams)};
  EXPECT_EQ(Serialize(chunk), kForwardTsn);
  EXPECT_EQ(chunk, ExpectRoundTrip<ForwardTsnChunk>(kForwardTsn));
}

TEST(ForwardTsnChunkTest, NoSkippedStreams) {
  ForwardTsnChunk chunk = ExpectRoundTrip<ForwardTsnChunk>(kNoStreams);
  EXPECT_EQ(chunk.new_cumulative_tsn, Tsn(0xdeadbeef));
  EXPECT_TRUE(chunk.skipped_streams.empty());
  EXPECT_EQ(chunk.ToString(), "FORWARD TSN new_cum_tsn=3735928559 streams=[]");
  EXPECT_EQ(Serialize(ForwardTsnChunk{.new_cumulative_tsn = Tsn(0xdeadbeef)}), kNoStreams);
}

TEST(ForwardTsnChunkTest, OneSkippedStream) {
  const Bytes wire = {0xc0, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff, 0xfe};
  ForwardTsnChunk chunk = ExpectRoundTrip<ForwardTsnChunk>(wire);
  ASSERT_EQ(chunk.skipped_streams.size(), 1u);
  EXPECT_EQ(chunk.skipped_streams[0],
            (SkippedStream{.stream_id = StreamId(0xffff), .ssn = Ssn(0xfffe)}));
  EXPECT_EQ(chunk.ToString(), "FORWARD TSN new_cum_tsn=1 streams=[65535:65534]");
}

TEST(ForwardTsnChunkTest, ManySkippedStreams) {
  std::vector<SkippedStream> streams;
  for (uint16_t i = 0; i < 500; ++i) {
    streams.push_back({.stream_id = StreamId(i), .ssn = Ssn(static_cast<uint16_t>(i * 3 + 1))});
  }
  ForwardTsnChunk built{.new_cumulative_tsn = Tsn(77),
                        .skipped_streams = WireList<SkippedStream>(streams)};
  const Bytes wire = Serialize(built);
  ASSERT_EQ(wire.size(), 8u + 500 * 4);
  EXPECT_EQ(wire[2], 0x07);  // length 2008
  EXPECT_EQ(wire[3], 0xd8);
  // Entry 499 sits at byte 8 + 499 * 4: stream 0x01f3, SSN 1498 = 0x05da.
  EXPECT_EQ(Bytes(wire.begin() + 2004, wire.end()), (Bytes{0x01, 0xf3, 0x05, 0xda}));
  ForwardTsnChunk parsed = ExpectRoundTrip<ForwardTsnChunk>(wire);
  ASSERT_EQ(parsed.skipped_streams.size(), 500u);
  size_t i = 0;
  for (SkippedStream skipped : parsed.skipped_streams) EXPECT_EQ(skipped, streams[i++]);
  EXPECT_EQ(parsed, built);
}

TEST(ForwardTsnChunkTest, FlagsAreIgnoredAndWrittenAsZero) {
  Bytes wire = kForwardTsn;
  wire[1] = 0xff;
  ParseResult<ForwardTsnChunk> parsed = ForwardTsnChunk::Parse(wire);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(Serialize(*parsed), kForwardTsn);
}

TEST(ForwardTsnChunkTest, RejectsTruncation) {
  ExpectEveryTruncationFails<ForwardTsnChunk>(kForwardTsn);
  ExpectEveryTruncationFails<ForwardTsnChunk>(kNoStreams);
}

TEST(ForwardTsnChunkTest, RejectsPartialEntry) {
  // Stream entries are four bytes each.
  for (uint16_t extra : {1, 2, 3, 5, 6}) {
    Bytes wire = kForwardTsn;
    wire.resize(8 + extra);
    ParseError error =
        ExpectParseError<ForwardTsnChunk>(WithLength(wire, 8 + extra), ParseErrorCode::kBadLength);
    EXPECT_EQ(error.offset, 2u);
  }
}

TEST(ForwardTsnChunkTest, RejectsLengthBelowHeader) {
  ParseError error = ExpectParseError<ForwardTsnChunk>(WithLength(kForwardTsn, 7),
                                                       ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.type, 192);
}

TEST(ForwardTsnChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<ForwardTsnChunk>(WithLength(kForwardTsn, 20), ParseErrorCode::kLengthTooLarge);
}

TEST(ForwardTsnChunkTest, RejectsBytesBeyondLength) {
  ParseError error = ExpectParseError<ForwardTsnChunk>(WithLength(kForwardTsn, 12),
                                                       ParseErrorCode::kTrailingBytes);
  EXPECT_EQ(error.offset, 12u);
}

TEST(ForwardTsnChunkTest, RejectsOtherChunkType) {
  Bytes wire = kForwardTsn;
  wire[0] = 194;  // I-FORWARD-TSN
  ExpectParseError<ForwardTsnChunk>(wire, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
