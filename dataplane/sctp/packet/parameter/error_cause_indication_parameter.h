#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Error Cause Indication parameter, RFC 5061 section 4.2.3.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Type = 0xC003              |      Length = Variable        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |             ASCONF-Response Correlation ID                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |             Error Cause(s) or Success Indication              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The error causes use the format of RFC 9260 section 3.3.10; Parse checks
// the framing of the list, not the causes themselves. An empty list parses
// (the RFC asks for "one or more", which is the engine's rule to enforce).
struct ErrorCauseIndicationParameter {
  static constexpr ParameterType kType = ParameterType::kErrorCauseIndication;
  static constexpr size_t kHeaderSize = 8;

  AsconfCorrelationId correlation_id;
  TlvList error_causes;  // WireKind::kErrorCause

  static ParseResult<ErrorCauseIndicationParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + error_causes.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const ErrorCauseIndicationParameter&,
                         const ErrorCauseIndicationParameter&) = default;
};

}  // namespace sctpdp
