#include "dataplane/net/linux_sll.h"

#include <fmt/format.h>

#include <algorithm>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp::net {

namespace {

std::span<const uint8_t> StoredAddress(const std::array<uint8_t, 8>& field, size_t length) {
  // Longer addresses (InfiniBand has 20 bytes) are cut to the 8 stored.
  return std::span<const uint8_t>(field).first(std::min<size_t>(length, field.size()));
}

}  // namespace

std::string_view SllPacketTypeName(SllPacketType type) {
  switch (type) {
    case SllPacketType::kHost:
      return "host";
    case SllPacketType::kBroadcast:
      return "broadcast";
    case SllPacketType::kMulticast:
      return "multicast";
    case SllPacketType::kOtherHost:
      return "otherhost";
    case SllPacketType::kOutgoing:
      return "outgoing";
  }
  return "unknown";
}

DecodeResult<LinuxSllFrame> LinuxSllFrame::Decode(std::span<const uint8_t> frame) {
  if (frame.size() < kHeaderSize) return DecodeError::kTruncated;
  BoundedByteReader<kHeaderSize> reader(frame);
  LinuxSllFrame sll;
  sll.packet_type = static_cast<SllPacketType>(reader.Load16<0>());
  sll.arphrd_type = reader.Load16<2>();
  sll.link_address_length = reader.Load16<4>();
  std::ranges::copy(reader.LoadBytes<6, 8>(), sll.link_address_field.begin());
  DecodeResult<TaggedPayload> tagged = SkipVlanTags(reader.Load16<14>(), reader.variable_data());
  if (!tagged.ok()) return tagged.error();
  sll.vlan_tags = tagged->vlan_tags;
  sll.protocol = tagged->ether_type;
  sll.payload = tagged->payload;
  return sll;
}

std::span<const uint8_t> LinuxSllFrame::link_address() const {
  return StoredAddress(link_address_field, link_address_length);
}

std::string LinuxSllFrame::ToString() const {
  return fmt::format("sll {} arphrd={} addr={} proto={:#06x} vlans={}",
                     SllPacketTypeName(packet_type), arphrd_type, HexString(link_address()),
                     protocol, vlan_tags.ToString());
}

DecodeResult<LinuxSll2Frame> LinuxSll2Frame::Decode(std::span<const uint8_t> frame) {
  if (frame.size() < kHeaderSize) return DecodeError::kTruncated;
  BoundedByteReader<kHeaderSize> reader(frame);
  LinuxSll2Frame sll;
  // Bytes 2-3 are reserved: ignored.
  sll.interface_index = reader.Load32<4>();
  sll.arphrd_type = reader.Load16<8>();
  sll.packet_type = static_cast<SllPacketType>(reader.Load8<10>());
  sll.link_address_length = reader.Load8<11>();
  std::ranges::copy(reader.LoadBytes<12, 8>(), sll.link_address_field.begin());
  // The protocol type is the first field, not adjacent to the payload; a
  // VLAN tag's TCI still starts the payload.
  DecodeResult<TaggedPayload> tagged = SkipVlanTags(reader.Load16<0>(), reader.variable_data());
  if (!tagged.ok()) return tagged.error();
  sll.vlan_tags = tagged->vlan_tags;
  sll.protocol = tagged->ether_type;
  sll.payload = tagged->payload;
  return sll;
}

std::span<const uint8_t> LinuxSll2Frame::link_address() const {
  return StoredAddress(link_address_field, link_address_length);
}

std::string LinuxSll2Frame::ToString() const {
  return fmt::format("sll2 if={} {} arphrd={} addr={} proto={:#06x} vlans={}", interface_index,
                     SllPacketTypeName(packet_type), arphrd_type, HexString(link_address()),
                     protocol, vlan_tags.ToString());
}

}  // namespace sctpdp::net
