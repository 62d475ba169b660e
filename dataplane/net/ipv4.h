#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/net/decode_result.h"
#include "dataplane/sctp/common/ip_address.h"

namespace sctpdp::net {

// IP protocol numbers (IANA "Assigned Internet Protocol Numbers").
inline constexpr uint8_t kIpProtocolUdp = 17;
inline constexpr uint8_t kIpProtocolSctp = 132;

// The Internet checksum of RFC 1071: the ones' complement of the ones'
// complement sum of the 16-bit big-endian words (an odd last byte is padded
// with zero). Over a header whose checksum field is right it returns 0.
uint16_t InternetChecksum(std::span<const uint8_t> data);

// An IPv4 packet, RFC 791 section 3.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |Version|  IHL  |Type of Service|          Total Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Identification        |Flags|      Fragment Offset    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Time to Live |    Protocol   |         Header Checksum       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Source Address                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Destination Address                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Options                    |    Padding    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Flags: bit 0 reserved, bit 1 DF (don't fragment), bit 2 MF (more
// fragments). IHL and the fragment offset count 4- and 8-byte units.
struct Ipv4Packet {
  static constexpr size_t kMinHeaderSize = 20;
  static constexpr uint8_t kVersion = 4;

  size_t header_length = kMinHeaderSize;  // IHL * 4, 20 to 60
  uint8_t type_of_service = 0;            // DSCP and ECN (RFC 2474, RFC 3168)
  uint16_t total_length = 0;
  uint16_t identification = 0;
  bool dont_fragment = false;
  bool more_fragments = false;
  uint16_t fragment_offset = 0;  // in 8-byte units, as on the wire
  uint8_t time_to_live = 0;
  uint8_t protocol = 0;
  uint16_t header_checksum = 0;
  // Checked here but not enforced: whether a wrong one matters is the
  // caller's choice (captures on hosts with checksum offload can show them).
  bool header_checksum_valid = false;
  Ipv4Address source{};
  Ipv4Address destination{};
  std::span<const uint8_t> options;  // header_length - 20 bytes, padding included
  // total_length - header_length bytes: link-layer padding after the packet
  // is cut off.
  std::span<const uint8_t> payload;

  // Decodes `data`, which may hold bytes after the packet (Ethernet padding).
  static DecodeResult<Ipv4Packet> Decode(std::span<const uint8_t> data);

  // A fragment is any part of a fragmented datagram: MF set or a nonzero
  // offset (RFC 791 section 2.3); the first fragment has MF and offset 0.
  bool is_fragment() const { return more_fragments || fragment_offset != 0; }
  // "ipv4 10.0.0.1 > 10.0.0.2 proto=132 len=48 ttl=64 id=0x1234 DF"
  std::string ToString() const;
};

}  // namespace sctpdp::net
