#include "dataplane/sctp/packet/error_cause/opaque_cause.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<std::span<const uint8_t>> ParseOpaqueCause(std::span<const uint8_t> data,
                                                       ErrorCauseCode code) {
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(code, kOpaqueCauseHeaderSize))) {
    return *error;
  }
  return BoundedByteReader<kOpaqueCauseHeaderSize>(data).variable_data();
}

void SerializeOpaqueCause(std::span<uint8_t> out, ErrorCauseCode code,
                          std::span<const uint8_t> info) {
  BoundedByteWriter<kOpaqueCauseHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(code), kOpaqueCauseHeaderSize + info.size());
  writer.CopyToVariableData(info);
}

std::string OpaqueCauseToString(ErrorCauseCode code, std::string_view label,
                                std::span<const uint8_t> info) {
  return fmt::format("{} {}={} len={}", ErrorCauseName(code), label, HexString(info), info.size());
}

}  // namespace sctpdp
