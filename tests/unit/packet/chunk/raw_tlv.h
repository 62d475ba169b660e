#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp::testing {

// A parameter or error cause given by type and raw value, for building
// TlvLists with TlvListWriter in chunk tests without depending on the
// parameter and error-cause structs.
struct RawTlv {
  uint16_t type = 0;
  std::vector<uint8_t> value{};

  size_t WireSize() const { return kTlvHeaderSize + value.size(); }
  void SerializeTo(std::span<uint8_t> out) const {
    WriteTlvHeader(out, type, WireSize());
    for (size_t i = 0; i < value.size(); ++i) out[kTlvHeaderSize + i] = value[i];
  }
};

}  // namespace sctpdp::testing
