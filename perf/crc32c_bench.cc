// Throughput of the CRC32c implementations on SCTP-sized packets: a small
// control packet (64 bytes), a short DATA packet (256), the ten-chunk packet
// of packet_bench (1452), a full Ethernet MTU (1500) and a jumbo frame
// (9000). Each iteration checksums the same buffer, which stays in L1/L2, so
// the figures are compute-bound upper limits for checksumming one packet.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dataplane/sctp/packet/crc32c.h"

namespace sctpdp {
namespace {

using Crc32cFunction = uint32_t (*)(std::span<const uint8_t>, uint32_t);

// `offset` places the buffer that many bytes past an 8-byte boundary; 2 is
// where an SCTP common header starts in an Ethernet + IPv4 frame.
void RunCrc32c(benchmark::State& state, Crc32cFunction function, size_t offset) {
  const size_t size = static_cast<size_t>(state.range(0));
  std::vector<uint8_t> storage(size + offset + 64);
  for (size_t i = 0; i < storage.size(); ++i) storage[i] = static_cast<uint8_t>(i * 131 + 7);
  uint8_t* aligned = storage.data() + (64 - reinterpret_cast<uintptr_t>(storage.data()) % 64);
  const std::span<const uint8_t> data(aligned + offset, size);
  uint32_t crc = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(data.data());
    crc = function(data, 0);
    benchmark::DoNotOptimize(crc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(size));
}

void BM_Crc32c(benchmark::State& state) { RunCrc32c(state, &Crc32c, 0); }
void BM_Crc32cHardware(benchmark::State& state) {
  if (!crc32c_internal::HasHardwareCrc32c()) {
    state.SkipWithError("no SSE4.2 crc32 instruction");
    return;
  }
  RunCrc32c(state, &crc32c_internal::Crc32cHardware, 0);
}
void BM_Crc32cFold512(benchmark::State& state) {
  if (!crc32c_internal::HasFold512()) {
    state.SkipWithError("no VPCLMULQDQ with AVX-512");
    return;
  }
  RunCrc32c(state, &crc32c_internal::Crc32cFold512, 0);
}
void BM_Crc32cPortable(benchmark::State& state) {
  RunCrc32c(state, &crc32c_internal::Crc32cPortable, 0);
}
void BM_Crc32cBytewise(benchmark::State& state) {
  RunCrc32c(state, &crc32c_internal::Crc32cBytewise, 0);
}
// The dispatching entry point on a buffer 2 bytes past an 8-byte boundary.
void BM_Crc32cOffset2(benchmark::State& state) { RunCrc32c(state, &Crc32c, 2); }

#define SCTPDP_CRC32C_SIZES Arg(64)->Arg(256)->Arg(1452)->Arg(1500)->Arg(9000)

BENCHMARK(BM_Crc32c)->SCTPDP_CRC32C_SIZES;
BENCHMARK(BM_Crc32cHardware)->SCTPDP_CRC32C_SIZES;
BENCHMARK(BM_Crc32cFold512)->SCTPDP_CRC32C_SIZES;
BENCHMARK(BM_Crc32cPortable)->SCTPDP_CRC32C_SIZES;
BENCHMARK(BM_Crc32cBytewise)->SCTPDP_CRC32C_SIZES;
BENCHMARK(BM_Crc32cOffset2)->SCTPDP_CRC32C_SIZES;

}  // namespace
}  // namespace sctpdp

BENCHMARK_MAIN();
