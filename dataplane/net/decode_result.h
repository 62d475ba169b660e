#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace sctpdp::net {

// Why a link, IP or UDP header could not be decoded. Decoders never read
// outside the buffer they are given: every length field is checked first.
enum class DecodeError : uint8_t {
  kTruncated,        // the buffer ends inside the header, or before the length it gives
  kBadVersion,       // the IP version field is not the one this decoder reads
  kBadHeaderLength,  // a length field below the header's own minimum size
};

std::string_view DecodeErrorName(DecodeError error);

// Either a decoded header or the reason it could not be decoded; the same
// shape as ParseResult in the SCTP layer.
template <typename T>
class [[nodiscard]] DecodeResult {
 public:
  DecodeResult(T value) : value_(std::move(value)) {}  // NOLINT
  DecodeResult(DecodeError error) : error_(error) {}   // NOLINT

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  const T& operator*() const& { return *value_; }
  const T* operator->() const { return &*value_; }

  DecodeError error() const { return error_; }

 private:
  std::optional<T> value_;
  DecodeError error_ = DecodeError::kTruncated;
};

}  // namespace sctpdp::net
