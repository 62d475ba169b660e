#include "dataplane/sctp/packet/error_cause/resource_shortage_cause.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<ResourceShortageCause> ResourceShortageCause::Parse(std::span<const uint8_t> data) {
  ParseResult<std::span<const uint8_t>> info = ParseOpaqueCause(data, kType);
  if (!info.ok()) return info.error();
  return ResourceShortageCause{.asconf_parameter = *info};
}

void ResourceShortageCause::SerializeTo(std::span<uint8_t> out) const {
  SerializeOpaqueCause(out, kType, asconf_parameter);
}

std::string ResourceShortageCause::ToString() const {
  return OpaqueCauseToString(kType, "asconf_parameter", asconf_parameter);
}

bool operator==(const ResourceShortageCause& a, const ResourceShortageCause& b) {
  return BytesEqual(a.asconf_parameter, b.asconf_parameter);
}

}  // namespace sctpdp
