#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <variant>

#include "dataplane/sctp/packet/chunk/abort_chunk.h"
#include "dataplane/sctp/packet/chunk/asconf_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/asconf_chunk.h"
#include "dataplane/sctp/packet/chunk/auth_chunk.h"
#include "dataplane/sctp/packet/chunk/cookie_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/cookie_echo_chunk.h"
#include "dataplane/sctp/packet/chunk/cwr_chunk.h"
#include "dataplane/sctp/packet/chunk/data_chunk.h"
#include "dataplane/sctp/packet/chunk/ecne_chunk.h"
#include "dataplane/sctp/packet/chunk/error_chunk.h"
#include "dataplane/sctp/packet/chunk/forward_tsn_chunk.h"
#include "dataplane/sctp/packet/chunk/heartbeat_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/heartbeat_request_chunk.h"
#include "dataplane/sctp/packet/chunk/i_data_chunk.h"
#include "dataplane/sctp/packet/chunk/i_forward_tsn_chunk.h"
#include "dataplane/sctp/packet/chunk/init_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/init_chunk.h"
#include "dataplane/sctp/packet/chunk/pad_chunk.h"
#include "dataplane/sctp/packet/chunk/reconfig_chunk.h"
#include "dataplane/sctp/packet/chunk/sack_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_chunk.h"
#include "dataplane/sctp/packet/chunk/shutdown_complete_chunk.h"
#include "dataplane/sctp/packet/chunk/unknown_chunk.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/sctp_packet.h"

namespace sctpdp {

// Every chunk type sctpdp knows; UnknownChunk holds any other.
using AnyChunk =
    std::variant<DataChunk, InitChunk, InitAckChunk, SackChunk, HeartbeatRequestChunk,
                 HeartbeatAckChunk, AbortChunk, ShutdownChunk, ShutdownAckChunk, ErrorChunk,
                 CookieEchoChunk, CookieAckChunk, EcneChunk, CwrChunk, ShutdownCompleteChunk,
                 AuthChunk, IDataChunk, AsconfAckChunk, ReconfigChunk, PadChunk, ForwardTsnChunk,
                 AsconfChunk, IForwardTsnChunk, UnknownChunk>;

namespace any_chunk_internal {
// ParseChunk for every type, out of line. The view is taken by value so that
// a caller's view, which the inline DATA path reads in registers, need not
// be stored to memory for a call it may not make.
ParseResult<AnyChunk> ParseAnyChunk(ChunkView chunk);
// `error`, relative to the chunk, as ParseChunk reports it.
ParseError InPacket(const ParseError& error, ChunkView chunk);
}  // namespace any_chunk_internal

// Parses one chunk of a packet into the struct its type names, down to every
// parameter and error cause nested in it. Errors carry the chunk's index and
// their offset from the start of the packet.
//
// DATA, nearly every chunk on the data path, is parsed inline: straight from
// the bytes into the variant of the caller's result. Other types go through
// the out-of-line dispatcher.
inline ParseResult<AnyChunk> ParseChunk(const ChunkView& chunk) {
  if (chunk.type != ChunkType::kData) return any_chunk_internal::ParseAnyChunk(chunk);
  ParseResult<DataChunk> data = DataChunk::Parse(chunk.bytes);
  if (!data.ok()) return any_chunk_internal::InPacket(data.error(), chunk);
  return ParseResult<AnyChunk>(std::in_place, std::in_place_type<DataChunk>,
                               std::move(data).value());
}

// The ToString of whichever chunk `chunk` holds.
std::string ChunkToString(const AnyChunk& chunk);

}  // namespace sctpdp
