#include "dataplane/sctp/packet/sctp_packet.h"

#include <optional>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/crc32c.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
namespace {

ParseError PacketError(ParseErrorCode code, WireKind kind, size_t offset) {
  return ParseError{.code = code, .kind = kind, .offset = static_cast<uint32_t>(offset)};
}

ParseError ChunkError(ParseErrorCode code, size_t offset, int index, uint8_t type) {
  return ParseError{.code = code,
                    .kind = WireKind::kChunk,
                    .type = type,
                    .offset = static_cast<uint32_t>(offset),
                    .chunk_index = index,
                    .chunk_type = type};
}

}  // namespace

uint32_t SctpChecksum(std::span<const uint8_t> packet) {
  // The CRC is stored least significant byte first (RFC 9260 appendix A),
  // so the big-endian word in the field is the byte-swapped CRC.
  return __builtin_bswap32(SctpPacketCrc32c(packet));
}

void WriteSctpChecksum(std::span<uint8_t> packet) {
  BoundedByteWriter<CommonHeader::kSize>(packet).Store32<CommonHeader::kChecksumOffset>(
      SctpChecksum(packet));
}

ParseResult<SctpPacket> SctpPacket::Parse(std::span<const uint8_t> data, ChecksumCheck check) {
  // The packet is built where the caller receives it and returned by name on
  // every path. Built in a local and copied, its fields, stored piecewise,
  // would be read back with wide loads the CPU cannot forward from those
  // stores, a stall on every packet.
  ParseResult<SctpPacket> result{SctpPacket()};
  if (std::optional<ParseError> error = ParseInto(data, check, result.value())) result = *error;
  return result;
}

std::optional<ParseError> SctpPacket::ParseInto(std::span<const uint8_t> data,
                                                ChecksumCheck check, SctpPacket& packet) {
  if (data.size() < CommonHeader::kSize) {
    return PacketError(ParseErrorCode::kTruncated, WireKind::kCommonHeader, data.size());
  }
  BoundedByteReader<CommonHeader::kSize> reader(data);
  packet.data_ = data;
  packet.header_ = CommonHeader{.source_port = Port(reader.Load16<0>()),
                                .destination_port = Port(reader.Load16<2>()),
                                .verification_tag = VerificationTag(reader.Load32<4>()),
                                .checksum = reader.Load32<8>()};
  const bool verify =
      check == ChecksumCheck::kVerify ||
      (check == ChecksumCheck::kVerifyOrAcceptZero && packet.header_.checksum != 0);
  if (verify && SctpChecksum(data) != packet.header_.checksum) {
    return PacketError(ParseErrorCode::kBadChecksum, WireKind::kCommonHeader,
                       CommonHeader::kChecksumOffset);
  }

  // RFC 9260 section 3: a packet holds one or more chunks, each padded to a
  // multiple of four bytes.
  if (data.size() == CommonHeader::kSize) {
    return PacketError(ParseErrorCode::kTruncated, WireKind::kChunk, data.size());
  }
  size_t offset = CommonHeader::kSize;
  int index = 0;
  while (offset < data.size()) {
    std::span<const uint8_t> rest = data.subspan(offset);
    if (rest.size() < kTlvHeaderSize) {
      return ChunkError(ParseErrorCode::kTruncated, offset, index, rest[0]);
    }
    const uint8_t type = rest[0];
    const size_t length = PeekTlvLength(rest);
    if (length < kTlvHeaderSize) {
      return ChunkError(ParseErrorCode::kLengthTooSmall, offset + 2, index, type);
    }
    if (length > rest.size()) {
      return ChunkError(ParseErrorCode::kLengthTooLarge, offset + 2, index, type);
    }
    const size_t padded = PaddedLength(length);
    if (padded > rest.size()) {
      return ChunkError(ParseErrorCode::kMissingPadding, offset + length, index, type);
    }
    for (size_t i = length; i < padded; ++i) packet.nonzero_padding_ |= rest[i] != 0;
    offset += padded;
    ++index;
  }
  packet.chunk_count_ = static_cast<size_t>(index);
  return std::nullopt;
}

}  // namespace sctpdp
