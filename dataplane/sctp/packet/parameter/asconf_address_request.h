#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parameter/ipv4_address_parameter.h"
#include "dataplane/sctp/packet/parameter/ipv6_address_parameter.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// An IPv4 or IPv6 Address parameter (RFC 9260 sections 3.3.2.1.1 and
// 3.3.2.1.2), the two forms an ASCONF request may wrap.
using AddressParameter = std::variant<Ipv4AddressParameter, Ipv6AddressParameter>;

// Parses one parameter (without padding) as an IPv4 or IPv6 Address
// parameter; any other type fails with kBadValue at offset 0.
ParseResult<AddressParameter> ParseAddressParameter(std::span<const uint8_t> tlv);

// The layout shared by Add IP Address (0xC001), Delete IP Address (0xC002)
// and Set Primary Address (0xC004), RFC 5061 sections 4.2.1, 4.2.2, 4.2.4.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Type = 0xC00x          |    Length = Variable          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |               ASCONF-Request Correlation ID                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Address Parameter                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// "The complete TLV is wrapped within this parameter": `address` views the
// whole IPv4 or IPv6 Address parameter, header included. Both are multiples
// of four bytes long, so nothing pads between it and the end.
struct AsconfAddressRequestFields {
  AsconfCorrelationId correlation_id;
  std::span<const uint8_t> address;
};

inline constexpr size_t kAsconfAddressRequestHeaderSize = 8;

// Parses `data` as a parameter of `type` with the layout above. An address
// that is not a well-formed IPv4 or IPv6 Address parameter fails with
// kBadValue, at the offset where the wrapped parameter went wrong.
ParseResult<AsconfAddressRequestFields> ParseAsconfAddressRequest(std::span<const uint8_t> data,
                                                                  ParameterType type);

// Writes kAsconfAddressRequestHeaderSize + fields.address.size() bytes.
void SerializeAsconfAddressRequest(std::span<uint8_t> out, ParameterType type,
                                   const AsconfAddressRequestFields& fields);

// E.g. "Add IP Address correlation_id=7 address=192.0.2.1".
std::string AsconfAddressRequestToString(ParameterType type,
                                         const AsconfAddressRequestFields& fields);

}  // namespace sctpdp
