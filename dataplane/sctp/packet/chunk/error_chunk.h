#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// ERROR (Operation Error) chunk, RFC 9260 section 3.3.10.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 9    |  Chunk Flags  |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                   one or more Error Causes                    /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The causes stay a view of the wire bytes; the engine reads them with
// error_causes.Find<T>() or by iterating. The RFC asks for at least one
// cause, but an empty ERROR is well framed and parses: like every
// protocol rule, rejecting it is the engine's decision.
struct ErrorChunk {
  static constexpr ChunkType kType = ChunkType::kError;
  static constexpr size_t kHeaderSize = 4;

  // Defaults to an empty list of kind kErrorCause (TlvList equality compares
  // the kind, so this matches a parsed chunk).
  TlvList error_causes = TlvListWriter({}, WireKind::kErrorCause).list();

  static ParseResult<ErrorChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + error_causes.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const ErrorChunk&, const ErrorChunk&) = default;
};

}  // namespace sctpdp
