#pragma once

#include <cstdint>
#include <span>

namespace sctpdp {

// CRC32c (Castagnoli polynomial 0x1EDC6F41, reflected), as RFC 9260
// appendix A and RFC 3720 section B.4 define it: the register starts at all
// ones and the result is complemented. `crc` continues an earlier result
// (zlib style): Crc32c(b, Crc32c(a)) == Crc32c(a + b), 0 to start.
//
// Uses the SSE4.2 crc32 instruction with three interleaved streams when the
// CPU has it, a portable slicing-by-8 table otherwise.
uint32_t Crc32c(std::span<const uint8_t> data, uint32_t crc = 0);

// The implementations behind Crc32c, exposed for tests and benchmarks.
namespace crc32c_internal {
// One table lookup per byte (Sarwate): the plain reference implementation.
uint32_t Crc32cBytewise(std::span<const uint8_t> data, uint32_t crc = 0);
// Portable slicing-by-8.
uint32_t Crc32cPortable(std::span<const uint8_t> data, uint32_t crc = 0);
// Hardware crc32 instruction; only call when HasHardwareCrc32c().
uint32_t Crc32cHardware(std::span<const uint8_t> data, uint32_t crc = 0);
bool HasHardwareCrc32c();
}  // namespace crc32c_internal

}  // namespace sctpdp
