#include "dataplane/sctp/packet/error_cause/out_of_resource_cause.h"

#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<OutOfResourceCause> OutOfResourceCause::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(kType, kHeaderSize, true))) {
    return *error;
  }
  return OutOfResourceCause{};
}

void OutOfResourceCause::SerializeTo(std::span<uint8_t> out) const {
  WriteTlvHeader(out, static_cast<uint16_t>(kType), kHeaderSize);
}

std::string OutOfResourceCause::ToString() const { return std::string(ErrorCauseName(kType)); }

}  // namespace sctpdp
