#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

// Every chunk, parameter and cause parse runs through these helpers, so they
// are defined inline: with the constant format of each caller most of the
// checks fold away.

namespace sctpdp {

// Every chunk, parameter and error cause starts with a four-byte header:
// chunks with type (8 bits), flags (8) and length (16); parameters and error
// causes with type (16) and length (16). The length counts the header and the
// value but not the padding to a multiple of four (RFC 9260 section 3.2).
inline constexpr size_t kTlvHeaderSize = 4;

constexpr size_t PaddedLength(size_t length) { return (length + 3) & ~size_t{3}; }

// The shape of one wire object, for CheckTlvFraming.
struct TlvFormat {
  WireKind kind;
  uint16_t type;
  size_t header_size;        // fixed part, including the four-byte header
  bool fixed_size = false;   // the object is exactly header_size long
  size_t stride = 1;         // the variable part is a multiple of this
};

constexpr TlvFormat ChunkFormat(ChunkType type, size_t header_size, bool fixed_size = false,
                                size_t stride = 1) {
  return {WireKind::kChunk, static_cast<uint16_t>(type), header_size, fixed_size, stride};
}
constexpr TlvFormat ParameterFormat(ParameterType type, size_t header_size,
                                    bool fixed_size = false, size_t stride = 1) {
  return {WireKind::kParameter, static_cast<uint16_t>(type), header_size, fixed_size, stride};
}
constexpr TlvFormat ErrorCauseFormat(ErrorCauseCode code, size_t header_size,
                                     bool fixed_size = false, size_t stride = 1) {
  return {WireKind::kErrorCause, static_cast<uint16_t>(code), header_size, fixed_size, stride};
}

// The type of the object at the start of `data` (which holds at least the
// four-byte header), read as a chunk or as a parameter/error cause.
inline uint16_t PeekTlvType(std::span<const uint8_t> data, WireKind kind) {
  BoundedByteReader<kTlvHeaderSize> reader(data);
  return kind == WireKind::kChunk ? reader.Load8<0>() : reader.Load16<0>();
}

// The length field of the object at the start of `data`.
inline uint16_t PeekTlvLength(std::span<const uint8_t> data) {
  return BoundedByteReader<kTlvHeaderSize>(data).Load16<2>();
}

// Checks the framing of one object. `data` is the whole object without its
// trailing padding, as the enclosing walker cut it: the type must match, and
// the length field must equal data.size(), be at least header_size, and fit
// the format. Errors point at the offending field, relative to `data`.
inline std::optional<ParseError> CheckTlvFraming(std::span<const uint8_t> data,
                                                 const TlvFormat& format) {
  constexpr size_t kLengthOffset = 2;
  auto error = [&format](ParseErrorCode code, size_t offset) {
    return ParseError{.code = code,
                      .kind = format.kind,
                      .type = format.type,
                      .offset = static_cast<uint32_t>(offset)};
  };
  if (data.size() < kTlvHeaderSize || data.size() < format.header_size) {
    return error(ParseErrorCode::kTruncated, data.size());
  }
  if (PeekTlvType(data, format.kind) != format.type) return error(ParseErrorCode::kBadValue, 0);
  const size_t length = PeekTlvLength(data);
  if (length < format.header_size) return error(ParseErrorCode::kLengthTooSmall, kLengthOffset);
  if (length > data.size()) return error(ParseErrorCode::kLengthTooLarge, kLengthOffset);
  if (length < data.size()) return error(ParseErrorCode::kTrailingBytes, length);
  if (format.fixed_size && length != format.header_size) {
    return error(ParseErrorCode::kBadLength, kLengthOffset);
  }
  if ((length - format.header_size) % format.stride != 0) {
    return error(ParseErrorCode::kBadLength, kLengthOffset);
  }
  return std::nullopt;
}

// Writes the four-byte header of a chunk.
inline void WriteChunkHeader(std::span<uint8_t> out, uint8_t type, uint8_t flags,
                             size_t length) {
  BoundedByteWriter<kTlvHeaderSize> writer(out);
  writer.Store8<0>(type);
  writer.Store8<1>(flags);
  writer.Store16<2>(static_cast<uint16_t>(length));
}

// Writes the four-byte header of a parameter or error cause.
inline void WriteTlvHeader(std::span<uint8_t> out, uint16_t type, size_t length) {
  BoundedByteWriter<kTlvHeaderSize> writer(out);
  writer.Store16<0>(type);
  writer.Store16<2>(static_cast<uint16_t>(length));
}

}  // namespace sctpdp
