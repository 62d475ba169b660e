#include "dataplane/sctp/packet/parameter/chunk_list_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<ChunkListParameter> ChunkListParameter::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return ChunkListParameter{.chunk_types = reader.variable_data()};
}

void ChunkListParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.CopyToVariableData(chunk_types);
}

std::string ChunkListParameter::ToString() const {
  std::string types;
  for (uint8_t type : chunk_types) {
    if (!types.empty()) types += ',';
    types += fmt::format("{}", type);
  }
  return fmt::format("Chunk List chunk_types=[{}]", types);
}

bool operator==(const ChunkListParameter& a, const ChunkListParameter& b) {
  return BytesEqual(a.chunk_types, b.chunk_types);
}

}  // namespace sctpdp
