#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// I-FORWARD-TSN chunk, RFC 8260 section 2.3.1.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 194  | Flags = 0x00  |      Length = Variable        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       New Cumulative TSN                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       Stream Identifier       |          Reserved           |U|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Message Identifier                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       Stream Identifier       |          Reserved           |U|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Message Identifier                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The flags and the 15 reserved bits of each entry are zero on transmit and
// ignored on receipt.
struct IForwardTsnChunk {
  static constexpr ChunkType kType = ChunkType::kIForwardTsn;
  static constexpr size_t kHeaderSize = 8;

  // One entry: the largest MID skipped on the stream, for unordered messages
  // if the U bit is set and for ordered ones otherwise.
  struct SkippedStream {
    static constexpr size_t kWireSize = 8;

    StreamId stream_id{};
    bool unordered = false;
    Mid mid{};

    static SkippedStream Decode(const uint8_t* p);
    void Encode(uint8_t* p) const;
    friend bool operator==(const SkippedStream&, const SkippedStream&) = default;
  };

  Tsn new_cumulative_tsn{};
  WireList<SkippedStream> skipped_streams{};

  static ParseResult<IForwardTsnChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + skipped_streams.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  // "I-FORWARD-TSN new_cum_tsn=9 streams=[1:4,2:U7]" (stream:mid, U marks
  // an unordered entry).
  std::string ToString() const;

  friend bool operator==(const IForwardTsnChunk&, const IForwardTsnChunk&) = default;
};

}  // namespace sctpdp
