#pragma once

#include <gtest/gtest.h>

#include <cstdint>

#include "dataplane/sctp/packet/parse_result.h"
#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp::testing {

// The framing rules every error cause shares (RFC 9260 sections 3.2.1 and
// 3.3.10), checked on a valid cause `wire` of type T: every prefix fails, a
// length below the fixed part, a length past the buffer, bytes after the
// length and another cause code are each rejected, pointing at the field.
template <typename T>
void ExpectCauseFramingChecks(const Bytes& wire, uint16_t code) {
  SCOPED_TRACE(::testing::Message() << "cause code " << code);
  ExpectEveryTruncationFails<T>(wire);

  auto expect = [&](const Bytes& bad, ParseErrorCode error_code, uint32_t offset) {
    ParseError error = ExpectParseError<T>(bad, error_code);
    EXPECT_EQ(error.kind, WireKind::kErrorCause);
    EXPECT_EQ(error.type, code);
    EXPECT_EQ(error.offset, offset);
  };
  expect(WithLength(wire, static_cast<uint16_t>(T::kHeaderSize - 1)),
         ParseErrorCode::kLengthTooSmall, 2);
  expect(WithLength(wire, static_cast<uint16_t>(wire.size() + 1)), ParseErrorCode::kLengthTooLarge,
         2);

  Bytes trailing = wire;
  trailing.insert(trailing.end(), {0, 0, 0, 0});
  expect(trailing, ParseErrorCode::kTrailingBytes, static_cast<uint32_t>(wire.size()));

  Bytes other_code = wire;
  other_code[0] ^= 0x40;
  ParseError error = ExpectParseError<T>(other_code, ParseErrorCode::kBadValue);
  EXPECT_EQ(error.offset, 0u);
}

// A fixed-size cause of type T grown by four bytes, its length counting them,
// is rejected as a bad length.
template <typename T>
void ExpectFixedSize(const Bytes& wire) {
  Bytes longer = wire;
  longer.insert(longer.end(), {0, 0, 0, 0});
  ParseError error = ExpectParseError<T>(WithLength(longer, static_cast<uint16_t>(longer.size())),
                                         ParseErrorCode::kBadLength);
  EXPECT_EQ(error.offset, 2u);
}

}  // namespace sctpdp::testing
