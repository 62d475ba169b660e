#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "dataplane/sctp/association/association_options.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/cookie/state_cookie.h"
#include "dataplane/sctp/packet/tlv_list.h"

namespace sctpdp {

// What the optional and variable-length parameters of an INIT or INIT ACK
// say (RFC 9260 sections 3.3.2 and 3.3.3, with the extensions sctpdp knows).
struct InitParameters {
  // Section 5.1.2: the peer's addresses, as listed (at most
  // StateCookie::kMaxPeerAddresses are kept; `dropped_addresses` counts the rest).
  std::vector<IpAddress> addresses{};
  size_t dropped_addresses = 0;
  StateCookie::Capabilities capabilities{};
  // INIT ACK: the State Cookie (section 3.3.3.1), viewing the chunk.
  std::optional<std::span<const uint8_t>> state_cookie{};
  // Section 3.3.2.1.3: the peer asks for a longer cookie lifespan.
  std::optional<uint32_t> cookie_preservative_ms{};
  // Section 5.1.2: a Host Name Address cannot be resolved by sctpdp.
  bool has_host_name = false;
  // Section 3.2.1: parameters whose type the action bits say to report
  // (01 and 11), each the whole parameter as received.
  std::vector<std::span<const uint8_t>> unrecognized{};
  // A mandatory-looking parameter that did not parse (section 3.3.2.1:
  // the association is refused with "Invalid Mandatory Parameter").
  bool malformed = false;
};

// Reads the parameters of a received INIT or INIT ACK. Unrecognized types
// are handled by their action bits (section 3.2.1): "stop" ends the walk
// (the chunk is still processed), "report" records them.
InitParameters ReadInitParameters(const TlvList& parameters);

// Writes the parameters sctpdp puts in its INIT and INIT ACK: its
// addresses when it has more than one (section 3.3.2.1: a single-homed
// endpoint may leave them out and be known by the packet's source), the
// Supported Extensions (RFC 5061 section 4.2.7) and Forward-TSN-Supported
// (RFC 3758 section 3.1) as the options enable them, a Cookie
// Preservative when asked. Returns false if `writer` is too small.
bool WriteLocalInitParameters(TlvListWriter& writer, std::span<const IpAddress> local_addresses,
                              const AssociationOptions& options,
                              std::optional<uint32_t> cookie_preservative_ms);

// What this endpoint announces, as kept in the cookie.
StateCookie::Capabilities LocalCapabilities(const AssociationOptions& options);

// Converts between the engine's addresses and the cookie's.
StateCookie::PeerAddress ToCookieAddress(const IpAddress& address);
IpAddress FromCookieAddress(const StateCookie::PeerAddress& address);

}  // namespace sctpdp
