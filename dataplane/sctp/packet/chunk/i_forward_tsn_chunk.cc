#include "dataplane/sctp/packet/chunk/i_forward_tsn_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
namespace {

// The U bit is the lowest bit of the 16-bit field after the stream id; the
// other 15 bits are reserved (RFC 8260 section 2.3.1).
constexpr uint16_t kUnorderedBit = 0x0001;

}  // namespace

IForwardTsnChunk::SkippedStream IForwardTsnChunk::SkippedStream::Decode(const uint8_t* p) {
  BoundedByteReader<kWireSize> reader(std::span<const uint8_t>(p, kWireSize));
  return SkippedStream{.stream_id = StreamId(reader.Load16<0>()),
                       .unordered = (reader.Load16<2>() & kUnorderedBit) != 0,
                       .mid = Mid(reader.Load32<4>())};
}

void IForwardTsnChunk::SkippedStream::Encode(uint8_t* p) const {
  BoundedByteWriter<kWireSize> writer(std::span<uint8_t>(p, kWireSize));
  writer.Store16<0>(stream_id.value());
  writer.Store16<2>(unordered ? kUnorderedBit : 0);
  writer.Store32<4>(mid.value());
}

ParseResult<IForwardTsnChunk> IForwardTsnChunk::Parse(std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize, false, SkippedStream::kWireSize))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return IForwardTsnChunk{
      .new_cumulative_tsn = Tsn(reader.Load32<4>()),
      .skipped_streams = WireList<SkippedStream>::FromWire(reader.variable_data())};
}

void IForwardTsnChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  writer.Store32<4>(new_cumulative_tsn.value());
  skipped_streams.SerializeTo(writer.variable_data());
}

std::string IForwardTsnChunk::ToString() const {
  std::string streams;
  for (SkippedStream skipped : skipped_streams) {
    streams += fmt::format("{}{}:{}{}", streams.empty() ? "" : ",", skipped.stream_id.value(),
                           skipped.unordered ? "U" : "", skipped.mid.value());
  }
  return fmt::format("I-FORWARD-TSN new_cum_tsn={} streams=[{}]", new_cumulative_tsn.value(),
                     streams);
}

}  // namespace sctpdp
