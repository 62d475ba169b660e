#include "dataplane/sctp/packet/error_cause/unrecognized_chunk_type_cause.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<UnrecognizedChunkTypeCause> UnrecognizedChunkTypeCause::Parse(
    std::span<const uint8_t> data) {
  ParseResult<std::span<const uint8_t>> info = ParseOpaqueCause(data, kType);
  if (!info.ok()) return info.error();
  return UnrecognizedChunkTypeCause{.chunk = *info};
}

void UnrecognizedChunkTypeCause::SerializeTo(std::span<uint8_t> out) const {
  SerializeOpaqueCause(out, kType, chunk);
}

std::string UnrecognizedChunkTypeCause::ToString() const {
  return OpaqueCauseToString(kType, "chunk", chunk);
}

bool operator==(const UnrecognizedChunkTypeCause& a, const UnrecognizedChunkTypeCause& b) {
  return BytesEqual(a.chunk, b.chunk);
}

}  // namespace sctpdp
