#include "dataplane/sctp/packet/chunk/reconfig_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/chunk/tlv_list_names.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
ParseResult<ReconfigChunk> ReconfigChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  auto parameters = TlvList::Parse(reader.variable_data(), WireKind::kParameter);
  if (!parameters.ok()) return parameters.error().At(kHeaderSize);
  return ReconfigChunk{.parameters = *parameters};
}

void ReconfigChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  parameters.SerializeTo(writer.variable_data());
}

std::string ReconfigChunk::ToString() const {
  return fmt::format("RE-CONFIG params=[{}]", TlvListNames(parameters));
}

}  // namespace sctpdp
