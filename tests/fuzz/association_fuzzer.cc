// libFuzzer target for the association engine under hostile input (RFC 9260
// robustness): random and mutated packets, interleaved with real traffic
// and moving clocks, fed to an established association as an insider who
// knows its tag, as a blind attacker who does not, and to a listening
// endpoint with no association. The input format and the checks are in
// tests/common/association_fuzz.h; a broken check is a crash.
//
// SCTPDP_FUZZ_TRACE=1 prints every packet the endpoints send, to follow a
// reproducer.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <variant>

#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/sctp_packet.h"
#include "tests/common/association_fuzz.h"

namespace sctpdp {
namespace {

void Trace(int step, bool from_a, std::span<const uint8_t> bytes) {
  ParseResult<SctpPacket> packet = SctpPacket::Parse(bytes, SctpPacket::ChecksumCheck::kSkip);
  std::fprintf(stderr, "step %d %s tag=%08x", step, from_a ? "A sends" : "Z sends",
               packet.ok() ? packet->header().verification_tag.value() : 0u);
  if (packet.ok()) {
    for (const ChunkView& view : *packet) {
      ParseResult<AnyChunk> chunk = ParseChunk(view);
      std::fprintf(stderr, " | %s", chunk.ok() ? ChunkToString(*chunk).c_str() : "(malformed)");
    }
  }
  std::fprintf(stderr, "\n");
}

}  // namespace
}  // namespace sctpdp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool trace = std::getenv("SCTPDP_FUZZ_TRACE") != nullptr;
  const sctpdp::testing::AssociationFuzzInput input =
      sctpdp::testing::AssociationFuzzInput::Parse(std::span<const uint8_t>(data, size));
  const sctpdp::testing::AssociationFuzzResult result = sctpdp::testing::RunAssociationFuzzInput(
      input, trace ? sctpdp::testing::AssociationFuzzObserver(sctpdp::Trace) : nullptr);
  if (result.failure) {
    std::fprintf(stderr, "association_fuzzer: %s\n", result.failure->c_str());
    __builtin_trap();
  }
  return 0;
}
