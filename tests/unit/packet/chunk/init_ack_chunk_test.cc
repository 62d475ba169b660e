#include "dataplane/sctp/packet/chunk/init_ack_chunk.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "dataplane/sctp/packet/chunk/init_chunk.h"
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

// RFC 9260 section 3.3.3: Initiate Tag 0x01020304, a_rwnd 131072, 5
// outbound and 7 inbound streams, Initial TSN 0xfffffffe, then ECN Capable
// (0x8000, no value) and a State Cookie (7) holding five bytes, length 9.
// The chunk length (33) leaves out the cookie's three bytes of padding.
const Bytes kInitAck = {0x02, 0x00, 0x00, 0x21,                    // type, flags, length
                        0x01, 0x02, 0x03, 0x04,                    // initiate tag
                        0x00, 0x02, 0x00, 0x00,                    // a_rwnd
                        0x00, 0x05, 0x00, 0x07,                    // OS, MIS
                        0xff, 0xff, 0xff, 0xfe,                    // initial TSN
                        0x80, 0x00, 0x00, 0x04,                    // ECN Capable
                        0x00, 0x07, 0x00, 0x09, 1, 2, 3, 4, 5};    // State Cookie

// The same chunk with the length counting the final padding (36).
Bytes PaddedInitAck() {
  Bytes wire = WithLength(kInitAck, 36);
  wire.insert(wire.end(), {0, 0, 0});
  return wire;
}

TEST(InitAckChunkTest, ParsesEveryField) {
  InitAckChunk chunk = ExpectRoundTrip<InitAckChunk>(kInitAck);
  EXPECT_EQ(chunk.initiate_tag, VerificationTag(0x01020304));
  EXPECT_EQ(chunk.a_rwnd, 131072u);
  EXPECT_EQ(chunk.outbound_streams, 5);
  EXPECT_EQ(chunk.inbound_streams, 7);
  EXPECT_EQ(chunk.initial_tsn, Tsn(0xfffffffe));

  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].type, 0x8000);
  EXPECT_EQ(fields[0].bytes.size(), 4u);
  EXPECT_EQ(fields[1].type, 7);
  EXPECT_EQ(fields[1].offset, 4u);
  EXPECT_EQ(Bytes(fields[1].bytes.begin() + 4, fields[1].bytes.end()), (Bytes{1, 2, 3, 4, 5}));
  EXPECT_EQ(chunk.ToString(),
            "INIT ACK tag=0x01020304 a_rwnd=131072 out_streams=5 in_streams=7 "
            "initial_tsn=4294967294 params=[ECN Capable,State Cookie]");
}

TEST(InitAckChunkTest, PaddedLastParameterRoundTrips) {
  const Bytes padded = PaddedInitAck();
  InitAckChunk chunk = ExpectRoundTrip<InitAckChunk>(padded);
  EXPECT_EQ(chunk.WireSize(), 36u);
  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[1].bytes.size(), 9u);
}

TEST(InitAckChunkTest, BuildsTheSameBytes) {
  std::array<uint8_t, 16> buffer{};
  TlvListWriter writer(buffer, WireKind::kParameter);
  ASSERT_TRUE(writer.Add(RawTlv{.type = 0x8000}));
  ASSERT_TRUE(writer.Add(RawTlv{.type = 7, .value = {1, 2, 3, 4, 5}}));
  InitAckChunk chunk{.initiate_tag = VerificationTag(0x01020304),
                     .a_rwnd = 131072,
                     .outbound_streams = 5,
                     .inbound_streams = 7,
                     .initial_tsn = Tsn(0xfffffffe),
                     .parameters = writer.list()};
  EXPECT_EQ(Serialize(chunk), kInitAck);
  EXPECT_EQ(chunk, ExpectRoundTrip<InitAckChunk>(kInitAck));
}

TEST(InitAckChunkTest, SharesTheInitLayout) {
  // Same fields, same bytes; only the type differs (sections 3.3.2, 3.3.3).
  InitAckChunk ack = ExpectRoundTrip<InitAckChunk>(kInitAck);
  InitChunk init{.initiate_tag = ack.initiate_tag,
                 .a_rwnd = ack.a_rwnd,
                 .outbound_streams = ack.outbound_streams,
                 .inbound_streams = ack.inbound_streams,
                 .initial_tsn = ack.initial_tsn,
                 .parameters = ack.parameters};
  Bytes expected = kInitAck;
  expected[0] = 1;
  EXPECT_EQ(Serialize(init), expected);
}

TEST(InitAckChunkTest, NoParameters) {
  // Structurally valid; a missing State Cookie is the engine's to report
  // (section 5.1, Missing Mandatory Parameter).
  Bytes wire(kInitAck.begin(), kInitAck.begin() + 20);
  wire[3] = 20;
  EXPECT_TRUE(ExpectRoundTrip<InitAckChunk>(wire).parameters.empty());
}

TEST(InitAckChunkTest, RejectsTruncation) {
  ExpectEveryTruncationFails<InitAckChunk>(kInitAck);
  ExpectEveryTruncationFails<InitAckChunk>(PaddedInitAck());
}

TEST(InitAckChunkTest, RejectsLengthBelowFixedPart) {
  ParseError error =
      ExpectParseError<InitAckChunk>(WithLength(kInitAck, 16), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.type, 2);
  EXPECT_EQ(error.offset, 2u);
}

TEST(InitAckChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<InitAckChunk>(WithLength(kInitAck, 34), ParseErrorCode::kLengthTooLarge);
}

TEST(InitAckChunkTest, RejectsBytesBeyondLength) {
  ExpectParseError<InitAckChunk>(WithLength(kInitAck, 24), ParseErrorCode::kTrailingBytes);
}

TEST(InitAckChunkTest, RejectsInitType) {
  Bytes wire = kInitAck;
  wire[0] = 1;
  ExpectParseError<InitAckChunk>(wire, ParseErrorCode::kBadValue);
}

TEST(InitAckChunkTest, RejectsPartialFinalPadding) {
  Bytes wire = PaddedInitAck();
  wire.pop_back();
  wire[3] = 35;
  ParseError error = ExpectParseError<InitAckChunk>(wire, ParseErrorCode::kMissingPadding);
  EXPECT_EQ(error.type, 7);
  EXPECT_EQ(error.offset, 33u);
}

TEST(InitAckChunkTest, RejectsBadParameterLength) {
  Bytes wire = kInitAck;
  wire[27] = 2;  // State Cookie length 2, below its own header
  ParseError error = ExpectParseError<InitAckChunk>(wire, ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.offset, 26u);
}

}  // namespace
}  // namespace sctpdp
