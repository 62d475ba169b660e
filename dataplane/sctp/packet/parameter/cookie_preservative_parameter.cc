#include "dataplane/sctp/packet/parameter/cookie_preservative_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<CookiePreservativeParameter> CookiePreservativeParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return CookiePreservativeParameter{.increment_ms = reader.Load32<4>()};
}

void CookiePreservativeParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(increment_ms);
}

std::string CookiePreservativeParameter::ToString() const {
  return fmt::format("Cookie Preservative increment_ms={}", increment_ms);
}

}  // namespace sctpdp
