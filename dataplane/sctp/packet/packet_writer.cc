#include "dataplane/sctp/packet/packet_writer.h"

#include <cstdlib>

#include "dataplane/sctp/packet/bounded_byte_writer.h"

namespace sctpdp {

PacketWriter::PacketWriter(std::span<uint8_t> buffer, const CommonHeader& header)
    : buffer_(buffer), size_(CommonHeader::kSize) {
  BoundedByteWriter<CommonHeader::kSize> writer(buffer);  // aborts on a buffer under 12 bytes
  writer.Store16<0>(header.source_port.value());
  writer.Store16<2>(header.destination_port.value());
  writer.Store32<4>(header.verification_tag.value());
  writer.Store32<8>(0);
}

std::span<uint8_t> PacketWriter::Finish(ChecksumMode mode) {
  std::span<uint8_t> packet = buffer_.first(size_);
  if (mode == ChecksumMode::kSoftware) WriteSctpChecksum(packet);
  return packet;
}

}  // namespace sctpdp
