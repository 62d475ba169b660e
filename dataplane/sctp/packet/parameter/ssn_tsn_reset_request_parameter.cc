#include "dataplane/sctp/packet/parameter/ssn_tsn_reset_request_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<SsnTsnResetRequestParameter> SsnTsnResetRequestParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return SsnTsnResetRequestParameter{.request_sn = ReconfigRequestSn(reader.Load32<4>())};
}

void SsnTsnResetRequestParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(request_sn.value());
}

std::string SsnTsnResetRequestParameter::ToString() const {
  return fmt::format("SSN/TSN Reset Request req_sn={}", request_sn.value());
}

}  // namespace sctpdp
