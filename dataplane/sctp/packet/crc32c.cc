#include "dataplane/sctp/packet/crc32c.h"

#include <array>
#include <cstddef>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SCTPDP_CRC32C_X86_64 1
#include <immintrin.h>
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

// One dependent chain of crc32 instructions over the bytes that are left;
// returns the register (not yet complemented).
__attribute__((target("sse4.2"))) inline uint32_t SingleChain(const uint8_t* p, size_t n,
                                                              uint32_t state32) {
  uint64_t state = state32;
  for (; n >= 8; p += 8, n -= 8) state = _mm_crc32_u64(state, Load64(p));
  state32 = static_cast<uint32_t>(state);
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
  return state32;
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
  return ~SingleChain(p, n, static_cast<uint32_t>(state));
}

// ---------------------------------------------------------------------------
// Folding with carry-less multiplication: VPCLMULQDQ multiplies in each of
// the four 128-bit lanes of an AVX-512 register at once.
//
// Sixteen message bytes loaded little endian into a 128-bit lane are, in the
// reflected layout, a polynomial V(x) = H(x) x^64 + L(x): bit k of the lane is
// the coefficient of x^(127 - k), so the lane's first eight bytes (its low
// 64 bits) hold H and the last eight hold L. A lane followed by D more bytes
// adds V(x) x^(8D) to the message polynomial, and the register depends only
// on the message modulo P. So a lane can be moved ("folded") D bytes forward
// and XORed into the lane there, as long as the value moved is congruent to
//   V x^(8D) = H x^(8D + 64) + L x^(8D)   (mod P)
// and fits 128 bits. Each half is multiplied by a 32-bit remainder.
//
// pclmulqdq multiplies two 64-bit operands; in the reflected layout (bit i
// of an operand is x^(63 - i)) bit k of the product is x^(126 - k), which
// read as a reflected 128-bit lane is x a(x) b(x). The constants absorb that
// extra x: H is multiplied by x^(8D + 63) mod P and L by x^(8D - 1) mod P.
// A remainder sits in the high half of its operand (bit 63 - e is x^e), so
// every product has degree below 96 and fits the lane.
//
// Once everything is folded into one lane V that ends where the buffer ends,
// the register is V x^32 mod P: what the crc32 instruction leaves after
// the lane's 16 bytes from a zero register. Two crc32 instructions reduce
// faster than Barrett reduction with pclmulqdq (perf/RESULTS.md).

// A reflected 32-bit remainder (bit 31 - e is x^e) as a reflected 64-bit
// operand (bit 63 - e is x^e).
constexpr uint64_t ToOperand(uint32_t remainder) { return uint64_t{remainder} << 32; }

// The two multipliers that move a lane `bytes` bytes forward.
struct FoldConstants {
  uint64_t for_first_half;   // x^(8 bytes + 63) mod P, multiplies H (the low 64 bits)
  uint64_t for_second_half;  // x^(8 bytes - 1) mod P, multiplies L (the high 64 bits)
};

constexpr FoldConstants MakeFoldConstants(uint64_t bytes) {
  return {ToOperand(XPowModP(8 * bytes + 63)), ToOperand(XPowModP(8 * bytes - 1))};
}

template <size_t kBytes>
constexpr FoldConstants kFoldBy = MakeFoldConstants(kBytes);

// The last 1 to 64 bytes of a buffer do not go through the folding: the
// crc32 instruction takes them from a zero register, in parallel, and the
// folded body is moved past them in the same step that merges the four
// lanes of the last 512-bit register. kTailFolds[tail - 1] holds, for each
// lane i of that register, the multipliers that move it 16 (3 - i) + tail
// bytes forward, to end where the buffer ends.
struct alignas(64) TailFold {
  std::array<uint64_t, 8> words{};
};

constexpr std::array<TailFold, 64> MakeTailFolds() {
  std::array<TailFold, 64> table{};
  for (size_t tail = 1; tail <= table.size(); ++tail) {
    for (size_t lane = 0; lane < 4; ++lane) {
      const FoldConstants k = MakeFoldConstants(16 * (3 - lane) + tail);
      table[tail - 1].words[2 * lane] = k.for_first_half;
      table[tail - 1].words[2 * lane + 1] = k.for_second_half;
    }
  }
  return table;
}
constexpr std::array<TailFold, 64> kTailFolds = MakeTailFolds();

#define SCTPDP_FOLD512_TARGET "avx512f,avx512vl,vpclmulqdq,sse4.2"

__attribute__((target(SCTPDP_FOLD512_TARGET))) inline __m512i Load512(const uint8_t* p) {
  return _mm512_loadu_si512(p);
}

// The same multipliers in all four lanes.
__attribute__((target(SCTPDP_FOLD512_TARGET))) inline __m512i Broadcast(const FoldConstants& k) {
  const auto first = static_cast<long long>(k.for_first_half);
  const auto second = static_cast<long long>(k.for_second_half);
  return _mm512_set_epi64(second, first, second, first, second, first, second, first);
}

// Each 128-bit lane moved forward by its multipliers and XORed into `next`
// (one ternary-logic instruction for both products and next).
__attribute__((target(SCTPDP_FOLD512_TARGET))) inline __m512i Fold(__m512i lanes,
                                                                   __m512i multipliers,
                                                                   __m512i next) {
  return _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(lanes, multipliers, 0x00),
                                   _mm512_clmulepi64_epi128(lanes, multipliers, 0x11), next,
                                   0x96);
}

// Two 512-bit accumulators, 128 bytes a round: vpclmulqdq issues about once
// every two cycles here, so a round's four products already take longer
// than a fold's latency, and more accumulators only lengthen the merge.
constexpr size_t kFold512Stride = 2 * 64;
// The body needs a whole round; below that the crc32 three-stream path runs.
constexpr size_t kFold512MinBytes = kFold512Stride + 1;

// The folding of n >= kFold512MinBytes bytes, with the 32-bit words of the
// first 64 bytes whose bits are clear in `kept_words` taken as zero.
__attribute__((target(SCTPDP_FOLD512_TARGET))) inline uint32_t Fold512(const uint8_t* p, size_t n,
                                                                       uint32_t crc,
                                                                       __mmask16 kept_words) {
  const size_t tail = (n - 1) % 64 + 1;
  size_t body = n - tail;  // a multiple of 64, at least kFold512Stride
  const uint32_t tail_register = SingleChain(p + body, tail, 0);

  // Feeding bytes to a register R is feeding them, XORed with R in their
  // first four, to a zero register.
  __m512i a0 = _mm512_xor_si512(_mm512_maskz_loadu_epi32(kept_words, p),
                                _mm512_maskz_set1_epi32(1, static_cast<int>(~crc)));
  __m512i a1 = Load512(p + 64);
  p += kFold512Stride;
  body -= kFold512Stride;
  const __m512i by_stride = Broadcast(kFoldBy<kFold512Stride>);
  for (; body >= kFold512Stride; p += kFold512Stride, body -= kFold512Stride) {
    a0 = Fold(a0, by_stride, Load512(p));
    a1 = Fold(a1, by_stride, Load512(p + 64));
  }
  const __m512i by64 = Broadcast(kFoldBy<64>);
  __m512i last = Fold(a0, by64, a1);
  if (body != 0) last = Fold(last, by64, Load512(p));

  const __m512i lanes = Fold(last, _mm512_load_si512(kTailFolds[tail - 1].words.data()),
                             _mm512_setzero_si512());
  // Masked extracts: GCC 12 warns about the undefined merge source of the
  // plain ones (and of the casts built on them).
  const __m128i lane =
      _mm_xor_si128(_mm_ternarylogic_epi64(_mm512_maskz_extracti32x4_epi32(0xF, lanes, 0),
                                           _mm512_maskz_extracti32x4_epi32(0xF, lanes, 1),
                                           _mm512_maskz_extracti32x4_epi32(0xF, lanes, 2), 0x96),
                    _mm512_maskz_extracti32x4_epi32(0xF, lanes, 3));
  uint64_t body_register = _mm_crc32_u64(0, static_cast<uint64_t>(_mm_cvtsi128_si64(lane)));
  body_register = _mm_crc32_u64(body_register, static_cast<uint64_t>(_mm_extract_epi64(lane, 1)));
  // The register is linear in the message: the body followed by zeros, plus
  // zeros followed by the tail.
  return ~(static_cast<uint32_t>(body_register) ^ tail_register);
}

__attribute__((target(SCTPDP_FOLD512_TARGET))) uint32_t Fold512Impl(const uint8_t* p, size_t n,
                                                                    uint32_t crc) {
  if (n < kFold512MinBytes) return HardwareImpl(p, n, crc);
  return Fold512(p, n, crc, 0xFFFF);
}

#undef SCTPDP_FOLD512_TARGET

#endif  // SCTPDP_CRC32C_X86_64

using Crc32cFunction = uint32_t (*)(const uint8_t*, size_t, uint32_t);

Crc32cFunction ResolveCrc32c() {
#if SCTPDP_CRC32C_X86_64
  if (crc32c_internal::HasFold512()) return &Fold512Impl;
  if (crc32c_internal::HasHardwareCrc32c()) return &HardwareImpl;
#endif
  return &PortableImpl;
}

// The SCTP checksum field: bytes 8 to 11 of the 12-byte common header
// (RFC 9260 section 3.1), taken as zero by the CRC (appendix A).
constexpr size_t kSctpChecksumOffset = 8;
constexpr size_t kSctpCommonHeaderSize = 12;

// Any CPU: the header with the field zeroed in a copy, then the rest.
uint32_t SctpPacketByCopy(const uint8_t* p, size_t n) {
  std::array<uint8_t, kSctpCommonHeaderSize> header{};
  std::memcpy(header.data(), p, kSctpChecksumOffset);
  return Crc32c(std::span<const uint8_t>(p + kSctpCommonHeaderSize, n - kSctpCommonHeaderSize),
                Crc32c(header));
}

#if SCTPDP_CRC32C_X86_64
// The field is masked out of the first load, so the header needs no call
// of its own ahead of the folding.
uint32_t SctpPacketFold512(const uint8_t* p, size_t n) {
  if (n < kFold512MinBytes) return SctpPacketByCopy(p, n);
  constexpr auto kAllButChecksum = static_cast<__mmask16>(~(1u << (kSctpChecksumOffset / 4)));
  return Fold512(p, n, 0, kAllButChecksum);
}
#endif

using SctpPacketFunction = uint32_t (*)(const uint8_t*, size_t);

SctpPacketFunction ResolveSctpPacket() {
#if SCTPDP_CRC32C_X86_64
  if (crc32c_internal::HasFold512()) return &SctpPacketFold512;
#endif
  return &SctpPacketByCopy;
}

}  // namespace

uint32_t Crc32c(std::span<const uint8_t> data, uint32_t crc) {
  // Resolved once; afterwards a call costs one indirect jump.
  static const Crc32cFunction implementation = ResolveCrc32c();
  return implementation(data.data(), data.size(), crc);
}

uint32_t SctpPacketCrc32c(std::span<const uint8_t> packet) {
  static const SctpPacketFunction implementation = ResolveSctpPacket();
  if (packet.size() < kSctpCommonHeaderSize) std::abort();
  return implementation(packet.data(), packet.size());
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

uint32_t Crc32cFold512(std::span<const uint8_t> data, uint32_t crc) {
#if SCTPDP_CRC32C_X86_64
  return Fold512Impl(data.data(), data.size(), crc);
#else
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

bool HasFold512() {
#if SCTPDP_CRC32C_X86_64
  // libgcc reports AVX-512 only when the OS saves its registers (XCR0).
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("vpclmulqdq");
#else
  return false;
#endif
}

}  // namespace crc32c_internal

}  // namespace sctpdp
