#include "dataplane/sctp/packet/chunk/forward_tsn_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ForwardTsnChunk::SkippedStream ForwardTsnChunk::SkippedStream::Decode(const uint8_t* p) {
  BoundedByteReader<kWireSize> reader(std::span<const uint8_t>(p, kWireSize));
  return SkippedStream{.stream_id = StreamId(reader.Load16<0>()), .ssn = Ssn(reader.Load16<2>())};
}

void ForwardTsnChunk::SkippedStream::Encode(uint8_t* p) const {
  BoundedByteWriter<kWireSize> writer(std::span<uint8_t>(p, kWireSize));
  writer.Store16<0>(stream_id.value());
  writer.Store16<2>(ssn.value());
}

ParseResult<ForwardTsnChunk> ForwardTsnChunk::Parse(std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize, false, SkippedStream::kWireSize))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  return ForwardTsnChunk{
      .new_cumulative_tsn = Tsn(reader.Load32<4>()),
      .skipped_streams = WireList<SkippedStream>::FromWire(reader.variable_data())};
}

void ForwardTsnChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), 0, WireSize());
  writer.Store32<4>(new_cumulative_tsn.value());
  skipped_streams.SerializeTo(writer.variable_data());
}

std::string ForwardTsnChunk::ToString() const {
  std::string streams;
  for (SkippedStream skipped : skipped_streams) {
    streams += fmt::format("{}{}:{}", streams.empty() ? "" : ",", skipped.stream_id.value(),
                           skipped.ssn.value());
  }
  return fmt::format("FORWARD TSN new_cum_tsn={} streams=[{}]", new_cumulative_tsn.value(),
                     streams);
}

}  // namespace sctpdp
