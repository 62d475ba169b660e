#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <span>
#include <type_traits>

#include "dataplane/sctp/common/strong_type.h"

namespace sctpdp {

// How one element of a WireList is encoded. Element types either define
// kWireSize, Decode and Encode themselves (see GapAckBlock) or are unsigned
// integers or strong types over them, encoded big-endian.
template <typename T>
struct WireCodec {
  static constexpr size_t kWireSize = T::kWireSize;
  static T Decode(const uint8_t* p) { return T::Decode(p); }
  static void Encode(const T& value, uint8_t* p) { value.Encode(p); }
};

template <typename T>
  requires std::is_unsigned_v<T>
struct WireCodec<T> {
  static constexpr size_t kWireSize = sizeof(T);
  static T Decode(const uint8_t* p) {
    T value = 0;
    for (size_t i = 0; i < sizeof(T); ++i) value = static_cast<T>((value << 8) | p[i]);
    return value;
  }
  static void Encode(T value, uint8_t* p) {
    for (size_t i = sizeof(T); i-- > 0; value = static_cast<T>(value >> 8)) {
      p[i] = static_cast<uint8_t>(value);
    }
  }
};

template <typename Tag, typename U, bool kOrdered>
struct WireCodec<StrongType<Tag, U, kOrdered>> {
  using T = StrongType<Tag, U, kOrdered>;
  static constexpr size_t kWireSize = sizeof(U);
  static T Decode(const uint8_t* p) { return T(WireCodec<U>::Decode(p)); }
  static void Encode(T value, uint8_t* p) { WireCodec<U>::Encode(value.value(), p); }
};

// A list of fixed-size elements inside a chunk or parameter (gap blocks,
// duplicate TSNs, stream ids, HMAC ids). After parsing it views the wire
// bytes; when building it views the caller's values. Neither direction copies
// or allocates, which keeps SACK handling off the heap.
template <typename T>
class WireList {
  using Codec = WireCodec<T>;

 public:
  static constexpr size_t kElementSize = Codec::kWireSize;

  WireList() = default;
  // Views host values; they must outlive the list.
  WireList(std::span<const T> values) : values_(values), size_(values.size()) {}  // NOLINT

  // Views wire bytes; their size must be a multiple of kElementSize (the
  // enclosing parser checks that with TlvFormat::stride).
  static WireList FromWire(std::span<const uint8_t> bytes) {
    if (bytes.size() % kElementSize != 0) std::abort();
    WireList list;
    list.wire_ = bytes;
    list.size_ = bytes.size() / kElementSize;
    list.from_wire_ = true;
    return list;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t WireSize() const { return size_ * kElementSize; }

  T operator[](size_t i) const {
    return from_wire_ ? Codec::Decode(wire_.data() + i * kElementSize) : values_[i];
  }

  void SerializeTo(std::span<uint8_t> out) const {
    if (out.size() < WireSize()) std::abort();
    for (size_t i = 0; i < size_; ++i) Codec::Encode((*this)[i], out.data() + i * kElementSize);
  }

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = T;

    Iterator() = default;
    Iterator(const WireList* list, size_t index) : list_(list), index_(index) {}
    T operator*() const { return (*list_)[index_]; }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++index_;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.index_ == b.index_; }

   private:
    const WireList* list_ = nullptr;
    size_t index_ = 0;
  };

  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size_); }

  friend bool operator==(const WireList& a, const WireList& b) {
    if (a.size_ != b.size_) return false;
    for (size_t i = 0; i < a.size_; ++i) {
      if (!(a[i] == b[i])) return false;
    }
    return true;
  }

 private:
  std::span<const uint8_t> wire_;
  std::span<const T> values_;
  size_t size_ = 0;
  bool from_wire_ = false;
};

}  // namespace sctpdp
