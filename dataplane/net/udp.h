#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/net/decode_result.h"

namespace sctpdp::net {

// The IANA port for SCTP over UDP, "sctp-tunneling" (RFC 6951 section 5.1).
inline constexpr uint16_t kSctpUdpEncapsulationPort = 9899;

// A UDP datagram, RFC 768.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Source Port          |       Destination Port        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |            Length             |           Checksum            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                             data                              /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The length counts the header and the data. The checksum is not checked:
// it needs the IP pseudo-header, and captures on the sending host show
// offloaded checksums unfilled.
struct UdpDatagram {
  static constexpr size_t kHeaderSize = 8;

  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  uint16_t length = 0;
  uint16_t checksum = 0;
  std::span<const uint8_t> payload;  // length - 8 bytes

  // Decodes `data` (the IP payload); bytes after `length` are ignored.
  static DecodeResult<UdpDatagram> Decode(std::span<const uint8_t> data);
  // "udp 9899 > 9899 len=60"
  std::string ToString() const;
};

}  // namespace sctpdp::net
