#include "dataplane/sctp/packet/parameter/padding_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<PaddingParameter> PaddingParameter::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return PaddingParameter{.padding = reader.variable_data()};
}

void PaddingParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.CopyToVariableData(padding);
}

std::string PaddingParameter::ToString() const {
  return fmt::format("Padding len={} padding={}", padding.size(), HexString(padding));
}

bool operator==(const PaddingParameter& a, const PaddingParameter& b) {
  return BytesEqual(a.padding, b.padding);
}

}  // namespace sctpdp
