#include "dataplane/sctp/packet/bytes.h"

#include <fmt/format.h>

namespace sctpdp {

std::string HexString(std::span<const uint8_t> bytes, size_t max_bytes) {
  std::string out;
  const size_t shown = std::min(bytes.size(), max_bytes);
  for (size_t i = 0; i < shown; ++i) out += fmt::format("{:02x}", bytes[i]);
  if (shown < bytes.size()) out += "...";
  return out;
}

}  // namespace sctpdp
