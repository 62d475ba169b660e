#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Zero Checksum Acceptable parameter, RFC 9653 section 4.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Type = 0x8001         |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Error Detection Method Identifier (EDMID)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The length MUST be 8. The EDMID is parsed as any value; whether it names a
// method this endpoint accepts is the engine's decision (section 5).
struct ZeroChecksumAcceptableParameter {
  static constexpr ParameterType kType = ParameterType::kZeroChecksumAcceptable;
  static constexpr size_t kHeaderSize = 8;

  uint32_t error_detection_method = 0;

  static ParseResult<ZeroChecksumAcceptableParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const ZeroChecksumAcceptableParameter&,
                         const ZeroChecksumAcceptableParameter&) = default;
};

}  // namespace sctpdp
