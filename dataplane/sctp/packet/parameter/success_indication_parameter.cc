#include "dataplane/sctp/packet/parameter/success_indication_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<SuccessIndicationParameter> SuccessIndicationParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return SuccessIndicationParameter{.correlation_id = AsconfCorrelationId(reader.Load32<4>())};
}

void SuccessIndicationParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(correlation_id.value());
}

std::string SuccessIndicationParameter::ToString() const {
  return fmt::format("Success Indication correlation_id={}", correlation_id.value());
}

}  // namespace sctpdp
