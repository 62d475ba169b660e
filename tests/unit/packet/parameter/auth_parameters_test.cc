#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "dataplane/sctp/packet/parameter/chunk_list_parameter.h"
#include "dataplane/sctp/packet/parameter/random_parameter.h"
#include "dataplane/sctp/packet/parameter/requested_hmac_algorithm_parameter.h"
#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::ExpectStride;
using ::sctpdp::testing::Serialize;
using ::sctpdp::testing::ToBytes;

// RFC 4895 section 3.1: type 0x8002, length 4 + 32, a 32-byte random number.
Bytes RandomWire() {
  Bytes wire = {0x80, 0x02, 0x00, 0x24};
  for (uint8_t i = 0; i < 32; ++i) wire.push_back(static_cast<uint8_t>(0xa0 + i));
  return wire;
}

TEST(RandomParameterTest, ParsesEveryField) {
  const Bytes wire = RandomWire();
  RandomParameter parameter = ExpectRoundTrip<RandomParameter>(wire);
  EXPECT_EQ(ToBytes(parameter.random), Bytes(wire.begin() + 4, wire.end()));
  EXPECT_EQ(parameter.ToString(), "Random len=32 random=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf...");
}

TEST(RandomParameterTest, BuildsTheSameBytes) {
  const Bytes wire = RandomWire();
  const Bytes random(wire.begin() + 4, wire.end());
  EXPECT_EQ(Serialize(RandomParameter{.random = random}), wire);
}

TEST(RandomParameterTest, ArbitraryLengthsParse) {
  // "a random number of an arbitrary length", padded outside the length.
  EXPECT_EQ(ExpectRoundTrip<RandomParameter>({0x80, 0x02, 0x00, 0x07, 1, 2, 3}).random.size(), 3u);
  EXPECT_TRUE(ExpectRoundTrip<RandomParameter>({0x80, 0x02, 0x00, 0x04}).random.empty());
}

TEST(RandomParameterTest, RejectsBadFraming) { ExpectFramingChecks<RandomParameter>(RandomWire()); }

// RFC 4895 section 3.2: type 0x8003, length 4 + 3, chunk types ASCONF (193),
// ASCONF-ACK (128) and RE-CONFIG (130); one byte of padding follows.
const Bytes kChunkList = {0x80, 0x03, 0x00, 0x07, 0xc1, 0x80, 0x82};

TEST(ChunkListParameterTest, ParsesEveryField) {
  ChunkListParameter parameter = ExpectRoundTrip<ChunkListParameter>(kChunkList);
  EXPECT_EQ(ToBytes(parameter.chunk_types), (Bytes{0xc1, 0x80, 0x82}));
  EXPECT_EQ(parameter.ToString(), "Chunk List chunk_types=[193,128,130]");
}

TEST(ChunkListParameterTest, BuildsTheSameBytes) {
  const Bytes types = {0xc1, 0x80, 0x82};
  EXPECT_EQ(Serialize(ChunkListParameter{.chunk_types = types}), kChunkList);
}

TEST(ChunkListParameterTest, ZeroOneAndManyTypes) {
  EXPECT_EQ(ExpectRoundTrip<ChunkListParameter>({0x80, 0x03, 0x00, 0x04}).ToString(),
            "Chunk List chunk_types=[]");
  EXPECT_EQ(ExpectRoundTrip<ChunkListParameter>({0x80, 0x03, 0x00, 0x05, 0x00}).ToString(),
            "Chunk List chunk_types=[0]");
  EXPECT_EQ(
      ExpectRoundTrip<ChunkListParameter>({0x80, 0x03, 0x00, 0x09, 0x00, 0x03, 0x0a, 0x0b, 0xc1})
          .chunk_types.size(),
      5u);
}

TEST(ChunkListParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<ChunkListParameter>(kChunkList);
}

// RFC 4895 section 3.3: type 0x8004, length 4 + 2 * 2, SHA-256 (3) then
// SHA-1 (1).
const Bytes kHmacAlgo = {0x80, 0x04, 0x00, 0x08, 0x00, 0x03, 0x00, 0x01};

std::vector<uint16_t> Ids(const RequestedHmacAlgorithmParameter& parameter) {
  return std::vector<uint16_t>(parameter.hmac_ids.begin(), parameter.hmac_ids.end());
}

TEST(RequestedHmacAlgorithmParameterTest, ParsesEveryField) {
  RequestedHmacAlgorithmParameter parameter =
      ExpectRoundTrip<RequestedHmacAlgorithmParameter>(kHmacAlgo);
  EXPECT_EQ(Ids(parameter), (std::vector<uint16_t>{3, 1}));
  EXPECT_EQ(parameter.ToString(), "Requested HMAC Algorithm hmac_ids=[3,1]");
}

TEST(RequestedHmacAlgorithmParameterTest, BuildsTheSameBytes) {
  const std::array<uint16_t, 2> ids = {3, 1};
  EXPECT_EQ(Serialize(RequestedHmacAlgorithmParameter{.hmac_ids = WireList<uint16_t>(ids)}),
            kHmacAlgo);
}

TEST(RequestedHmacAlgorithmParameterTest, ZeroOneAndManyIds) {
  EXPECT_TRUE(
      ExpectRoundTrip<RequestedHmacAlgorithmParameter>({0x80, 0x04, 0x00, 0x04}).hmac_ids.empty());
  // One id: length 6, two bytes of padding outside it.
  EXPECT_EQ(
      Ids(ExpectRoundTrip<RequestedHmacAlgorithmParameter>({0x80, 0x04, 0x00, 0x06, 0x00, 0x01})),
      (std::vector<uint16_t>{1}));
  EXPECT_EQ(Ids(ExpectRoundTrip<RequestedHmacAlgorithmParameter>(
                {0x80, 0x04, 0x00, 0x0a, 0x00, 0x03, 0x00, 0x01, 0x12, 0x34})),
            (std::vector<uint16_t>{3, 1, 0x1234}));
}

TEST(RequestedHmacAlgorithmParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<RequestedHmacAlgorithmParameter>(kHmacAlgo);
  ExpectStride<RequestedHmacAlgorithmParameter>(kHmacAlgo, 2);
}

}  // namespace
}  // namespace sctpdp
