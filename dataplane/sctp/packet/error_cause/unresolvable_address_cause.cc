#include "dataplane/sctp/packet/error_cause/unresolvable_address_cause.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<UnresolvableAddressCause> UnresolvableAddressCause::Parse(
    std::span<const uint8_t> data) {
  ParseResult<std::span<const uint8_t>> info = ParseOpaqueCause(data, kType);
  if (!info.ok()) return info.error();
  return UnresolvableAddressCause{.address = *info};
}

void UnresolvableAddressCause::SerializeTo(std::span<uint8_t> out) const {
  SerializeOpaqueCause(out, kType, address);
}

std::string UnresolvableAddressCause::ToString() const {
  return OpaqueCauseToString(kType, "address", address);
}

bool operator==(const UnresolvableAddressCause& a, const UnresolvableAddressCause& b) {
  return BytesEqual(a.address, b.address);
}

}  // namespace sctpdp
