#include "dataplane/sctp/packet/chunk/asconf_chunk.h"

#include <fmt/format.h>

#include <cstdlib>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/chunk/tlv_list_names.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
namespace {

bool IsAddressParameter(uint16_t type) {
  return type == static_cast<uint16_t>(ParameterType::kIpv4Address) ||
         type == static_cast<uint16_t>(ParameterType::kIpv6Address);
}

}  // namespace

ParseResult<AsconfChunk> AsconfChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  auto parameters = TlvList::Parse(reader.variable_data(), WireKind::kParameter);
  if (!parameters.ok()) return parameters.error().At(kHeaderSize);
  // RFC 5061 section 4.1.1: the Address Parameter is mandatory and comes
  // right after the sequence number.
  if (parameters->empty() || !IsAddressParameter((*parameters->begin()).type)) {
    return ParseError{.code = ParseErrorCode::kBadValue,
                      .kind = WireKind::kChunk,
                      .type = static_cast<uint16_t>(kType),
                      .offset = static_cast<uint32_t>(kHeaderSize)};
  }
  return AsconfChunk{.serial_number = AsconfSerial(reader.Load32<4>()), .parameters = *parameters};
}

void AsconfChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  writer.Store32<4>(serial_number.value());
  parameters.SerializeTo(writer.variable_data());
}

std::string AsconfChunk::ToString() const {
  return fmt::format("ASCONF serial={} params=[{}]", serial_number.value(),
                     TlvListNames(parameters));
}

TlvList::Field AsconfChunk::address() const {
  if (parameters.empty()) std::abort();
  return *parameters.begin();
}

}  // namespace sctpdp
