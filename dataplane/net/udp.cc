#include "dataplane/net/udp.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"

namespace sctpdp::net {

DecodeResult<UdpDatagram> UdpDatagram::Decode(std::span<const uint8_t> data) {
  if (data.size() < kHeaderSize) return DecodeError::kTruncated;
  BoundedByteReader<kHeaderSize> reader(data);
  UdpDatagram udp;
  udp.source_port = reader.Load16<0>();
  udp.destination_port = reader.Load16<2>();
  udp.length = reader.Load16<4>();
  udp.checksum = reader.Load16<6>();
  if (udp.length < kHeaderSize) return DecodeError::kBadHeaderLength;
  if (udp.length > data.size()) return DecodeError::kTruncated;
  udp.payload = data.subspan(kHeaderSize, udp.length - kHeaderSize);
  return udp;
}

std::string UdpDatagram::ToString() const {
  return fmt::format("udp {} > {} len={}", source_port, destination_port, length);
}

}  // namespace sctpdp::net
