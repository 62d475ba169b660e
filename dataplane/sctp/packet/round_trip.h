#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "dataplane/sctp/packet/parse_result.h"

namespace sctpdp {

// The result of parsing a received packet to the last nested field and
// writing it back: what sctpdp-pcap and the property tests check.
struct RoundTripResult {
  enum class Outcome : uint8_t {
    kIdentical,   // the rewrite equals the packet byte for byte
    kParseError,  // `error` says what could not be parsed
    kDifferent,   // parsed, but the rewrite differs from `first_difference` on
  };
  Outcome outcome = Outcome::kIdentical;
  std::optional<ParseError> error{};
  size_t first_difference = 0;
  int difference_chunk_index = -1;  // the chunk holding first_difference, if any
  // Padding bytes that are not zero: RFC 9260 section 3.2 has the receiver
  // ignore them, so the rewrite (with zero padding) cannot match.
  bool nonzero_padding = false;
};

// Parses `packet` (checksum not checked: callers decide about it first),
// every chunk with ParseChunk, and writes it back into `scratch` (at least
// packet.size() bytes) with the same checksum mode (zero stays zero).
RoundTripResult RoundTripPacket(std::span<const uint8_t> packet, std::span<uint8_t> scratch);

}  // namespace sctpdp
