#include "dataplane/net/ipv4.h"

#include <fmt/format.h>

#include <algorithm>

#include "dataplane/sctp/packet/bounded_byte_reader.h"

namespace sctpdp::net {

uint16_t InternetChecksum(std::span<const uint8_t> data) {
  uint32_t sum = 0;
  size_t i = 0;
  for (; i + 1 < data.size(); i += 2) sum += static_cast<uint32_t>((data[i] << 8) | data[i + 1]);
  if (i < data.size()) sum += static_cast<uint32_t>(data[i] << 8);
  // Fold the carries back in (end-around carry, RFC 1071 section 1).
  while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

DecodeResult<Ipv4Packet> Ipv4Packet::Decode(std::span<const uint8_t> data) {
  // The version first: a short packet of the other version is that, not
  // a truncated one.
  if (data.empty()) return DecodeError::kTruncated;
  if ((data[0] >> 4) != kVersion) return DecodeError::kBadVersion;
  if (data.size() < kMinHeaderSize) return DecodeError::kTruncated;
  BoundedByteReader<kMinHeaderSize> reader(data);
  const uint8_t version_ihl = reader.Load8<0>();

  Ipv4Packet ip;
  ip.header_length = size_t{version_ihl & 0x0Fu} * 4;
  if (ip.header_length < kMinHeaderSize) return DecodeError::kBadHeaderLength;
  if (ip.header_length > data.size()) return DecodeError::kTruncated;
  ip.type_of_service = reader.Load8<1>();
  ip.total_length = reader.Load16<2>();
  if (ip.total_length < ip.header_length) return DecodeError::kBadHeaderLength;
  if (ip.total_length > data.size()) return DecodeError::kTruncated;
  ip.identification = reader.Load16<4>();
  const uint16_t flags_offset = reader.Load16<6>();
  ip.dont_fragment = (flags_offset & 0x4000) != 0;
  ip.more_fragments = (flags_offset & 0x2000) != 0;
  ip.fragment_offset = flags_offset & 0x1FFF;
  ip.time_to_live = reader.Load8<8>();
  ip.protocol = reader.Load8<9>();
  ip.header_checksum = reader.Load16<10>();
  ip.header_checksum_valid = InternetChecksum(data.first(ip.header_length)) == 0;
  std::ranges::copy(reader.LoadBytes<12, 4>(), ip.source.begin());
  std::ranges::copy(reader.LoadBytes<16, 4>(), ip.destination.begin());
  ip.options = data.subspan(kMinHeaderSize, ip.header_length - kMinHeaderSize);
  ip.payload = data.subspan(ip.header_length, ip.total_length - ip.header_length);
  return ip;
}

std::string Ipv4Packet::ToString() const {
  std::string flags;
  if (dont_fragment) flags += " DF";
  if (more_fragments) flags += " MF";
  if (fragment_offset != 0) flags += fmt::format(" frag_offset={}", fragment_offset * 8);
  if (!header_checksum_valid) flags += " bad_checksum";
  return fmt::format("ipv4 {} > {} proto={} len={} ttl={} id={:#06x}{}",
                     IpAddress::FromIpv4(source).ToString(),
                     IpAddress::FromIpv4(destination).ToString(), protocol, total_length,
                     time_to_live, identification, flags);
}

}  // namespace sctpdp::net
