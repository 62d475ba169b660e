#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

namespace sctpdp::net::testing {

using Bytes = std::vector<uint8_t>;

inline Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

inline Bytes ToBytes(std::span<const uint8_t> span) { return Bytes(span.begin(), span.end()); }

// The SCTP packet carried by the test frames: a common header (ports 5000
// and 5001, tag 0x01020304, checksum left arbitrary: nothing below SCTP
// looks at it) and a COOKIE ACK chunk.
inline const Bytes kSctpPacket = {0x13, 0x88, 0x13, 0x89, 0x01, 0x02, 0x03, 0x04,
                                  0xaa, 0xbb, 0xcc, 0xdd, 0x0b, 0x00, 0x00, 0x04};

// A 16-bit field, big-endian.
inline Bytes Be16(size_t value) {
  return {static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)};
}

// Ethernet header 02:00:00:00:00:01 > 02:00:00:00:00:02 with `ether_type`.
inline Bytes EthernetHeader(uint16_t ether_type) {
  const Bytes macs = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
  return Concat({macs, Be16(ether_type)});
}

// RFC 1071 checksum written out independently of the code under test.
inline uint16_t ReferenceChecksum(const Bytes& header) {
  uint64_t sum = 0;
  for (size_t i = 0; i < header.size(); i += 2) {
    sum += uint64_t{header[i]} << 8;
    if (i + 1 < header.size()) sum += header[i + 1];
  }
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<uint16_t>(~sum & 0xFFFF);
}

// IPv4 header 10.0.0.1 > 10.0.0.2, TTL 64, id 0x1234, with `options` (a
// multiple of 4 bytes) and a right checksum; `flags_offset` is the 16-bit
// flags and fragment offset word.
inline Bytes Ipv4Header(uint8_t protocol, size_t payload_size, uint16_t flags_offset = 0x4000,
                        const Bytes& options = {}) {
  const size_t header_size = 20 + options.size();
  const size_t total = header_size + payload_size;
  // Filled by index: GCC 12 at -O3 warns wrongly about inserting an empty
  // range into a vector.
  Bytes header(header_size, 0);
  header[0] = static_cast<uint8_t>(0x40 | (header_size / 4));
  header[2] = static_cast<uint8_t>(total >> 8);
  header[3] = static_cast<uint8_t>(total);
  header[4] = 0x12;
  header[5] = 0x34;
  header[6] = static_cast<uint8_t>(flags_offset >> 8);
  header[7] = static_cast<uint8_t>(flags_offset);
  header[8] = 64;
  header[9] = protocol;
  header[12] = 10;
  header[15] = 1;
  header[16] = 10;
  header[19] = 2;
  for (size_t i = 0; i < options.size(); ++i) header[20 + i] = options[i];
  const uint16_t checksum = ReferenceChecksum(header);
  header[10] = static_cast<uint8_t>(checksum >> 8);
  header[11] = static_cast<uint8_t>(checksum);
  return header;
}

// IPv6 header 2001:db8::1 > 2001:db8::2, hop limit 64.
inline Bytes Ipv6Header(uint8_t next_header, size_t payload_length) {
  const Bytes source = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const Bytes destination = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  return Concat(
      {{0x60, 0x00, 0x00, 0x00}, Be16(payload_length), {next_header, 64}, source, destination});
}

// UDP header with a zero checksum (nothing here checks it).
inline Bytes UdpHeader(uint16_t source_port, uint16_t destination_port, size_t payload_size) {
  return Concat({Be16(source_port), Be16(destination_port), Be16(8 + payload_size), {0x00, 0x00}});
}

}  // namespace sctpdp::net::testing
