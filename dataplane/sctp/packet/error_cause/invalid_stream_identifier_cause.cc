#include "dataplane/sctp/packet/error_cause/invalid_stream_identifier_cause.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<InvalidStreamIdentifierCause> InvalidStreamIdentifierCause::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(kType, kHeaderSize, true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return InvalidStreamIdentifierCause{.stream_id = StreamId(reader.Load16<4>())};
}

void InvalidStreamIdentifierCause::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), kHeaderSize);
  writer.Store16<4>(stream_id.value());
  writer.Store16<6>(0);
}

std::string InvalidStreamIdentifierCause::ToString() const {
  return fmt::format("{} sid={}", ErrorCauseName(kType), stream_id.value());
}

}  // namespace sctpdp
