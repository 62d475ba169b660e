#include "dataplane/sctp/packet/error_cause/user_initiated_abort_cause.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<UserInitiatedAbortCause> UserInitiatedAbortCause::Parse(std::span<const uint8_t> data) {
  ParseResult<std::span<const uint8_t>> info = ParseOpaqueCause(data, kType);
  if (!info.ok()) return info.error();
  return UserInitiatedAbortCause{.reason = *info};
}

void UserInitiatedAbortCause::SerializeTo(std::span<uint8_t> out) const {
  SerializeOpaqueCause(out, kType, reason);
}

std::string UserInitiatedAbortCause::ToString() const {
  return OpaqueCauseToString(kType, "reason", reason);
}

bool operator==(const UserInitiatedAbortCause& a, const UserInitiatedAbortCause& b) {
  return BytesEqual(a.reason, b.reason);
}

}  // namespace sctpdp
