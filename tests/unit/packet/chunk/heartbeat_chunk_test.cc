#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "dataplane/sctp/packet/chunk/heartbeat_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/heartbeat_request_chunk.h"
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

// RFC 9260 section 3.3.5: a HEARTBEAT whose Heartbeat Info parameter
// (type 1) carries eight bytes of sender-specific information.
const Bytes kHeartbeat = {0x04, 0x00, 0x00, 0x10,  // type, flags, length 16
                          0x00, 0x01, 0x00, 0x0c,  // Heartbeat Info, length 12
                          0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04};

// Five bytes of information: the parameter (length 9) is unpadded and the
// chunk length (13) leaves the padding out.
const Bytes kOddHeartbeat = {0x04, 0x00, 0x00, 0x0d, 0x00, 0x01, 0x00, 0x09,
                             0x0a, 0x0b, 0x0c, 0x0d, 0x0e};

// The section 3.3.6 answer: the same parameter, reflected, under type 5.
Bytes AckOf(Bytes wire) {
  wire[0] = 5;
  return wire;
}

template <typename Chunk>
void ExpectHeartbeatInfo(const Chunk& chunk, const Bytes& info) {
  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].type, 1);
  EXPECT_EQ(Bytes(fields[0].bytes.begin() + 4, fields[0].bytes.end()), info);
}

TEST(HeartbeatRequestChunkTest, ParsesHeartbeatInfo) {
  HeartbeatRequestChunk chunk = ExpectRoundTrip<HeartbeatRequestChunk>(kHeartbeat);
  ExpectHeartbeatInfo(chunk, {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04});
  EXPECT_EQ(chunk.parameters.kind(), WireKind::kParameter);
  EXPECT_EQ(chunk.ToString(), "HEARTBEAT params=[Heartbeat Info]");
}

TEST(HeartbeatRequestChunkTest, UnpaddedAndPaddedInfoRoundTrip) {
  ExpectHeartbeatInfo(ExpectRoundTrip<HeartbeatRequestChunk>(kOddHeartbeat),
                      {0x0a, 0x0b, 0x0c, 0x0d, 0x0e});
  Bytes padded = WithLength(kOddHeartbeat, 16);
  padded.insert(padded.end(), {0, 0, 0});
  ExpectHeartbeatInfo(ExpectRoundTrip<HeartbeatRequestChunk>(padded),
                      {0x0a, 0x0b, 0x0c, 0x0d, 0x0e});
}

TEST(HeartbeatRequestChunkTest, BuildsTheSameBytes) {
  std::array<uint8_t, 12> buffer{};
  TlvListWriter writer(buffer, WireKind::kParameter);
  ASSERT_TRUE(
      writer.Add(RawTlv{.type = 1, .value = {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04}}));
  HeartbeatRequestChunk chunk{.parameters = writer.list()};
  EXPECT_EQ(Serialize(chunk), kHeartbeat);
  EXPECT_EQ(chunk, ExpectRoundTrip<HeartbeatRequestChunk>(kHeartbeat));
}

TEST(HeartbeatRequestChunkTest, EmptyAndUnknownParametersParse) {
  // A missing or foreign parameter is well framed; the engine decides.
  const Bytes empty_wire = {0x04, 0x00, 0x00, 0x04};
  HeartbeatRequestChunk empty = ExpectRoundTrip<HeartbeatRequestChunk>(empty_wire);
  EXPECT_TRUE(empty.parameters.empty());
  EXPECT_EQ(empty.ToString(), "HEARTBEAT params=[]");
  const Bytes other_wire = {0x04, 0x00, 0x00, 0x08, 0x12, 0x34, 0x00, 0x04};
  HeartbeatRequestChunk other = ExpectRoundTrip<HeartbeatRequestChunk>(other_wire);
  EXPECT_EQ(other.ToString(), "HEARTBEAT params=[0x1234]");
}

TEST(HeartbeatRequestChunkTest, IgnoresFlags) {
  Bytes wire = kHeartbeat;
  wire[1] = 0x80;
  ParseResult<HeartbeatRequestChunk> chunk = HeartbeatRequestChunk::Parse(wire);
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ(Serialize(*chunk), kHeartbeat);
}

TEST(HeartbeatRequestChunkTest, RejectsMalformedInput) {
  ExpectEveryTruncationFails<HeartbeatRequestChunk>(kHeartbeat);
  ExpectParseError<HeartbeatRequestChunk>(WithLength(kHeartbeat, 3),
                                          ParseErrorCode::kLengthTooSmall);
  ExpectParseError<HeartbeatRequestChunk>(WithLength(kHeartbeat, 17),
                                          ParseErrorCode::kLengthTooLarge);
  ExpectParseError<HeartbeatRequestChunk>(WithLength(kHeartbeat, 12),
                                          ParseErrorCode::kTrailingBytes);
  ExpectParseError<HeartbeatRequestChunk>(AckOf(kHeartbeat), ParseErrorCode::kBadValue);
}

TEST(HeartbeatRequestChunkTest, RejectsInfoLongerThanTheChunk) {
  Bytes wire = kHeartbeat;
  wire[7] = 0x10;  // Heartbeat Info claims 16 bytes, 12 are there
  ParseError error = ExpectParseError<HeartbeatRequestChunk>(wire, ParseErrorCode::kLengthTooLarge);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, 1);
  EXPECT_EQ(error.offset, 6u);
}

TEST(HeartbeatAckChunkTest, ParsesReflectedInfo) {
  const Bytes wire = AckOf(kHeartbeat);
  HeartbeatAckChunk chunk = ExpectRoundTrip<HeartbeatAckChunk>(wire);
  ExpectHeartbeatInfo(chunk, {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04});
  EXPECT_EQ(chunk.ToString(), "HEARTBEAT ACK params=[Heartbeat Info]");
}

TEST(HeartbeatAckChunkTest, ReflectsTheRequestParameters) {
  // Section 8.3: the ACK carries the request's Heartbeat Info unchanged,
  // here with the request's unpadded final parameter.
  HeartbeatRequestChunk request = ExpectRoundTrip<HeartbeatRequestChunk>(kOddHeartbeat);
  HeartbeatAckChunk ack{.parameters = request.parameters};
  EXPECT_EQ(Serialize(ack), AckOf(kOddHeartbeat));
  EXPECT_EQ(ack, ExpectRoundTrip<HeartbeatAckChunk>(AckOf(kOddHeartbeat)));
}

TEST(HeartbeatAckChunkTest, RejectsMalformedInput) {
  const Bytes ack = AckOf(kHeartbeat);
  ExpectEveryTruncationFails<HeartbeatAckChunk>(ack);
  ExpectParseError<HeartbeatAckChunk>(WithLength(ack, 2), ParseErrorCode::kLengthTooSmall);
  ExpectParseError<HeartbeatAckChunk>(WithLength(ack, 20), ParseErrorCode::kLengthTooLarge);
  ExpectParseError<HeartbeatAckChunk>(WithLength(ack, 8), ParseErrorCode::kTrailingBytes);
  ExpectParseError<HeartbeatAckChunk>(kHeartbeat, ParseErrorCode::kBadValue);
  Bytes bad_info = ack;
  bad_info[7] = 2;
  ParseError error = ExpectParseError<HeartbeatAckChunk>(bad_info, ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.offset, 6u);
}

}  // namespace
}  // namespace sctpdp
