#include "dataplane/sctp/packet/chunk/reconfig_chunk.h"

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

// RFC 6525 section 3.1, combination 9: a Re-configuration Response Parameter
// (section 4.4: type 16, length 12, response sn 7, result 1 "Success -
// Performed") then an Outgoing SSN Reset Request Parameter (section 4.1:
// type 13, length 16 + 2 * 1, request sn 1, response sn 6, last TSN 0x10,
// stream 5). The chunk length leaves out the last parameter's two bytes of
// padding: 4 + 12 + 18 = 34.
const Bytes kResponse = {0x00, 0x10, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01};
const Bytes kOutgoingRequest = {0x00, 0x0d, 0x00, 0x12, 0x00, 0x00, 0x00, 0x01, 0x00,
                                0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05};
const Bytes kReconfig = {0x82, 0x00, 0x00, 0x22,
                         // Re-configuration Response
                         0x00, 0x10, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01,
                         // Outgoing SSN Reset Request
                         0x00, 0x0d, 0x00, 0x12, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06,
                         0x00, 0x00, 0x00, 0x10, 0x00, 0x05};

Bytes FieldBytes(const TlvList::Field& field) {
  return Bytes(field.bytes.begin(), field.bytes.end());
}

TEST(ReconfigChunkTest, ParsesEveryParameter) {
  ReconfigChunk chunk = ExpectRoundTrip<ReconfigChunk>(kReconfig);
  EXPECT_EQ(chunk.parameters.kind(), WireKind::kParameter);
  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].type, 16);
  EXPECT_EQ(fields[0].offset, 0u);
  EXPECT_EQ(FieldBytes(fields[0]), kResponse);
  EXPECT_EQ(fields[1].type, 13);
  EXPECT_EQ(fields[1].offset, 12u);
  EXPECT_EQ(FieldBytes(fields[1]), kOutgoingRequest);
  EXPECT_EQ(chunk.WireSize(), 34u);
  EXPECT_EQ(chunk.ToString(),
            "RE-CONFIG params=[Re-configuration Response,Outgoing SSN Reset Request]");
}

TEST(ReconfigChunkTest, BuildsTheSameBytes) {
  Bytes list = kResponse;
  list.insert(list.end(), kOutgoingRequest.begin(), kOutgoingRequest.end());
  ParseResult<TlvList> parameters = TlvList::Parse(list, WireKind::kParameter);
  ASSERT_TRUE(parameters.ok());
  ReconfigChunk chunk{.parameters = *parameters};
  EXPECT_EQ(Serialize(chunk), kReconfig);
  EXPECT_EQ(chunk, ExpectRoundTrip<ReconfigChunk>(kReconfig));
}

TEST(ReconfigChunkTest, LengthMayCountTheLastPadding) {
  // RFC 9260 section 3.2 has senders leave the last padding out of the
  // length; a length that counts it still parses and round-trips as sent.
  Bytes wire = kReconfig;
  wire.push_back(0);
  wire.push_back(0);
  wire = WithLength(wire, 36);
  ReconfigChunk chunk = ExpectRoundTrip<ReconfigChunk>(wire);
  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(FieldBytes(fields[1]), kOutgoingRequest);
}

TEST(ReconfigChunkTest, OneParameter) {
  const Bytes wire = {0x82, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00, 0x0c,
                      0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01};
  ReconfigChunk chunk = ExpectRoundTrip<ReconfigChunk>(wire);
  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(FieldBytes(fields[0]), kResponse);
  EXPECT_EQ(chunk.ToString(), "RE-CONFIG params=[Re-configuration Response]");
}

TEST(ReconfigChunkTest, NoParameterParses) {
  // RFC 6525 section 3.1 wants at least one; that and the allowed
  // combinations are checked by the engine, which reports a Protocol
  // Violation rather than dropping the chunk.
  const Bytes wire = {0x82, 0x00, 0x00, 0x04};
  ReconfigChunk chunk = ExpectRoundTrip<ReconfigChunk>(wire);
  EXPECT_TRUE(chunk.parameters.empty());
  EXPECT_EQ(chunk.ToString(), "RE-CONFIG params=[]");
  EXPECT_EQ(Serialize(ReconfigChunk{}), wire);
}

TEST(ReconfigChunkTest, ManyParameters) {
  // Forty Add Outgoing Streams Requests (RFC 6525 section 4.5: type 17,
  // length 12), one after another.
  Bytes list;
  for (uint8_t i = 0; i < 40; ++i) {
    const Bytes parameter = {0x00, 0x11, 0x00, 0x0c, 0x00, 0x00, 0x00, i, 0x00, i, 0x00, 0x00};
    list.insert(list.end(), parameter.begin(), parameter.end());
  }
  Bytes wire = {0x82, 0x00, 0x01, 0xe4};  // 4 + 40 * 12 = 484
  wire.insert(wire.end(), list.begin(), list.end());
  ReconfigChunk chunk = ExpectRoundTrip<ReconfigChunk>(wire);
  size_t count = 0;
  for (TlvList::Field field : chunk.parameters) {
    EXPECT_EQ(field.type, 17);
    EXPECT_EQ(field.offset, count * 12);
    EXPECT_EQ(field.bytes[7], count);
    ++count;
  }
  EXPECT_EQ(count, 40u);
}

TEST(ReconfigChunkTest, FlagsAreIgnoredAndWrittenAsZero) {
  Bytes wire = kReconfig;
  wire[1] = 0xa5;
  ParseResult<ReconfigChunk> parsed = ReconfigChunk::Parse(wire);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(Serialize(*parsed), kReconfig);
}

TEST(ReconfigChunkTest, UnknownParameterTypePrintsAsHex) {
  const Bytes wire = {0x82, 0x00, 0x00, 0x08, 0x40, 0x99, 0x00, 0x04};
  EXPECT_EQ(ExpectRoundTrip<ReconfigChunk>(wire).ToString(), "RE-CONFIG params=[0x4099]");
}

TEST(ReconfigChunkTest, RejectsTruncation) { ExpectEveryTruncationFails<ReconfigChunk>(kReconfig); }

TEST(ReconfigChunkTest, RejectsLengthBelowHeader) {
  ParseError error =
      ExpectParseError<ReconfigChunk>(WithLength(kReconfig, 3), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.kind, WireKind::kChunk);
  EXPECT_EQ(error.type, 130);
}

TEST(ReconfigChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<ReconfigChunk>(WithLength(kReconfig, 35), ParseErrorCode::kLengthTooLarge);
}

TEST(ReconfigChunkTest, RejectsBytesBeyondLength) {
  ExpectParseError<ReconfigChunk>(WithLength(kReconfig, 32), ParseErrorCode::kTrailingBytes);
}

TEST(ReconfigChunkTest, RejectsParameterCutByChunkLength) {
  // The chunk ends two bytes into the second parameter's header.
  Bytes wire(kReconfig.begin(), kReconfig.begin() + 18);
  ParseError error =
      ExpectParseError<ReconfigChunk>(WithLength(wire, 18), ParseErrorCode::kTruncated);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.offset, 16u);  // where the second parameter starts
}

TEST(ReconfigChunkTest, RejectsParameterLengthBelowHeader) {
  Bytes wire = kReconfig;
  wire[7] = 3;  // first parameter's length
  ParseError error = ExpectParseError<ReconfigChunk>(wire, ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, 16);
  EXPECT_EQ(error.offset, 6u);  // chunk header 4 + the parameter's length field at 2
}

TEST(ReconfigChunkTest, RejectsParameterLengthPastChunk) {
  Bytes wire = kReconfig;
  wire[19] = 0x14;  // second parameter claims 20 bytes, 18 remain
  ParseError error = ExpectParseError<ReconfigChunk>(wire, ParseErrorCode::kLengthTooLarge);
  EXPECT_EQ(error.type, 13);
  EXPECT_EQ(error.offset, 18u);
}

TEST(ReconfigChunkTest, RejectsPartialPaddingAfterParameter) {
  // The 18-byte request needs two bytes of padding before anything else;
  // one stray byte is neither padding nor a parameter.
  Bytes wire = {0x82, 0x00, 0x00, 0x17};
  wire.insert(wire.end(), kOutgoingRequest.begin(), kOutgoingRequest.end());
  wire.push_back(0);
  ParseError error = ExpectParseError<ReconfigChunk>(wire, ParseErrorCode::kMissingPadding);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, 13);
  EXPECT_EQ(error.offset, 4u + 18);
}

TEST(ReconfigChunkTest, RejectsOtherChunkType) {
  Bytes wire = kReconfig;
  wire[0] = 0x80;  // ASCONF ACK
  ExpectParseError<ReconfigChunk>(wire, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
