#include "dataplane/sctp/packet/error_cause/invalid_mandatory_parameter_cause.h"

#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<InvalidMandatoryParameterCause> InvalidMandatoryParameterCause::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(kType, kHeaderSize, true))) {
    return *error;
  }
  return InvalidMandatoryParameterCause{};
}

void InvalidMandatoryParameterCause::SerializeTo(std::span<uint8_t> out) const {
  WriteTlvHeader(out, static_cast<uint16_t>(kType), kHeaderSize);
}

std::string InvalidMandatoryParameterCause::ToString() const {
  return std::string(ErrorCauseName(kType));
}

}  // namespace sctpdp
