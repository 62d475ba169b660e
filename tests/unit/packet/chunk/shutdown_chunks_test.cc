// SHUTDOWN, SHUTDOWN ACK and SHUTDOWN COMPLETE (RFC 9260 sections 3.3.8,
// 3.3.9 and 3.3.13).
#include <gtest/gtest.h>

#include "dataplane/sctp/packet/chunk/shutdown_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_complete_chunk.h"
#include "tests/unit/packet/chunk/fixed_chunk_checks.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFixedChunkFraming;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// Cumulative TSN Ack 0x80000001.
const Bytes kShutdown = {0x07, 0x00, 0x00, 0x08, 0x80, 0x00, 0x00, 0x01};
const Bytes kShutdownAck = {0x08, 0x00, 0x00, 0x04};
const Bytes kShutdownComplete = {0x0e, 0x00, 0x00, 0x04};
const Bytes kShutdownCompleteReflected = {0x0e, 0x01, 0x00, 0x04};

TEST(ShutdownChunkTest, ParsesCumulativeTsnAck) {
  ShutdownChunk chunk = ExpectRoundTrip<ShutdownChunk>(kShutdown);
  EXPECT_EQ(chunk.cumulative_tsn_ack, Tsn(0x80000001));
  EXPECT_EQ(chunk.ToString(), "SHUTDOWN cum_tsn=2147483649");
}

TEST(ShutdownChunkTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(ShutdownChunk{.cumulative_tsn_ack = Tsn(0x80000001)}), kShutdown);
}

TEST(ShutdownChunkTest, Framing) { ExpectFixedChunkFraming<ShutdownChunk>(kShutdown); }

TEST(ShutdownAckChunkTest, ParsesAndBuilds) {
  ShutdownAckChunk chunk = ExpectRoundTrip<ShutdownAckChunk>(kShutdownAck);
  EXPECT_EQ(chunk, ShutdownAckChunk{});
  EXPECT_EQ(Serialize(ShutdownAckChunk{}), kShutdownAck);
  EXPECT_EQ(chunk.ToString(), "SHUTDOWN ACK");
}

TEST(ShutdownAckChunkTest, Framing) { ExpectFixedChunkFraming<ShutdownAckChunk>(kShutdownAck); }

TEST(ShutdownCompleteChunkTest, TBitClearAndSet) {
  ShutdownCompleteChunk clear = ExpectRoundTrip<ShutdownCompleteChunk>(kShutdownComplete);
  EXPECT_FALSE(clear.tag_reflected);
  EXPECT_EQ(clear.ToString(), "SHUTDOWN COMPLETE T=0");
  ShutdownCompleteChunk set = ExpectRoundTrip<ShutdownCompleteChunk>(kShutdownCompleteReflected);
  EXPECT_TRUE(set.tag_reflected);
  EXPECT_EQ(set.ToString(), "SHUTDOWN COMPLETE T=1");
  EXPECT_NE(clear, set);
}

TEST(ShutdownCompleteChunkTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(ShutdownCompleteChunk{}), kShutdownComplete);
  EXPECT_EQ(Serialize(ShutdownCompleteChunk{.tag_reflected = true}), kShutdownCompleteReflected);
}

TEST(ShutdownCompleteChunkTest, Framing) {
  // Only the seven reserved bits are ignored; the T bit is the chunk's own.
  ExpectFixedChunkFraming<ShutdownCompleteChunk>(kShutdownComplete, 0xfe);
  ExpectFixedChunkFraming<ShutdownCompleteChunk>(kShutdownCompleteReflected, 0xfe);
}

}  // namespace
}  // namespace sctpdp
