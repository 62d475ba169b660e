#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

namespace sctpdp {

// Writes big-endian fields into a buffer known to hold at least kFixedSize
// bytes; the counterpart of BoundedByteReader.
template <size_t kFixedSize>
class BoundedByteWriter {
 public:
  explicit BoundedByteWriter(std::span<uint8_t> data) : data_(data) {
    if (data.size() < kFixedSize) std::abort();
  }

  template <size_t kOffset>
  void Store8(uint8_t value) {
    static_assert(kOffset + 1 <= kFixedSize);
    data_[kOffset] = value;
  }

  template <size_t kOffset>
  void Store16(uint16_t value) {
    static_assert(kOffset + 2 <= kFixedSize);
    data_[kOffset] = static_cast<uint8_t>(value >> 8);
    data_[kOffset + 1] = static_cast<uint8_t>(value);
  }

  template <size_t kOffset>
  void Store32(uint32_t value) {
    static_assert(kOffset + 4 <= kFixedSize);
    data_[kOffset] = static_cast<uint8_t>(value >> 24);
    data_[kOffset + 1] = static_cast<uint8_t>(value >> 16);
    data_[kOffset + 2] = static_cast<uint8_t>(value >> 8);
    data_[kOffset + 3] = static_cast<uint8_t>(value);
  }

  template <size_t kOffset, size_t kSize>
  void StoreBytes(std::span<const uint8_t, kSize> bytes) {
    static_assert(kOffset + kSize <= kFixedSize);
    std::memcpy(data_.data() + kOffset, bytes.data(), kSize);
  }

  std::span<uint8_t> variable_data() { return data_.subspan(kFixedSize); }

  // Copies `bytes` into the variable part at `offset`; aborts if it does not
  // fit (callers size the buffer from WireSize() first).
  void CopyToVariableData(std::span<const uint8_t> bytes, size_t offset = 0) {
    std::span<uint8_t> dest = variable_data();
    if (offset > dest.size() || bytes.size() > dest.size() - offset) std::abort();
    if (!bytes.empty()) std::memcpy(dest.data() + offset, bytes.data(), bytes.size());
  }

  template <size_t kSubSize>
  BoundedByteWriter<kSubSize> sub_writer(size_t offset) {
    std::span<uint8_t> rest = variable_data();
    if (offset > rest.size()) std::abort();
    return BoundedByteWriter<kSubSize>(rest.subspan(offset));
  }

 private:
  std::span<uint8_t> data_;
};

}  // namespace sctpdp
