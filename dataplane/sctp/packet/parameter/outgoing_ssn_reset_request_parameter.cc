#include "dataplane/sctp/packet/parameter/outgoing_ssn_reset_request_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<OutgoingSsnResetRequestParameter> OutgoingSsnResetRequestParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/false,
                                                         WireList<StreamId>::kElementSize))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return OutgoingSsnResetRequestParameter{
      .request_sn = ReconfigRequestSn(reader.Load32<4>()),
      .response_sn = ReconfigRequestSn(reader.Load32<8>()),
      .senders_last_assigned_tsn = Tsn(reader.Load32<12>()),
      .streams = WireList<StreamId>::FromWire(reader.variable_data())};
}

void OutgoingSsnResetRequestParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(request_sn.value());
  writer.Store32<8>(response_sn.value());
  writer.Store32<12>(senders_last_assigned_tsn.value());
  streams.SerializeTo(writer.variable_data());
}

std::string OutgoingSsnResetRequestParameter::ToString() const {
  std::string ids;
  for (StreamId id : streams) {
    if (!ids.empty()) ids += ',';
    ids += fmt::format("{}", id.value());
  }
  return fmt::format("Outgoing SSN Reset Request req_sn={} resp_sn={} last_tsn={} streams=[{}]",
                     request_sn.value(), response_sn.value(), senders_last_assigned_tsn.value(),
                     ids);
}

}  // namespace sctpdp
