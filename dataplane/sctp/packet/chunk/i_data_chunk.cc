#include "dataplane/sctp/packet/chunk/i_data_chunk.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<IDataChunk> IDataChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  const DataFlags flags = DataFlags::FromByte(reader.Load8<1>());
  // Bytes 10-11 are reserved: ignored on receipt (RFC 8260 section 2.1).
  const uint32_t ppid_or_fsn = reader.Load32<16>();
  return IDataChunk{.flags = flags,
                    .tsn = Tsn(reader.Load32<4>()),
                    .stream_id = StreamId(reader.Load16<8>()),
                    .mid = Mid(reader.Load32<12>()),
                    .ppid = Ppid(flags.beginning ? ppid_or_fsn : 0),
                    .fsn = Fsn(flags.beginning ? 0 : ppid_or_fsn),
                    .payload = reader.variable_data()};
}

void IDataChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), flags.ToByte(), WireSize());
  writer.Store32<4>(tsn.value());
  writer.Store16<8>(stream_id.value());
  writer.Store16<10>(0);
  writer.Store32<12>(mid.value());
  writer.Store32<16>(flags.beginning ? ppid.value() : fsn.value());
  writer.CopyToVariableData(payload);
}

std::string IDataChunk::ToString() const {
  return fmt::format("I-DATA tsn={} sid={} mid={} {}={} len={} flags={}", tsn.value(),
                     stream_id.value(), mid.value(), flags.beginning ? "ppid" : "fsn",
                     flags.beginning ? ppid.value() : fsn.value(), payload.size(),
                     flags.ToString());
}

bool operator==(const IDataChunk& a, const IDataChunk& b) {
  return a.flags == b.flags && a.tsn == b.tsn && a.stream_id == b.stream_id && a.mid == b.mid &&
         a.ppid == b.ppid && a.fsn == b.fsn && BytesEqual(a.payload, b.payload);
}

}  // namespace sctpdp
