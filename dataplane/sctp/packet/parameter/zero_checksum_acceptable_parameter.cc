#include "dataplane/sctp/packet/parameter/zero_checksum_acceptable_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<ZeroChecksumAcceptableParameter> ZeroChecksumAcceptableParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return ZeroChecksumAcceptableParameter{.error_detection_method = reader.Load32<4>()};
}

void ZeroChecksumAcceptableParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(error_detection_method);
}

std::string ZeroChecksumAcceptableParameter::ToString() const {
  return fmt::format("Zero Checksum Acceptable edmid={}", error_detection_method);
}

}  // namespace sctpdp
