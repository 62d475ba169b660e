#include "dataplane/sctp/packet/crc32c.h"

#include <array>
#include <cstddef>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SCTPDP_CRC32C_X86_64 1
#include <nmmintrin.h>
#else
#define SCTPDP_CRC32C_X86_64 0
#endif

namespace sctpdp {
namespace {

// All arithmetic below is in GF(2)[x] modulo the Castagnoli polynomial
// P(x) = x^32 + 0x1EDC6F41 (RFC 9260 appendix A), in the reflected layout the
// SCTP bit order implies: bit 31 - i of a uint32_t holds the coefficient of
// x^i, so bit 31 is x^0 and bit 0 is x^31. The CRC register in that layout is
// the polynomial R(x); feeding one byte B is R' = (R + B) * x^8 mod P, with B
// occupying the low eight bits (x^24 .. x^31).

// P(x) without its x^32 term, bit-reversed into the reflected layout.
constexpr uint32_t kPolyReflected = 0x82F63B78;
constexpr uint32_t kOne = 0x80000000;  // x^0

// a(x) * b(x) mod P(x), shift and add: walk a's coefficients from x^0 up while
// b runs through b, b*x, b*x^2, ... Multiplying by x moves every coefficient
// one bit right; x^31 falls off bit 0 and comes back as x^32, which is the
// low terms of P(x) modulo P(x).
constexpr uint32_t MultiplyModP(uint32_t a, uint32_t b) {
  uint32_t product = 0;
  for (uint32_t bit = kOne; bit != 0; bit >>= 1) {
    if ((a & bit) != 0) product ^= b;
    b = (b >> 1) ^ ((b & 1) != 0 ? kPolyReflected : 0);
  }
  return product;
}

// x^n mod P(x) by square and multiply.
constexpr uint32_t XPowModP(uint64_t n) {
  uint32_t result = kOne;
  uint32_t square = kOne >> 1;  // x^1
  for (; n != 0; n >>= 1) {
    if ((n & 1) != 0) result = MultiplyModP(result, square);
    square = MultiplyModP(square, square);
  }
  return result;
}

using ByteTable = std::array<uint32_t, 256>;

// table[b] = b(x) * x^(8 * (zero_bytes_after + 1)): what byte b contributes
// to the register once it and `zero_bytes_after` more bytes have been fed.
constexpr ByteTable MakeByteTable(uint64_t zero_bytes_after) {
  const uint32_t factor = XPowModP(8 * (zero_bytes_after + 1));
  ByteTable table{};
  for (uint32_t b = 0; b < 256; ++b) table[b] = MultiplyModP(b, factor);
  return table;
}

// kSliceTables[k]: byte followed by k more bytes. kSliceTables[0] is the
// Sarwate table printed in RFC 9260 appendix A (crc_c[1] == 0xF26B8303).
constexpr std::array<ByteTable, 8> MakeSliceTables() {
  std::array<ByteTable, 8> tables{};
  for (uint64_t k = 0; k < tables.size(); ++k) tables[k] = MakeByteTable(k);
  return tables;
}
constexpr std::array<ByteTable, 8> kSliceTables = MakeSliceTables();
constexpr const ByteTable& kByteTable = kSliceTables[0];
static_assert(kByteTable[1] == 0xF26B8303 && kByteTable[128] == 0x82F63B78 &&
              kByteTable[255] == 0xAD7D5351);

uint32_t BytewiseImpl(const uint8_t* p, size_t n, uint32_t crc) {
  uint32_t state = ~crc;
  for (size_t i = 0; i < n; ++i) state = (state >> 8) ^ kByteTable[(state ^ p[i]) & 0xff];
  return ~state;
}

// Slicing-by-8: the eight bytes of a group each contribute independently (the
// register is linear in them), so one table per position replaces eight
// dependent lookups with eight parallel ones. Loads are bytewise so the code
// is endian neutral; compilers fuse them into one load on little endian.
uint32_t PortableImpl(const uint8_t* p, size_t n, uint32_t crc) {
  uint32_t state = ~crc;
  for (; n >= 8; p += 8, n -= 8) {
    const uint32_t low = state ^ (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 |
                                  uint32_t{p[3]} << 24);
    state = kSliceTables[7][low & 0xff] ^ kSliceTables[6][(low >> 8) & 0xff] ^
            kSliceTables[5][(low >> 16) & 0xff] ^ kSliceTables[4][low >> 24] ^
            kSliceTables[3][p[4]] ^ kSliceTables[2][p[5]] ^ kSliceTables[1][p[6]] ^
            kSliceTables[0][p[7]];
  }
  for (; n > 0; ++p, --n) state = (state >> 8) ^ kByteTable[(state ^ *p) & 0xff];
  return ~state;
}

#if SCTPDP_CRC32C_X86_64

// R(x) * x^(8 * kBytes) mod P split by register byte: the register after
// feeding kBytes zero bytes is the XOR of four lookups.
struct ShiftTable {
  std::array<ByteTable, 4> by_byte;
};

constexpr ShiftTable MakeShiftTable(uint64_t bytes) {
  const uint32_t factor = XPowModP(8 * bytes);
  ShiftTable table{};
  for (uint32_t k = 0; k < 4; ++k) {
    for (uint32_t b = 0; b < 256; ++b) table.by_byte[k][b] = MultiplyModP(b << (8 * k), factor);
  }
  return table;
}

template <size_t kBytes>
constexpr ShiftTable kShiftBy = MakeShiftTable(kBytes);

inline uint32_t Shift(const ShiftTable& table, uint64_t state) {
  return table.by_byte[0][state & 0xff] ^ table.by_byte[1][(state >> 8) & 0xff] ^
         table.by_byte[2][(state >> 16) & 0xff] ^ table.by_byte[3][(state >> 24) & 0xff];
}

inline uint64_t Load64(const uint8_t* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

// The crc32 instruction has a latency of about three cycles but a throughput of
// one per cycle, so one dependent chain uses a third of it. Three chains run over
// three consecutive blocks A, B, C of kBlock bytes: A continues the running
// register, B and C start from zero. The register is linear, so the register
// after A B C is R_A * x^(16 kBlock) + R_B * x^(8 kBlock) + R_C (mod P).
template <size_t kBlock>
__attribute__((target("sse4.2"))) inline uint64_t ThreeStreams(const uint8_t*& p, size_t& n,
                                                               uint64_t state) {
  static_assert(kBlock % 8 == 0);
  while (n >= 3 * kBlock) {
    uint64_t a = state;
    uint64_t b = 0;
    uint64_t c = 0;
    for (size_t i = 0; i < kBlock; i += 8) {
      a = _mm_crc32_u64(a, Load64(p + i));
      b = _mm_crc32_u64(b, Load64(p + kBlock + i));
      c = _mm_crc32_u64(c, Load64(p + 2 * kBlock + i));
    }
    state = Shift(kShiftBy<2 * kBlock>, a) ^ Shift(kShiftBy<kBlock>, b) ^ c;
    p += 3 * kBlock;
    n -= 3 * kBlock;
  }
  return state;
}

// Runs the three-stream rounds with each block size in turn, largest first,
// so that what is left for the single chain is under 3 * kSmallestBlock.
template <size_t... kBlocks>
__attribute__((target("sse4.2"))) inline uint64_t ThreeStreamTiers(const uint8_t*& p, size_t& n,
                                                                   uint64_t state) {
  ((state = ThreeStreams<kBlocks>(p, n, state)), ...);
  return state;
}

// Block sizes that halve from one to the next share their tables (the 2L
// table of a tier is the L table of the one above), so these four tiers need
// five 4 KiB tables: x^(8 * {64, 128, 256, 512, 1024}). Measured on this
// project's benchmark (perf/RESULTS.md): more tiers cut the single-chain
// remainder and the number of combines on MTU-sized packets; a 1024-byte
// tier would add two more tables for a few percent on jumbo frames only.
constexpr size_t kSmallestBlock = 64;

__attribute__((target("sse4.2"))) uint32_t HardwareImpl(const uint8_t* p, size_t n, uint32_t crc) {
  uint64_t state = static_cast<uint32_t>(~crc);
  // No head alignment: the loads are unaligned memcpy loads. Aligning the
  // start first gained at most 2% (9000 bytes 2 bytes past an 8-byte boundary,
  // where an SCTP header sits behind Ethernet and IPv4) and lost up to 20% on
  // 200 to 600 bytes by moving the round boundaries.
  state = ThreeStreamTiers<512, 256, 128, kSmallestBlock>(p, n, state);
  for (; n >= 8; p += 8, n -= 8) state = _mm_crc32_u64(state, Load64(p));
  uint32_t state32 = static_cast<uint32_t>(state);
  if ((n & 4) != 0) {
    uint32_t word;
    std::memcpy(&word, p, sizeof(word));
    state32 = _mm_crc32_u32(state32, word);
    p += 4;
  }
  if ((n & 2) != 0) {
    uint16_t half;
    std::memcpy(&half, p, sizeof(half));
    state32 = _mm_crc32_u16(state32, half);
    p += 2;
  }
  if ((n & 1) != 0) state32 = _mm_crc32_u8(state32, *p);
  return ~state32;
}

#endif  // SCTPDP_CRC32C_X86_64

using Crc32cFunction = uint32_t (*)(const uint8_t*, size_t, uint32_t);

Crc32cFunction ResolveCrc32c() {
#if SCTPDP_CRC32C_X86_64
  if (crc32c_internal::HasHardwareCrc32c()) return &HardwareImpl;
#endif
  return &PortableImpl;
}

}  // namespace

uint32_t Crc32c(std::span<const uint8_t> data, uint32_t crc) {
  // Resolved once; afterwards a call costs one indirect jump.
  static const Crc32cFunction implementation = ResolveCrc32c();
  return implementation(data.data(), data.size(), crc);
}

namespace crc32c_internal {

uint32_t Crc32cBytewise(std::span<const uint8_t> data, uint32_t crc) {
  return BytewiseImpl(data.data(), data.size(), crc);
}

uint32_t Crc32cPortable(std::span<const uint8_t> data, uint32_t crc) {
  return PortableImpl(data.data(), data.size(), crc);
}

uint32_t Crc32cHardware(std::span<const uint8_t> data, uint32_t crc) {
#if SCTPDP_CRC32C_X86_64
  return HardwareImpl(data.data(), data.size(), crc);
#else
  // No crc32 instruction on this architecture; HasHardwareCrc32c() is false
  // and this stays callable so tests and benchmarks link everywhere.
  return PortableImpl(data.data(), data.size(), crc);
#endif
}

bool HasHardwareCrc32c() {
#if SCTPDP_CRC32C_X86_64
  // Safe even before libgcc's constructor has run (static initialisers).
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2");
#else
  return false;
#endif
}

}  // namespace crc32c_internal

}  // namespace sctpdp
