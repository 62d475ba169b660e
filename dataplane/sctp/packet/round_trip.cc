#include "dataplane/sctp/packet/round_trip.h"

#include <algorithm>
#include <variant>

#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/packet_writer.h"
#include "dataplane/sctp/packet/sctp_packet.h"

namespace sctpdp {

RoundTripResult RoundTripPacket(std::span<const uint8_t> packet, std::span<uint8_t> scratch) {
  using Outcome = RoundTripResult::Outcome;
  ParseResult<SctpPacket> parsed = SctpPacket::Parse(packet, SctpPacket::ChecksumCheck::kSkip);
  if (!parsed.ok()) return {.outcome = Outcome::kParseError, .error = parsed.error()};

  PacketWriter writer(scratch, parsed->header());
  for (const ChunkView& view : *parsed) {
    ParseResult<AnyChunk> chunk = ParseChunk(view);
    if (!chunk.ok()) return {.outcome = Outcome::kParseError, .error = chunk.error()};
    std::visit([&writer](const auto& c) { writer.Append(c); }, *chunk);
  }
  const ChecksumMode mode =
      parsed->header().checksum == 0 ? ChecksumMode::kZero : ChecksumMode::kSoftware;
  std::span<const uint8_t> rewritten = writer.Finish(mode);

  auto [in, out] = std::mismatch(packet.begin(), packet.end(), rewritten.begin(), rewritten.end());
  if (in == packet.end() && out == rewritten.end()) return {};
  RoundTripResult result{.outcome = Outcome::kDifferent,
                         .first_difference = static_cast<size_t>(in - packet.begin()),
                         .nonzero_padding = parsed->has_nonzero_padding()};
  for (const ChunkView& view : *parsed) {
    if (result.first_difference >= view.offset &&
        result.first_difference < view.offset + view.bytes.size()) {
      result.difference_chunk_index = view.index;
    }
  }
  return result;
}

}  // namespace sctpdp
