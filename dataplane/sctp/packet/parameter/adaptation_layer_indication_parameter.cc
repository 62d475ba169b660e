#include "dataplane/sctp/packet/parameter/adaptation_layer_indication_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<AdaptationLayerIndicationParameter> AdaptationLayerIndicationParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return AdaptationLayerIndicationParameter{.adaptation_code_point = reader.Load32<4>()};
}

void AdaptationLayerIndicationParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(adaptation_code_point);
}

std::string AdaptationLayerIndicationParameter::ToString() const {
  return fmt::format("Adaptation Layer Indication code_point={}", adaptation_code_point);
}

}  // namespace sctpdp
