#include "dataplane/sctp/packet/chunk/tlv_list_names.h"

#include <fmt/format.h>

#include <string_view>

#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

std::string TlvListNames(const TlvList& list) {
  std::string names;
  for (TlvList::Field field : list) {
    if (!names.empty()) names += ',';
    const std::string_view name = list.kind() == WireKind::kErrorCause
                                      ? ErrorCauseName(static_cast<ErrorCauseCode>(field.type))
                                      : ParameterTypeName(static_cast<ParameterType>(field.type));
    names += name == "unknown" ? fmt::format("{:#06x}", field.type) : std::string(name);
  }
  return names;
}

}  // namespace sctpdp
