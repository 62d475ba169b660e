#include "dataplane/sctp/packet/chunk/error_chunk.h"

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/chunk/tlv_list_names.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<ErrorChunk> ErrorChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  auto causes = TlvList::Parse(reader.variable_data(), WireKind::kErrorCause);
  if (!causes.ok()) return causes.error().At(kHeaderSize);
  return ErrorChunk{.error_causes = *causes};
}

void ErrorChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  error_causes.SerializeTo(writer.variable_data());
}

std::string ErrorChunk::ToString() const {
  return "ERROR causes=[" + TlvListNames(error_causes) + "]";
}

}  // namespace sctpdp
