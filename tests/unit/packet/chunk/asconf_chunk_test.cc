#include "dataplane/sctp/packet/chunk/asconf_chunk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <vector>

#include "dataplane/sctp/packet/chunk/asconf_ack_chunk.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectEveryTruncationFails;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::WithLength;

// The sender's IPv4 Address Parameter (RFC 9260 section 3.3.2.1: type 5,
// length 8) for 192.0.2.2.
const Bytes kIpv4Address = {0x00, 0x05, 0x00, 0x08, 192, 0, 2, 2};

// RFC 5061 section 4.2.1's example: Add IP Address (0xC001, length 16),
// correlation id 0x01023474, IPv4 address 192.0.2.1.
const Bytes kAddIp = {0xc0, 0x01, 0x00, 0x10, 0x01, 0x02, 0x34, 0x74,
                      0x00, 0x05, 0x00, 0x08, 192,  0,    2,    1};

// RFC 5061 section 4.1.1: serial 5, the Address Parameter, then one
// request; length 8 + 8 + 16.
const Bytes kAsconf = {0xc1, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x05,
                       // Address Parameter
                       0x00, 0x05, 0x00, 0x08, 192, 0, 2, 2,
                       // Add IP Address
                       0xc0, 0x01, 0x00, 0x10, 0x01, 0x02, 0x34, 0x74,
                       // its IPv4 Address Parameter
                       0x00, 0x05, 0x00, 0x08, 192, 0, 2, 1};

Bytes FieldBytes(const TlvList::Field& field) {
  return Bytes(field.bytes.begin(), field.bytes.end());
}

// Serializes raw parameter bytes through TlvListWriter, as a sender would.
struct RawParameter {
  const Bytes& bytes;
  size_t WireSize() const { return bytes.size(); }
  void SerializeTo(std::span<uint8_t> out) const {
    std::copy(bytes.begin(), bytes.end(), out.begin());
  }
};

TEST(AsconfChunkTest, ParsesEveryField) {
  AsconfChunk chunk = ExpectRoundTrip<AsconfChunk>(kAsconf);
  EXPECT_EQ(chunk.serial_number, AsconfSerial(5));
  EXPECT_EQ(chunk.address().type, 5);
  EXPECT_EQ(chunk.address().offset, 0u);
  EXPECT_EQ(FieldBytes(chunk.address()), kIpv4Address);
  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[1].type, 0xc001);
  EXPECT_EQ(fields[1].offset, 8u);
  EXPECT_EQ(FieldBytes(fields[1]), kAddIp);
  EXPECT_EQ(chunk.WireSize(), 32u);
  EXPECT_EQ(chunk.ToString(), "ASCONF serial=5 params=[IPv4 Address,Add IP Address]");
}

TEST(AsconfChunkTest, BuildsTheSameBytes) {
  std::vector<uint8_t> buffer(64);
  TlvListWriter writer(buffer, WireKind::kParameter);
  ASSERT_TRUE(writer.Add(RawParameter{kIpv4Address}));
  ASSERT_TRUE(writer.Add(RawParameter{kAddIp}));
  AsconfChunk chunk{.serial_number = AsconfSerial(5), .parameters = writer.list()};
  EXPECT_EQ(Serialize(chunk), kAsconf);
  EXPECT_EQ(chunk, ExpectRoundTrip<AsconfChunk>(kAsconf));
}

TEST(AsconfChunkTest, Ipv6AddressParameter) {
  // IPv6 Address Parameter (type 6, length 20) for 2001:db8::1, then
  // Delete IP Address (0xC002) and Set Primary Address (0xC004) requests;
  // the serial is at its largest before it wraps.
  const Bytes wire = {
      0xc1, 0x00, 0x00, 0x3c, 0xff, 0xff, 0xff, 0xff,
      // IPv6 Address Parameter
      0x00, 0x06, 0x00, 0x14, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x01,
      // Delete IP Address, correlation id 1, 198.51.100.7
      0xc0, 0x02, 0x00, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 0x00, 0x08, 198, 51, 100, 7,
      // Set Primary Address, correlation id 2, 198.51.100.8
      0xc0, 0x04, 0x00, 0x10, 0x00, 0x00, 0x00, 0x02, 0x00, 0x05, 0x00, 0x08, 198, 51, 100, 8};
  ASSERT_EQ(wire.size(), 60u);
  AsconfChunk chunk = ExpectRoundTrip<AsconfChunk>(wire);
  EXPECT_EQ(chunk.serial_number, AsconfSerial(0xffffffff));
  EXPECT_EQ(chunk.address().type, 6);
  EXPECT_EQ(chunk.address().bytes.size(), 20u);
  EXPECT_EQ(chunk.ToString(),
            "ASCONF serial=4294967295 params=[IPv6 Address,Delete IP Address,Set Primary "
            "Address]");
}

TEST(AsconfChunkTest, AddressParameterAlone) {
  // "One or more requests" (RFC 5061 section 4.1.1) is the engine's rule;
  // structurally the Address Parameter alone is a complete chunk.
  const Bytes wire = {0xc1, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x01,
                      0x00, 0x05, 0x00, 0x08, 0,    0,    0,    0};
  AsconfChunk chunk = ExpectRoundTrip<AsconfChunk>(wire);
  std::vector<TlvList::Field> fields(chunk.parameters.begin(), chunk.parameters.end());
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(FieldBytes(chunk.address()), (Bytes{0x00, 0x05, 0x00, 0x08, 0, 0, 0, 0}));
}

TEST(AsconfChunkTest, ManyRequests) {
  std::vector<uint8_t> buffer(2048);
  TlvListWriter writer(buffer, WireKind::kParameter);
  ASSERT_TRUE(writer.Add(RawParameter{kIpv4Address}));
  std::vector<Bytes> requests;
  for (uint8_t i = 0; i < 60; ++i) {
    requests.push_back(
        {0xc0, 0x01, 0x00, 0x10, 0x00, 0x00, 0x00, i, 0x00, 0x05, 0x00, 0x08, 10, 0, 0, i});
  }
  for (const Bytes& request : requests) ASSERT_TRUE(writer.Add(RawParameter{request}));
  AsconfChunk built{.serial_number = AsconfSerial(9), .parameters = writer.list()};
  const Bytes wire = Serialize(built);
  ASSERT_EQ(wire.size(), 8u + 8 + 60 * 16);
  AsconfChunk parsed = ExpectRoundTrip<AsconfChunk>(wire);
  EXPECT_EQ(parsed, built);
  size_t index = 0;
  for (TlvList::Field field : parsed.parameters) {
    if (index > 0) {
      EXPECT_EQ(FieldBytes(field), requests[index - 1]);
    }
    ++index;
  }
  EXPECT_EQ(index, 61u);
}

TEST(AsconfChunkTest, RejectsMissingAddressParameter) {
  const Bytes wire = {0xc1, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05};
  ParseError error = ExpectParseError<AsconfChunk>(wire, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.kind, WireKind::kChunk);
  EXPECT_EQ(error.type, 0xc1);
  EXPECT_EQ(error.offset, 8u);
}

TEST(AsconfChunkTest, RejectsRequestWhereTheAddressBelongs) {
  // The Add IP Address request first, with no Address Parameter before it.
  Bytes wire = {0xc1, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x05};
  wire.insert(wire.end(), kAddIp.begin(), kAddIp.end());
  ParseError error = ExpectParseError<AsconfChunk>(wire, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.kind, WireKind::kChunk);
  EXPECT_EQ(error.offset, 8u);
}

TEST(AsconfChunkTest, RejectsHostNameAddress) {
  // Only IPv4 and IPv6 Address Parameters may fill the field; a Host Name
  // Address (type 11) MUST NOT be sent (RFC 5061 section 4.1.1).
  const Bytes wire = {0xc1, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x05,
                      0x00, 0x0b, 0x00, 0x08, 'h',  'o',  's',  't'};
  ParseError error = ExpectParseError<AsconfChunk>(wire, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.offset, 8u);
}

TEST(AsconfChunkTest, FlagsAreIgnoredAndWrittenAsZero) {
  Bytes wire = kAsconf;
  wire[1] = 0x3c;
  ParseResult<AsconfChunk> parsed = AsconfChunk::Parse(wire);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(Serialize(*parsed), kAsconf);
}

TEST(AsconfChunkTest, RejectsTruncation) { ExpectEveryTruncationFails<AsconfChunk>(kAsconf); }

TEST(AsconfChunkTest, RejectsLengthBelowHeader) {
  ParseError error =
      ExpectParseError<AsconfChunk>(WithLength(kAsconf, 7), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
}

TEST(AsconfChunkTest, RejectsLengthPastBuffer) {
  ExpectParseError<AsconfChunk>(WithLength(kAsconf, 33), ParseErrorCode::kLengthTooLarge);
}

TEST(AsconfChunkTest, RejectsBytesBeyondLength) {
  ExpectParseError<AsconfChunk>(WithLength(kAsconf, 28), ParseErrorCode::kTrailingBytes);
}

TEST(AsconfChunkTest, RejectsBrokenParameterFraming) {
  Bytes wire = kAsconf;
  wire[19] = 0x20;  // Add IP Address claims 32 bytes, 16 remain
  ParseError error = ExpectParseError<AsconfChunk>(wire, ParseErrorCode::kLengthTooLarge);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, 0xc001);
  EXPECT_EQ(error.offset, 18u);
}

TEST(AsconfChunkTest, RejectsOtherChunkType) {
  Bytes wire = kAsconf;
  wire[0] = 0x80;  // ASCONF ACK
  ExpectParseError<AsconfChunk>(wire, ParseErrorCode::kBadValue);
  ParseError error = ExpectParseError<AsconfAckChunk>(kAsconf, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.offset, 0u);
}

}  // namespace
}  // namespace sctpdp
