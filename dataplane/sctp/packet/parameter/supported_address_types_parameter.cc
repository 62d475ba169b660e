#include "dataplane/sctp/packet/parameter/supported_address_types_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<SupportedAddressTypesParameter> SupportedAddressTypesParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/false,
                                                         WireList<uint16_t>::kElementSize))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return SupportedAddressTypesParameter{.address_types =
                                            WireList<uint16_t>::FromWire(reader.variable_data())};
}

void SupportedAddressTypesParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  address_types.SerializeTo(writer.variable_data());
}

std::string SupportedAddressTypesParameter::ToString() const {
  std::string types;
  for (uint16_t type : address_types) {
    if (!types.empty()) types += ',';
    types += fmt::format("{}", type);
  }
  return fmt::format("Supported Address Types types=[{}]", types);
}

}  // namespace sctpdp
