#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv_list.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// ABORT chunk, RFC 9260 section 3.3.7.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 6    |  Reserved   |T|            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                   zero or more Error Causes                   /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// T set means the packet's verification tag is the one received, reflected
// back, rather than the peer's (section 8.5.1 decides when that is valid).
struct AbortChunk {
  static constexpr ChunkType kType = ChunkType::kAbort;
  static constexpr size_t kHeaderSize = 4;
  static constexpr uint8_t kTagReflectedFlag = 0x01;

  bool tag_reflected = false;
  // An empty list of error causes unless set (TlvList equality compares the
  // kind, so the default must say kErrorCause to match a parsed chunk).
  TlvList error_causes = TlvListWriter({}, WireKind::kErrorCause).list();

  static ParseResult<AbortChunk> Parse(std::span<const uint8_t> data);
  size_t WireSize() const { return kHeaderSize + error_causes.WireSize(); }
  void SerializeTo(std::span<uint8_t> out) const;
  std::string ToString() const;

  friend bool operator==(const AbortChunk&, const AbortChunk&) = default;
};

}  // namespace sctpdp
