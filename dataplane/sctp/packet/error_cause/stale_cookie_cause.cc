#include "dataplane/sctp/packet/error_cause/stale_cookie_cause.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<StaleCookieCause> StaleCookieCause::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(kType, kHeaderSize, true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return StaleCookieCause{.staleness_us = reader.Load32<4>()};
}

void StaleCookieCause::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), kHeaderSize);
  writer.Store32<4>(staleness_us);
}

std::string StaleCookieCause::ToString() const {
  return fmt::format("{} staleness_us={}", ErrorCauseName(kType), staleness_us);
}

}  // namespace sctpdp
