#include "dataplane/net/ethernet.h"

#include <fmt/format.h>

#include <algorithm>

#include "dataplane/sctp/packet/bounded_byte_reader.h"

namespace sctpdp::net {

namespace {
constexpr size_t kTagSize = 4;  // TCI and the next type field
}  // namespace

bool IsVlanTpid(uint16_t ether_type) {
  return ether_type == kEtherTypeVlan || ether_type == kEtherTypeServiceVlan ||
         ether_type == kEtherTypeLegacyQinQ;
}

std::string VlanTag::ToString() const {
  return fmt::format("vlan={} tpid={:#06x} pcp={}{}", vlan_id, tpid, priority,
                     drop_eligible ? " dei" : "");
}

VlanTag VlanTags::operator[](size_t i) const {
  BoundedByteReader<kTagSize> tag(tci_and_types_.subspan(i * kTagSize));
  const uint16_t tci = tag.Load16<0>();
  // The TPID of a tag is the type field in front of it: the first one sits
  // before the list, the others end the previous tag.
  const uint16_t tpid =
      i == 0 ? first_tpid_
             : BoundedByteReader<kTagSize>(tci_and_types_.subspan((i - 1) * kTagSize)).Load16<2>();
  return VlanTag{.tpid = tpid,
                 .priority = static_cast<uint8_t>(tci >> 13),
                 .drop_eligible = ((tci >> 12) & 1) != 0,
                 .vlan_id = static_cast<uint16_t>(tci & 0x0FFF)};
}

std::string VlanTags::ToString() const {
  std::string out = "[";
  for (size_t i = 0; i < size(); ++i) {
    out += fmt::format("{}{}", i == 0 ? "" : ", ", (*this)[i].ToString());
  }
  return out + "]";
}

DecodeResult<TaggedPayload> SkipVlanTags(uint16_t ether_type, std::span<const uint8_t> rest) {
  const uint16_t first_type = ether_type;
  size_t offset = 0;
  while (IsVlanTpid(ether_type)) {
    if (rest.size() - offset < kTagSize) return DecodeError::kTruncated;
    ether_type = BoundedByteReader<kTagSize>(rest.subspan(offset)).Load16<2>();
    offset += kTagSize;
  }
  return TaggedPayload{.vlan_tags = VlanTags(first_type, rest.first(offset)),
                       .ether_type = ether_type,
                       .payload = rest.subspan(offset)};
}

DecodeResult<EthernetFrame> EthernetFrame::Decode(std::span<const uint8_t> frame) {
  if (frame.size() < kHeaderSize) return DecodeError::kTruncated;
  BoundedByteReader<kHeaderSize> reader(frame);
  EthernetFrame ethernet;
  std::ranges::copy(reader.LoadBytes<0, 6>(), ethernet.destination.begin());
  std::ranges::copy(reader.LoadBytes<6, 6>(), ethernet.source.begin());
  DecodeResult<TaggedPayload> tagged = SkipVlanTags(reader.Load16<12>(), reader.variable_data());
  if (!tagged.ok()) return tagged.error();
  ethernet.vlan_tags = tagged->vlan_tags;
  ethernet.ether_type = tagged->ether_type;
  ethernet.payload = tagged->payload;
  return ethernet;
}

std::string EthernetFrame::ToString() const {
  return fmt::format("ether {} > {} type={:#06x} vlans={}", MacAddressToString(source),
                     MacAddressToString(destination), ether_type, vlan_tags.ToString());
}

std::string MacAddressToString(const MacAddress& mac) {
  return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", mac[0], mac[1], mac[2], mac[3],
                     mac[4], mac[5]);
}

}  // namespace sctpdp::net
