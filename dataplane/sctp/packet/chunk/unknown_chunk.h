#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Any chunk without a struct of its own, RFC 9260 section 3.2.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Chunk Type   |  Chunk Flags  |         Chunk Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                          Chunk Value                          /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Parse accepts every type byte and keeps the flags raw and the value as a
// view, so the engine can apply the action the two high bits of the type
// ask for (action()) and quote the chunk in an "Unrecognized Chunk Type"
// error cause. It has no kType: the type is a field.
struct UnknownChunk {
  static constexpr size_t kHeaderSize = 4;

  uint8_t type = 0;
  uint8_t flags = 0;
  std::span<const uint8_t> value{};

  static ParseResult<UnknownChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + value.size(); }
  void SerializeTo(std::span<uint8_t> out) const;
  // "UNKNOWN type=200 flags=0x00 len=8 action=skip-and-continue"; a type
  // with a name (e.g. parsed here before its struct existed) adds it.
  std::string ToString() const;

  UnknownChunkAction action() const { return ActionOf(static_cast<ChunkType>(type)); }

  friend bool operator==(const UnknownChunk& a, const UnknownChunk& b);
};

}  // namespace sctpdp
