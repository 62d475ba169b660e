#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/net/decode_result.h"

namespace sctpdp::net {

// The BSD loopback header (tcpdump.org LINKTYPE_NULL and LINKTYPE_LOOP): a
// 32-bit address family in front of the packet.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 Address family (AF_ value)                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                           Packet                              /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// LINKTYPE_NULL stores the family in the byte order of the capturing host,
// LINKTYPE_LOOP in network byte order. AF_INET is 2 everywhere; AF_INET6 is
// 24 (NetBSD, OpenBSD), 28 (FreeBSD, DragonFly) or 30 (macOS).
struct NullLoopbackFrame {
  static constexpr size_t kHeaderSize = 4;

  enum class ByteOrder : uint8_t {
    kCapturingHost,  // LINKTYPE_NULL: big- or little-endian, told apart by the value
    kNetwork,        // LINKTYPE_LOOP
  };

  uint32_t address_family = 0;
  std::span<const uint8_t> payload;

  static DecodeResult<NullLoopbackFrame> Decode(std::span<const uint8_t> frame,
                                                ByteOrder byte_order);

  bool is_ipv4() const { return address_family == 2; }
  bool is_ipv6() const {
    return address_family == 24 || address_family == 28 || address_family == 30;
  }
  // "null af=2"
  std::string ToString() const;
};

}  // namespace sctpdp::net
