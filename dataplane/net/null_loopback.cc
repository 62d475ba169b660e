#include "dataplane/net/null_loopback.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"

namespace sctpdp::net {

DecodeResult<NullLoopbackFrame> NullLoopbackFrame::Decode(std::span<const uint8_t> frame,
                                                          ByteOrder byte_order) {
  if (frame.size() < kHeaderSize) return DecodeError::kTruncated;
  BoundedByteReader<kHeaderSize> reader(frame);
  uint32_t family = reader.Load32<0>();
  // Address families are small numbers, so a little-endian value read as
  // big-endian has its low 16 bits zero (the way libpcap and Wireshark tell
  // the byte order of LINKTYPE_NULL).
  if (byte_order == ByteOrder::kCapturingHost && family != 0 && (family & 0xFFFF) == 0) {
    family = __builtin_bswap32(family);
  }
  return NullLoopbackFrame{.address_family = family, .payload = reader.variable_data()};
}

std::string NullLoopbackFrame::ToString() const {
  return fmt::format("null af={}", address_family);
}

}  // namespace sctpdp::net
