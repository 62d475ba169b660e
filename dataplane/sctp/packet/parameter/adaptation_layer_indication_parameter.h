#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Adaptation Layer Indication parameter, RFC 5061 section 4.2.6.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Type =0xC006           |    Length = 8                 |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   Adaptation Code point                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Opaque to SCTP: the code point is passed to the upper layer.
struct AdaptationLayerIndicationParameter {
  static constexpr ParameterType kType = ParameterType::kAdaptationLayerIndication;
  static constexpr size_t kHeaderSize = 8;

  uint32_t adaptation_code_point = 0;

  static ParseResult<AdaptationLayerIndicationParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const AdaptationLayerIndicationParameter&,
                         const AdaptationLayerIndicationParameter&) = default;
};

}  // namespace sctpdp
