#include "dataplane/sctp/packet/error_cause/no_user_data_cause.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<NoUserDataCause> NoUserDataCause::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(kType, kHeaderSize, true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return NoUserDataCause{.tsn = Tsn(reader.Load32<4>())};
}

void NoUserDataCause::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), kHeaderSize);
  writer.Store32<4>(tsn.value());
}

std::string NoUserDataCause::ToString() const {
  return fmt::format("{} tsn={}", ErrorCauseName(kType), tsn.value());
}

}  // namespace sctpdp
