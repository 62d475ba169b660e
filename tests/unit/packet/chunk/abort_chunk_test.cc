#include "dataplane/sctp/packet/chunk/abort_chunk.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "tests/unit/packet/chunk/raw_tlv.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectEveryTruncationFails;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::RawTlv;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::WithLength;

// RFC 9260 section 3.3.7, no error causes, T bit clear and set.
const Bytes kAbort = {0x06, 0x00, 0x00, 0x04};
const Bytes kAbortReflected = {0x06, 0x01, 0x00, 0x04};

// With two causes: Invalid Stream Identifier (1, stream 9, section
// 3.3.10.1) and User-Initiated Abort (12) with the reason "bye", whose
// padding the chunk length (19) leaves out.
const Bytes kAbortWithCauses = {0x06, 0x01, 0x00, 0x13,                          // T set, length 19
                                0x00, 0x01, 0x00, 0x08, 0x00, 0x09, 0x00, 0x00,  // stream 9
                                0x00, 0x0c, 0x00, 0x07, 'b',  'y',  'e'};

TEST(AbortChunkTest, WithoutCausesOrTBit) {
  AbortChunk chunk = ExpectRoundTrip<AbortChunk>(kAbort);
  EXPECT_FALSE(chunk.tag_reflected);
  EXPECT_TRUE(chunk.error_causes.empty());
  EXPECT_EQ(chunk.error_causes.kind(), WireKind::kErrorCause);
  EXPECT_EQ(chunk, AbortChunk{});
  EXPECT_EQ(Serialize(AbortChunk{}), kAbort);
  EXPECT_EQ(chunk.ToString(), "ABORT T=0 causes=[]");
}

TEST(AbortChunkTest, TBitSet) {
  AbortChunk chunk = ExpectRoundTrip<AbortChunk>(kAbortReflected);
  EXPECT_TRUE(chunk.tag_reflected);
  EXPECT_EQ(chunk, AbortChunk{.tag_reflected = true});
  EXPECT_EQ(Serialize(AbortChunk{.tag_reflected = true}), kAbortReflected);
  EXPECT_EQ(chunk.ToString(), "ABORT T=1 causes=[]");
}

TEST(AbortChunkTest, WithCauses) {
  AbortChunk chunk = ExpectRoundTrip<AbortChunk>(kAbortWithCauses);
  EXPECT_TRUE(chunk.tag_reflected);
  std::vector<TlvList::Field> causes(chunk.error_causes.begin(), chunk.error_causes.end());
  ASSERT_EQ(causes.size(), 2u);
  EXPECT_EQ(causes[0].type, 1);
  EXPECT_EQ(causes[0].bytes.size(), 8u);
  EXPECT_EQ(causes[1].type, 12);
  EXPECT_EQ(causes[1].offset, 8u);
  EXPECT_EQ(Bytes(causes[1].bytes.begin() + 4, causes[1].bytes.end()), (Bytes{'b', 'y', 'e'}));
  EXPECT_EQ(chunk.ToString(),
            "ABORT T=1 causes=[Invalid Stream Identifier,User-Initiated Abort]");
}

TEST(AbortChunkTest, WithCausesAndPaddedLength) {
  Bytes wire = WithLength(kAbortWithCauses, 20);
  wire.push_back(0);
  wire[1] = 0;
  AbortChunk chunk = ExpectRoundTrip<AbortChunk>(wire);
  EXPECT_FALSE(chunk.tag_reflected);
  EXPECT_EQ(chunk.error_causes.WireSize(), 16u);
}

TEST(AbortChunkTest, BuildsTheSameBytes) {
  std::array<uint8_t, 16> buffer{};
  TlvListWriter writer(buffer, WireKind::kErrorCause);
  ASSERT_TRUE(writer.Add(RawTlv{.type = 1, .value = {0x00, 0x09, 0x00, 0x00}}));
  ASSERT_TRUE(writer.Add(RawTlv{.type = 12, .value = {'b', 'y', 'e'}}));
  AbortChunk chunk{.tag_reflected = true, .error_causes = writer.list()};
  EXPECT_EQ(Serialize(chunk), kAbortWithCauses);
  EXPECT_EQ(chunk, ExpectRoundTrip<AbortChunk>(kAbortWithCauses));
}

TEST(AbortChunkTest, IgnoresReservedFlagBits) {
  ParseResult<AbortChunk> clear = AbortChunk::Parse(Bytes{0x06, 0xfe, 0x00, 0x04});
  ASSERT_TRUE(clear.ok());
  EXPECT_FALSE(clear->tag_reflected);
  EXPECT_EQ(Serialize(*clear), kAbort);
  ParseResult<AbortChunk> set = AbortChunk::Parse(Bytes{0x06, 0xff, 0x00, 0x04});
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(set->tag_reflected);
  EXPECT_EQ(Serialize(*set), kAbortReflected);
}

TEST(AbortChunkTest, RejectsTruncation) {
  ExpectEveryTruncationFails<AbortChunk>(kAbort);
  ExpectEveryTruncationFails<AbortChunk>(kAbortWithCauses);
}

TEST(AbortChunkTest, RejectsBadLengths) {
  ParseError error =
      ExpectParseError<AbortChunk>(WithLength(kAbort, 3), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.type, 6);
  EXPECT_EQ(error.offset, 2u);
  ExpectParseError<AbortChunk>(WithLength(kAbortWithCauses, 20), ParseErrorCode::kLengthTooLarge);
  ExpectParseError<AbortChunk>(WithLength(kAbortWithCauses, 12), ParseErrorCode::kTrailingBytes);
}

TEST(AbortChunkTest, RejectsOtherChunkType) {
  ExpectParseError<AbortChunk>({0x0e, 0x01, 0x00, 0x04}, ParseErrorCode::kBadValue);
}

TEST(AbortChunkTest, RejectsMalformedCause) {
  Bytes wire = kAbortWithCauses;
  wire[15] = 8;  // User-Initiated Abort claims 8 bytes, 7 are there
  ParseError error = ExpectParseError<AbortChunk>(wire, ParseErrorCode::kLengthTooLarge);
  EXPECT_EQ(error.kind, WireKind::kErrorCause);
  EXPECT_EQ(error.type, 12);
  EXPECT_EQ(error.offset, 14u);
}

}  // namespace
}  // namespace sctpdp
