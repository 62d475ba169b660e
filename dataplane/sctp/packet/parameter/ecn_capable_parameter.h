#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// ECN Capable parameter, RFC 9260 section 3.3.2 (note 2) and RFC 4960 appendix A.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Parameter Type = 32768      |     Parameter Length = 4      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 only reserves the type for future ECN use; RFC 4960 appendix A
// gives the TLV "no parameters", so its length is exactly 4.
struct EcnCapableParameter {
  static constexpr ParameterType kType = ParameterType::kEcnCapable;
  static constexpr size_t kHeaderSize = 4;

  static ParseResult<EcnCapableParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const { return "ECN Capable"; }

  friend bool operator==(const EcnCapableParameter&, const EcnCapableParameter&) = default;
};

}  // namespace sctpdp
