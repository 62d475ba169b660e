#include "dataplane/sctp/common/sequence_number.h"

#include <gtest/gtest.h>

namespace sctpdp {
namespace {

TEST(SequenceNumberTest, KeepsOrderAcrossTheWrap) {
  UnwrappedTsn::Unwrapper unwrapper;
  const UnwrappedTsn before = unwrapper.Unwrap(Tsn(0xfffffffe));
  const UnwrappedTsn last = unwrapper.Unwrap(Tsn(0xffffffff));
  const UnwrappedTsn wrapped = unwrapper.Unwrap(Tsn(0));
  const UnwrappedTsn after = unwrapper.Unwrap(Tsn(5));
  EXPECT_LT(before, last);
  EXPECT_LT(last, wrapped);
  EXPECT_LT(wrapped, after);
  EXPECT_EQ(wrapped.Difference(last), 1);
  EXPECT_EQ(after.Difference(before), 7);
  EXPECT_EQ(after.Wrap(), Tsn(5));
  EXPECT_EQ(last.next_value(), wrapped);
}

TEST(SequenceNumberTest, OlderValuesStayBehind) {
  // RFC 1982 section 3.2: s1 < s2 when s2 - s1 (mod 2^n) is below 2^(n-1).
  UnwrappedSsn::Unwrapper unwrapper;
  const UnwrappedSsn newest = unwrapper.Unwrap(Ssn(3));
  const UnwrappedSsn older = unwrapper.Unwrap(Ssn(65530));  // 9 behind, across the wrap
  EXPECT_LT(older, newest);
  EXPECT_EQ(newest.Difference(older), 9);
  // An old value does not move the reference point.
  EXPECT_EQ(unwrapper.PeekUnwrap(Ssn(4)), newest.next_value());
}

TEST(SequenceNumberTest, HalfTheSpaceAheadIsBehind) {
  UnwrappedSsn::Unwrapper unwrapper;
  const UnwrappedSsn base = unwrapper.Unwrap(Ssn(0));
  EXPECT_GT(unwrapper.PeekUnwrap(Ssn(32767)), base);
  EXPECT_LT(unwrapper.PeekUnwrap(Ssn(32768)), base);
}

TEST(SequenceNumberTest, WalksThroughSeveralWraps) {
  UnwrappedSsn::Unwrapper unwrapper;
  UnwrappedSsn previous = unwrapper.Unwrap(Ssn(0));
  for (uint32_t i = 1; i < 4 * 65536; i += 1000) {
    const UnwrappedSsn next = unwrapper.Unwrap(Ssn(static_cast<uint16_t>(i)));
    EXPECT_EQ(next.Difference(previous), i == 1 ? 1 : 1000);
    previous = next;
  }
}

TEST(SequenceNumberTest, ResetForgetsTheReference) {
  UnwrappedMid::Unwrapper unwrapper;
  const UnwrappedMid high = unwrapper.Unwrap(Mid(0x80000000));
  unwrapper.Reset();
  EXPECT_EQ(unwrapper.Unwrap(Mid(0)).Wrap(), Mid(0));
  EXPECT_EQ(high.Wrap(), Mid(0x80000000));
}

}  // namespace
}  // namespace sctpdp
