#include "dataplane/sctp/packet/error_cause/unrecognized_parameters_cause.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<UnrecognizedParametersCause> UnrecognizedParametersCause::Parse(
    std::span<const uint8_t> data) {
  ParseResult<std::span<const uint8_t>> info = ParseOpaqueCause(data, kType);
  if (!info.ok()) return info.error();
  return UnrecognizedParametersCause{.parameters = *info};
}

void UnrecognizedParametersCause::SerializeTo(std::span<uint8_t> out) const {
  SerializeOpaqueCause(out, kType, parameters);
}

std::string UnrecognizedParametersCause::ToString() const {
  return OpaqueCauseToString(kType, "parameters", parameters);
}

bool operator==(const UnrecognizedParametersCause& a, const UnrecognizedParametersCause& b) {
  return BytesEqual(a.parameters, b.parameters);
}

}  // namespace sctpdp
