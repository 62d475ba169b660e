#include "dataplane/sctp/packet/error_cause/cookie_received_while_shutting_down_cause.h"

#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<CookieReceivedWhileShuttingDownCause> CookieReceivedWhileShuttingDownCause::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(kType, kHeaderSize, true))) {
    return *error;
  }
  return CookieReceivedWhileShuttingDownCause{};
}

void CookieReceivedWhileShuttingDownCause::SerializeTo(std::span<uint8_t> out) const {
  WriteTlvHeader(out, static_cast<uint16_t>(kType), kHeaderSize);
}

std::string CookieReceivedWhileShuttingDownCause::ToString() const {
  return std::string(ErrorCauseName(kType));
}

}  // namespace sctpdp
