#include "dataplane/sctp/packet/parameter/supported_extensions_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<SupportedExtensionsParameter> SupportedExtensionsParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return SupportedExtensionsParameter{.chunk_types = reader.variable_data()};
}

void SupportedExtensionsParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.CopyToVariableData(chunk_types);
}

std::string SupportedExtensionsParameter::ToString() const {
  std::string types;
  for (uint8_t type : chunk_types) {
    if (!types.empty()) types += ',';
    types += fmt::format("{}", type);
  }
  return fmt::format("Supported Extensions chunk_types=[{}]", types);
}

bool operator==(const SupportedExtensionsParameter& a, const SupportedExtensionsParameter& b) {
  return BytesEqual(a.chunk_types, b.chunk_types);
}

}  // namespace sctpdp
