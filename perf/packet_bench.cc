// Cost of the wire format on the data path: receiving (checksum, framing,
// then every chunk parsed) and sending (building and checksumming) a
// 1452-byte packet of ten DATA chunks with 128 bytes of user data each, the
// shape of a busy Diameter or M3UA link. Goal: under 100 ns each.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/chunk/data_chunk.h"
#include "dataplane/sctp/packet/packet_builder.h"
#include "dataplane/sctp/packet/sctp_packet.h"

namespace sctpdp {
namespace {

constexpr size_t kChunks = 10;
constexpr size_t kPayload = 128;
constexpr size_t kPacketSize = CommonHeader::kSize + kChunks * (DataChunk::kHeaderSize + kPayload);
static_assert(kPacketSize == 1452);

const CommonHeader kHeader{.source_port = Port(3868),
                           .destination_port = Port(3868),
                           .verification_tag = VerificationTag(0x1f2e3d4c)};

struct Workload {
  std::array<uint8_t, kPayload> payload{};
  std::array<uint8_t, 1500> packet{};
  std::span<const uint8_t> wire;

  Workload() {
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i);
    wire = Build(packet, ChecksumMode::kSoftware);
  }

  std::span<const uint8_t> Build(std::span<uint8_t> buffer, ChecksumMode mode) const {
    PacketBuilder builder(buffer, kHeader, 1452);
    for (uint32_t i = 0; i < kChunks; ++i) {
      builder.Add(DataChunk{.flags = {.beginning = true, .end = true},
                            .tsn = Tsn(1000 + i),
                            .stream_id = StreamId(static_cast<uint16_t>(i)),
                            .ssn = Ssn(static_cast<uint16_t>(7 * i)),
                            .ppid = Ppid(46),
                            .payload = payload});
    }
    return builder.Finish(mode);
  }
};

// Parses the workload packet with `check`, then hands every chunk view to
// `parse_chunk`, which returns its TSN (summed so nothing is optimised away).
template <typename ParseOneChunk>
void RunParse(benchmark::State& state, SctpPacket::ChecksumCheck check,
              ParseOneChunk parse_chunk) {
  Workload workload;
  for (auto _ : state) {
    ParseResult<SctpPacket> packet = SctpPacket::Parse(workload.wire, check);
    uint64_t sum = 0;
    for (const ChunkView& view : *packet) sum += parse_chunk(view);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations());
}

// Each chunk through the generic dispatcher the engine uses. (Lambdas, not
// functions: each has its own type, so RunParse inlines the call.)
constexpr auto kParseAnyChunk = [](const ChunkView& view) -> uint32_t {
  ParseResult<AnyChunk> chunk = ParseChunk(view);
  return std::get<DataChunk>(*chunk).tsn.value();
};

// The engine's DATA fast path: the chunk type is known from the framing walk,
// so DATA goes straight to DataChunk::Parse, without the generic dispatcher.
constexpr auto kParseDataChunk = [](const ChunkView& view) -> uint32_t {
  if (view.type != ChunkType::kData) return 0;
  return DataChunk::Parse(view.bytes)->tsn.value();
};

// Receive path: CRC32c verified in software, framing walked, chunks parsed.
void BM_ParseAndVerify(benchmark::State& state) {
  RunParse(state, SctpPacket::ChecksumCheck::kVerify, kParseAnyChunk);
}
void BM_ParseAndVerifyDataFastPath(benchmark::State& state) {
  RunParse(state, SctpPacket::ChecksumCheck::kVerify, kParseDataChunk);
}
// The same with the checksum verified by the NIC (RX offload flags).
void BM_ParseChecksumOffloaded(benchmark::State& state) {
  RunParse(state, SctpPacket::ChecksumCheck::kSkip, kParseAnyChunk);
}

// Send path: ten chunks through the bundling policy into a buffer, then the
// checksum as `mode` says.
void RunBuild(benchmark::State& state, ChecksumMode mode) {
  Workload workload;
  std::array<uint8_t, 1500> buffer{};
  for (auto _ : state) {
    std::span<const uint8_t> packet = workload.Build(buffer, mode);
    benchmark::DoNotOptimize(packet.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Build(benchmark::State& state) { RunBuild(state, ChecksumMode::kSoftware); }
// The same with the checksum left to the NIC (TX offload).
void BM_BuildChecksumOffloaded(benchmark::State& state) {
  RunBuild(state, ChecksumMode::kOffload);
}

BENCHMARK(BM_ParseAndVerify);
BENCHMARK(BM_ParseAndVerifyDataFastPath);
BENCHMARK(BM_ParseChecksumOffloaded);
BENCHMARK(BM_Build);
BENCHMARK(BM_BuildChecksumOffloaded);

}  // namespace
}  // namespace sctpdp

BENCHMARK_MAIN();
