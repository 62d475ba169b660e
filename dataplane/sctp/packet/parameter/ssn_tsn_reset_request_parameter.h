#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// SSN/TSN Reset Request parameter, RFC 6525 section 4.3.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 15       |      Parameter Length = 8     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Re-configuration Request Sequence Number              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Asks the peer to reset the TSN and SSN numbering of all streams.
struct SsnTsnResetRequestParameter {
  static constexpr ParameterType kType = ParameterType::kSsnTsnResetRequest;
  static constexpr size_t kHeaderSize = 8;

  ReconfigRequestSn request_sn;

  static ParseResult<SsnTsnResetRequestParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize; }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const SsnTsnResetRequestParameter&,
                         const SsnTsnResetRequestParameter&) = default;
};

}  // namespace sctpdp
