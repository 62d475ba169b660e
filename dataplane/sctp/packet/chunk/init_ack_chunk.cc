#include "dataplane/sctp/packet/chunk/init_ack_chunk.h"

#include "dataplane/sctp/packet/chunk/init_fields.h"

namespace sctpdp {

static_assert(InitAckChunk::kHeaderSize == InitFields::kHeaderSize);

ParseResult<InitAckChunk> InitAckChunk::Parse(std::span<const uint8_t> data) {
  ParseResult<InitFields> fields = ParseInitFields(kType, data);
  if (!fields.ok()) return fields.error();
  return FromInitFields<InitAckChunk>(*fields);
}

void InitAckChunk::SerializeTo(std::span<uint8_t> out) const {
  SerializeInitFields(kType, ToInitFields(*this), out);
}

std::string InitAckChunk::ToString() const {
  return "INIT ACK " + InitFieldsToString(ToInitFields(*this));
}

}  // namespace sctpdp
