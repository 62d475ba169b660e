#include "dataplane/sctp/packet/error_cause/delete_last_remaining_address_cause.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<DeleteLastRemainingAddressCause> DeleteLastRemainingAddressCause::Parse(
    std::span<const uint8_t> data) {
  ParseResult<std::span<const uint8_t>> info = ParseOpaqueCause(data, kType);
  if (!info.ok()) return info.error();
  return DeleteLastRemainingAddressCause{.asconf_parameter = *info};
}

void DeleteLastRemainingAddressCause::SerializeTo(std::span<uint8_t> out) const {
  SerializeOpaqueCause(out, kType, asconf_parameter);
}

std::string DeleteLastRemainingAddressCause::ToString() const {
  return OpaqueCauseToString(kType, "asconf_parameter", asconf_parameter);
}

bool operator==(const DeleteLastRemainingAddressCause& a,
                const DeleteLastRemainingAddressCause& b) {
  return BytesEqual(a.asconf_parameter, b.asconf_parameter);
}

}  // namespace sctpdp
