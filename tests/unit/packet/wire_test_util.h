#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "dataplane/sctp/packet/parse_result.h"

namespace sctpdp::testing {

using Bytes = std::vector<uint8_t>;

// Bytes written by a wire object's SerializeTo, sized by its WireSize.
template <typename T>
Bytes Serialize(const T& object) {
  Bytes out(object.WireSize(), 0xEE);  // not zero: shows bytes left unwritten
  object.SerializeTo(out);
  return out;
}

// Parses `wire` as T and checks that it serializes back to the same bytes.
template <typename T>
T ExpectRoundTrip(const Bytes& wire) {
  ParseResult<T> parsed = T::Parse(wire);
  EXPECT_TRUE(parsed.ok()) << parsed.error().ToString();
  if (!parsed.ok()) return T{};
  EXPECT_EQ(Serialize(*parsed), wire) << parsed->ToString();
  return *parsed;
}

// Every strict prefix of a valid object fails to parse with the given code
// for prefixes that still hold the length field, and kTruncated otherwise.
template <typename T>
void ExpectEveryTruncationFails(const Bytes& wire) {
  for (size_t size = 0; size < wire.size(); ++size) {
    ParseResult<T> parsed = T::Parse(std::span<const uint8_t>(wire.data(), size));
    EXPECT_FALSE(parsed.ok()) << "prefix of " << size << " bytes parsed";
  }
}

// Parses `wire` as T, expecting failure with `code`.
template <typename T>
ParseError ExpectParseError(const Bytes& wire, ParseErrorCode code) {
  ParseResult<T> parsed = T::Parse(wire);
  EXPECT_FALSE(parsed.ok());
  if (parsed.ok()) return ParseError{};
  EXPECT_EQ(parsed.error().code, code) << parsed.error().ToString();
  return parsed.error();
}

// A copy of `wire` with the 16-bit length field (bytes 2-3) set to `length`.
Bytes WithLength(Bytes wire, uint16_t length);

}  // namespace sctpdp::testing
