#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

namespace sctpdp {

// Reads big-endian fields from a buffer known to hold at least kFixedSize
// bytes. Offsets into the fixed part are template arguments, so reading past
// it does not compile; the size is checked once, at construction, and a
// violated precondition aborts rather than reading out of bounds.
template <size_t kFixedSize>
class BoundedByteReader {
 public:
  explicit BoundedByteReader(std::span<const uint8_t> data) : data_(data) {
    if (data.size() < kFixedSize) std::abort();
  }

  template <size_t kOffset>
  uint8_t Load8() const {
    static_assert(kOffset + 1 <= kFixedSize);
    return data_[kOffset];
  }

  template <size_t kOffset>
  uint16_t Load16() const {
    static_assert(kOffset + 2 <= kFixedSize);
    return static_cast<uint16_t>((data_[kOffset] << 8) | data_[kOffset + 1]);
  }

  template <size_t kOffset>
  uint32_t Load32() const {
    static_assert(kOffset + 4 <= kFixedSize);
    return (uint32_t{data_[kOffset]} << 24) | (uint32_t{data_[kOffset + 1]} << 16) |
           (uint32_t{data_[kOffset + 2]} << 8) | uint32_t{data_[kOffset + 3]};
  }

  template <size_t kOffset, size_t kSize>
  std::span<const uint8_t, kSize> LoadBytes() const {
    static_assert(kOffset + kSize <= kFixedSize);
    return data_.subspan(kOffset).template first<kSize>();
  }

  // Everything after the fixed part.
  std::span<const uint8_t> variable_data() const { return data_.subspan(kFixedSize); }

  // A reader over the element of kSubSize bytes at `offset` in the variable
  // part; aborts if it does not fit (callers check the length first).
  template <size_t kSubSize>
  BoundedByteReader<kSubSize> sub_reader(size_t offset) const {
    std::span<const uint8_t> rest = variable_data();
    if (offset > rest.size()) std::abort();
    return BoundedByteReader<kSubSize>(rest.subspan(offset));
  }

 private:
  std::span<const uint8_t> data_;
};

}  // namespace sctpdp
