#include "dataplane/sctp/packet/chunk/init_chunk.h"

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

// RFC 9260 section 3.3.2: Initiate Tag 0xa1b2c3d4, a_rwnd 65536, 10
// outbound and 65535 inbound streams, Initial TSN 0x11223344, then an IPv4
// Address parameter (5, 192.0.2.1) and a Supported Address Types parameter
// (12, IPv4) of length 6. The chunk length (34) leaves out the last
// parameter's two bytes of padding, as section 3.2 says it should.
const Bytes kInit = {0x01, 0x00, 0x00, 0x22,                          // type, flags, length
                     0xa1, 0xb2, 0xc3, 0xd4,                          // initiate tag
                     0x00, 0x01, 0x00, 0x00,                          // a_rwnd
                     0x00, 0x0a, 0xff, 0xff,                          // OS, MIS
                     0x11, 0x22, 0x33, 0x44,                          // initial TSN
                     0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01,  // IPv4 Address
                     0x00, 0x0c, 0x00, 0x06, 0x00, 0x05};             // Supported Address Types

// The same chunk with the final padding counted in the length (36): also
// valid (section 3.2 asks receivers to accept both).
Bytes PaddedInit() {
  Bytes wire = WithLength(kInit, 36);
  wire.push_back(0);
  wire.push_back(0);
  return wire;
}

TEST(InitChunkTest, ParsesEveryField) {
  InitChunk chunk = ExpectRoundTrip<InitChunk>(kInit);
  EXPECT_EQ(chunk.initiate_tag, VerificationTag(0xa1b2c3d4));
  EXPECT_EQ(chunk.a_rwnd, 65536u);
  EXPECT_EQ(chunk.outbound_streams, 10);
  EXPECT_EQ(chunk.inbound_streams, 65535);
  EXPECT_EQ(chunk.initial_tsn, Tsn(0x11223344));
  EXPECT_EQ(chunk.parameters.kind(), WireKind::kParameter);
  EXPECT_EQ(chunk.WireSize(), kInit.size());

  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].type, 5);
  EXPECT_EQ(fields[0].offset, 0u);
  EXPECT_EQ(Bytes(fields[0].bytes.begin(), fields[0].bytes.end()),
            (Bytes{0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01}));
  EXPECT_EQ(fields[1].type, 12);
  EXPECT_EQ(fields[1].offset, 8u);
  EXPECT_EQ(fields[1].bytes.size(), 6u);
}

TEST(InitChunkTest, ToString) {
  EXPECT_EQ(ExpectRoundTrip<InitChunk>(kInit).ToString(),
            "INIT tag=0xa1b2c3d4 a_rwnd=65536 out_streams=10 in_streams=65535 "
            "initial_tsn=287454020 params=[IPv4 Address,Supported Address Types]");
}

TEST(InitChunkTest, PaddedLastParameterRoundTrips) {
  const Bytes padded = PaddedInit();
  InitChunk chunk = ExpectRoundTrip<InitChunk>(padded);
  EXPECT_EQ(chunk.WireSize(), 36u);
  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[1].type, 12);
  EXPECT_EQ(fields[1].bytes.size(), 6u);  // the field itself excludes its padding
}

TEST(InitChunkTest, BuildsTheSameBytes) {
  std::array<uint8_t, 32> buffer{};
  TlvListWriter writer(buffer, WireKind::kParameter);
  ASSERT_TRUE(writer.Add(RawTlv{.type = 5, .value = {0xc0, 0x00, 0x02, 0x01}}));
  ASSERT_TRUE(writer.Add(RawTlv{.type = 12, .value = {0x00, 0x05}}));
  InitChunk chunk{.initiate_tag = VerificationTag(0xa1b2c3d4),
                  .a_rwnd = 65536,
                  .outbound_streams = 10,
                  .inbound_streams = 65535,
                  .initial_tsn = Tsn(0x11223344),
                  .parameters = writer.list()};
  EXPECT_EQ(Serialize(chunk), kInit);
  EXPECT_EQ(chunk, ExpectRoundTrip<InitChunk>(kInit));
}

TEST(InitChunkTest, NoParameters) {
  Bytes wire(kInit.begin(), kInit.begin() + 20);
  wire[3] = 20;
  InitChunk chunk = ExpectRoundTrip<InitChunk>(wire);
  EXPECT_TRUE(chunk.parameters.empty());
  EXPECT_EQ(chunk.ToString(),
            "INIT tag=0xa1b2c3d4 a_rwnd=65536 out_streams=10 in_streams=65535 "
            "initial_tsn=287454020 params=[]");
}

TEST(InitChunkTest, ZeroStreamsAndTagParse) {
  // Section 5.1.2 makes the engine abort such an INIT; the parser only
  // checks structure.
  Bytes wire(kInit.begin(), kInit.begin() + 20);
  wire[3] = 20;
  for (size_t i = 4; i < 16; ++i) wire[i] = 0;
  InitChunk chunk = ExpectRoundTrip<InitChunk>(wire);
  EXPECT_EQ(chunk.initiate_tag, VerificationTag(0));
  EXPECT_EQ(chunk.outbound_streams, 0);
  EXPECT_EQ(chunk.inbound_streams, 0);
}

TEST(InitChunkTest, IgnoresFlags) {
  Bytes wire = kInit;
  wire[1] = 0xff;  // "Chunk Flags": set to 0 on transmit, ignored on receipt
  ParseResult<InitChunk> chunk = InitChunk::Parse(wire);
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ(Serialize(*chunk), kInit);
}

TEST(InitChunkTest, RejectsTruncation) {
  ExpectEveryTruncationFails<InitChunk>(kInit);
  ExpectEveryTruncationFails<InitChunk>(PaddedInit());
}

TEST(InitChunkTest, RejectsLengthBelowFixedPart) {
  ParseError error =
      ExpectParseError<InitChunk>(WithLength(kInit, 19), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.kind, WireKind::kChunk);
  EXPECT_EQ(error.type, 1);
}

TEST(InitChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<InitChunk>(WithLength(kInit, 35), ParseErrorCode::kLengthTooLarge);
}

TEST(InitChunkTest, RejectsBytesBeyondLength) {
  ExpectParseError<InitChunk>(WithLength(kInit, 32), ParseErrorCode::kTrailingBytes);
}

TEST(InitChunkTest, RejectsOtherChunkType) {
  Bytes wire = kInit;
  wire[0] = 2;  // INIT ACK
  ExpectParseError<InitChunk>(wire, ParseErrorCode::kBadValue);
}

TEST(InitChunkTest, RejectsParameterLengthBelowHeader) {
  Bytes wire = kInit;
  wire[23] = 3;  // IPv4 Address parameter length 3
  ParseError error = ExpectParseError<InitChunk>(wire, ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, 5);
  EXPECT_EQ(error.offset, 22u);  // the parameter's length field, from the chunk start
}

TEST(InitChunkTest, RejectsParameterPastChunkEnd) {
  Bytes wire = kInit;
  wire[31] = 8;  // Supported Address Types claims 8 bytes, 6 are left
  ParseError error = ExpectParseError<InitChunk>(wire, ParseErrorCode::kLengthTooLarge);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, 12);
  EXPECT_EQ(error.offset, 30u);
}

TEST(InitChunkTest, RejectsPartialFinalPadding) {
  // A length that counts one of the two padding bytes is neither form
  // section 3.2 allows.
  Bytes wire = PaddedInit();
  wire.pop_back();
  wire[3] = 35;
  ParseError error = ExpectParseError<InitChunk>(wire, ParseErrorCode::kMissingPadding);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, 12);
  EXPECT_EQ(error.offset, 34u);
}

TEST(InitChunkTest, RejectsUnpaddedParameterBeforeAnother) {
  // Supported Address Types (length 6) packed right against an IPv4 Address
  // parameter: the parser skips the padding it expects (section 3.2.1) and
  // lands inside the address parameter, whose bytes make no valid field.
  Bytes wire(kInit.begin(), kInit.begin() + 20);
  const Bytes params = {0x00, 0x0c, 0x00, 0x06, 0x00, 0x05,
                        0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01};
  wire.insert(wire.end(), params.begin(), params.end());
  wire[3] = static_cast<uint8_t>(wire.size());
  ParseError error = ExpectParseError<InitChunk>(wire, ParseErrorCode::kLengthTooLarge);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.offset, 30u);
}

}  // namespace
}  // namespace sctpdp
