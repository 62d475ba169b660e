#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/chunk/data_flags.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// DATA chunk, RFC 9260 section 3.3.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 0    |  Res  |I|U|B|E|            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              TSN                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Stream Identifier S      |   Stream Sequence Number n    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Payload Protocol Identifier                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                 User Data (seq n of Stream S)                 /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The payload views the parsed packet (or, when building, the caller's
// message): a DataChunk lives no longer than those bytes. A chunk with no
// user data parses; answering it with "No User Data" is the engine's job.
struct DataChunk {
  static constexpr ChunkType kType = ChunkType::kData;
  static constexpr size_t kHeaderSize = 16;

  DataFlags flags{};
  Tsn tsn{};
  StreamId stream_id{};
  Ssn ssn{};
  Ppid ppid{};
  std::span<const uint8_t> payload{};

  static ParseResult<DataChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + payload.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const DataChunk& a, const DataChunk& b);
};

// Parse and SerializeTo are inline: DATA is every packet on the data path,
// and inlined the fields go straight to and from registers.
inline ParseResult<DataChunk> DataChunk::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ChunkFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return DataChunk{.flags = DataFlags::FromByte(reader.Load8<1>()),
                   .tsn = Tsn(reader.Load32<4>()),
                   .stream_id = StreamId(reader.Load16<8>()),
                   .ssn = Ssn(reader.Load16<10>()),
                   .ppid = Ppid(reader.Load32<12>()),
                   .payload = reader.variable_data()};
}

inline void DataChunk::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteChunkHeader(out, static_cast<uint8_t>(kType), flags.ToByte(), WireSize());
  writer.Store32<4>(tsn.value());
  writer.Store16<8>(stream_id.value());
  writer.Store16<10>(ssn.value());
  writer.Store32<12>(ppid.value());
  writer.CopyToVariableData(payload);
}

}  // namespace sctpdp
