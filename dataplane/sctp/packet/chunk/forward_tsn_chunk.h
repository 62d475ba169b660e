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

// FORWARD TSN chunk, RFC 3758 section 3.2.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      New Cumulative TSN                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Stream-1              |       Stream Sequence-1       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Stream-N              |       Stream Sequence-N       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The flags are zero on transmit and ignored on receipt. The list of skipped
// streams may be empty (only unordered data, or none, was abandoned).
struct ForwardTsnChunk {
  static constexpr ChunkType kType = ChunkType::kForwardTsn;
  static constexpr size_t kHeaderSize = 8;

  // One Stream-N / Stream Sequence-N pair: the largest SSN skipped on the
  // stream.
  struct SkippedStream {
    static constexpr size_t kWireSize = 4;

    StreamId stream_id{};
    Ssn ssn{};

    static SkippedStream Decode(const uint8_t* p);
    void Encode(uint8_t* p) const;
    friend bool operator==(const SkippedStream&, const SkippedStream&) = default;
  };

  Tsn new_cumulative_tsn{};
  WireList<SkippedStream> skipped_streams{};

  static ParseResult<ForwardTsnChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + skipped_streams.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  // "FORWARD TSN new_cum_tsn=9 streams=[1:4,2:7]" (stream:ssn).
  std::string ToString() const;

  friend bool operator==(const ForwardTsnChunk&, const ForwardTsnChunk&) = default;
};

}  // namespace sctpdp
