#include "dataplane/sctp/packet/error_cause/illegal_asconf_ack_cause.h"

#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<IllegalAsconfAckCause> IllegalAsconfAckCause::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(kType, kHeaderSize, true))) {
    return *error;
  }
  return IllegalAsconfAckCause{};
}

void IllegalAsconfAckCause::SerializeTo(std::span<uint8_t> out) const {
  WriteTlvHeader(out, static_cast<uint16_t>(kType), kHeaderSize);
}

std::string IllegalAsconfAckCause::ToString() const { return std::string(ErrorCauseName(kType)); }

}  // namespace sctpdp
