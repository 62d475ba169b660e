#include "dataplane/sctp/packet/error_cause/unsupported_hmac_identifier_cause.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<UnsupportedHmacIdentifierCause> UnsupportedHmacIdentifierCause::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(kType, kHeaderSize, true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return UnsupportedHmacIdentifierCause{.hmac_id = reader.Load16<4>()};
}

void UnsupportedHmacIdentifierCause::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), kHeaderSize);
  writer.Store16<4>(hmac_id);
}

std::string UnsupportedHmacIdentifierCause::ToString() const {
  return fmt::format("{} hmac_id={}", ErrorCauseName(kType), hmac_id);
}

}  // namespace sctpdp
