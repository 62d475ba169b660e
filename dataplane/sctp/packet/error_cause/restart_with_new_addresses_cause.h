#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Restart of an Association with New Addresses, RFC 9260 section 3.3.10.11:
// an INIT for an existing association added addresses; the ABORT refusing it
// lists them.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 11        |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                       New Address TLVs                        /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Each New Address TLV is an exact copy of an address parameter of the INIT,
// so the list is framed as parameters. Parse checks that framing only; which
// parameter types appear is the engine's concern.
struct RestartWithNewAddressesCause {
  static constexpr ErrorCauseCode kType = ErrorCauseCode::kRestartWithNewAddresses;
  static constexpr size_t kHeaderSize = 4;

  TlvList new_addresses;  // WireKind::kParameter

  static ParseResult<RestartWithNewAddressesCause> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + new_addresses.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const RestartWithNewAddressesCause&,
                         const RestartWithNewAddressesCause&) = default;
};

}  // namespace sctpdp
