#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "dataplane/net/decode_result.h"
#include "dataplane/sctp/common/ip_address.h"

namespace sctpdp::net {

// Extension header types (RFC 8200 section 4, RFC 7045 section 2).
inline constexpr uint8_t kIpv6HopByHopOptions = 0;
inline constexpr uint8_t kIpv6Routing = 43;
inline constexpr uint8_t kIpv6Fragment = 44;
inline constexpr uint8_t kIpv6EncapsulatingSecurityPayload = 50;
inline constexpr uint8_t kIpv6AuthenticationHeader = 51;
inline constexpr uint8_t kIpv6NoNextHeader = 59;
inline constexpr uint8_t kIpv6DestinationOptions = 60;

// True for the header types Ipv6Packet::Decode steps over. ESP is not one:
// what follows it is encrypted.
bool IsIpv6ExtensionHeader(uint8_t type);

// The Fragment header, RFC 8200 section 4.5.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Identification                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct Ipv6FragmentHeader {
  static constexpr size_t kSize = 8;

  uint8_t next_header = 0;
  uint16_t fragment_offset = 0;  // in 8-byte units, as on the wire
  bool more_fragments = false;
  uint32_t identification = 0;

  friend bool operator==(const Ipv6FragmentHeader&, const Ipv6FragmentHeader&) = default;
};

// An IPv6 packet, RFC 8200 section 3, with its extension headers walked.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |Version| Traffic Class |           Flow Label                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Payload Length        |  Next Header  |   Hop Limit   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// +                                                               +
// |                                                               |
// +                         Source Address                        +
// |                                                               |
// +                                                               +
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// +                                                               +
// |                                                               |
// +                      Destination Address                      +
// |                                                               |
// +                                                               +
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Extension headers (hop-by-hop, routing and destination options, and the
// other RFC 6564 uniform-format types) start with Next Header and a length
// in 8-byte units not counting the first 8; the Authentication Header counts
// 4-byte units not counting the first 8 (RFC 4302 section 2.2); the Fragment
// header is always 8 bytes. Jumbograms (RFC 2675) are not decoded.
struct Ipv6Packet {
  static constexpr size_t kHeaderSize = 40;
  static constexpr uint8_t kVersion = 6;

  uint8_t traffic_class = 0;
  uint32_t flow_label = 0;
  uint16_t payload_length = 0;  // extension headers and upper-layer data
  uint8_t next_header = 0;      // of the fixed header
  uint8_t hop_limit = 0;
  Ipv6Address source{};
  Ipv6Address destination{};
  size_t extension_header_count = 0;
  std::span<const uint8_t> extension_headers;  // the ones walked, as on the wire
  std::optional<Ipv6FragmentHeader> fragment;
  // The type of the header `payload` starts with: the upper-layer protocol,
  // or for a fragment other than the first the Next Header of its Fragment
  // header (the first header of the fragmentable part, RFC 8200 section 4.5).
  uint8_t protocol = 0;
  // After the extension headers, up to payload_length: link-layer padding
  // after the packet is cut off.
  std::span<const uint8_t> payload;

  // Decodes `data`, which may hold bytes after the packet. The walk stops at
  // the first type that is no extension header, and at a Fragment header
  // with a nonzero offset (what follows is the middle of a datagram). A first
  // fragment (offset 0) holds every header up to the upper-layer one (RFC
  // 7112), so the walk continues past its Fragment header.
  static DecodeResult<Ipv6Packet> Decode(std::span<const uint8_t> data);

  // A Fragment header with offset 0 and M clear is an atomic fragment: the
  // whole datagram, to be processed as such (RFC 6946 section 4).
  bool is_fragment() const {
    return fragment.has_value() && (fragment->fragment_offset != 0 || fragment->more_fragments);
  }
  // "ipv6 2001:db8::1 > 2001:db8::2 proto=132 len=40 hlim=64 ext=1"
  std::string ToString() const;
};

}  // namespace sctpdp::net
