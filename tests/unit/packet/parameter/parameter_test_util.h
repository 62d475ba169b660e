#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <span>

#include "dataplane/sctp/packet/parse_result.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp::testing {

// A copy of the bytes a span views, for comparisons.
inline Bytes ToBytes(std::span<const uint8_t> bytes) { return Bytes(bytes.begin(), bytes.end()); }

// The framing checks every parameter T shares (RFC 9260 section 3.2.1),
// run on a valid encoding `wire` of T: every prefix fails; a length below
// T's fixed part, past the buffer, or short of the buffer's end is an
// error at the right byte; another type in the header is rejected.
template <typename T>
void ExpectFramingChecks(const Bytes& wire) {
  ExpectEveryTruncationFails<T>(wire);

  ParseError error =
      ExpectParseError<T>(WithLength(wire, T::kHeaderSize - 1), ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.offset, 2u);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, static_cast<uint16_t>(T::kType));

  error = ExpectParseError<T>(WithLength(wire, static_cast<uint16_t>(wire.size() + 1)),
                              ParseErrorCode::kLengthTooLarge);
  EXPECT_EQ(error.offset, 2u);

  Bytes longer = wire;
  longer.insert(longer.end(), {0, 0, 0, 0});
  error = ExpectParseError<T>(longer, ParseErrorCode::kTrailingBytes);
  EXPECT_EQ(error.offset, wire.size());

  Bytes other_type = wire;
  other_type[1] ^= 0x01;
  error = ExpectParseError<T>(other_type, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.offset, 0u);
}

// A fixed-size T rejects a longer length, even one that matches the buffer.
template <typename T>
void ExpectFixedSize(const Bytes& wire) {
  Bytes longer = wire;
  longer.insert(longer.end(), {0, 0, 0, 0});
  ParseError error = ExpectParseError<T>(WithLength(longer, static_cast<uint16_t>(longer.size())),
                                         ParseErrorCode::kBadLength);
  EXPECT_EQ(error.offset, 2u);
}

// A T whose variable part is a list of `stride`-byte elements rejects a
// variable part that is not a whole number of them.
template <typename T>
void ExpectStride(const Bytes& wire, size_t stride) {
  for (size_t extra = 1; extra < stride; ++extra) {
    Bytes longer = wire;
    longer.insert(longer.end(), extra, 0);
    ParseError error = ExpectParseError<T>(WithLength(longer, static_cast<uint16_t>(longer.size())),
                                           ParseErrorCode::kBadLength);
    EXPECT_EQ(error.offset, 2u);
  }
}

}  // namespace sctpdp::testing
