#include "dataplane/sctp/packet/parameter/forward_tsn_supported_parameter.h"

#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<ForwardTsnSupportedParameter> ForwardTsnSupportedParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  return ForwardTsnSupportedParameter{};
}

void ForwardTsnSupportedParameter::SerializeTo(std::span<uint8_t> out) const {
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
}

}  // namespace sctpdp
