#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Requested HMAC Algorithm parameter (HMAC-ALGO), RFC 4895 section 3.3.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8004   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          HMAC Identifier 1    |      HMAC Identifier 2        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                              ...                              /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        HMAC Identifier n      |           Padding             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Identifiers in the sender's order of preference (1 = SHA-1, 3 = SHA-256);
// with an odd count the two bytes of padding are outside the length.
struct RequestedHmacAlgorithmParameter {
  static constexpr ParameterType kType = ParameterType::kRequestedHmacAlgorithm;
  static constexpr size_t kHeaderSize = 4;

  WireList<uint16_t> hmac_ids;

  static ParseResult<RequestedHmacAlgorithmParameter> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + hmac_ids.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const RequestedHmacAlgorithmParameter&,
                         const RequestedHmacAlgorithmParameter&) = default;
};

}  // namespace sctpdp
