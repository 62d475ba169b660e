#include "dataplane/sctp/packet/chunk/data_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<DataChunk> DataChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return DataChunk{.flags = DataFlags::FromByte(reader.Load8<1>()),
                   .tsn = Tsn(reader.Load32<4>()),
                   .stream_id = StreamId(reader.Load16<8>()),
                   .ssn = Ssn(reader.Load16<10>()),
                   .ppid = Ppid(reader.Load32<12>()),
                   .payload = reader.variable_data()};
}

void DataChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), flags.ToByte(), WireSize());
  writer.Store32<4>(tsn.value());
  writer.Store16<8>(stream_id.value());
  writer.Store16<10>(ssn.value());
  writer.Store32<12>(ppid.value());
  writer.CopyToVariableData(payload);
}

std::string DataChunk::ToString() const {
  return fmt::format("DATA tsn={} sid={} ssn={} ppid={} len={} flags={}", tsn.value(),
                     stream_id.value(), ssn.value(), ppid.value(), payload.size(),
                     flags.ToString());
}

bool operator==(const DataChunk& a, const DataChunk& b) {
  return a.flags == b.flags && a.tsn == b.tsn && a.stream_id == b.stream_id && a.ssn == b.ssn &&
         a.ppid == b.ppid && BytesEqual(a.payload, b.payload);
}

}  // namespace sctpdp
