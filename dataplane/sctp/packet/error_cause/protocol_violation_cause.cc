#include "dataplane/sctp/packet/error_cause/protocol_violation_cause.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<ProtocolViolationCause> ProtocolViolationCause::Parse(std::span<const uint8_t> data) {
  ParseResult<std::span<const uint8_t>> info = ParseOpaqueCause(data, kType);
  if (!info.ok()) return info.error();
  return ProtocolViolationCause{.additional_information = *info};
}

void ProtocolViolationCause::SerializeTo(std::span<uint8_t> out) const {
  SerializeOpaqueCause(out, kType, additional_information);
}

std::string ProtocolViolationCause::ToString() const {
  return OpaqueCauseToString(kType, "additional_information", additional_information);
}

bool operator==(const ProtocolViolationCause& a, const ProtocolViolationCause& b) {
  return BytesEqual(a.additional_information, b.additional_information);
}

}  // namespace sctpdp
