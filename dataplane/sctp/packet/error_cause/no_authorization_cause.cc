#include "dataplane/sctp/packet/error_cause/no_authorization_cause.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<NoAuthorizationCause> NoAuthorizationCause::Parse(std::span<const uint8_t> data) {
  ParseResult<std::span<const uint8_t>> info = ParseOpaqueCause(data, kType);
  if (!info.ok()) return info.error();
  return NoAuthorizationCause{.asconf_parameter = *info};
}

void NoAuthorizationCause::SerializeTo(std::span<uint8_t> out) const {
  SerializeOpaqueCause(out, kType, asconf_parameter);
}

std::string NoAuthorizationCause::ToString() const {
  return OpaqueCauseToString(kType, "asconf_parameter", asconf_parameter);
}

bool operator==(const NoAuthorizationCause& a, const NoAuthorizationCause& b) {
  return BytesEqual(a.asconf_parameter, b.asconf_parameter);
}

}  // namespace sctpdp
