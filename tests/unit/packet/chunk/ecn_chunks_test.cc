// ECNE and CWR (types 12 and 13, reserved by RFC 9260 section 3.2; layout
// of RFC 4960 appendix A).
#include <gtest/gtest.h>

#include "dataplane/sctp/packet/chunk/cwr_chunk.h"
#include "dataplane/sctp/packet/chunk/ecne_chunk.h"
#include "tests/unit/packet/chunk/fixed_chunk_checks.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFixedChunkFraming;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// Lowest TSN Number 0x0a0b0c0d.
const Bytes kEcne = {0x0c, 0x00, 0x00, 0x08, 0x0a, 0x0b, 0x0c, 0x0d};
const Bytes kCwr = {0x0d, 0x00, 0x00, 0x08, 0x0a, 0x0b, 0x0c, 0x0d};

TEST(EcneChunkTest, ParsesLowestTsn) {
  EcneChunk chunk = ExpectRoundTrip<EcneChunk>(kEcne);
  EXPECT_EQ(chunk.lowest_tsn, Tsn(0x0a0b0c0d));
  EXPECT_EQ(chunk.ToString(), "ECNE lowest_tsn=168496141");
  EXPECT_EQ(Serialize(EcneChunk{.lowest_tsn = Tsn(0x0a0b0c0d)}), kEcne);
}

TEST(EcneChunkTest, Framing) { ExpectFixedChunkFraming<EcneChunk>(kEcne); }

TEST(CwrChunkTest, ParsesLowestTsn) {
  CwrChunk chunk = ExpectRoundTrip<CwrChunk>(kCwr);
  EXPECT_EQ(chunk.lowest_tsn, Tsn(0x0a0b0c0d));
  EXPECT_EQ(chunk.ToString(), "CWR lowest_tsn=168496141");
  EXPECT_EQ(Serialize(CwrChunk{.lowest_tsn = Tsn(0x0a0b0c0d)}), kCwr);
}

TEST(CwrChunkTest, Framing) { ExpectFixedChunkFraming<CwrChunk>(kCwr); }

TEST(EcnChunksTest, TypesAreNotInterchangeable) {
  ExpectParseError<EcneChunk>(kCwr, ParseErrorCode::kBadValue);
  ExpectParseError<CwrChunk>(kEcne, ParseErrorCode::kBadValue);
}

}  // namespace
}  // namespace sctpdp
