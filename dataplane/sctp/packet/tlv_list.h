#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <span>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

// A sequence of parameters or error causes (type-length-value fields, each
// padded to four bytes) inside a chunk or a parameter. It views the bytes it
// was parsed from or built into; those bytes round-trip unchanged, including
// whether the enclosing length counted the padding of the last field.
class TlvList {
 public:
  struct Field {
    uint16_t type = 0;
    std::span<const uint8_t> bytes;  // the whole field, without its padding
    size_t offset = 0;               // from the start of the list
  };

  TlvList() = default;

  // Checks the framing of every field: a length of at least four, inside the
  // buffer, and padding present before the next field. The last field's
  // padding may or may not be in `data` (RFC 9260 section 3.2 lets the
  // enclosing length leave it out). `kind` labels errors.
  static ParseResult<TlvList> Parse(std::span<const uint8_t> data, WireKind kind);

  std::span<const uint8_t> bytes() const { return bytes_; }
  WireKind kind() const { return kind_; }
  bool empty() const { return bytes_.empty(); }
  size_t WireSize() const { return bytes_.size(); }
  void SerializeTo(std::span<uint8_t> out) const;

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Field;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Field;

    Iterator() = default;
    Iterator(std::span<const uint8_t> bytes, size_t offset, WireKind kind)
        : bytes_(bytes), offset_(offset), kind_(kind) {}
    Field operator*() const;
    Iterator& operator++();
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.offset_ == b.offset_; }

   private:
    std::span<const uint8_t> bytes_;
    size_t offset_ = 0;
    WireKind kind_ = WireKind::kParameter;
  };

  Iterator begin() const { return Iterator(bytes_, 0, kind_); }
  Iterator end() const { return Iterator(bytes_, bytes_.size(), kind_); }

  // The first field of T::kType, parsed; nullopt if there is none or it does
  // not parse.
  template <typename T>
  std::optional<T> Find() const {
    for (Field field : *this) {
      if (field.type == static_cast<uint16_t>(T::kType)) {
        ParseResult<T> parsed = T::Parse(field.bytes);
        if (parsed.ok()) return std::move(parsed).value();
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  friend bool operator==(const TlvList& a, const TlvList& b);

 private:
  TlvList(std::span<const uint8_t> bytes, WireKind kind) : bytes_(bytes), kind_(kind) {}
  friend class TlvListWriter;

  std::span<const uint8_t> bytes_;
  WireKind kind_ = WireKind::kParameter;
};

// Builds a TlvList into a caller's buffer: each Add pads the previous field
// and serializes one object (anything with WireSize() and SerializeTo()).
class TlvListWriter {
 public:
  TlvListWriter(std::span<uint8_t> buffer, WireKind kind) : buffer_(buffer), kind_(kind) {}

  // False, writing nothing, if the field does not fit.
  template <typename T>
  bool Add(const T& field) {
    const size_t start = PaddedLength(size_);
    const size_t length = field.WireSize();
    if (start > buffer_.size() || length > buffer_.size() - start) return false;
    for (size_t i = size_; i < start; ++i) buffer_[i] = 0;
    field.SerializeTo(buffer_.subspan(start, length));
    size_ = start + length;
    return true;
  }

  // The fields written so far; the last field's padding is left out, as
  // RFC 9260 section 3.2 asks of chunk lengths.
  TlvList list() const { return TlvList(buffer_.first(size_), kind_); }

 private:
  std::span<uint8_t> buffer_;
  size_t size_ = 0;
  WireKind kind_;
};

}  // namespace sctpdp
