#pragma once

#include <string>

#include "dataplane/sctp/packet/tlv_list.h"

namespace sctpdp {

// The fields of a parameter or error-cause list by name, comma-separated,
// for ToString: "State Cookie,ECN Capable". Types no RFC names show as hex
// ("0x8123"), so unknown parameters stay visible in logs.
std::string TlvListNames(const TlvList& list);

}  // namespace sctpdp
