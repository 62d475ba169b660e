#include "dataplane/sctp/packet/parameter/incoming_ssn_reset_request_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<IncomingSsnResetRequestParameter> IncomingSsnResetRequestParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/false,
                                                         WireList<StreamId>::kElementSize))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return IncomingSsnResetRequestParameter{
      .request_sn = ReconfigRequestSn(reader.Load32<4>()),
      .streams = WireList<StreamId>::FromWire(reader.variable_data())};
}

void IncomingSsnResetRequestParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(request_sn.value());
  streams.SerializeTo(writer.variable_data());
}

std::string IncomingSsnResetRequestParameter::ToString() const {
  std::string ids;
  for (StreamId id : streams) {
    if (!ids.empty()) ids += ',';
    ids += fmt::format("{}", id.value());
  }
  return fmt::format("Incoming SSN Reset Request req_sn={} streams=[{}]", request_sn.value(), ids);
}

}  // namespace sctpdp
