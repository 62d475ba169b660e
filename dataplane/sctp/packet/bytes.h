#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>

namespace sctpdp {

inline bool BytesEqual(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// Lower-case hex, for ToString of opaque fields; long values are shortened
// to their first `max_bytes` bytes followed by "...".
std::string HexString(std::span<const uint8_t> bytes, size_t max_bytes = 16);

}  // namespace sctpdp
