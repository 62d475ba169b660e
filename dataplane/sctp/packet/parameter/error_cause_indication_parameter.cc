#include "dataplane/sctp/packet/parameter/error_cause_indication_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<ErrorCauseIndicationParameter> ErrorCauseIndicationParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  auto causes = TlvList::Parse(reader.variable_data(), WireKind::kErrorCause);
  if (!causes.ok()) return causes.error().At(kHeaderSize);
  return ErrorCauseIndicationParameter{.correlation_id = AsconfCorrelationId(reader.Load32<4>()),
                                       .error_causes = *causes};
}

void ErrorCauseIndicationParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(correlation_id.value());
  error_causes.SerializeTo(writer.variable_data());
}

std::string ErrorCauseIndicationParameter::ToString() const {
  std::string codes;
  for (TlvList::Field cause : error_causes) {
    if (!codes.empty()) codes += ',';
    codes += fmt::format("{}", cause.type);
  }
  return fmt::format("Error Cause Indication correlation_id={} causes=[{}]", correlation_id.value(),
                     codes);
}

}  // namespace sctpdp
