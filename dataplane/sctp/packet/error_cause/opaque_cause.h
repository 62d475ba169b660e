#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Shared by the error causes that are a four-byte header followed by one
// field the stack keeps as raw bytes (RFC 9260 section 3.3.10: Cause Code,
// Cause Length, Cause-Specific Information):
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Cause Code           |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                  Cause-Specific Information                   /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The information is an echo of bytes the peer received or its own text, so
// it is not parsed further: a malformed echo must not hide the cause code.
inline constexpr size_t kOpaqueCauseHeaderSize = 4;

// The information field of a cause of `code`, viewing `data` (the whole cause
// without trailing padding), or the framing error.
ParseResult<std::span<const uint8_t>> ParseOpaqueCause(std::span<const uint8_t> data,
                                                       ErrorCauseCode code);

// Writes the header and `info`; out.size() >= kOpaqueCauseHeaderSize + info.size().
void SerializeOpaqueCause(std::span<uint8_t> out, ErrorCauseCode code,
                          std::span<const uint8_t> info);

// "<cause name> <label>=<hex> len=<n>".
std::string OpaqueCauseToString(ErrorCauseCode code, std::string_view label,
                                std::span<const uint8_t> info);

}  // namespace sctpdp
