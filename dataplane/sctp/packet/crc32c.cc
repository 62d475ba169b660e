#include "dataplane/sctp/packet/crc32c.h"

#include <array>
#include <cstddef>
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
// Folding with carry-less multiplication: PCLMULQDQ on 128-bit lanes, and
// VPCLMULQDQ on four 128-bit lanes per AVX-512 register.
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

// Barrett reduction needs P itself and mu = floor(x^64 / P), found here by
// long division in the plain layout (bit e is x^e) and then mirrored.
constexpr uint64_t kPolyPlain = 0x1'1EDC'6F41;  // P with its x^32 term

// floor(a / P) for a of degree below 64, plain layout.
constexpr uint64_t QuotientByP(uint64_t a) {
  uint64_t quotient = 0;
  for (int degree = 63; degree >= 32; --degree) {
    if (((a >> degree) & 1) != 0) {
      quotient |= uint64_t{1} << (degree - 32);
      a ^= kPolyPlain << (degree - 32);
    }
  }
  return quotient;
}

// Plain layout to reflected 64-bit operand: bit e moves to bit 63 - e.
constexpr uint64_t Reflect64(uint64_t plain) {
  uint64_t reflected = 0;
  for (int e = 0; e < 64; ++e) {
    if (((plain >> e) & 1) != 0) reflected |= uint64_t{1} << (63 - e);
  }
  return reflected;
}

// x^64 = x^32 P + x^32 (P - x^32), so floor(x^64 / P) = x^32 + floor(x^32
// (P - x^32) / P), whose dividend has degree below 64.
constexpr uint64_t kBarrettMu =
    Reflect64((uint64_t{1} << 32) | QuotientByP((kPolyPlain ^ (uint64_t{1} << 32)) << 32));
constexpr uint64_t kBarrettPoly = Reflect64(kPolyPlain);
static_assert(kBarrettPoly == (ToOperand(kPolyReflected) | (uint64_t{1} << 31)));

// Multipliers of the final reduction: x^95 = x^(8 * 4 + 63), a fold by four
// bytes, and x^63 for the fold of the top 32 coefficients by 64.
constexpr uint64_t kX95 = ToOperand(XPowModP(95));
constexpr uint64_t kX63 = ToOperand(XPowModP(63));

inline __m128i Load128(const uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

__attribute__((target("pclmul,sse4.2"))) inline __m128i Constants128(const FoldConstants& k) {
  return _mm_set_epi64x(static_cast<long long>(k.for_second_half),
                        static_cast<long long>(k.for_first_half));
}

// lane moved forward by the distance of `constants`, XORed into `next`.
__attribute__((target("pclmul,sse4.2"))) inline __m128i FoldLane(__m128i lane, __m128i constants,
                                                                 __m128i next) {
  return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(lane, constants, 0x00),
                                     _mm_clmulepi64_si128(lane, constants, 0x11)),
                       next);
}

// The register a lane V standing for the whole message leaves, V x^32 mod P,
// in the crc32 instruction's layout (not complemented). Two folds bring
// V x^32 below degree 64; Barrett reduction then finds the remainder of
// Q = A x^32 + B (A, B of degree below 32) with two multiplications instead
// of a division: q = floor(Q / P) = floor(A mu / x^32), exactly, because
// polynomial products have no carries; Q mod P = B + (q P mod x^32).
__attribute__((target("pclmul,sse4.2"))) inline uint32_t ReduceLane(__m128i lane) {
  const __m128i folds = _mm_set_epi64x(static_cast<long long>(kX63), static_cast<long long>(kX95));
  const __m128i barrett =
      _mm_set_epi64x(static_cast<long long>(kBarrettPoly), static_cast<long long>(kBarrettMu));
  // V x^32 = H x^96 + L x^32: H times x^95 (the product brings the extra x),
  // L moved to coefficients x^95..x^32 (bits 32..95). Degree below 96.
  const __m128i q1 = _mm_xor_si128(_mm_clmulepi64_si128(lane, folds, 0x00),
                                   _mm_bslli_si128(_mm_bsrli_si128(lane, 8), 4));
  // q1 = A1 x^64 + B1, A1 in bits 32..63 (as an operand, exactly A1), B1 in
  // the high 64 bits: A1 times x^63 lands in the high 64 bits too.
  const __m128i q2 = _mm_xor_si128(_mm_clmulepi64_si128(q1, folds, 0x10), q1);
  // The high 64 bits of q2 are Q (bit 63 - e is x^e). Its top coefficients
  // A (bits 0..31), moved up one bit, are the operand A x^31; times mu that
  // puts floor(A mu / x^32) = q in bits 32..63 of the low half, as an operand.
  const __m128i a = _mm_slli_epi64(_mm_and_si128(q2, _mm_set_epi64x(0xffffffff, 0)), 1);
  const __m128i q = _mm_clmulepi64_si128(a, barrett, 0x01);
  // q P has its coefficients x^31..x^0 in bits 62..31 of the high half; one
  // bit up they line up with B in bits 63..32 of Q.
  const __m128i qp = _mm_clmulepi64_si128(q, barrett, 0x10);
  const __m128i remainder = _mm_xor_si128(q2, _mm_slli_epi64(qp, 1));
  return static_cast<uint32_t>(_mm_extract_epi32(remainder, 3));
}

// Lanes of 16 bytes left after the wide loops: one at a time, then the
// final reduction and the last 0..15 bytes through the crc32 instruction.
__attribute__((target("pclmul,sse4.2"))) inline uint32_t FinishLane(__m128i lane,
                                                                   const uint8_t* p, size_t n) {
  const __m128i by16 = Constants128(kFoldBy<16>);
  for (; n >= 16; p += 16, n -= 16) lane = FoldLane(lane, by16, Load128(p));
  return ~SingleChain(p, n, ReduceLane(lane));
}

// kLanes independent 128-bit accumulators: pclmulqdq has a latency of a few
// cycles but issues more than once per cycle, so one chain would idle it.
constexpr size_t kFold128Lanes = 8;
constexpr size_t kFold128Stride = 16 * kFold128Lanes;
// Below this the crc32 three-stream path is as fast (perf/RESULTS.md).
constexpr size_t kFold128MinBytes = 2 * kFold128Stride;

// table[i]: fold by 16 (kFold128Lanes - 1 - i) bytes, to merge lane i into
// the last lane.
constexpr std::array<FoldConstants, kFold128Lanes - 1> MakeMergeTable() {
  std::array<FoldConstants, kFold128Lanes - 1> table{};
  for (size_t i = 0; i < table.size(); ++i) {
    table[i] = MakeFoldConstants(16 * (kFold128Lanes - 1 - i));
  }
  return table;
}
constexpr std::array<FoldConstants, kFold128Lanes - 1> kMerge128 = MakeMergeTable();

__attribute__((target("pclmul,sse4.2"))) uint32_t Fold128Impl(const uint8_t* p, size_t n,
                                                              uint32_t crc) {
  if (n < kFold128MinBytes) return HardwareImpl(p, n, crc);
  __m128i lanes[kFold128Lanes];
  for (size_t i = 0; i < kFold128Lanes; ++i) lanes[i] = Load128(p + 16 * i);
  // Feeding bytes to a register R is feeding them, XORed with R in their
  // first four, to a zero register.
  lanes[0] = _mm_xor_si128(lanes[0], _mm_cvtsi32_si128(static_cast<int>(~crc)));
  p += kFold128Stride;
  n -= kFold128Stride;
  const __m128i by_stride = Constants128(kFoldBy<kFold128Stride>);
  for (; n >= kFold128Stride; p += kFold128Stride, n -= kFold128Stride) {
    for (size_t i = 0; i < kFold128Lanes; ++i) {
      lanes[i] = FoldLane(lanes[i], by_stride, Load128(p + 16 * i));
    }
  }
  __m128i lane = lanes[kFold128Lanes - 1];
  for (size_t i = 0; i + 1 < kFold128Lanes; ++i) {
    lane = FoldLane(lanes[i], Constants128(kMerge128[i]), lane);
  }
  return FinishLane(lane, p, n);
}

#define SCTPDP_FOLD512_TARGET "avx512f,avx512vl,vpclmulqdq,pclmul,sse4.2"

__attribute__((target(SCTPDP_FOLD512_TARGET))) inline __m512i Load512(const uint8_t* p) {
  return _mm512_loadu_si512(p);
}

__attribute__((target(SCTPDP_FOLD512_TARGET))) inline __m512i Constants512(
    const FoldConstants& k) {
  const auto first = static_cast<long long>(k.for_first_half);
  const auto second = static_cast<long long>(k.for_second_half);
  return _mm512_set_epi64(second, first, second, first, second, first, second, first);
}

// Four 128-bit lanes each moved forward and XORed into `next` (one ternary
// logic instruction for the two products and next).
__attribute__((target(SCTPDP_FOLD512_TARGET))) inline __m512i FoldWide(__m512i lanes,
                                                                       __m512i constants,
                                                                       __m512i next) {
  return _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(lanes, constants, 0x00),
                                   _mm512_clmulepi64_epi128(lanes, constants, 0x11), next,
                                   0x96);
}

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

// Two 512-bit accumulators, 128 bytes a round: a round's four products
// already keep vpclmulqdq busy for longer than one fold's latency.
constexpr size_t kFold512Stride = 2 * 64;
// The body needs a round; below this the crc32 three-stream path is as
// fast (perf/RESULTS.md).
constexpr size_t kFold512MinBytes = kFold512Stride + 1;

__attribute__((target(SCTPDP_FOLD512_TARGET))) uint32_t Fold512Impl(const uint8_t* p, size_t n,
                                                                    uint32_t crc) {
  if (n < kFold512MinBytes) return HardwareImpl(p, n, crc);
  const size_t tail = (n - 1) % 64 + 1;
  size_t body = n - tail;  // a multiple of 64, at least kFold512Stride
  const uint32_t tail_register = SingleChain(p + body, tail, 0);

  __m512i a0 = _mm512_xor_si512(Load512(p), _mm512_maskz_set1_epi32(1, static_cast<int>(~crc)));
  __m512i a1 = Load512(p + 64);
  p += kFold512Stride;
  body -= kFold512Stride;
  const __m512i by_stride = Constants512(kFoldBy<kFold512Stride>);
  for (; body >= kFold512Stride; p += kFold512Stride, body -= kFold512Stride) {
    a0 = FoldWide(a0, by_stride, Load512(p));
    a1 = FoldWide(a1, by_stride, Load512(p + 64));
  }
  const __m512i by64 = Constants512(kFoldBy<64>);
  __m512i wide = FoldWide(a0, by64, a1);
  if (body != 0) wide = FoldWide(wide, by64, Load512(p));

  const __m512i lanes =
      FoldWide(wide, _mm512_load_si512(kTailFolds[tail - 1].words.data()), _mm512_setzero_si512());
  // Masked extracts: GCC 12 warns about the undefined merge source of the
  // plain ones (and of the casts built on them).
  const __m128i lane = _mm_ternarylogic_epi64(_mm512_maskz_extracti32x4_epi32(0xF, lanes, 0),
                                              _mm512_maskz_extracti32x4_epi32(0xF, lanes, 1),
                                              _mm512_maskz_extracti32x4_epi32(0xF, lanes, 2),
                                              0x96);
  const __m128i last = _mm512_maskz_extracti32x4_epi32(0xF, lanes, 3);
  // The register is linear in the message: body followed by zeros, plus
  // zeros followed by the tail.
  return ~(ReduceLane(_mm_xor_si128(lane, last)) ^ tail_register);
}

#undef SCTPDP_FOLD512_TARGET

#endif  // SCTPDP_CRC32C_X86_64

using Crc32cFunction = uint32_t (*)(const uint8_t*, size_t, uint32_t);

Crc32cFunction ResolveCrc32c() {
#if SCTPDP_CRC32C_X86_64
  if (crc32c_internal::HasFold512()) return &Fold512Impl;
  if (crc32c_internal::HasFold128()) return &Fold128Impl;
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

uint32_t Crc32cFold128(std::span<const uint8_t> data, uint32_t crc) {
#if SCTPDP_CRC32C_X86_64
  return Fold128Impl(data.data(), data.size(), crc);
#else
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

bool HasFold128() {
#if SCTPDP_CRC32C_X86_64
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("pclmul");
#else
  return false;
#endif
}

bool HasFold512() {
#if SCTPDP_CRC32C_X86_64
  // libgcc reports AVX-512 only when the OS saves its registers (XCR0).
  __builtin_cpu_init();
  return HasFold128() && __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("vpclmulqdq");
#else
  return false;
#endif
}

}  // namespace crc32c_internal

}  // namespace sctpdp
