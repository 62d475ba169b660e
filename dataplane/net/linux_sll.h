#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "dataplane/net/decode_result.h"
#include "dataplane/net/ethernet.h"

namespace sctpdp::net {

// Linux "cooked" capture headers, written by libpcap for captures on the
// "any" device and on interfaces without a link header (tcpdump.org
// LINKTYPE_LINUX_SLL and LINKTYPE_LINUX_SLL2).

// Where the packet went, as the kernel's PACKET_* constants say.
enum class SllPacketType : uint16_t {
  kHost = 0,       // addressed to this host
  kBroadcast = 1,  // link-layer broadcast
  kMulticast = 2,  // link-layer multicast
  kOtherHost = 3,  // to someone else, seen in promiscuous mode
  kOutgoing = 4,   // sent by this host
};

std::string_view SllPacketTypeName(SllPacketType type);

// LINKTYPE_LINUX_SLL (version 1), 16 bytes.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Packet type          |         ARPHRD_ type          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Link-layer address length   |                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
// |               Link-layer address (8 bytes)                    |
// +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                               |         Protocol type         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                           Payload                             /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The protocol type is an EtherType for most devices; a VLAN TPID there is
// followed by the rest of the tag at the start of the payload.
struct LinuxSllFrame {
  static constexpr size_t kHeaderSize = 16;

  SllPacketType packet_type = SllPacketType::kHost;
  uint16_t arphrd_type = 0;  // ARPHRD_ETHER (1), ARPHRD_LOOPBACK (772), ...
  uint16_t link_address_length = 0;
  std::array<uint8_t, 8> link_address_field{};  // the first link_address_length bytes count
  VlanTags vlan_tags;
  uint16_t protocol = 0;  // after the VLAN tags: the protocol of `payload`
  std::span<const uint8_t> payload;

  static DecodeResult<LinuxSllFrame> Decode(std::span<const uint8_t> frame);
  // The meaningful part of the address field (at most 8 bytes are stored).
  std::span<const uint8_t> link_address() const;
  // "sll outgoing arphrd=1 addr=02:00:00:00:00:01 proto=0x0800 vlans=[...]"
  std::string ToString() const;
};

// LINKTYPE_LINUX_SLL2 (version 2), 20 bytes; adds the interface index.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Protocol type         |        Reserved (MBZ)         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Interface index                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         ARPHRD_ type          |  Packet type  | Addr. length  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// +               Link-layer address (8 bytes)                    +
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                           Payload                             /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct LinuxSll2Frame {
  static constexpr size_t kHeaderSize = 20;

  uint32_t interface_index = 0;
  uint16_t arphrd_type = 0;
  SllPacketType packet_type = SllPacketType::kHost;
  uint8_t link_address_length = 0;
  std::array<uint8_t, 8> link_address_field{};
  VlanTags vlan_tags;
  uint16_t protocol = 0;  // after the VLAN tags: the protocol of `payload`
  std::span<const uint8_t> payload;

  static DecodeResult<LinuxSll2Frame> Decode(std::span<const uint8_t> frame);
  std::span<const uint8_t> link_address() const;
  // "sll2 if=3 host arphrd=1 addr=... proto=0x86dd vlans=[]"
  std::string ToString() const;
};

}  // namespace sctpdp::net
