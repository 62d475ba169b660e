#include "dataplane/sctp/packet/chunk/init_chunk.h"

#include "dataplane/sctp/packet/chunk/init_fields.h"

namespace sctpdp {

static_assert(InitChunk::kHeaderSize == InitFields::kHeaderSize);

ParseResult<InitChunk> InitChunk::Parse(std::span<const uint8_t> data) {
  ParseResult<InitFields> fields = ParseInitFields(kType, data);
  if (!fields.ok()) return fields.error();
  return FromInitFields<InitChunk>(*fields);
}

void InitChunk::SerializeTo(std::span<uint8_t> out) const {
  SerializeInitFields(kType, ToInitFields(*this), out);
}

std::string InitChunk::ToString() const {
  return "INIT " + InitFieldsToString(ToInitFields(*this));
}

}  // namespace sctpdp
