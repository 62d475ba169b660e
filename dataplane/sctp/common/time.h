#pragma once

#include <chrono>
#include <cstdint>

namespace sctpdp {

// The engine's clock. It has no now(): the engine is sans-IO, so the
// environment reads its clock once per poll and passes the time in. Tests
// own the clock and move it by hand.
struct EngineClock {
  using rep = int64_t;
  using period = std::micro;
  using duration = std::chrono::microseconds;
  using time_point = std::chrono::time_point<EngineClock>;
  static constexpr bool is_steady = true;
};

using TimePoint = EngineClock::time_point;
using Duration = EngineClock::duration;

}  // namespace sctpdp
