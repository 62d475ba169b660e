#include "dataplane/sctp/packet/sctp_packet.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "dataplane/sctp/packet/chunk/data_chunk.h"
#include "dataplane/sctp/packet/crc32c.h"
#include "dataplane/sctp/packet/packet_writer.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;

// Common header (ports 5000 -> 3868, tag 0xAABBCCDD, checksum to fill) and a
// COOKIE ACK followed by a DATA chunk with one byte of user data and three
// bytes of padding.
Bytes SamplePacket() {
  Bytes packet = {0x13, 0x88, 0x0f, 0x1c, 0xaa, 0xbb, 0xcc, 0xdd, 0, 0, 0, 0,
                  0x0b, 0x00, 0x00, 0x04,                                       // COOKIE ACK
                  0x00, 0x03, 0x00, 0x11, 0, 0, 0, 1, 0, 2, 0, 3, 0, 0, 0, 4,  // DATA
                  'x',  0,    0,    0};
  WriteSctpChecksum(packet);
  return packet;
}

TEST(SctpChecksumTest, StoresTheCrcLeastSignificantByteFirst) {
  // RFC 9260 appendix A: the coefficient of x^31 is bit 7 of byte 0, which
  // for the reflected CRC register is its lowest byte.
  Bytes packet = SamplePacket();
  Bytes zeroed = packet;
  zeroed[8] = zeroed[9] = zeroed[10] = zeroed[11] = 0;
  const uint32_t crc = crc32c_internal::Crc32cBytewise(zeroed);
  EXPECT_EQ(packet[8], crc & 0xff);
  EXPECT_EQ(packet[9], (crc >> 8) & 0xff);
  EXPECT_EQ(packet[10], (crc >> 16) & 0xff);
  EXPECT_EQ(packet[11], crc >> 24);
}

TEST(SctpPacketTest, ParsesHeaderAndWalksChunks) {
  const Bytes wire = SamplePacket();
  ParseResult<SctpPacket> packet = SctpPacket::Parse(wire);
  ASSERT_TRUE(packet.ok()) << packet.error().ToString();
  EXPECT_EQ(packet->header().source_port, Port(5000));
  EXPECT_EQ(packet->header().destination_port, Port(3868));
  EXPECT_EQ(packet->header().verification_tag, VerificationTag(0xaabbccdd));
  ASSERT_EQ(packet->chunk_count(), 2u);
  std::vector<ChunkView> chunks(packet->begin(), packet->end());
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].type, ChunkType::kCookieAck);
  EXPECT_EQ(chunks[0].offset, 12u);
  EXPECT_EQ(chunks[0].bytes.size(), 4u);
  EXPECT_EQ(chunks[1].type, ChunkType::kData);
  EXPECT_EQ(chunks[1].flags, 0x03);
  EXPECT_EQ(chunks[1].offset, 16u);
  EXPECT_EQ(chunks[1].index, 1);
  EXPECT_EQ(chunks[1].bytes.size(), 17u);
  ParseResult<DataChunk> data = DataChunk::Parse(chunks[1].bytes);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->tsn, Tsn(1));
  EXPECT_FALSE(packet->has_nonzero_padding());
}

TEST(SctpPacketTest, RejectsABadChecksumUnlessTold) {
  Bytes wire = SamplePacket();
  wire[20] ^= 0x01;
  ParseResult<SctpPacket> packet = SctpPacket::Parse(wire);
  ASSERT_FALSE(packet.ok());
  EXPECT_EQ(packet.error().code, ParseErrorCode::kBadChecksum);
  EXPECT_EQ(packet.error().offset, 8u);
  EXPECT_TRUE(SctpPacket::Parse(wire, SctpPacket::ChecksumCheck::kSkip).ok());
}

TEST(SctpPacketTest, ZeroChecksumOnlyWhenAccepted) {
  // RFC 9653 section 5: a receiver that announced Zero Checksum Acceptable
  // takes a zero checksum; anyone else verifies it.
  Bytes wire = SamplePacket();
  wire[8] = wire[9] = wire[10] = wire[11] = 0;
  EXPECT_FALSE(SctpPacket::Parse(wire).ok());
  EXPECT_TRUE(SctpPacket::Parse(wire, SctpPacket::ChecksumCheck::kVerifyOrAcceptZero).ok());
  wire[8] = 1;
  EXPECT_FALSE(SctpPacket::Parse(wire, SctpPacket::ChecksumCheck::kVerifyOrAcceptZero).ok());
}

TEST(SctpPacketTest, EveryTruncationInsideAChunkFails) {
  const Bytes wire = SamplePacket();
  for (size_t size = 0; size < wire.size(); ++size) {
    ParseResult<SctpPacket> packet = SctpPacket::Parse(
        std::span<const uint8_t>(wire.data(), size), SctpPacket::ChecksumCheck::kSkip);
    // Cut right after the COOKIE ACK, what is left is a valid packet.
    EXPECT_EQ(packet.ok(), size == 16) << size;
    if (packet.ok()) {
      EXPECT_EQ(packet->chunk_count(), 1u);
    }
  }
}

TEST(SctpPacketTest, NamesTheChunkThatBreaksFraming) {
  Bytes wire = SamplePacket();
  wire[19] = 0x20;  // DATA length 32: past the end of the packet
  ParseResult<SctpPacket> packet = SctpPacket::Parse(wire, SctpPacket::ChecksumCheck::kSkip);
  ASSERT_FALSE(packet.ok());
  EXPECT_EQ(packet.error().code, ParseErrorCode::kLengthTooLarge);
  EXPECT_EQ(packet.error().chunk_index, 1);
  EXPECT_EQ(packet.error().offset, 18u);
  EXPECT_EQ(packet.error().ToString(),
            "chunk 1 (DATA) at offset 18: length field past the end of the buffer");

  wire[19] = 0x03;  // below the four-byte chunk header
  packet = SctpPacket::Parse(wire, SctpPacket::ChecksumCheck::kSkip);
  ASSERT_FALSE(packet.ok());
  EXPECT_EQ(packet.error().code, ParseErrorCode::kLengthTooSmall);
}

TEST(SctpPacketTest, RequiresPaddingAfterTheLastChunk) {
  Bytes wire = SamplePacket();
  wire.resize(wire.size() - 3);  // the DATA chunk's padding is gone
  ParseResult<SctpPacket> packet = SctpPacket::Parse(wire, SctpPacket::ChecksumCheck::kSkip);
  ASSERT_FALSE(packet.ok());
  EXPECT_EQ(packet.error().code, ParseErrorCode::kMissingPadding);
  EXPECT_EQ(packet.error().offset, 33u);
}

TEST(SctpPacketTest, IgnoresButReportsNonZeroPadding) {
  // RFC 9260 section 3.2: "The receiver MUST ignore the padding bytes."
  Bytes wire = SamplePacket();
  wire[34] = 0x5a;
  ParseResult<SctpPacket> packet = SctpPacket::Parse(wire, SctpPacket::ChecksumCheck::kSkip);
  ASSERT_TRUE(packet.ok());
  EXPECT_TRUE(packet->has_nonzero_padding());
}

TEST(SctpPacketTest, RejectsAPacketWithoutChunks) {
  Bytes wire = SamplePacket();
  wire.resize(CommonHeader::kSize);
  ParseResult<SctpPacket> packet = SctpPacket::Parse(wire, SctpPacket::ChecksumCheck::kSkip);
  ASSERT_FALSE(packet.ok());
  EXPECT_EQ(packet.error().kind, WireKind::kChunk);
}

TEST(PacketWriterTest, WritesHeaderChunksAndPaddingThenChecksum) {
  const Bytes payload = {'x'};
  std::array<uint8_t, 64> buffer;
  buffer.fill(0xEE);
  PacketWriter writer(buffer, CommonHeader{.source_port = Port(5000),
                                           .destination_port = Port(3868),
                                           .verification_tag = VerificationTag(0xaabbccdd)});
  struct CookieAck {
    size_t WireSize() const { return 4; }
    void SerializeTo(std::span<uint8_t> out) const {
      out[0] = 0x0b;
      out[1] = 0;
      out[2] = 0;
      out[3] = 4;
    }
  };
  ASSERT_TRUE(writer.Append(CookieAck{}));
  ASSERT_TRUE(writer.Append(DataChunk{.flags = {.beginning = true, .end = true},
                                      .tsn = Tsn(1),
                                      .stream_id = StreamId(2),
                                      .ssn = Ssn(3),
                                      .ppid = Ppid(4),
                                      .payload = payload}));
  std::span<uint8_t> packet = writer.Finish();
  EXPECT_EQ(Bytes(packet.begin(), packet.end()), SamplePacket());

  PacketWriter offload(buffer, CommonHeader{});
  ASSERT_TRUE(offload.Append(CookieAck{}));
  std::span<uint8_t> unsummed = offload.Finish(ChecksumMode::kOffload);
  EXPECT_EQ(unsummed[8] | unsummed[9] | unsummed[10] | unsummed[11], 0);
}

TEST(PacketWriterTest, RefusesWhatDoesNotFit) {
  const Bytes payload(5, 'x');
  std::array<uint8_t, 36> buffer;  // header + a DATA chunk of 16+5 bytes padded to 24
  PacketWriter writer(std::span<uint8_t>(buffer).first(35), CommonHeader{});
  EXPECT_FALSE(writer.Append(DataChunk{.payload = payload}));
  EXPECT_EQ(writer.size(), CommonHeader::kSize);
  PacketWriter exact(buffer, CommonHeader{});
  EXPECT_TRUE(exact.Append(DataChunk{.payload = payload}));
  EXPECT_EQ(exact.remaining(), 0u);
}

}  // namespace
}  // namespace sctpdp
