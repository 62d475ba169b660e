#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Forward-TSN-Supported parameter, RFC 3758 section 3.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Parameter Type = 49152     |  Parameter Length = 4         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Tells the peer that the sender can receive FORWARD TSN chunks.
struct ForwardTsnSupportedParameter {
  static constexpr ParameterType kType = ParameterType::kForwardTsnSupported;
  static constexpr size_t kHeaderSize = 4;

  static ParseResult<ForwardTsnSupportedParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const { return "Forward-TSN-Supported"; }

  friend bool operator==(const ForwardTsnSupportedParameter&,
                         const ForwardTsnSupportedParameter&) = default;
};

}  // namespace sctpdp
