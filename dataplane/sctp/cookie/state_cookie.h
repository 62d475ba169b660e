#pragma once

#include <algorithm>
#include <array>
#include <bitset>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parameter/ipv4_address_parameter.h"
#include "dataplane/sctp/packet/parameter/ipv6_address_parameter.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// A cookie lifespan: milliseconds in 32 bits, the unit and range of the
// Cookie Preservative's increment (RFC 9260 section 3.3.2.1.3), so that
// every value encodes exactly. Converts implicitly to Duration.
using CookieLifespan = std::chrono::duration<uint32_t, std::milli>;

// The contents of the State Cookie a listening endpoint puts in its INIT ACK
// (RFC 9260 section 5.1.3): everything needed to create the association when
// the COOKIE ECHO comes back (section 5.1.5 step 5) without keeping state in
// between, and what sections 5.2.2 and 5.2.4 need to resolve collisions and
// restarts (tags and tie-tags). CookieSigner adds the MAC; this is the
// private, versioned encoding it authenticates. Everything in it was sent in
// the INIT or INIT ACK anyway, or is timing, as section 5.1.3 demands of an
// unencrypted cookie.
//
// Encoding, version 1 (all fields big-endian):
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Version = 1  | Address Count |          Local Port           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Peer Port           |    Local Outbound Streams     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Local Inbound Streams     |     Peer Outbound Streams     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Peer Inbound Streams      |  Local Flags  |  Peer Flags   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Local Verification Tag                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     Peer Verification Tag                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Local Initial TSN                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Peer Initial TSN                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                          Peer a_rwnd                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Local-Tie-Tag                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                        Peer's-Tie-Tag                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Creation Time (microseconds,                 |
// |                     64-bit two's complement)                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Lifespan (milliseconds)                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |              Lifespan Increment (milliseconds)                |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Local Extension Count       |    Peer Extension Count       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /  Peer Addresses: per address, Family (4 or 6) and 4 or 16     /
// /  address bytes                                                /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /  Local capabilities: extension chunk types (ascending, one    /
// /  byte each), then the EDMID and the adaptation code point     /
// /  (32 bits each) when their flags say so                       /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /  Peer capabilities: the same                                  /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Flags: 0x01 Forward-TSN supported, 0x02 ECN capable, 0x04 Zero Checksum
// Acceptable (EDMID follows), 0x08 Adaptation Layer Indication (code point
// follows); other bits are zero. Only this endpoint writes and reads the
// encoding, so Parse is strict (unknown version, flag or address family,
// unsorted or repeated extension types, too many addresses: kBadValue) and
// every valid encoding round-trips to the same bytes. Parse errors are
// reported as errors of the State Cookie parameter, offsets from the start of
// the encoding. Parse and SerializeTo do not allocate.
struct StateCookie {
  static constexpr uint8_t kVersion = 1;
  static constexpr size_t kFixedSize = 64;
  // Addresses of the peer kept per cookie; an INIT listing more is the
  // engine's to refuse or trim.
  static constexpr size_t kMaxPeerAddresses = 16;
  // Valid.Cookie.Life, RFC 9260 section 16.
  static constexpr CookieLifespan kDefaultLifespan{60'000};

  // An address of the peer: one listed in its INIT or the source address of
  // the packet that carried it (RFC 9260 section 5.1.2 C).
  using PeerAddress = std::variant<Ipv4AddressParameter, Ipv6AddressParameter>;

  // What one side announced in its INIT or INIT ACK that changes how the
  // association behaves. Negotiation (what both support) is the engine's.
  struct Capabilities {
    // Chunk types listed in the Supported Extensions parameter (RFC 5061
    // section 4.2.7), e.g. I-DATA (RFC 8260 section 2.2), RE-CONFIG
    // (RFC 6525 section 5.1), ASCONF, AUTH.
    std::bitset<256> supported_extensions{};
    bool forward_tsn_supported = false;  // RFC 3758 section 3.1
    bool ecn_capable = false;            // RFC 9260 section 3.3.2.1 (reserved, 0x8000)
    std::optional<uint32_t> zero_checksum_edmid{};    // RFC 9653 section 4
    std::optional<uint32_t> adaptation_code_point{};  // RFC 5061 section 4.2.6

    bool Supports(ChunkType type) const {
      return supported_extensions.test(static_cast<uint8_t>(type));
    }
    friend bool operator==(const Capabilities&, const Capabilities&) = default;
  };

  // Our Initiate Tag from the INIT ACK, which the COOKIE ECHO's common
  // header must carry (section 5.1.5 step 3), and the INIT's Initiate Tag.
  VerificationTag local_verification_tag{};
  VerificationTag peer_verification_tag{};
  Tsn local_initial_tsn{};
  Tsn peer_initial_tsn{};
  uint32_t peer_a_rwnd = 0;
  // Stream counts as announced: ours in the INIT ACK, the peer's in the INIT.
  uint16_t local_outbound_streams = 0;
  uint16_t local_inbound_streams = 0;
  uint16_t peer_outbound_streams = 0;
  uint16_t peer_inbound_streams = 0;
  // Zero for an INIT answered in CLOSED; section 5.2.2 otherwise.
  VerificationTag local_tie_tag{};
  VerificationTag peer_tie_tag{};
  Port local_port{};
  Port peer_port{};
  TimePoint created{};
  CookieLifespan lifespan = kDefaultLifespan;
  // Granted for a Cookie Preservative (section 3.3.2.1.3), else zero.
  CookieLifespan lifespan_increment{};
  // The first peer_address_count entries are used.
  std::array<PeerAddress, kMaxPeerAddresses> peer_addresses{};
  uint8_t peer_address_count = 0;
  Capabilities local_capabilities{};
  Capabilities peer_capabilities{};

  // The encoding's largest size: every address IPv6, every chunk type
  // listed on both sides, both optional values on both sides.
  static constexpr size_t kMaxWireSize =
      kFixedSize + kMaxPeerAddresses * 17 + 2 * (256 + 4 + 4);

  static ParseResult<StateCookie> Parse(std::span<const uint8_t> data);
  size_t WireSize() const;
  // out.size() >= WireSize(); writes exactly WireSize() bytes. Aborts if
  // peer_address_count exceeds kMaxPeerAddresses.
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  // Appends an address; false, and nothing changes, when the list is full.
  bool AddPeerAddress(const PeerAddress& address);
  std::span<const PeerAddress> PeerAddresses() const {
    return std::span<const PeerAddress>(peer_addresses)
        .first(std::min<size_t>(peer_address_count, kMaxPeerAddresses));
  }

  // When the cookie stops being valid: "the elapsed time is longer than the
  // lifespan" (section 5.1.5 step 4) holds for any time after this one.
  TimePoint ExpiresAt() const {
    return created + Duration(lifespan) + Duration(lifespan_increment);
  }

  // Stream counts in use after the handshake (section 5.1.1): the smaller
  // of one side's outbound and the other side's inbound count.
  uint16_t NegotiatedOutboundStreams() const;
  uint16_t NegotiatedInboundStreams() const;

  friend bool operator==(const StateCookie& a, const StateCookie& b);
};

}  // namespace sctpdp
