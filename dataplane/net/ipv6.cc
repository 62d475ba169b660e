#include "dataplane/net/ipv6.h"

#include <fmt/format.h>

#include <algorithm>

#include "dataplane/sctp/packet/bounded_byte_reader.h"

namespace sctpdp::net {

namespace {

constexpr uint8_t kIpv6Mobility = 135;       // RFC 6275
constexpr uint8_t kIpv6HostIdentity = 139;   // RFC 7401
constexpr uint8_t kIpv6Shim6 = 140;          // RFC 5533
constexpr uint8_t kIpv6Experimental1 = 253;  // RFC 3692
constexpr uint8_t kIpv6Experimental2 = 254;

// Types in the uniform format of RFC 6564 section 4.
bool IsUniformFormat(uint8_t type) {
  switch (type) {
    case kIpv6HopByHopOptions:
    case kIpv6Routing:
    case kIpv6DestinationOptions:
    case kIpv6Mobility:
    case kIpv6HostIdentity:
    case kIpv6Shim6:
    case kIpv6Experimental1:
    case kIpv6Experimental2:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool IsIpv6ExtensionHeader(uint8_t type) {
  return IsUniformFormat(type) || type == kIpv6Fragment || type == kIpv6AuthenticationHeader;
}

DecodeResult<Ipv6Packet> Ipv6Packet::Decode(std::span<const uint8_t> data) {
  // The version first: a short packet of the other version is that, not
  // a truncated one.
  if (data.empty()) return DecodeError::kTruncated;
  if ((data[0] >> 4) != kVersion) return DecodeError::kBadVersion;
  if (data.size() < kHeaderSize) return DecodeError::kTruncated;
  BoundedByteReader<kHeaderSize> reader(data);
  const uint32_t first_word = reader.Load32<0>();

  Ipv6Packet ip;
  ip.traffic_class = static_cast<uint8_t>(first_word >> 20);
  ip.flow_label = first_word & 0xFFFFF;
  ip.payload_length = reader.Load16<4>();
  ip.next_header = reader.Load8<6>();
  ip.hop_limit = reader.Load8<7>();
  std::ranges::copy(reader.LoadBytes<8, 16>(), ip.source.begin());
  std::ranges::copy(reader.LoadBytes<24, 16>(), ip.destination.begin());
  if (ip.payload_length > reader.variable_data().size()) return DecodeError::kTruncated;
  // From here every byte the length fields promise is present, so a header
  // running past payload_length is malformed rather than cut by the capture.
  const std::span<const uint8_t> packet = reader.variable_data().first(ip.payload_length);

  uint8_t type = ip.next_header;
  size_t offset = 0;
  while (IsIpv6ExtensionHeader(type)) {
    const std::span<const uint8_t> rest = packet.subspan(offset);
    if (rest.size() < 2) return DecodeError::kBadHeaderLength;
    size_t length = 0;
    if (type == kIpv6Fragment) {
      length = Ipv6FragmentHeader::kSize;
    } else if (type == kIpv6AuthenticationHeader) {
      length = (size_t{rest[1]} + 2) * 4;
    } else {
      length = (size_t{rest[1]} + 1) * 8;
    }
    if (length > rest.size()) return DecodeError::kBadHeaderLength;
    const uint8_t next = rest[0];
    offset += length;
    ++ip.extension_header_count;
    if (type == kIpv6Fragment) {
      BoundedByteReader<Ipv6FragmentHeader::kSize> fragment(rest);
      const uint16_t offset_flags = fragment.Load16<2>();
      ip.fragment = Ipv6FragmentHeader{.next_header = next,
                                       .fragment_offset = static_cast<uint16_t>(offset_flags >> 3),
                                       .more_fragments = (offset_flags & 1) != 0,
                                       .identification = fragment.Load32<4>()};
    }
    type = next;
    if (ip.fragment && ip.fragment->fragment_offset != 0) break;
  }
  ip.extension_headers = packet.first(offset);
  ip.protocol = type;
  ip.payload = packet.subspan(offset);
  return ip;
}

std::string Ipv6Packet::ToString() const {
  std::string extra;
  if (fragment) {
    extra = fmt::format(" frag_offset={} id={:#010x}{}", fragment->fragment_offset * 8,
                        fragment->identification, fragment->more_fragments ? " MF" : "");
  }
  return fmt::format("ipv6 {} > {} proto={} len={} hlim={} ext={}{}",
                     IpAddress::FromIpv6(source).ToString(),
                     IpAddress::FromIpv6(destination).ToString(), protocol, payload_length,
                     hop_limit, extension_header_count, extra);
}

}  // namespace sctpdp::net
