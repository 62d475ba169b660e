#include "dataplane/sctp/packet/chunk/unknown_chunk.h"

#include <fmt/format.h>

#include <string_view>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
namespace {

std::string_view ActionName(UnknownChunkAction action) {
  switch (action) {
    case UnknownChunkAction::kStopAndDiscard: return "stop-and-discard";
    case UnknownChunkAction::kStopDiscardAndReport: return "stop-discard-and-report";
    case UnknownChunkAction::kSkipAndContinue: return "skip-and-continue";
    case UnknownChunkAction::kSkipContinueAndReport: return "skip-continue-and-report";
  }
  return "unknown";
}

}  // namespace

ParseResult<UnknownChunk> UnknownChunk::Parse(std::span<const uint8_t> data) {
  // The expected type is whatever the chunk says; framing is checked as for
  // any chunk (CheckTlvFraming reports kTruncated before it reads the type).
  const TlvFormat format{.kind = WireKind::kChunk,
                         .type = data.empty() ? uint16_t{0} : uint16_t{data[0]},
                         .header_size = kHeaderSize};
  if (auto error = CheckTlvFraming(data, format)) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return UnknownChunk{
      .type = reader.Load8<0>(), .flags = reader.Load8<1>(), .value = reader.variable_data()};
}

void UnknownChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, type, flags, WireSize());
  writer.CopyToVariableData(value);
}

std::string UnknownChunk::ToString() const {
  const std::string_view name = ChunkTypeName(static_cast<ChunkType>(type));
  return fmt::format("UNKNOWN type={}{} flags={:#04x} len={} action={}", type,
                     name == "unknown" ? "" : fmt::format(" ({})", name), flags, WireSize(),
                     ActionName(action()));
}

bool operator==(const UnknownChunk& a, const UnknownChunk& b) {
  return a.type == b.type && a.flags == b.flags && BytesEqual(a.value, b.value);
}

}  // namespace sctpdp
