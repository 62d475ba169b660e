// libFuzzer target for the wire format: arbitrary bytes as an SCTP packet,
// as a single chunk, as a parameter and as an error cause. Built by
// scripts/test and scripts/fuzz with address and undefined-behaviour
// sanitizers, so any out-of-bounds read is a crash.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <variant>
#include <vector>

#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/error_cause/any_error_cause.h"
#include "dataplane/sctp/packet/parameter/any_parameter.h"
#include "dataplane/sctp/packet/round_trip.h"
#include "dataplane/sctp/packet/sctp_packet.h"

namespace sctpdp {
namespace {

// Whatever parses must write back to bytes that parse again and write back
// to themselves: a rewrite is a fixed point.
void CheckPacket(std::span<const uint8_t> input) {
  static std::array<uint8_t, 1 << 17> scratch;
  if (input.size() > scratch.size()) return;
  RoundTripResult first = RoundTripPacket(input, scratch);
  if (first.outcome == RoundTripResult::Outcome::kParseError) return;
  std::vector<uint8_t> rewritten(scratch.begin(), scratch.begin() + input.size());
  RoundTripResult second = RoundTripPacket(rewritten, scratch);
  if (second.outcome != RoundTripResult::Outcome::kIdentical) std::abort();

  ParseResult<SctpPacket> packet = SctpPacket::Parse(rewritten, SctpPacket::ChecksumCheck::kSkip);
  for (const ChunkView& view : *packet) {
    ParseResult<AnyChunk> chunk = ParseChunk(view);
    if (!chunk.ok()) std::abort();
    if (ChunkToString(*chunk).empty()) std::abort();
  }
}

void CheckParameter(std::span<const uint8_t> input) {
  ParseResult<AnyParameter> parameter = ParseParameter(input);
  if (!parameter.ok()) return;
  std::visit(
      [&input](const auto& p) {
        std::vector<uint8_t> out(p.WireSize());
        p.SerializeTo(out);
        if (ParameterToString(p).empty() || !ParseParameter(out).ok()) std::abort();
        (void)input;
      },
      *parameter);
}

void CheckErrorCause(std::span<const uint8_t> input) {
  ParseResult<AnyErrorCause> cause = ParseErrorCause(input);
  if (!cause.ok()) return;
  std::visit(
      [](const auto& c) {
        std::vector<uint8_t> out(c.WireSize());
        c.SerializeTo(out);
        if (ErrorCauseToString(c).empty() || !ParseErrorCause(out).ok()) std::abort();
      },
      *cause);
}

}  // namespace
}  // namespace sctpdp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> input(data, size);
  sctpdp::CheckPacket(input);
  if (size >= 4) {
    sctpdp::ParseResult<sctpdp::AnyChunk> chunk = sctpdp::ParseChunk(
        sctpdp::ChunkView{.type = static_cast<sctpdp::ChunkType>(data[0]), .bytes = input});
    if (chunk.ok()) (void)sctpdp::ChunkToString(*chunk);
  }
  sctpdp::CheckParameter(input);
  sctpdp::CheckErrorCause(input);
  return 0;
}
