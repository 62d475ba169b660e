#include "dataplane/sctp/packet/chunk/any_chunk.h"

#include <optional>

#include "dataplane/sctp/packet/error_cause/any_error_cause.h"
#include "dataplane/sctp/packet/parameter/any_parameter.h"

namespace sctpdp {
namespace {

// Error causes, and the address parameters a Restart of an Association
// with New Addresses cause holds: "an exact copy of the TLV that was found
// in the INIT chunk" (RFC 9260 section 3.3.10.11), so each parses as one.
std::optional<ParseError> ValidateCauseTree(const TlvList& causes) {
  if (auto error = ValidateErrorCauses(causes)) return error;
  for (const TlvList::Field& field : causes) {
    if (field.type != static_cast<uint16_t>(ErrorCauseCode::kRestartWithNewAddresses)) continue;
    ParseResult<RestartWithNewAddressesCause> restart =
        RestartWithNewAddressesCause::Parse(field.bytes);
    if (auto error = ValidateParameters(restart->new_addresses)) {
      return error->At(field.offset + RestartWithNewAddressesCause::kHeaderSize);
    }
  }
  return std::nullopt;
}

// Parameters, and the error causes an Error Cause Indication parameter
// (RFC 5061 section 4.2.5) nests inside an ASCONF ACK.
std::optional<ParseError> ValidateParameterTree(const TlvList& parameters) {
  if (auto error = ValidateParameters(parameters)) return error;
  for (const TlvList::Field& field : parameters) {
    if (field.type != static_cast<uint16_t>(ParameterType::kErrorCauseIndication)) continue;
    ParseResult<ErrorCauseIndicationParameter> indication =
        ErrorCauseIndicationParameter::Parse(field.bytes);
    if (auto error = ValidateCauseTree(indication->error_causes)) {
      return error->At(field.offset + ErrorCauseIndicationParameter::kHeaderSize);
    }
  }
  return std::nullopt;
}

template <typename Chunk>
std::optional<ParseError> ValidateNested(const Chunk& chunk) {
  if constexpr (requires { chunk.parameters; }) {
    if (auto error = ValidateParameterTree(chunk.parameters)) return error->At(Chunk::kHeaderSize);
  }
  if constexpr (requires { chunk.error_causes; }) {
    if (auto error = ValidateCauseTree(chunk.error_causes)) return error->At(Chunk::kHeaderSize);
  }
  return std::nullopt;
}

// Every return is a prvalue, so the result is built in ParseChunk's return
// slot, and the chunk goes straight into its alternative of the variant.
template <typename Chunk>
ParseResult<AnyChunk> ParseAs(std::span<const uint8_t> bytes) {
  ParseResult<Chunk> chunk = Chunk::Parse(bytes);
  if (!chunk.ok()) return chunk.error();
  if (auto error = ValidateNested(*chunk)) return *error;
  return ParseResult<AnyChunk>(std::in_place, std::in_place_type<Chunk>,
                               std::move(chunk).value());
}

ParseResult<AnyChunk> Dispatch(ChunkType type, std::span<const uint8_t> bytes) {
  switch (type) {
    case ChunkType::kData: return ParseAs<DataChunk>(bytes);
    case ChunkType::kInit: return ParseAs<InitChunk>(bytes);
    case ChunkType::kInitAck: return ParseAs<InitAckChunk>(bytes);
    case ChunkType::kSack: return ParseAs<SackChunk>(bytes);
    case ChunkType::kHeartbeat: return ParseAs<HeartbeatRequestChunk>(bytes);
    case ChunkType::kHeartbeatAck: return ParseAs<HeartbeatAckChunk>(bytes);
    case ChunkType::kAbort: return ParseAs<AbortChunk>(bytes);
    case ChunkType::kShutdown: return ParseAs<ShutdownChunk>(bytes);
    case ChunkType::kShutdownAck: return ParseAs<ShutdownAckChunk>(bytes);
    case ChunkType::kError: return ParseAs<ErrorChunk>(bytes);
    case ChunkType::kCookieEcho: return ParseAs<CookieEchoChunk>(bytes);
    case ChunkType::kCookieAck: return ParseAs<CookieAckChunk>(bytes);
    case ChunkType::kEcne: return ParseAs<EcneChunk>(bytes);
    case ChunkType::kCwr: return ParseAs<CwrChunk>(bytes);
    case ChunkType::kShutdownComplete: return ParseAs<ShutdownCompleteChunk>(bytes);
    case ChunkType::kAuth: return ParseAs<AuthChunk>(bytes);
    case ChunkType::kIData: return ParseAs<IDataChunk>(bytes);
    case ChunkType::kAsconfAck: return ParseAs<AsconfAckChunk>(bytes);
    case ChunkType::kReconfig: return ParseAs<ReconfigChunk>(bytes);
    case ChunkType::kPad: return ParseAs<PadChunk>(bytes);
    case ChunkType::kForwardTsn: return ParseAs<ForwardTsnChunk>(bytes);
    case ChunkType::kAsconf: return ParseAs<AsconfChunk>(bytes);
    case ChunkType::kIForwardTsn: return ParseAs<IForwardTsnChunk>(bytes);
  }
  return ParseAs<UnknownChunk>(bytes);
}

}  // namespace

namespace any_chunk_internal {

ParseResult<AnyChunk> ParseAnyChunk(ChunkView chunk) {
  // One named result returned on every path: no copy of the 100-odd bytes.
  ParseResult<AnyChunk> parsed = Dispatch(chunk.type, chunk.bytes);
  if (!parsed.ok()) parsed = InPacket(parsed.error(), chunk);
  return parsed;
}

ParseError InPacket(const ParseError& error, ChunkView chunk) {
  ParseError in_packet = error.At(chunk.offset);
  in_packet.chunk_index = chunk.index;
  in_packet.chunk_type = static_cast<uint8_t>(chunk.type);
  return in_packet;
}

}  // namespace any_chunk_internal

std::string ChunkToString(const AnyChunk& chunk) {
  return std::visit([](const auto& c) { return c.ToString(); }, chunk);
}

}  // namespace sctpdp
