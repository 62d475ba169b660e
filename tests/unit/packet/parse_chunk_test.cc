// ParseChunk parses "down to every parameter and error cause nested in it"
// (chunk/any_chunk.h): these tests cover the nestings that go through more
// than one list.
#include <gtest/gtest.h>

#include <variant>

#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/error_cause/restart_with_new_addresses_cause.h"
#include "dataplane/sctp/packet/parameter/ipv4_address_parameter.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;

ParseResult<AnyChunk> Parse(const Bytes& chunk) {
  return ParseChunk(ChunkView{.type = static_cast<ChunkType>(chunk[0]),
                              .flags = chunk[1],
                              .bytes = chunk,
                              .offset = 100,
                              .index = 2});
}

TEST(ParseChunkTest, RestartCauseWithAddressesParses) {
  // ABORT with a Restart of an Association with New Addresses cause
  // (RFC 9260 section 3.3.10.11) holding an IPv4 Address parameter.
  const Bytes abort = {0x06, 0x00, 0x00, 0x10,  // ABORT, length 16
                       0x00, 0x0b, 0x00, 0x0c,  // cause 11, length 12
                       0x00, 0x05, 0x00, 0x08,  // IPv4 Address, length 8
                       192,  0,    2,    1};
  ParseResult<AnyChunk> parsed = Parse(abort);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const auto& chunk = std::get<AbortChunk>(*parsed);
  ParseResult<RestartWithNewAddressesCause> cause =
      RestartWithNewAddressesCause::Parse((*chunk.error_causes.begin()).bytes);
  ASSERT_TRUE(cause.ok());
  ASSERT_TRUE(cause->new_addresses.Find<Ipv4AddressParameter>().has_value());
}

TEST(ParseChunkTest, RestartCauseWithAMalformedAddressFails) {
  // The same ABORT with an IPv4 Address parameter six bytes long: the list
  // frames, but the parameter is two bytes short of its fixed size.
  const Bytes abort = {0x06, 0x00, 0x00, 0x10,  // ABORT, length 16
                       0x00, 0x0b, 0x00, 0x0c,  // cause 11, length 12
                       0x00, 0x05, 0x00, 0x06,  // IPv4 Address, length 6
                       192,  0,    0,    0};    // two bytes + padding
  ParseResult<AnyChunk> parsed = Parse(abort);
  ASSERT_FALSE(parsed.ok()) << ChunkToString(*parsed);
  EXPECT_EQ(parsed.error().code, ParseErrorCode::kTruncated);
  EXPECT_EQ(parsed.error().kind, WireKind::kParameter);
  EXPECT_EQ(parsed.error().type, 5);
  // Chunk at 100, causes at +4, addresses at +4, six bytes in.
  EXPECT_EQ(parsed.error().offset, 100u + 4 + 4 + 6);
  EXPECT_EQ(parsed.error().chunk_index, 2);
  EXPECT_EQ(parsed.error().chunk_type, 6);
}

TEST(ParseChunkTest, RestartCauseInsideAnErrorCauseIndicationIsChecked) {
  // ASCONF ACK > Error Cause Indication (RFC 5061 section 4.2.5) > Restart
  // cause > IPv4 Address of length 6.
  const Bytes ack = {0x80, 0x00, 0x00, 0x1c,  // ASCONF ACK, length 28
                     0x00, 0x00, 0x00, 0x01,  // serial 1
                     0xc0, 0x03, 0x00, 0x14,  // Error Cause Indication, length 20
                     0x00, 0x00, 0x00, 0x07,  // correlation id 7
                     0x00, 0x0b, 0x00, 0x0c,  // cause 11, length 12
                     0x00, 0x05, 0x00, 0x06,  // IPv4 Address, length 6
                     10,   0,    0,    0};
  ParseResult<AnyChunk> parsed = Parse(ack);
  ASSERT_FALSE(parsed.ok()) << ChunkToString(*parsed);
  EXPECT_EQ(parsed.error().code, ParseErrorCode::kTruncated);
  EXPECT_EQ(parsed.error().kind, WireKind::kParameter);
  EXPECT_EQ(parsed.error().offset, 100u + 8 + 8 + 4 + 6);
}

TEST(ParseChunkTest, CauseInsideAnErrorCauseIndicationIsChecked) {
  // An Invalid Stream Identifier cause is eight bytes (RFC 9260 section
  // 3.3.10.1); six fails inside the indication too.
  const Bytes ack = {0x80, 0x00, 0x00, 0x16,  // ASCONF ACK, length 22
                     0x00, 0x00, 0x00, 0x01,  // serial 1
                     0xc0, 0x03, 0x00, 0x0e,  // Error Cause Indication, length 14
                     0x00, 0x00, 0x00, 0x07,  // correlation id 7
                     0x00, 0x01, 0x00, 0x06,  // Invalid Stream Identifier, length 6
                     0x00, 0x03};
  ParseResult<AnyChunk> parsed = Parse(ack);
  ASSERT_FALSE(parsed.ok()) << ChunkToString(*parsed);
  EXPECT_EQ(parsed.error().kind, WireKind::kErrorCause);
  EXPECT_EQ(parsed.error().type, 1);
}

}  // namespace
}  // namespace sctpdp
