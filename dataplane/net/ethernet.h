#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/net/decode_result.h"

namespace sctpdp::net {

// EtherType values (IEEE 802 numbers registry) the decoders act on.
inline constexpr uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr uint16_t kEtherTypeIpv6 = 0x86DD;
inline constexpr uint16_t kEtherTypeVlan = 0x8100;         // IEEE 802.1Q customer tag
inline constexpr uint16_t kEtherTypeServiceVlan = 0x88A8;  // IEEE 802.1ad service tag
inline constexpr uint16_t kEtherTypeLegacyQinQ = 0x9100;   // pre-802.1ad double tagging

// True for the type values that announce a VLAN tag.
bool IsVlanTpid(uint16_t ether_type);

using MacAddress = std::array<uint8_t, 6>;

// One VLAN tag: the Tag Protocol Identifier that announced it and the Tag
// Control Information that follows (IEEE 802.1Q section 9.6).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     TPID (0x8100, 0x88A8)     | PCP |D|         VLAN ID       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct VlanTag {
  uint16_t tpid = 0;
  uint8_t priority = 0;        // PCP
  bool drop_eligible = false;  // DEI
  uint16_t vlan_id = 0;

  // "vlan=100 tpid=0x8100 pcp=3", with " dei" when set.
  std::string ToString() const;
  friend bool operator==(const VlanTag&, const VlanTag&) = default;
};

// The VLAN tags of a frame, outermost first. A view: each tag after the type
// field that announced it is two bytes of TCI and the next type field, so the
// tags are read from the frame on access and any number of them is allowed.
class VlanTags {
 public:
  VlanTags() = default;
  VlanTags(uint16_t first_tpid, std::span<const uint8_t> tci_and_types)
      : first_tpid_(first_tpid), tci_and_types_(tci_and_types) {}

  size_t size() const { return tci_and_types_.size() / 4; }
  bool empty() const { return size() == 0; }
  VlanTag operator[](size_t i) const;
  // "[]" or "[vlan=100 tpid=0x88a8 pcp=0, vlan=7 tpid=0x8100 pcp=5]".
  std::string ToString() const;

 private:
  uint16_t first_tpid_ = 0;
  std::span<const uint8_t> tci_and_types_;
};

// What follows a type field once the VLAN tags are stepped over.
struct TaggedPayload {
  VlanTags vlan_tags;
  uint16_t ether_type = 0;  // the innermost type field: the protocol of `payload`
  std::span<const uint8_t> payload;
};

// Steps over the VLAN tags that start with a type field holding `ether_type`
// and continue in `rest` (the bytes after that type field).
DecodeResult<TaggedPayload> SkipVlanTags(uint16_t ether_type, std::span<const uint8_t> rest);

// An Ethernet II frame as capture files hold it: no preamble, no FCS.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Destination MAC address                      |
// +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                               |                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
// |                     Source MAC address                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     EtherType or TPID         |  (TCI, EtherType or TPID)*    /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                           Payload                             /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct EthernetFrame {
  static constexpr size_t kHeaderSize = 14;

  MacAddress destination{};
  MacAddress source{};
  VlanTags vlan_tags;
  // The innermost type field. Values up to 1500 are IEEE 802.3 lengths of
  // LLC frames, not types; no IP packet has one.
  uint16_t ether_type = 0;
  // Everything after the header, including the padding that brings short
  // frames to 60 bytes: the IP length fields say where the packet ends.
  std::span<const uint8_t> payload;

  static DecodeResult<EthernetFrame> Decode(std::span<const uint8_t> frame);
  // "ether 02:00:00:00:00:01 > 02:00:00:00:00:02 type=0x0800 vlans=[]": source first
  std::string ToString() const;
};

std::string MacAddressToString(const MacAddress& mac);

}  // namespace sctpdp::net
