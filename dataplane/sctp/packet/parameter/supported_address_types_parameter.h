#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Supported Address Types parameter, RFC 9260 section 3.3.2.1.5.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 12           |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Address Type #1        |        Address Type #2        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            ......                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-++-+-+-+-+-+-+-+-+-+-+-+-+-+-++-+-+-+
//
// Each entry is the parameter type of an address TLV (5 for IPv4, 6 for
// IPv6). With an odd count the last two bytes of the last word are padding,
// outside the length (section 3.2.1). Unknown or Host Name (11) entries
// parse; section 3.3.2.1.5 makes the receiver ignore 11.
struct SupportedAddressTypesParameter {
  static constexpr ParameterType kType = ParameterType::kSupportedAddressTypes;
  static constexpr size_t kHeaderSize = 4;

  WireList<uint16_t> address_types;

  static ParseResult<SupportedAddressTypesParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + address_types.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const SupportedAddressTypesParameter&,
                         const SupportedAddressTypesParameter&) = default;
};

}  // namespace sctpdp
