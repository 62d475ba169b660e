#pragma once

#include <compare>
#include <cstdint>
#include <optional>

#include "dataplane/sctp/common/types.h"

namespace sctpdp {

// A wrapping protocol number (TSN, SSN, MID, ...) widened to 64 bits, so that
// order and distance are plain integer arithmetic. Comparing the wrapped
// values needs serial-number arithmetic (RFC 1982, which RFC 9260 section
// 1.6 prescribes for TSNs and SSNs); this type does it once, in Unwrapper,
// and everything else compares unwrapped values.
template <typename Wrapped>
class UnwrappedSequenceNumber {
  using Underlying = typename Wrapped::UnderlyingType;
  static constexpr int64_t kModulus = int64_t{1} << (8 * sizeof(Underlying));

 public:
  // Turns wrapped values into unwrapped ones, given that consecutive values
  // seen are less than half the number space apart (RFC 1982 section 3.2):
  // each value is placed at the position nearest to the largest seen so far.
  class Unwrapper {
   public:
    UnwrappedSequenceNumber Unwrap(Wrapped value) {
      UnwrappedSequenceNumber unwrapped = PeekUnwrap(value);
      if (!largest_ || unwrapped.value_ > largest_->value_) largest_ = unwrapped;
      return unwrapped;
    }

    // As Unwrap, without moving the reference point.
    UnwrappedSequenceNumber PeekUnwrap(Wrapped value) const {
      if (!largest_) return UnwrappedSequenceNumber(kModulus + value.value());
      const Underlying delta = static_cast<Underlying>(value.value() - largest_->Wrap().value());
      int64_t step = delta;
      if (step >= kModulus / 2) step -= kModulus;
      return UnwrappedSequenceNumber(largest_->value_ + step);
    }

    // Forgets the reference point, e.g. when a stream is reset (RFC 6525).
    void Reset() { largest_.reset(); }

   private:
    std::optional<UnwrappedSequenceNumber> largest_;
  };

  // For values that never wrapped, such as the first of a sequence.
  static constexpr UnwrappedSequenceNumber AddTo(UnwrappedSequenceNumber from, int64_t delta) {
    return UnwrappedSequenceNumber(from.value_ + delta);
  }

  constexpr Wrapped Wrap() const { return Wrapped(static_cast<Underlying>(value_)); }
  constexpr int64_t value() const { return value_; }
  constexpr UnwrappedSequenceNumber next_value() const { return AddTo(*this, 1); }
  constexpr int64_t Difference(UnwrappedSequenceNumber other) const {
    return value_ - other.value_;
  }

  friend constexpr auto operator<=>(UnwrappedSequenceNumber, UnwrappedSequenceNumber) = default;

 private:
  // Unwrapped values start one modulus up, so that values just before the
  // first one seen stay positive.
  constexpr explicit UnwrappedSequenceNumber(int64_t value) : value_(value) {}

  int64_t value_ = 0;
};

using UnwrappedTsn = UnwrappedSequenceNumber<Tsn>;
using UnwrappedSsn = UnwrappedSequenceNumber<Ssn>;
using UnwrappedMid = UnwrappedSequenceNumber<Mid>;

}  // namespace sctpdp
