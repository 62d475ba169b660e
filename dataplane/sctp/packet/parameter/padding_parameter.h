#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Padding parameter (PAD), RFC 4820 section 4.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8005   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                          Padding Data                         /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The receiver discards this parameter; the padding data is kept as it
// came so the parameter round-trips unchanged.
struct PaddingParameter {
  static constexpr ParameterType kType = ParameterType::kPadding;
  static constexpr size_t kHeaderSize = 4;

  std::span<const uint8_t> padding;

  static ParseResult<PaddingParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + padding.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const PaddingParameter& a, const PaddingParameter& b);
};

}  // namespace sctpdp
