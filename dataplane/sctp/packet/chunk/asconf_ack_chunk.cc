#include "dataplane/sctp/packet/chunk/asconf_ack_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/chunk/tlv_list_names.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
ParseResult<AsconfAckChunk> AsconfAckChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  auto parameters = TlvList::Parse(reader.variable_data(), WireKind::kParameter);
  if (!parameters.ok()) return parameters.error().At(kHeaderSize);
  return AsconfAckChunk{.serial_number = AsconfSerial(reader.Load32<4>()),
                        .parameters = *parameters};
}

void AsconfAckChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  writer.Store32<4>(serial_number.value());
  parameters.SerializeTo(writer.variable_data());
}

std::string AsconfAckChunk::ToString() const {
  return fmt::format("ASCONF ACK serial={} params=[{}]", serial_number.value(),
                     TlvListNames(parameters));
}

}  // namespace sctpdp
