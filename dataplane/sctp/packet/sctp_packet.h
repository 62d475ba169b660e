#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// The SCTP common header, RFC 9260 section 3.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Source Port Number        |     Destination Port Number   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Verification Tag                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Checksum                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct CommonHeader {
  static constexpr size_t kSize = 12;
  static constexpr size_t kChecksumOffset = 8;

  Port source_port{};
  Port destination_port{};
  VerificationTag verification_tag{};
  uint32_t checksum = 0;  // as it sits in the packet, read as a big-endian word

  friend bool operator==(const CommonHeader&, const CommonHeader&) = default;
};

// The checksum of an SCTP packet: CRC32c over the whole packet with the
// checksum field taken as zero (RFC 9260 appendix A). Returned as the
// big-endian word the checksum field holds when it is right.
uint32_t SctpChecksum(std::span<const uint8_t> packet);

// Writes SctpChecksum into the packet's checksum field.
void WriteSctpChecksum(std::span<uint8_t> packet);

// One chunk of a packet, framing checked, contents not yet parsed.
struct ChunkView {
  ChunkType type{};
  uint8_t flags = 0;
  std::span<const uint8_t> bytes;  // the whole chunk, without its padding
  size_t offset = 0;               // from the start of the packet
  int index = 0;                   // position in the packet
};

// A received SCTP packet whose common header and chunk framing are checked:
// every chunk has a length of at least four inside the packet and is padded
// to four bytes. It views the caller's buffer. Chunk contents are parsed on
// demand (ParseChunk in chunk/any_chunk.h), so the engine pays only for the
// chunks it handles.
class SctpPacket {
 public:
  enum class ChecksumCheck : uint8_t {
    kVerify,              // software CRC32c must match
    kSkip,                // the NIC verified it (or the caller did)
    kVerifyOrAcceptZero,  // RFC 9653: zero is accepted, anything else verified
  };

  static ParseResult<SctpPacket> Parse(std::span<const uint8_t> data,
                                       ChecksumCheck check = ChecksumCheck::kVerify);

  const CommonHeader& header() const { return header_; }
  std::span<const uint8_t> bytes() const { return data_; }
  size_t chunk_count() const { return chunk_count_; }
  // True if some padding byte between chunks is not zero. RFC 9260 section
  // 3.2 tells the receiver to ignore padding, so such a packet is valid,
  // but it cannot be written back byte for byte.
  bool has_nonzero_padding() const { return nonzero_padding_; }

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = ChunkView;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = ChunkView;

    Iterator() = default;
    Iterator(std::span<const uint8_t> packet, size_t offset, int index)
        : packet_(packet), offset_(offset), index_(index) {}
    // Inline: the engine walks every received packet with these. Parse has
    // checked the framing, so each chunk's header and length are in bounds.
    ChunkView operator*() const {
      const std::span<const uint8_t> rest = packet_.subspan(offset_);
      BoundedByteReader<kTlvHeaderSize> header(rest);
      return ChunkView{.type = static_cast<ChunkType>(header.Load8<0>()),
                       .flags = header.Load8<1>(),
                       .bytes = rest.first(header.Load16<2>()),
                       .offset = offset_,
                       .index = index_};
    }
    Iterator& operator++() {
      // offset_ is a multiple of four: the same as adding the padded length.
      offset_ = PaddedLength(offset_ + PeekTlvLength(packet_.subspan(offset_)));
      ++index_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.offset_ == b.offset_; }

   private:
    std::span<const uint8_t> packet_;
    size_t offset_ = 0;
    int index_ = 0;
  };

  Iterator begin() const { return Iterator(data_, CommonHeader::kSize, 0); }
  Iterator end() const { return Iterator(data_, data_.size(), static_cast<int>(chunk_count_)); }

 private:
  SctpPacket() = default;
  // Parse's work, filling `packet` in place; the error if there is one.
  static std::optional<ParseError> ParseInto(std::span<const uint8_t> data, ChecksumCheck check,
                                             SctpPacket& packet);

  std::span<const uint8_t> data_;
  CommonHeader header_;
  size_t chunk_count_ = 0;
  bool nonzero_padding_ = false;
};

}  // namespace sctpdp
