#include "dataplane/sctp/packet/error_cause/delete_source_address_cause.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<DeleteSourceAddressCause> DeleteSourceAddressCause::Parse(
    std::span<const uint8_t> data) {
  ParseResult<std::span<const uint8_t>> info = ParseOpaqueCause(data, kType);
  if (!info.ok()) return info.error();
  return DeleteSourceAddressCause{.asconf_parameter = *info};
}

void DeleteSourceAddressCause::SerializeTo(std::span<uint8_t> out) const {
  SerializeOpaqueCause(out, kType, asconf_parameter);
}

std::string DeleteSourceAddressCause::ToString() const {
  return OpaqueCauseToString(kType, "asconf_parameter", asconf_parameter);
}

bool operator==(const DeleteSourceAddressCause& a, const DeleteSourceAddressCause& b) {
  return BytesEqual(a.asconf_parameter, b.asconf_parameter);
}

}  // namespace sctpdp
