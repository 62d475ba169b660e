#include "dataplane/sctp/packet/chunk/sack_chunk.h"

#include <gtest/gtest.h>

#include <array>
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

// The example of RFC 9260 section 3.3.4: TSNs 10-12, 14-15 and 17 received,
// a_rwnd 4660: cumulative TSN ack 12, gap blocks 2-3 and 5-5, no duplicates.
const Bytes kRfcExample = {0x03, 0x00, 0x00, 0x18,  // type, flags, length 24
                           0x00, 0x00, 0x00, 0x0c,  // cumulative TSN ack 12
                           0x00, 0x00, 0x12, 0x34,  // a_rwnd 4660
                           0x00, 0x02, 0x00, 0x00,  // 2 gap blocks, 0 duplicates
                           0x00, 0x02, 0x00, 0x03,  // block 1: 2-3
                           0x00, 0x05, 0x00, 0x05};  // block 2: 5-5

// No gaps, no duplicates: the common case.
const Bytes kNoGaps = {0x03, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x05,
                       0x00, 0x00, 0x05, 0xdc, 0x00, 0x00, 0x00, 0x00};

// Three gap blocks and, after them, TSN 19 listed twice (the section 3.3.4
// example of a TSN received three times) and TSN 0xfffffff0.
const Bytes kGapsAndDups = {0x03, 0x00, 0x00, 0x28,  // length 40
                            0x00, 0x00, 0x00, 0x0c,  // cumulative TSN ack 12
                            0x00, 0x01, 0x00, 0x00,  // a_rwnd 65536
                            0x00, 0x03, 0x00, 0x03,  // 3 gap blocks, 3 duplicates
                            0x00, 0x02, 0x00, 0x03,  // 2-3
                            0x00, 0x05, 0x00, 0x05,  // 5-5
                            0x00, 0x07, 0xff, 0xff,  // 7-65535
                            0x00, 0x00, 0x00, 0x13,  // duplicate 19
                            0x00, 0x00, 0x00, 0x13,  // duplicate 19
                            0xff, 0xff, 0xff, 0xf0};  // duplicate 0xfffffff0

TEST(GapAckBlockTest, DecodesAndEncodesBigEndian) {
  const std::array<uint8_t, 4> wire = {0x01, 0x02, 0xfe, 0xff};
  GapAckBlock block = GapAckBlock::Decode(wire.data());
  EXPECT_EQ(block, (GapAckBlock{.start = 0x0102, .end = 0xfeff}));
  std::array<uint8_t, 4> out{};
  block.Encode(out.data());
  EXPECT_EQ(out, wire);
}

TEST(SackChunkTest, ParsesTheRfcExample) {
  SackChunk sack = ExpectRoundTrip<SackChunk>(kRfcExample);
  EXPECT_EQ(sack.cumulative_tsn_ack, Tsn(12));
  EXPECT_EQ(sack.a_rwnd, 4660u);
  ASSERT_EQ(sack.gap_ack_blocks.size(), 2u);
  EXPECT_EQ(sack.gap_ack_blocks[0], (GapAckBlock{.start = 2, .end = 3}));
  EXPECT_EQ(sack.gap_ack_blocks[1], (GapAckBlock{.start = 5, .end = 5}));
  EXPECT_TRUE(sack.duplicate_tsns.empty());
  EXPECT_EQ(sack.ToString(), "SACK cum_tsn=12 a_rwnd=4660 gaps=[2-3,5-5] dups=[]");
}

TEST(SackChunkTest, NoGapsNoDuplicates) {
  SackChunk sack = ExpectRoundTrip<SackChunk>(kNoGaps);
  EXPECT_EQ(sack.cumulative_tsn_ack, Tsn(5));
  EXPECT_EQ(sack.a_rwnd, 1500u);
  EXPECT_TRUE(sack.gap_ack_blocks.empty());
  EXPECT_TRUE(sack.duplicate_tsns.empty());
  EXPECT_EQ(sack.WireSize(), 16u);
  EXPECT_EQ(sack.ToString(), "SACK cum_tsn=5 a_rwnd=1500 gaps=[] dups=[]");
}

TEST(SackChunkTest, OneGapBlock) {
  Bytes wire(kRfcExample.begin(), kRfcExample.begin() + 20);
  wire[3] = 20;
  wire[13] = 1;
  SackChunk sack = ExpectRoundTrip<SackChunk>(wire);
  ASSERT_EQ(sack.gap_ack_blocks.size(), 1u);
  EXPECT_EQ(sack.gap_ack_blocks[0], (GapAckBlock{.start = 2, .end = 3}));
  EXPECT_EQ(sack.ToString(), "SACK cum_tsn=12 a_rwnd=4660 gaps=[2-3] dups=[]");
}

TEST(SackChunkTest, SeveralGapBlocksAndDuplicates) {
  SackChunk sack = ExpectRoundTrip<SackChunk>(kGapsAndDups);
  EXPECT_EQ(sack.a_rwnd, 65536u);
  std::vector<GapAckBlock> gaps(sack.gap_ack_blocks.begin(), sack.gap_ack_blocks.end());
  EXPECT_EQ(gaps, (std::vector<GapAckBlock>{{2, 3}, {5, 5}, {7, 65535}}));
  std::vector<Tsn> dups(sack.duplicate_tsns.begin(), sack.duplicate_tsns.end());
  EXPECT_EQ(dups, (std::vector<Tsn>{Tsn(19), Tsn(19), Tsn(0xfffffff0)}));
  EXPECT_EQ(sack.ToString(),
            "SACK cum_tsn=12 a_rwnd=65536 gaps=[2-3,5-5,7-65535] dups=[19,19,4294967280]");
}

TEST(SackChunkTest, DuplicatesWithoutGaps) {
  Bytes wire(kNoGaps);
  wire[3] = 20;
  wire[15] = 1;
  wire.insert(wire.end(), {0x00, 0x00, 0x00, 0x04});
  SackChunk sack = ExpectRoundTrip<SackChunk>(wire);
  EXPECT_TRUE(sack.gap_ack_blocks.empty());
  ASSERT_EQ(sack.duplicate_tsns.size(), 1u);
  EXPECT_EQ(sack.duplicate_tsns[0], Tsn(4));
}

TEST(SackChunkTest, BuildsTheSameBytes) {
  const std::vector<GapAckBlock> gaps = {{2, 3}, {5, 5}, {7, 65535}};
  const std::vector<Tsn> dups = {Tsn(19), Tsn(19), Tsn(0xfffffff0)};
  SackChunk sack{.cumulative_tsn_ack = Tsn(12),
                 .a_rwnd = 65536,
                 .gap_ack_blocks = WireList<GapAckBlock>(gaps),
                 .duplicate_tsns = WireList<Tsn>(dups)};
  EXPECT_EQ(sack.WireSize(), kGapsAndDups.size());
  EXPECT_EQ(Serialize(sack), kGapsAndDups);
  EXPECT_EQ(sack, ExpectRoundTrip<SackChunk>(kGapsAndDups));

  EXPECT_EQ(Serialize(SackChunk{.cumulative_tsn_ack = Tsn(5), .a_rwnd = 1500}), kNoGaps);
}

TEST(SackChunkTest, IgnoresFlags) {
  Bytes wire = kRfcExample;
  wire[1] = 0x5a;
  ParseResult<SackChunk> sack = SackChunk::Parse(wire);
  ASSERT_TRUE(sack.ok());
  EXPECT_EQ(Serialize(*sack), kRfcExample);
}

TEST(SackChunkTest, RejectsTruncation) {
  ExpectEveryTruncationFails<SackChunk>(kRfcExample);
  ExpectEveryTruncationFails<SackChunk>(kGapsAndDups);
}

TEST(SackChunkTest, RejectsMoreGapBlocksThanTheLengthHolds) {
  Bytes wire = kRfcExample;
  wire[13] = 3;
  ParseError error = ExpectParseError<SackChunk>(wire, ParseErrorCode::kBadLength);
  EXPECT_EQ(error.kind, WireKind::kChunk);
  EXPECT_EQ(error.type, 3);
  EXPECT_EQ(error.offset, 2u);
}

TEST(SackChunkTest, RejectsFewerGapBlocksThanTheLengthHolds) {
  Bytes wire = kRfcExample;
  wire[13] = 1;
  ExpectParseError<SackChunk>(wire, ParseErrorCode::kBadLength);
}

TEST(SackChunkTest, RejectsDuplicateCountMismatch) {
  Bytes too_many = kGapsAndDups;
  too_many[15] = 4;
  ExpectParseError<SackChunk>(too_many, ParseErrorCode::kBadLength);
  Bytes too_few = kGapsAndDups;
  too_few[15] = 2;
  ExpectParseError<SackChunk>(too_few, ParseErrorCode::kBadLength);
}

TEST(SackChunkTest, RejectsCountsWithNothingBehindThem) {
  Bytes wire = kNoGaps;
  wire[13] = 1;  // one gap block claimed, none present
  ExpectParseError<SackChunk>(wire, ParseErrorCode::kBadLength);
  wire = kNoGaps;
  wire[15] = 1;  // one duplicate claimed, none present
  ExpectParseError<SackChunk>(wire, ParseErrorCode::kBadLength);
}

TEST(SackChunkTest, RejectsCountsThatOverflowSixteenBits) {
  // 0xffff blocks of four bytes cannot fit any chunk; the sum must not wrap.
  Bytes wire = kRfcExample;
  wire[12] = 0xff;
  wire[13] = 0xff;
  wire[14] = 0xff;
  wire[15] = 0xff;
  ExpectParseError<SackChunk>(wire, ParseErrorCode::kBadLength);
}

TEST(SackChunkTest, RejectsLengthOffTheFourByteStride) {
  Bytes wire = kRfcExample;
  wire.push_back(0);
  wire[3] = 25;
  ParseError error = ExpectParseError<SackChunk>(wire, ParseErrorCode::kBadLength);
  EXPECT_EQ(error.offset, 2u);
}

TEST(SackChunkTest, RejectsLengthBelowFixedPart) {
  ExpectParseError<SackChunk>(WithLength(kNoGaps, 12), ParseErrorCode::kLengthTooSmall);
}

TEST(SackChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<SackChunk>(WithLength(kRfcExample, 28), ParseErrorCode::kLengthTooLarge);
}

TEST(SackChunkTest, RejectsBytesBeyondLength) {
  ExpectParseError<SackChunk>(WithLength(kRfcExample, 20), ParseErrorCode::kTrailingBytes);
}

TEST(SackChunkTest, RejectsOtherChunkType) {
  Bytes wire = kRfcExample;
  wire[0] = 7;  // SHUTDOWN
  ExpectParseError<SackChunk>(wire, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
