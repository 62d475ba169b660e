#pragma once

#include <gtest/gtest.h>

#include <cstdint>

#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp::testing {

// The framing checks every fixed-size chunk must pass (RFC 9260 section
// 3.2): `wire` is a valid chunk of type T with reserved flag bits clear;
// `ignored_flags` are the flag bits receivers ignore and senders zero.
template <typename T>
void ExpectFixedChunkFraming(const Bytes& wire, uint8_t ignored_flags = 0xff) {
  SCOPED_TRACE(::testing::Message() << "chunk type " << int{wire.at(0)});
  ExpectRoundTrip<T>(wire);
  EXPECT_EQ(T::kHeaderSize, wire.size());
  ExpectEveryTruncationFails<T>(wire);

  ParseError error = ExpectParseError<T>(WithLength(wire, static_cast<uint16_t>(wire.size() - 1)),
                                         ParseErrorCode::kLengthTooSmall);
  EXPECT_EQ(error.kind, WireKind::kChunk);
  EXPECT_EQ(error.type, wire[0]);
  EXPECT_EQ(error.offset, 2u);
  ExpectParseError<T>(WithLength(wire, static_cast<uint16_t>(wire.size() + 4)),
                      ParseErrorCode::kLengthTooLarge);

  // A longer chunk whose length covers the extra bytes: not this type's size.
  Bytes longer = WithLength(wire, static_cast<uint16_t>(wire.size() + 4));
  longer.insert(longer.end(), {0, 0, 0, 0});
  error = ExpectParseError<T>(longer, ParseErrorCode::kBadLength);
  EXPECT_EQ(error.offset, 2u);

  // Extra bytes past the length field's end.
  Bytes trailing = wire;
  trailing.insert(trailing.end(), {0, 0, 0, 0});
  ExpectParseError<T>(trailing, ParseErrorCode::kTrailingBytes);

  Bytes other_type = wire;
  other_type[0] = static_cast<uint8_t>(wire[0] + 1);
  ExpectParseError<T>(other_type, ParseErrorCode::kBadValue);

  Bytes flagged = wire;
  flagged[1] = static_cast<uint8_t>(flagged[1] | ignored_flags);
  ParseResult<T> parsed = T::Parse(flagged);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(Serialize(*parsed), wire);
}

}  // namespace sctpdp::testing
