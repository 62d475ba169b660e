#include "dataplane/sctp/packet/chunk/asconf_ack_chunk.h"

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

// RFC 5061 section 4.2.5: Success Indication (0xC005, length 8) for
// correlation id 0x01023474.
const Bytes kSuccess = {0xc0, 0x05, 0x00, 0x08, 0x01, 0x02, 0x34, 0x74};

// RFC 5061 section 4.2.3: Error Cause Indication (0xC003) for correlation
// id 9 carrying an "Operation Refused Due to Resource Shortage" cause (0x00A1,
// section 5.1) with no detail; length 8 + 4.
const Bytes kErrorIndication = {0xc0, 0x03, 0x00, 0x0c, 0x00, 0x00,
                                0x00, 0x09, 0x00, 0xa1, 0x00, 0x04};

// RFC 5061 section 4.1.2: serial 5, two responses; length 8 + 8 + 12.
const Bytes kAsconfAck = {0x80, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x05,
                          // Success Indication
                          0xc0, 0x05, 0x00, 0x08, 0x01, 0x02, 0x34, 0x74,
                          // Error Cause Indication
                          0xc0, 0x03, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x09, 0x00, 0xa1, 0x00, 0x04};

Bytes FieldBytes(const TlvList::Field& field) {
  return Bytes(field.bytes.begin(), field.bytes.end());
}

TEST(AsconfAckChunkTest, ParsesEveryField) {
  AsconfAckChunk chunk = ExpectRoundTrip<AsconfAckChunk>(kAsconfAck);
  EXPECT_EQ(chunk.serial_number, AsconfSerial(5));
  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].type, 0xc005);
  EXPECT_EQ(FieldBytes(fields[0]), kSuccess);
  EXPECT_EQ(fields[1].type, 0xc003);
  EXPECT_EQ(fields[1].offset, 8u);
  EXPECT_EQ(FieldBytes(fields[1]), kErrorIndication);
  EXPECT_EQ(chunk.WireSize(), 28u);
  EXPECT_EQ(chunk.ToString(),
            "ASCONF ACK serial=5 params=[Success Indication,Error Cause Indication]");
}

TEST(AsconfAckChunkTest, BuildsTheSameBytes) {
  Bytes list = kSuccess;
  list.insert(list.end(), kErrorIndication.begin(), kErrorIndication.end());
  ParseResult<TlvList> parameters = TlvList::Parse(list, WireKind::kParameter);
  ASSERT_TRUE(parameters.ok());
  AsconfAckChunk chunk{.serial_number = AsconfSerial(5), .parameters = *parameters};
  EXPECT_EQ(Serialize(chunk), kAsconfAck);
  EXPECT_EQ(chunk, ExpectRoundTrip<AsconfAckChunk>(kAsconfAck));
}

TEST(AsconfAckChunkTest, NoResponsesMeansCompleteSuccess) {
  // RFC 5061 section 4.1.2: length 8, the sequence number only.
  const Bytes wire = {0x80, 0x00, 0x00, 0x08, 0x12, 0x34, 0x56, 0x78};
  AsconfAckChunk chunk = ExpectRoundTrip<AsconfAckChunk>(wire);
  EXPECT_EQ(chunk.serial_number, AsconfSerial(0x12345678));
  EXPECT_TRUE(chunk.parameters.empty());
  EXPECT_EQ(chunk.ToString(), "ASCONF ACK serial=305419896 params=[]");
  EXPECT_EQ(Serialize(AsconfAckChunk{.serial_number = AsconfSerial(0x12345678)}), wire);
}

TEST(AsconfAckChunkTest, OneResponse) {
  Bytes wire = {0x80, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x05};
  wire.insert(wire.end(), kSuccess.begin(), kSuccess.end());
  AsconfAckChunk chunk = ExpectRoundTrip<AsconfAckChunk>(wire);
  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(FieldBytes(fields[0]), kSuccess);
}

TEST(AsconfAckChunkTest, ManyResponses) {
  Bytes wire = {0x80, 0x00, 0x01, 0x48, 0x00, 0x00, 0x00, 0x01};  // 8 + 40 * 8 = 328
  for (uint8_t i = 0; i < 40; ++i) {
    const Bytes success = {0xc0, 0x05, 0x00, 0x08, 0x00, 0x00, 0x00, i};
    wire.insert(wire.end(), success.begin(), success.end());
  }
  AsconfAckChunk chunk = ExpectRoundTrip<AsconfAckChunk>(wire);
  size_t count = 0;
  for (TlvList::Field field : chunk.parameters) {
    EXPECT_EQ(field.type, 0xc005);
    EXPECT_EQ(field.bytes[7], count);
    ++count;
  }
  EXPECT_EQ(count, 40u);
}

TEST(AsconfAckChunkTest, FlagsAreIgnoredAndWrittenAsZero) {
  Bytes wire = kAsconfAck;
  wire[1] = 0x01;
  ParseResult<AsconfAckChunk> parsed = AsconfAckChunk::Parse(wire);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(Serialize(*parsed), kAsconfAck);
}

TEST(AsconfAckChunkTest, RejectsTruncation) {
  ExpectEveryTruncationFails<AsconfAckChunk>(kAsconfAck);
}

TEST(AsconfAckChunkTest, RejectsLengthBelowHeader) {
  ParseError error =
      ExpectParseError<AsconfAckChunk>(WithLength(kAsconfAck, 4), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.type, 0x80);
}

TEST(AsconfAckChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<AsconfAckChunk>(WithLength(kAsconfAck, 32), ParseErrorCode::kLengthTooLarge);
}

TEST(AsconfAckChunkTest, RejectsBytesBeyondLength) {
  ExpectParseError<AsconfAckChunk>(WithLength(kAsconfAck, 16), ParseErrorCode::kTrailingBytes);
}

TEST(AsconfAckChunkTest, RejectsBrokenParameterFraming) {
  Bytes wire = kAsconfAck;
  wire[11] = 0x02;  // Success Indication length below its header
  ParseError error = ExpectParseError<AsconfAckChunk>(wire, ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, 0xc005);
  EXPECT_EQ(error.offset, 10u);
}

TEST(AsconfAckChunkTest, RejectsStrayBytesAfterResponses) {
  // Three bytes after the last response: too short for a parameter header.
  Bytes wire = kAsconfAck;
  wire.insert(wire.end(), {0x00, 0x00, 0x00});
  ParseError error =
      ExpectParseError<AsconfAckChunk>(WithLength(wire, 31), ParseErrorCode::kTruncated);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.offset, 28u);
}

TEST(AsconfAckChunkTest, RejectsOtherChunkType) {
  Bytes wire = kAsconfAck;
  wire[0] = 0xc1;  // ASCONF
  ExpectParseError<AsconfAckChunk>(wire, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
