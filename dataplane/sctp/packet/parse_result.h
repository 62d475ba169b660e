#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sctpdp {

// What was wrong with the bytes. Parsing never throws: every failure is one
// of these, with the place it happened.
enum class ParseErrorCode : uint8_t {
  kTruncated,        // fewer bytes than the object's fixed part
  kLengthTooSmall,   // length field below the object's minimum
  kLengthTooLarge,   // length field reaches past the enclosing buffer
  kBadLength,        // length not allowed for this object (fixed size, list stride)
  kMissingPadding,   // the padding to a multiple of 4 bytes is absent
  kTrailingBytes,    // bytes left over that belong to no object
  kBadValue,         // a field holds a value the format forbids
  kBadChecksum,      // CRC32c of the packet does not match
};

std::string_view ParseErrorCodeName(ParseErrorCode code);

// Which kind of wire object an error is about.
enum class WireKind : uint8_t {
  kCommonHeader,
  kChunk,
  kParameter,
  kErrorCause,
};

// A typed parse failure: what was wrong, in which object, at which byte.
// `offset` counts from the start of the buffer handed to the outermost Parse
// (the SCTP packet when the packet parser reports it). `chunk_index` and
// `chunk_type` name the enclosing chunk when there is one.
struct ParseError {
  ParseErrorCode code = ParseErrorCode::kTruncated;
  WireKind kind = WireKind::kCommonHeader;
  uint16_t type = 0;  // chunk type, parameter type or cause code
  uint32_t offset = 0;
  int32_t chunk_index = -1;
  uint8_t chunk_type = 0;

  // Shifts the offset when an enclosing parser reports a nested error.
  ParseError At(size_t base) const {
    ParseError e = *this;
    e.offset += static_cast<uint32_t>(base);
    return e;
  }

  std::string ToString() const;
  friend bool operator==(const ParseError&, const ParseError&) = default;
};

// Either a parsed object or the reason it could not be parsed; the C++23
// std::expected shape, kept small for C++20.
template <typename T>
class [[nodiscard]] ParseResult {
 public:
  ParseResult(T value) : value_(std::move(value)) {}              // NOLINT
  ParseResult(const ParseError& error) : error_(error) {}         // NOLINT
  // Builds the value in place, e.g. one alternative of a variant, without a
  // temporary T to copy from.
  template <typename... Args>
  explicit ParseResult(std::in_place_t, Args&&... args)
      : value_(std::in_place, std::forward<Args>(args)...) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

  const ParseError& error() const { return error_; }

 private:
  std::optional<T> value_;
  ParseError error_;
};

}  // namespace sctpdp
