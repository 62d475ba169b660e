#include "dataplane/sctp/packet/packet_builder.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/sctp_packet.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using AddResult = PacketBuilder::AddResult;
using ::sctpdp::testing::Bytes;

constexpr CommonHeader kHeader{.source_port = Port(5000),
                               .destination_port = Port(5001),
                               .verification_tag = VerificationTag(0x11223344)};

const std::array<uint8_t, 5> kFiveBytes = {1, 2, 3, 4, 5};

DataChunk Data(uint32_t tsn, std::span<const uint8_t> payload = {}) {
  return DataChunk{.flags = DataFlags{.beginning = true, .end = true},
                   .tsn = Tsn(tsn),
                   .stream_id = StreamId(1),
                   .ppid = Ppid(51),
                   .payload = payload};
}

IDataChunk IData(uint32_t tsn) {
  return IDataChunk{.flags = DataFlags{.beginning = true, .end = true},
                    .tsn = Tsn(tsn),
                    .stream_id = StreamId(1),
                    .mid = Mid(0),
                    .ppid = Ppid(51)};
}

SackChunk Sack() { return SackChunk{.cumulative_tsn_ack = Tsn(9), .a_rwnd = 65536}; }

// The chunk types of a finished packet, in order.
std::vector<ChunkType> TypesOf(std::span<const uint8_t> packet) {
  std::vector<ChunkType> types;
  ParseResult<SctpPacket> parsed = SctpPacket::Parse(packet, SctpPacket::ChecksumCheck::kSkip);
  EXPECT_TRUE(parsed.ok()) << parsed.error().ToString();
  if (!parsed.ok()) return types;
  for (const ChunkView& view : *parsed) {
    EXPECT_TRUE(ParseChunk(view).ok());
    types.push_back(view.type);
  }
  return types;
}

TEST(PacketBuilderTest, ControlChunksGoBeforeData) {
  // RFC 9260 section 6.10: "When bundling control chunks with DATA chunks,
  // an endpoint MUST place control chunks first."
  Bytes buffer(1500);
  PacketBuilder builder(buffer, kHeader, buffer.size());
  EXPECT_TRUE(builder.empty());
  EXPECT_EQ(builder.Add(Sack()), AddResult::kAdded);
  EXPECT_EQ(builder.Add(CookieAckChunk{}), AddResult::kAdded);
  EXPECT_FALSE(builder.has_data());
  EXPECT_EQ(builder.Add(Data(10)), AddResult::kAdded);
  EXPECT_TRUE(builder.has_data());
  const size_t size = builder.size();
  EXPECT_EQ(builder.Add(Sack()), AddResult::kControlAfterData);
  EXPECT_EQ(builder.Add(UnknownChunk{.type = 0xC5}), AddResult::kControlAfterData);
  EXPECT_EQ(builder.size(), size) << "a refused chunk writes nothing";
  EXPECT_EQ(builder.Add(Data(11)), AddResult::kAdded);
  EXPECT_EQ(TypesOf(builder.Finish()), (std::vector{ChunkType::kSack, ChunkType::kCookieAck,
                                                    ChunkType::kData, ChunkType::kData}));
}

TEST(PacketBuilderTest, IDataCountsAsData) {
  // RFC 8260 section 2.1: I-DATA takes the place of DATA, also in bundling.
  Bytes buffer(1500);
  PacketBuilder builder(buffer, kHeader, buffer.size());
  EXPECT_EQ(builder.Add(Sack()), AddResult::kAdded);
  EXPECT_EQ(builder.Add(IData(1)), AddResult::kAdded);
  EXPECT_TRUE(builder.has_data());
  EXPECT_EQ(builder.Add(ForwardTsnChunk{.new_cumulative_tsn = Tsn(3)}),
            AddResult::kControlAfterData);
  EXPECT_EQ(builder.Add(IData(2)), AddResult::kAdded);
  EXPECT_EQ(TypesOf(builder.Finish()),
            (std::vector{ChunkType::kSack, ChunkType::kIData, ChunkType::kIData}));
}

// RFC 9260 section 6.10: "An endpoint MUST NOT bundle INIT, INIT ACK, or
// SHUTDOWN COMPLETE chunks with any other chunks."
template <typename Alone>
void ExpectTravelsAlone(const Alone& alone) {
  {
    SCOPED_TRACE("alone first");
    Bytes buffer(1500);
    PacketBuilder builder(buffer, kHeader, buffer.size());
    EXPECT_EQ(builder.Add(alone), AddResult::kAdded);
    EXPECT_EQ(builder.Add(CookieAckChunk{}), AddResult::kMustBeAlone);
    EXPECT_EQ(builder.Add(Data(1)), AddResult::kMustBeAlone);
    EXPECT_EQ(builder.Add(alone), AddResult::kMustBeAlone);
    EXPECT_EQ(TypesOf(builder.Finish()), std::vector{Alone::kType});
  }
  {
    SCOPED_TRACE("another chunk first");
    Bytes buffer(1500);
    PacketBuilder builder(buffer, kHeader, buffer.size());
    EXPECT_EQ(builder.Add(Sack()), AddResult::kAdded);
    EXPECT_EQ(builder.Add(alone), AddResult::kMustBeAlone);
    EXPECT_EQ(TypesOf(builder.Finish()), std::vector{ChunkType::kSack});
  }
  {
    SCOPED_TRACE("after DATA");
    Bytes buffer(1500);
    PacketBuilder builder(buffer, kHeader, buffer.size());
    EXPECT_EQ(builder.Add(Data(1)), AddResult::kAdded);
    EXPECT_EQ(builder.Add(alone), AddResult::kMustBeAlone);
  }
}

TEST(PacketBuilderTest, InitTravelsAlone) {
  ExpectTravelsAlone(InitChunk{.initiate_tag = VerificationTag(7),
                               .a_rwnd = 1 << 16,
                               .outbound_streams = 10,
                               .inbound_streams = 10,
                               .initial_tsn = Tsn(1)});
}

TEST(PacketBuilderTest, InitAckTravelsAlone) {
  ExpectTravelsAlone(InitAckChunk{.initiate_tag = VerificationTag(8),
                                  .a_rwnd = 1 << 16,
                                  .outbound_streams = 5,
                                  .inbound_streams = 5,
                                  .initial_tsn = Tsn(100)});
}

TEST(PacketBuilderTest, ShutdownCompleteTravelsAlone) {
  ExpectTravelsAlone(ShutdownCompleteChunk{.tag_reflected = true});
}

TEST(PacketBuilderTest, SizeLimitIsExactAtTheBoundary) {
  // 12-byte header + DATA with 4 bytes of payload (20) = 32.
  const std::array<uint8_t, 4> four = {1, 2, 3, 4};
  Bytes buffer(1500);
  PacketBuilder builder(buffer, kHeader, 32);
  EXPECT_EQ(builder.remaining(), 20u);
  EXPECT_EQ(builder.Add(Data(1, four)), AddResult::kAdded);
  EXPECT_EQ(builder.size(), 32u);
  EXPECT_EQ(builder.remaining(), 0u);
  EXPECT_EQ(builder.Add(Data(2)), AddResult::kNoRoom);
  EXPECT_EQ(builder.Finish().size(), 32u);
}

TEST(PacketBuilderTest, SizeLimitCountsPadding) {
  // DATA with five bytes of payload is 21 bytes long but takes 24 with its
  // padding (RFC 9260 section 3.2): one byte too many for a 32-byte limit.
  Bytes buffer(1500);
  {
    PacketBuilder builder(buffer, kHeader, 32);
    EXPECT_EQ(builder.Add(Data(1, kFiveBytes)), AddResult::kNoRoom);
    EXPECT_TRUE(builder.empty());
    EXPECT_EQ(builder.size(), CommonHeader::kSize);
  }
  {
    PacketBuilder builder(buffer, kHeader, 36);
    EXPECT_EQ(builder.Add(Data(1, kFiveBytes)), AddResult::kAdded);
    EXPECT_EQ(builder.size(), 36u);
    EXPECT_EQ(builder.Add(Data(2)), AddResult::kNoRoom);
  }
  {
    // A limit that is not a multiple of four: 35 leaves room for 23 bytes,
    // not for 24.
    PacketBuilder builder(buffer, kHeader, 35);
    EXPECT_EQ(builder.Add(Data(1, kFiveBytes)), AddResult::kNoRoom);
    EXPECT_EQ(builder.Add(CookieAckChunk{}), AddResult::kAdded);
    EXPECT_EQ(builder.remaining(), 19u);
    EXPECT_EQ(builder.Add(Data(1, std::span(kFiveBytes).first(3))), AddResult::kNoRoom);
    EXPECT_EQ(builder.Add(Data(1)), AddResult::kAdded);
    EXPECT_EQ(builder.remaining(), 3u);
    EXPECT_EQ(builder.Add(Data(2)), AddResult::kNoRoom);
    EXPECT_EQ(builder.Finish().size(), 32u);
  }
}

TEST(PacketBuilderTest, ControlChunksMeetTheSizeLimitToo) {
  Bytes buffer(1500);
  PacketBuilder builder(buffer, kHeader, 12 + 16 + 4);
  EXPECT_EQ(builder.Add(Sack()), AddResult::kAdded);  // 16 bytes
  EXPECT_EQ(builder.Add(ShutdownChunk{.cumulative_tsn_ack = Tsn(1)}), AddResult::kNoRoom);
  EXPECT_EQ(builder.Add(CookieAckChunk{}), AddResult::kAdded);
  EXPECT_EQ(builder.remaining(), 0u);
  EXPECT_EQ(builder.Add(ShutdownAckChunk{}), AddResult::kNoRoom);
}

TEST(PacketBuilderTest, BufferLimitsLikeTheSizeLimit) {
  Bytes buffer(40);
  PacketBuilder builder(buffer, kHeader, 1500);
  EXPECT_EQ(builder.remaining(), 28u);
  const std::array<uint8_t, 12> twelve{};
  EXPECT_EQ(builder.Add(Data(1, twelve)), AddResult::kAdded);  // 28 bytes
  EXPECT_EQ(builder.Add(Data(2)), AddResult::kNoRoom);
  EXPECT_EQ(builder.Finish().size(), 40u);
}

TEST(PacketBuilderTest, SoftwareChecksumVerifies) {
  Bytes buffer(1500);
  PacketBuilder builder(buffer, kHeader, buffer.size());
  ASSERT_EQ(builder.Add(Sack()), AddResult::kAdded);
  ASSERT_EQ(builder.Add(Data(1, kFiveBytes)), AddResult::kAdded);
  const std::span<uint8_t> packet = builder.Finish(ChecksumMode::kSoftware);
  ParseResult<SctpPacket> parsed = SctpPacket::Parse(packet, SctpPacket::ChecksumCheck::kVerify);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->header().source_port, kHeader.source_port);
  EXPECT_EQ(parsed->header().destination_port, kHeader.destination_port);
  EXPECT_EQ(parsed->header().verification_tag, kHeader.verification_tag);
  EXPECT_NE(parsed->header().checksum, 0u);
  EXPECT_EQ(parsed->chunk_count(), 2u);
  // One flipped bit anywhere breaks it.
  packet[packet.size() - 1] ^= 0x01;
  EXPECT_EQ(SctpPacket::Parse(packet).error().code, ParseErrorCode::kBadChecksum);
}

TEST(PacketBuilderTest, OffloadLeavesTheChecksumZero) {
  Bytes buffer(1500, 0xEE);  // not zero: shows the field is written
  PacketBuilder builder(buffer, kHeader, buffer.size());
  ASSERT_EQ(builder.Add(Data(1, kFiveBytes)), AddResult::kAdded);
  const std::span<uint8_t> packet = builder.Finish(ChecksumMode::kOffload);
  EXPECT_EQ(packet[8], 0);
  EXPECT_EQ(packet[9], 0);
  EXPECT_EQ(packet[10], 0);
  EXPECT_EQ(packet[11], 0);
  // The NIC fills it; until then software verification fails.
  EXPECT_EQ(SctpPacket::Parse(packet).error().code, ParseErrorCode::kBadChecksum);
  EXPECT_TRUE(SctpPacket::Parse(packet, SctpPacket::ChecksumCheck::kSkip).ok());
  WriteSctpChecksum(packet);
  EXPECT_TRUE(SctpPacket::Parse(packet).ok());
}

TEST(PacketBuilderTest, ZeroChecksumForRfc9653Peers) {
  Bytes buffer(1500, 0xEE);
  PacketBuilder builder(buffer, kHeader, buffer.size());
  ASSERT_EQ(builder.Add(CookieAckChunk{}), AddResult::kAdded);
  const std::span<uint8_t> packet = builder.Finish(ChecksumMode::kZero);
  ParseResult<SctpPacket> parsed =
      SctpPacket::Parse(packet, SctpPacket::ChecksumCheck::kVerifyOrAcceptZero);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->header().checksum, 0u);
  EXPECT_EQ(SctpPacket::Parse(packet).error().code, ParseErrorCode::kBadChecksum);
}

TEST(PacketBuilderTest, PaddingIsZero) {
  Bytes buffer(1500, 0xEE);
  PacketBuilder builder(buffer, kHeader, buffer.size());
  ASSERT_EQ(builder.Add(Data(1, kFiveBytes)), AddResult::kAdded);
  const std::span<uint8_t> packet = builder.Finish();
  ASSERT_EQ(packet.size(), 12u + 24);
  EXPECT_EQ(packet[12 + 21], 0);
  EXPECT_EQ(packet[12 + 22], 0);
  EXPECT_EQ(packet[12 + 23], 0);
  EXPECT_FALSE(SctpPacket::Parse(packet)->has_nonzero_padding());
}

}  // namespace
}  // namespace sctpdp
