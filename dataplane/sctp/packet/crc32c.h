#pragma once

#include <cstdint>
#include <span>

namespace sctpdp {

// CRC32c (Castagnoli polynomial 0x1EDC6F41, reflected), as RFC 9260
// appendix A and RFC 3720 section B.4 define it: the register starts at all
// ones and the result is complemented. `crc` continues an earlier result
// (zlib style): Crc32c(b, Crc32c(a)) == Crc32c(a + b), 0 to start.
//
// Picks once, by CPU: folding with VPCLMULQDQ on AVX-512 registers (which
// hands buffers of up to 128 bytes to the next), else the SSE4.2 crc32
// instruction in three interleaved streams, else a portable slicing-by-8
// table.
uint32_t Crc32c(std::span<const uint8_t> data, uint32_t crc = 0);

// The CRC32c of a whole SCTP packet with its checksum field (bytes 8 to 11)
// taken as zero, as RFC 9260 appendix A computes it, without copying the
// packet. Aborts on fewer than the 12 bytes of the common header.
uint32_t SctpPacketCrc32c(std::span<const uint8_t> packet);

// The implementations behind Crc32c, exposed for tests and benchmarks.
namespace crc32c_internal {
// One table lookup per byte (Sarwate): the plain reference implementation.
uint32_t Crc32cBytewise(std::span<const uint8_t> data, uint32_t crc = 0);
// Portable slicing-by-8.
uint32_t Crc32cPortable(std::span<const uint8_t> data, uint32_t crc = 0);
// Hardware crc32 instruction; only call when HasHardwareCrc32c().
uint32_t Crc32cHardware(std::span<const uint8_t> data, uint32_t crc = 0);
// Carry-less multiplication folding two 512-bit registers (VPCLMULQDQ,
// AVX-512), the crc32 instruction for short buffers, the last bytes and the
// final reduction; only call when HasFold512().
uint32_t Crc32cFold512(std::span<const uint8_t> data, uint32_t crc = 0);
bool HasHardwareCrc32c();
bool HasFold512();
}  // namespace crc32c_internal

}  // namespace sctpdp
