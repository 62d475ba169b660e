#include "dataplane/sctp/packet/chunk/sack_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<SackChunk> SackChunk::Parse(std::span<const uint8_t> data) {
  // Gap blocks and duplicate TSNs are both four bytes, so the variable part
  // has a stride of four whatever the split.
  static_assert(WireList<GapAckBlock>::kElementSize == 4 && WireList<Tsn>::kElementSize == 4);
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize, false, 4))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  const size_t gap_count = reader.Load16<12>();
  const size_t dup_count = reader.Load16<14>();
  const size_t gaps_size = gap_count * WireList<GapAckBlock>::kElementSize;
  const size_t dups_size = dup_count * WireList<Tsn>::kElementSize;
  std::span<const uint8_t> lists = reader.variable_data();
  if (gaps_size + dups_size != lists.size()) {
    return ParseError{.code = ParseErrorCode::kBadLength,
                      .kind = WireKind::kChunk,
                      .type = static_cast<uint16_t>(kType),
                      .offset = 2};
  }
  return SackChunk{.cumulative_tsn_ack = Tsn(reader.Load32<4>()),
                   .a_rwnd = reader.Load32<8>(),
                   .gap_ack_blocks = WireList<GapAckBlock>::FromWire(lists.first(gaps_size)),
                   .duplicate_tsns = WireList<Tsn>::FromWire(lists.subspan(gaps_size))};
}

void SackChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  writer.Store32<4>(cumulative_tsn_ack.value());
  writer.Store32<8>(a_rwnd);
  writer.Store16<12>(static_cast<uint16_t>(gap_ack_blocks.size()));
  writer.Store16<14>(static_cast<uint16_t>(duplicate_tsns.size()));
  std::span<uint8_t> lists = writer.variable_data();
  gap_ack_blocks.SerializeTo(lists);
  duplicate_tsns.SerializeTo(lists.subspan(gap_ack_blocks.WireSize()));
}

std::string SackChunk::ToString() const {
  std::string gaps;
  for (GapAckBlock block : gap_ack_blocks) {
    if (!gaps.empty()) gaps += ',';
    gaps += fmt::format("{}-{}", block.start, block.end);
  }
  std::string dups;
  for (Tsn tsn : duplicate_tsns) {
    if (!dups.empty()) dups += ',';
    dups += fmt::format("{}", tsn.value());
  }
  return fmt::format("SACK cum_tsn={} a_rwnd={} gaps=[{}] dups=[{}]", cumulative_tsn_ack.value(),
                     a_rwnd, gaps, dups);
}

}  // namespace sctpdp
