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

// I-DATA chunk, RFC 8260 section 2.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 64   |  Res  |I|U|B|E|       Length = Variable       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              TSN                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Stream Identifier      |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Message Identifier                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Payload Protocol Identifier / Fragment Sequence Number     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                           User Data                           /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The fifth word holds the PPID when the B bit is set (the FSN is then
// implicitly 0) and the FSN otherwise. Parse fills the field the word holds
// and leaves the other 0; SerializeTo writes `ppid` if flags.beginning and
// `fsn` otherwise, so a builder sets the one that matches the B bit. The
// payload views the parsed packet or the caller's message, as in DataChunk.
struct IDataChunk {
  static constexpr ChunkType kType = ChunkType::kIData;
  static constexpr size_t kHeaderSize = 20;

  DataFlags flags{};
  Tsn tsn{};
  StreamId stream_id{};
  Mid mid{};
  Ppid ppid{};  // only with flags.beginning
  Fsn fsn{};    // only without flags.beginning
  std::span<const uint8_t> payload{};

  static ParseResult<IDataChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + payload.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  // "I-DATA tsn=1 sid=2 mid=3 ppid=46 len=100 flags=BE", with fsn= in place
  // of ppid= when the B bit is clear.
  std::string ToString() const;

  friend bool operator==(const IDataChunk& a, const IDataChunk& b);
};

}  // namespace sctpdp
