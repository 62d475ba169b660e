#include "dataplane/sctp/packet/error_cause/missing_mandatory_parameter_cause.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<MissingMandatoryParameterCause> MissingMandatoryParameterCause::Parse(
    std::span<const uint8_t> data) {
  constexpr size_t kStride = WireList<uint16_t>::kElementSize;
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(kType, kHeaderSize, false, kStride))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  const std::span<const uint8_t> types = reader.variable_data();
  if (reader.Load32<4>() != types.size() / kStride) {
    return ParseError{.code = ParseErrorCode::kBadLength,
                      .kind = WireKind::kErrorCause,
                      .type = static_cast<uint16_t>(kType),
                      .offset = 2};
  }
  return MissingMandatoryParameterCause{.missing_types = WireList<uint16_t>::FromWire(types)};
}

void MissingMandatoryParameterCause::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(static_cast<uint32_t>(missing_types.size()));
  missing_types.SerializeTo(writer.variable_data());
}

std::string MissingMandatoryParameterCause::ToString() const {
  std::string types;
  for (uint16_t type : missing_types) {
    if (!types.empty()) types += ',';
    types += fmt::format("{}", type);
  }
  return fmt::format("{} types=[{}]", ErrorCauseName(kType), types);
}

}  // namespace sctpdp
