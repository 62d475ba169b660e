#include "dataplane/sctp/packet/error_cause/unknown_error_cause.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<UnknownErrorCause> UnknownErrorCause::Parse(std::span<const uint8_t> data) {
  // The expected code is whatever the cause carries; a buffer too short to
  // hold it fails the framing check as truncated.
  const uint16_t code =
      data.size() >= kTlvHeaderSize ? PeekTlvType(data, WireKind::kErrorCause) : 0;
  if (auto error =
          CheckTlvFraming(data, ErrorCauseFormat(static_cast<ErrorCauseCode>(code), kHeaderSize))) {
    return *error;
  }
  return UnknownErrorCause{.code = code,
                           .info = BoundedByteReader<kHeaderSize>(data).variable_data()};
}

void UnknownErrorCause::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, code, WireSize());
  writer.CopyToVariableData(info);
}

std::string UnknownErrorCause::ToString() const {
  return fmt::format("Unknown Error Cause code=0x{:04x} info={} len={}", code, HexString(info),
                     info.size());
}

bool operator==(const UnknownErrorCause& a, const UnknownErrorCause& b) {
  return a.code == b.code && BytesEqual(a.info, b.info);
}

}  // namespace sctpdp
