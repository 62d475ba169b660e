#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parameter/asconf_address_request.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Delete IP Address parameter, RFC 5061 section 4.2.2.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Type = 0xC002          |    Length = Variable          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |               ASCONF-Request Correlation ID                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Address Parameter                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Asks the peer to remove the address from the association; 0.0.0.0 or ::0 means all but the
// packet's source address. `address` views the wrapped IPv4 or IPv6 Address parameter, header
// included; Parse checks that it is one (see asconf_address_request.h).
struct DeleteIpAddressParameter {
  static constexpr ParameterType kType = ParameterType::kDeleteIpAddress;
  static constexpr size_t kHeaderSize = kAsconfAddressRequestHeaderSize;

  AsconfCorrelationId correlation_id;
  std::span<const uint8_t> address;

  static ParseResult<DeleteIpAddressParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + address.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const DeleteIpAddressParameter& a, const DeleteIpAddressParameter& b);
};

}  // namespace sctpdp
