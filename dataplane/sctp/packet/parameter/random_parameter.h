#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Random parameter (RANDOM), RFC 4895 section 3.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8002   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// /                          Random Number                        /
// /                               +-------------------------------/
// |                               |           Padding             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Any length parses: section 3.1 allows "an arbitrary length"; requiring
// the 32 bytes an INIT must carry is the engine's job.
struct RandomParameter {
  static constexpr ParameterType kType = ParameterType::kRandom;
  static constexpr size_t kHeaderSize = 4;

  std::span<const uint8_t> random;

  static ParseResult<RandomParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + random.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const RandomParameter& a, const RandomParameter& b);
};

}  // namespace sctpdp
