#include "dataplane/sctp/packet/chunk/heartbeat_ack_chunk.h"

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/chunk/tlv_list_names.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<HeartbeatAckChunk> HeartbeatAckChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  auto parameters = TlvList::Parse(reader.variable_data(), WireKind::kParameter);
  if (!parameters.ok()) return parameters.error().At(kHeaderSize);
  return HeartbeatAckChunk{.parameters = *parameters};
}

void HeartbeatAckChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  parameters.SerializeTo(writer.variable_data());
}

std::string HeartbeatAckChunk::ToString() const {
  return "HEARTBEAT ACK params=[" + TlvListNames(parameters) + "]";
}

}  // namespace sctpdp
