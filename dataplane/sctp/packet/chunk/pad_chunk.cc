#include "dataplane/sctp/packet/chunk/pad_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<PadChunk> PadChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return PadChunk{.padding = reader.variable_data()};
}

void PadChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  writer.CopyToVariableData(padding);
}

std::string PadChunk::ToString() const { return fmt::format("PAD len={}", padding.size()); }

bool operator==(const PadChunk& a, const PadChunk& b) { return BytesEqual(a.padding, b.padding); }

}  // namespace sctpdp
