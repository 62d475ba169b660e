#include "dataplane/sctp/packet/parse_result.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

std::string_view ParseErrorCodeName(ParseErrorCode code) {
  switch (code) {
    case ParseErrorCode::kTruncated: return "truncated";
    case ParseErrorCode::kLengthTooSmall: return "length field too small";
    case ParseErrorCode::kLengthTooLarge: return "length field past the end of the buffer";
    case ParseErrorCode::kBadLength: return "length not allowed for this object";
    case ParseErrorCode::kMissingPadding: return "padding missing";
    case ParseErrorCode::kTrailingBytes: return "trailing bytes";
    case ParseErrorCode::kBadValue: return "field value not allowed";
    case ParseErrorCode::kBadChecksum: return "bad CRC32c checksum";
  }
  return "unknown error";
}

std::string ParseError::ToString() const {
  std::string where;
  if (chunk_index >= 0) {
    where = fmt::format("chunk {} ({})", chunk_index,
                        ChunkTypeName(static_cast<ChunkType>(chunk_type)));
  }
  auto append = [&where](std::string_view what) {
    if (!where.empty()) where += ", ";
    where += what;
  };
  switch (kind) {
    case WireKind::kCommonHeader:
      if (chunk_index < 0) append("common header");
      break;
    case WireKind::kChunk:
      if (chunk_index < 0) {
        append(fmt::format("chunk {}", ChunkTypeName(static_cast<ChunkType>(type))));
      }
      break;
    case WireKind::kParameter:
      append(fmt::format("parameter 0x{:04x} ({})", type,
                         ParameterTypeName(static_cast<ParameterType>(type))));
      break;
    case WireKind::kErrorCause:
      append(fmt::format("error cause {} ({})", type,
                         ErrorCauseName(static_cast<ErrorCauseCode>(type))));
      break;
  }
  return fmt::format("{} at offset {}: {}", where, offset, ParseErrorCodeName(code));
}

}  // namespace sctpdp
