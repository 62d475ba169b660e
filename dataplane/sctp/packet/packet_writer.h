#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/sctp_packet.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

// How the checksum field is filled when a packet is finished.
enum class ChecksumMode : uint8_t {
  kSoftware,  // CRC32c computed here
  kOffload,   // left zero for the NIC to fill (DPDK RTE_MBUF_F_TX_SCTP_CKSUM)
  kZero,      // zero on the wire, for a peer that accepts it (RFC 9653)
};

// Writes a common header and chunks, each padded with zeros to four bytes,
// straight into a caller's buffer (an mbuf's data room). It applies no
// bundling policy: PacketBuilder does. Writing never passes the buffer.
// Everything is inline: a packet is filled in one go on the send path, and
// inlined the writer's state stays in registers.
class PacketWriter {
 public:
  // Aborts on a buffer smaller than the common header.
  PacketWriter(std::span<uint8_t> buffer, const CommonHeader& header)
      : buffer_(buffer), size_(CommonHeader::kSize) {
    BoundedByteWriter<CommonHeader::kSize> writer(buffer);
    writer.Store16<0>(header.source_port.value());
    writer.Store16<2>(header.destination_port.value());
    writer.Store32<4>(header.verification_tag.value());
    writer.Store32<8>(0);
  }

  // Room left for the next chunk, counting its padding.
  size_t remaining() const { return buffer_.size() - size_; }
  size_t size() const { return size_; }
  size_t chunk_count() const { return chunk_count_; }

  // True if a chunk of `wire_size` bytes (plus its padding) fits.
  bool Fits(size_t wire_size) const { return PaddedLength(wire_size) <= remaining(); }

  // Appends one chunk (anything with WireSize() and SerializeTo()); false,
  // writing nothing, if it does not fit.
  template <typename Chunk>
  bool Append(const Chunk& chunk) {
    const size_t wire_size = chunk.WireSize();
    if (!Fits(wire_size)) return false;
    chunk.SerializeTo(buffer_.subspan(size_, wire_size));
    const size_t padded = PaddedLength(wire_size);
    if (padded != wire_size) std::memset(buffer_.data() + size_ + wire_size, 0, padded - wire_size);
    size_ += padded;
    ++chunk_count_;
    return true;
  }

  // Fills the checksum and returns the packet.
  std::span<uint8_t> Finish(ChecksumMode mode = ChecksumMode::kSoftware) {
    std::span<uint8_t> packet = buffer_.first(size_);
    if (mode == ChecksumMode::kSoftware) WriteSctpChecksum(packet);
    return packet;
  }

 private:
  std::span<uint8_t> buffer_;
  size_t size_ = 0;
  size_t chunk_count_ = 0;
};

}  // namespace sctpdp
