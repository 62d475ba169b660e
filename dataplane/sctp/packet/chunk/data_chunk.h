#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/chunk/data_flags.h"
#include "dataplane/sctp/packet/parse_result.h"
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

}  // namespace sctpdp
