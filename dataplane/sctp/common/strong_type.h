#pragma once

#include <compare>
#include <cstddef>
#include <functional>

namespace sctpdp {

// A value that does not convert to or from its underlying type or any other
// strong type, so a TSN can never be passed where a stream id is expected.
// Serial numbers (RFC 1982) are declared unordered: comparing them with `<`
// is wrong across a wrap, so ordering goes through the unwrapper instead.
template <typename Tag, typename T, bool kOrdered = true>
class StrongType {
 public:
  using UnderlyingType = T;

  constexpr StrongType() = default;
  constexpr explicit StrongType(T value) : value_(value) {}

  constexpr T value() const { return value_; }

  friend constexpr bool operator==(StrongType a, StrongType b) = default;
  friend constexpr auto operator<=>(StrongType a, StrongType b)
    requires kOrdered
  {
    return a.value_ <=> b.value_;
  }

 private:
  T value_{};
};

}  // namespace sctpdp

template <typename Tag, typename T, bool kOrdered>
struct std::hash<sctpdp::StrongType<Tag, T, kOrdered>> {
  size_t operator()(sctpdp::StrongType<Tag, T, kOrdered> v) const noexcept {
    return std::hash<T>()(v.value());
  }
};
