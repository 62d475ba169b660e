#include "dataplane/sctp/packet/parameter/unrecognized_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<UnrecognizedParameter> UnrecognizedParameter::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return UnrecognizedParameter{.parameter = reader.variable_data()};
}

void UnrecognizedParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.CopyToVariableData(parameter);
}

std::string UnrecognizedParameter::ToString() const {
  if (parameter.size() < kTlvHeaderSize) {
    return fmt::format("Unrecognized Parameter len={} parameter={}", parameter.size(),
                       HexString(parameter));
  }
  return fmt::format("Unrecognized Parameter len={} type=0x{:04x}", parameter.size(),
                     PeekTlvType(parameter, WireKind::kParameter));
}

bool operator==(const UnrecognizedParameter& a, const UnrecognizedParameter& b) {
  return BytesEqual(a.parameter, b.parameter);
}

}  // namespace sctpdp
