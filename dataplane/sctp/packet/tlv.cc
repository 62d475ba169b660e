#include "dataplane/sctp/packet/tlv.h"

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"

namespace sctpdp {
namespace {

ParseError FramingError(ParseErrorCode code, const TlvFormat& format, size_t offset) {
  return ParseError{.code = code,
                    .kind = format.kind,
                    .type = format.type,
                    .offset = static_cast<uint32_t>(offset)};
}

}  // namespace

uint16_t PeekTlvType(std::span<const uint8_t> data, WireKind kind) {
  BoundedByteReader<kTlvHeaderSize> reader(data);
  return kind == WireKind::kChunk ? reader.Load8<0>() : reader.Load16<0>();
}

uint16_t PeekTlvLength(std::span<const uint8_t> data) {
  return BoundedByteReader<kTlvHeaderSize>(data).Load16<2>();
}

std::optional<ParseError> CheckTlvFraming(std::span<const uint8_t> data, const TlvFormat& format) {
  constexpr size_t kLengthOffset = 2;
  if (data.size() < kTlvHeaderSize || data.size() < format.header_size) {
    return FramingError(ParseErrorCode::kTruncated, format, data.size());
  }
  if (PeekTlvType(data, format.kind) != format.type) {
    return FramingError(ParseErrorCode::kBadValue, format, 0);
  }
  const size_t length = PeekTlvLength(data);
  if (length < format.header_size) {
    return FramingError(ParseErrorCode::kLengthTooSmall, format, kLengthOffset);
  }
  if (length > data.size()) {
    return FramingError(ParseErrorCode::kLengthTooLarge, format, kLengthOffset);
  }
  if (length < data.size()) {
    return FramingError(ParseErrorCode::kTrailingBytes, format, length);
  }
  if (format.fixed_size && length != format.header_size) {
    return FramingError(ParseErrorCode::kBadLength, format, kLengthOffset);
  }
  if ((length - format.header_size) % format.stride != 0) {
    return FramingError(ParseErrorCode::kBadLength, format, kLengthOffset);
  }
  return std::nullopt;
}

void WriteChunkHeader(std::span<uint8_t> out, uint8_t type, uint8_t flags, size_t length) {
  BoundedByteWriter<kTlvHeaderSize> writer(out);
  writer.Store8<0>(type);
  writer.Store8<1>(flags);
  writer.Store16<2>(static_cast<uint16_t>(length));
}

void WriteTlvHeader(std::span<uint8_t> out, uint16_t type, size_t length) {
  BoundedByteWriter<kTlvHeaderSize> writer(out);
  writer.Store16<0>(type);
  writer.Store16<2>(static_cast<uint16_t>(length));
}

}  // namespace sctpdp
