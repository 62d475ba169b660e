#include "dataplane/sctp/packet/chunk/error_chunk.h"

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

// RFC 9260 section 3.3.10 with one Stale Cookie cause (3, section
// 3.3.10.3: a measure of staleness of 1000 microseconds).
const Bytes kError = {0x09, 0x00, 0x00, 0x0c, 0x00, 0x03, 0x00, 0x08, 0x00, 0x00, 0x03, 0xe8};

// Three causes: No User Data (9, TSN 7), a code no RFC assigns (0x1234)
// with one byte of information, and Out of Resource (4, no information).
const Bytes kErrorManyCauses = {0x09, 0x00, 0x00, 0x18,  // length 24
                                0x00, 0x09, 0x00, 0x08, 0x00, 0x00, 0x00, 0x07,
                                0x12, 0x34, 0x00, 0x05, 0xaa, 0x00, 0x00, 0x00,
                                0x00, 0x04, 0x00, 0x04};

TEST(ErrorChunkTest, OneCause) {
  ErrorChunk chunk = ExpectRoundTrip<ErrorChunk>(kError);
  EXPECT_EQ(chunk.error_causes.kind(), WireKind::kErrorCause);
  std::vector<TlvList::Field> causes(chunk.error_causes.begin(), chunk.error_causes.end());
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].type, 3);
  EXPECT_EQ(Bytes(causes[0].bytes.begin() + 4, causes[0].bytes.end()),
            (Bytes{0x00, 0x00, 0x03, 0xe8}));
  EXPECT_EQ(chunk.ToString(), "ERROR causes=[Stale Cookie]");
}

TEST(ErrorChunkTest, ManyCauses) {
  ErrorChunk chunk = ExpectRoundTrip<ErrorChunk>(kErrorManyCauses);
  std::vector<TlvList::Field> causes(chunk.error_causes.begin(), chunk.error_causes.end());
  ASSERT_EQ(causes.size(), 3u);
  EXPECT_EQ(causes[0].type, 9);
  EXPECT_EQ(causes[1].type, 0x1234);
  EXPECT_EQ(causes[1].bytes.size(), 5u);
  EXPECT_EQ(causes[2].type, 4);
  EXPECT_EQ(causes[2].offset, 16u);
  EXPECT_EQ(chunk.ToString(), "ERROR causes=[No User Data,0x1234,Out of Resource]");
}

TEST(ErrorChunkTest, NoCausesParses) {
  // Section 3.3.10 asks for one or more causes; an empty ERROR is still
  // well framed, and what to do with it is the engine's call.
  const Bytes wire = {0x09, 0x00, 0x00, 0x04};
  ErrorChunk chunk = ExpectRoundTrip<ErrorChunk>(wire);
  EXPECT_TRUE(chunk.error_causes.empty());
  EXPECT_EQ(chunk, ErrorChunk{});
}

TEST(ErrorChunkTest, BuildsTheSameBytes) {
  std::array<uint8_t, 20> buffer{};
  TlvListWriter writer(buffer, WireKind::kErrorCause);
  ASSERT_TRUE(writer.Add(RawTlv{.type = 9, .value = {0x00, 0x00, 0x00, 0x07}}));
  ASSERT_TRUE(writer.Add(RawTlv{.type = 0x1234, .value = {0xaa}}));
  ASSERT_TRUE(writer.Add(RawTlv{.type = 4}));
  ErrorChunk chunk{.error_causes = writer.list()};
  EXPECT_EQ(Serialize(chunk), kErrorManyCauses);
  EXPECT_EQ(chunk, ExpectRoundTrip<ErrorChunk>(kErrorManyCauses));
}

TEST(ErrorChunkTest, IgnoresFlags) {
  Bytes wire = kError;
  wire[1] = 0x01;
  ParseResult<ErrorChunk> chunk = ErrorChunk::Parse(wire);
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ(Serialize(*chunk), kError);
}

TEST(ErrorChunkTest, RejectsMalformedInput) {
  ExpectEveryTruncationFails<ErrorChunk>(kError);
  ExpectEveryTruncationFails<ErrorChunk>(kErrorManyCauses);
  ExpectParseError<ErrorChunk>(WithLength(kError, 0), ParseErrorCode::kLengthTooSmall);
  ExpectParseError<ErrorChunk>(WithLength(kError, 16), ParseErrorCode::kLengthTooLarge);
  ExpectParseError<ErrorChunk>(WithLength(kError, 8), ParseErrorCode::kTrailingBytes);
  Bytes abort = kError;
  abort[0] = 6;
  ExpectParseError<ErrorChunk>(abort, ParseErrorCode::kBadValue);
}

TEST(ErrorChunkTest, RejectsPartialCausePadding) {
  // The 0x1234 cause (length 5) followed by only two of its three padding
  // bytes and then the end of the chunk.
  Bytes wire(kErrorManyCauses.begin(), kErrorManyCauses.begin() + 19);
  wire[3] = 19;
  ParseError error = ExpectParseError<ErrorChunk>(wire, ParseErrorCode::kMissingPadding);
  EXPECT_EQ(error.kind, WireKind::kErrorCause);
  EXPECT_EQ(error.type, 0x1234);
  EXPECT_EQ(error.offset, 17u);
}

}  // namespace
}  // namespace sctpdp
