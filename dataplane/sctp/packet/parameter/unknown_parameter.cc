#include "dataplane/sctp/packet/parameter/unknown_parameter.h"

#include <fmt/format.h>

#include <string_view>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
namespace {

std::string_view ActionName(UnknownParameterAction action) {
  switch (action) {
    case UnknownParameterAction::kStopAndDiscard: return "stop";
    case UnknownParameterAction::kStopDiscardAndReport: return "stop+report";
    case UnknownParameterAction::kSkipAndContinue: return "skip";
    case UnknownParameterAction::kSkipContinueAndReport: return "skip+report";
  }
  return "unknown";
}

}  // namespace

ParseResult<UnknownParameter> UnknownParameter::Parse(std::span<const uint8_t> data) {
  // The expected type is whatever the header says; a short buffer fails in
  // CheckTlvFraming before the type matters.
  const uint16_t type = data.size() >= kTlvHeaderSize ? PeekTlvType(data, WireKind::kParameter) : 0;
  const auto format = ParameterFormat(static_cast<ParameterType>(type), kHeaderSize);
  if (auto error = CheckTlvFraming(data, format)) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return UnknownParameter{.type = type, .value = reader.variable_data()};
}

void UnknownParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, type, WireSize());
  writer.CopyToVariableData(value);
}

std::string UnknownParameter::ToString() const {
  return fmt::format("Unknown Parameter type=0x{:04x} action={} len={} value={}", type,
                     ActionName(action()), value.size(), HexString(value));
}

bool operator==(const UnknownParameter& a, const UnknownParameter& b) {
  return a.type == b.type && BytesEqual(a.value, b.value);
}

}  // namespace sctpdp
