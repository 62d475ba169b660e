#include "dataplane/sctp/packet/parameter/requested_hmac_algorithm_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<RequestedHmacAlgorithmParameter> RequestedHmacAlgorithmParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/false,
                                                         WireList<uint16_t>::kElementSize))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return RequestedHmacAlgorithmParameter{.hmac_ids =
                                             WireList<uint16_t>::FromWire(reader.variable_data())};
}

void RequestedHmacAlgorithmParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  hmac_ids.SerializeTo(writer.variable_data());
}

std::string RequestedHmacAlgorithmParameter::ToString() const {
  std::string ids;
  for (uint16_t id : hmac_ids) {
    if (!ids.empty()) ids += ',';
    ids += fmt::format("{}", id);
  }
  return fmt::format("Requested HMAC Algorithm hmac_ids=[{}]", ids);
}

}  // namespace sctpdp
