#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp::testing {

Bytes WithLength(Bytes wire, uint16_t length) {
  wire.at(2) = static_cast<uint8_t>(length >> 8);
  wire.at(3) = static_cast<uint8_t>(length);
  return wire;
}

}  // namespace sctpdp::testing
