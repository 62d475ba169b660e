#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Heartbeat Info parameter, RFC 9260 section 3.3.5.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Heartbeat Info Type = 1    |        HB Info Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                Sender-Specific Heartbeat Info                 /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The info is opaque to the receiver, which reflects it back in the
// HEARTBEAT ACK (section 3.3.6), so it is kept as a view of the wire bytes.
struct HeartbeatInfoParameter {
  static constexpr ParameterType kType = ParameterType::kHeartbeatInfo;
  static constexpr size_t kHeaderSize = 4;

  std::span<const uint8_t> info;

  static ParseResult<HeartbeatInfoParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + info.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const HeartbeatInfoParameter& a, const HeartbeatInfoParameter& b);
};

}  // namespace sctpdp
