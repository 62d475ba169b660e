#include "dataplane/sctp/packet/crc32c.h"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sctpdp {
namespace {

using Bytes = std::vector<uint8_t>;
using crc32c_internal::Crc32cBytewise;
using crc32c_internal::Crc32cFold512;
using crc32c_internal::Crc32cHardware;
using crc32c_internal::Crc32cPortable;
using crc32c_internal::HasFold512;
using crc32c_internal::HasHardwareCrc32c;

using Crc32cFunction = uint32_t (*)(std::span<const uint8_t>, uint32_t);

struct Implementation {
  const char* name;
  Crc32cFunction function;
  bool (*runnable)();  // whether this CPU has the instructions it needs
};

bool Always() { return true; }

void PrintTo(const Implementation& implementation, std::ostream* os) { *os << implementation.name; }

const Implementation kImplementations[] = {
    {"Dispatching", &Crc32c, &Always},
    {"Bytewise", &Crc32cBytewise, &Always},
    {"Portable", &Crc32cPortable, &Always},
    {"Hardware", &Crc32cHardware, &HasHardwareCrc32c},
    {"Fold512", &Crc32cFold512, &HasFold512},
};

// The implementations that can run on this CPU.
std::vector<Implementation> Runnable() {
  std::vector<Implementation> runnable;
  for (const Implementation& implementation : kImplementations) {
    if (implementation.runnable()) runnable.push_back(implementation);
  }
  return runnable;
}

Bytes Ascii(std::string_view text) { return Bytes(text.begin(), text.end()); }

Bytes Filled(size_t size, uint8_t value) { return Bytes(size, value); }

Bytes Incrementing(size_t size) {
  Bytes bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(i);
  return bytes;
}

Bytes Random(size_t size, std::mt19937& rng) {
  Bytes bytes(size);
  for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(rng());
  return bytes;
}

// RFC 9260 appendix A, crc_c[256]: the register after one byte b fed into a
// zero register.
constexpr std::array<uint32_t, 256> kRfc9260Table = {
    0x00000000, 0xF26B8303, 0xE13B70F7, 0x1350F3F4, 0xC79A971F, 0x35F1141C, 0x26A1E7E8, 0xD4CA64EB,
    0x8AD958CF, 0x78B2DBCC, 0x6BE22838, 0x9989AB3B, 0x4D43CFD0, 0xBF284CD3, 0xAC78BF27, 0x5E133C24,
    0x105EC76F, 0xE235446C, 0xF165B798, 0x030E349B, 0xD7C45070, 0x25AFD373, 0x36FF2087, 0xC494A384,
    0x9A879FA0, 0x68EC1CA3, 0x7BBCEF57, 0x89D76C54, 0x5D1D08BF, 0xAF768BBC, 0xBC267848, 0x4E4DFB4B,
    0x20BD8EDE, 0xD2D60DDD, 0xC186FE29, 0x33ED7D2A, 0xE72719C1, 0x154C9AC2, 0x061C6936, 0xF477EA35,
    0xAA64D611, 0x580F5512, 0x4B5FA6E6, 0xB93425E5, 0x6DFE410E, 0x9F95C20D, 0x8CC531F9, 0x7EAEB2FA,
    0x30E349B1, 0xC288CAB2, 0xD1D83946, 0x23B3BA45, 0xF779DEAE, 0x05125DAD, 0x1642AE59, 0xE4292D5A,
    0xBA3A117E, 0x4851927D, 0x5B016189, 0xA96AE28A, 0x7DA08661, 0x8FCB0562, 0x9C9BF696, 0x6EF07595,
    0x417B1DBC, 0xB3109EBF, 0xA0406D4B, 0x522BEE48, 0x86E18AA3, 0x748A09A0, 0x67DAFA54, 0x95B17957,
    0xCBA24573, 0x39C9C670, 0x2A993584, 0xD8F2B687, 0x0C38D26C, 0xFE53516F, 0xED03A29B, 0x1F682198,
    0x5125DAD3, 0xA34E59D0, 0xB01EAA24, 0x42752927, 0x96BF4DCC, 0x64D4CECF, 0x77843D3B, 0x85EFBE38,
    0xDBFC821C, 0x2997011F, 0x3AC7F2EB, 0xC8AC71E8, 0x1C661503, 0xEE0D9600, 0xFD5D65F4, 0x0F36E6F7,
    0x61C69362, 0x93AD1061, 0x80FDE395, 0x72966096, 0xA65C047D, 0x5437877E, 0x4767748A, 0xB50CF789,
    0xEB1FCBAD, 0x197448AE, 0x0A24BB5A, 0xF84F3859, 0x2C855CB2, 0xDEEEDFB1, 0xCDBE2C45, 0x3FD5AF46,
    0x7198540D, 0x83F3D70E, 0x90A324FA, 0x62C8A7F9, 0xB602C312, 0x44694011, 0x5739B3E5, 0xA55230E6,
    0xFB410CC2, 0x092A8FC1, 0x1A7A7C35, 0xE811FF36, 0x3CDB9BDD, 0xCEB018DE, 0xDDE0EB2A, 0x2F8B6829,
    0x82F63B78, 0x709DB87B, 0x63CD4B8F, 0x91A6C88C, 0x456CAC67, 0xB7072F64, 0xA457DC90, 0x563C5F93,
    0x082F63B7, 0xFA44E0B4, 0xE9141340, 0x1B7F9043, 0xCFB5F4A8, 0x3DDE77AB, 0x2E8E845F, 0xDCE5075C,
    0x92A8FC17, 0x60C37F14, 0x73938CE0, 0x81F80FE3, 0x55326B08, 0xA759E80B, 0xB4091BFF, 0x466298FC,
    0x1871A4D8, 0xEA1A27DB, 0xF94AD42F, 0x0B21572C, 0xDFEB33C7, 0x2D80B0C4, 0x3ED04330, 0xCCBBC033,
    0xA24BB5A6, 0x502036A5, 0x4370C551, 0xB11B4652, 0x65D122B9, 0x97BAA1BA, 0x84EA524E, 0x7681D14D,
    0x2892ED69, 0xDAF96E6A, 0xC9A99D9E, 0x3BC21E9D, 0xEF087A76, 0x1D63F975, 0x0E330A81, 0xFC588982,
    0xB21572C9, 0x407EF1CA, 0x532E023E, 0xA145813D, 0x758FE5D6, 0x87E466D5, 0x94B49521, 0x66DF1622,
    0x38CC2A06, 0xCAA7A905, 0xD9F75AF1, 0x2B9CD9F2, 0xFF56BD19, 0x0D3D3E1A, 0x1E6DCDEE, 0xEC064EED,
    0xC38D26C4, 0x31E6A5C7, 0x22B65633, 0xD0DDD530, 0x0417B1DB, 0xF67C32D8, 0xE52CC12C, 0x1747422F,
    0x49547E0B, 0xBB3FFD08, 0xA86F0EFC, 0x5A048DFF, 0x8ECEE914, 0x7CA56A17, 0x6FF599E3, 0x9D9E1AE0,
    0xD3D3E1AB, 0x21B862A8, 0x32E8915C, 0xC083125F, 0x144976B4, 0xE622F5B7, 0xF5720643, 0x07198540,
    0x590AB964, 0xAB613A67, 0xB831C993, 0x4A5A4A90, 0x9E902E7B, 0x6CFBAD78, 0x7FAB5E8C, 0x8DC0DD8F,
    0xE330A81A, 0x115B2B19, 0x020BD8ED, 0xF0605BEE, 0x24AA3F05, 0xD6C1BC06, 0xC5914FF2, 0x37FACCF1,
    0x69E9F0D5, 0x9B8273D6, 0x88D28022, 0x7AB90321, 0xAE7367CA, 0x5C18E4C9, 0x4F48173D, 0xBD23943E,
    0xF36E6F75, 0x0105EC76, 0x12551F82, 0xE03E9C81, 0x34F4F86A, 0xC69F7B69, 0xD5CF889D, 0x27A40B9E,
    0x79B737BA, 0x8BDCB4B9, 0x988C474D, 0x6AE7C44E, 0xBE2DA0A5, 0x4C4623A6, 0x5F16D052, 0xAD7D5351,
};

class Crc32cVectorTest : public ::testing::TestWithParam<Implementation> {
 protected:
  void SetUp() override {
    if (!GetParam().runnable()) GTEST_SKIP() << "this CPU lacks the instructions";
  }
  uint32_t Compute(std::span<const uint8_t> data, uint32_t crc = 0) const {
    return GetParam().function(data, crc);
  }
};

// The "check" value of CRC-32C: the CRC of the nine ASCII digits.
TEST_P(Crc32cVectorTest, CheckValueOfDigits) {
  EXPECT_EQ(Compute(Ascii("123456789")), 0xE3069283u);
}

TEST_P(Crc32cVectorTest, EmptyInputLeavesTheCrcUnchanged) {
  EXPECT_EQ(Compute({}), 0u);
  EXPECT_EQ(Compute({}, 0xE3069283u), 0xE3069283u);
}

// RFC 3720 section B.4 lists the CRC as the bytes sent on the wire, least
// significant first: "aa 36 91 8a" is 0x8A9136AA.
TEST_P(Crc32cVectorTest, Rfc3720ThirtyTwoBytesOfZeros) {
  EXPECT_EQ(Compute(Filled(32, 0x00)), 0x8A9136AAu);
}

TEST_P(Crc32cVectorTest, Rfc3720ThirtyTwoBytesOfOnes) {
  EXPECT_EQ(Compute(Filled(32, 0xFF)), 0x62A8AB43u);
}

TEST_P(Crc32cVectorTest, Rfc3720ThirtyTwoIncrementingBytes) {
  EXPECT_EQ(Compute(Incrementing(32)), 0x46DD794Eu);
}

TEST_P(Crc32cVectorTest, Rfc3720ThirtyTwoDecrementingBytes) {
  Bytes bytes(32);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(31 - i);
  EXPECT_EQ(Compute(bytes), 0x113FDB5Cu);
}

// RFC 3720 section B.4, "An iSCSI - SCSI Read (10) Command PDU", listed CRC
// bytes "56 3a 96 d9".
TEST_P(Crc32cVectorTest, Rfc3720ScsiRead10CommandPdu) {
  const Bytes pdu = {
      0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
      0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  };
  EXPECT_EQ(Compute(pdu), 0xD9963A56u);
}

// Continuing from 0xFFFFFFFF starts from a zero register (the result is the
// complement of the register), so one byte b leaves crc_c[b] of RFC 9260
// appendix A in the register.
TEST_P(Crc32cVectorTest, Rfc9260AppendixATable) {
  for (uint32_t b = 0; b < 256; ++b) {
    const uint8_t byte = static_cast<uint8_t>(b);
    EXPECT_EQ(~Compute(std::span<const uint8_t>(&byte, 1), 0xFFFFFFFF), kRfc9260Table[b])
        << "byte " << b;
  }
}

// RFC 9260 appendix A puts the CRC into the packet least significant byte
// first (generate_crc32c byte-swaps the reflected result and insert_crc32
// stores it with htonl). Appending a CRC that way to any message gives the
// fixed CRC-32C residue: the complement of 0xB798B438.
TEST_P(Crc32cVectorTest, AppendingTheCrcLeastSignificantByteFirstGivesTheResidue) {
  std::mt19937 rng(9260);
  for (size_t size : {0, 1, 12, 28, 100, 1500}) {
    Bytes message = Random(size, rng);
    const uint32_t crc = Compute(message);
    for (int i = 0; i < 4; ++i) message.push_back(static_cast<uint8_t>(crc >> (8 * i)));
    EXPECT_EQ(Compute(message), 0x48674BC7u) << "size " << size;
  }
}

// An SCTP packet (common header, then an INIT chunk: ports 5000 -> 2905,
// verification tag 0, initiate tag 0x12345678, a_rwnd 65536, 10/10 streams,
// initial TSN 0x01020304) whose checksum bytes 0d db 25 2e Wireshark 4.0
// (tshark -o sctp.checksum:CRC-32C) reports as "correct". Per RFC 9260
// section 6.8 the CRC is computed with the checksum field set to zero.
TEST_P(Crc32cVectorTest, SctpInitPacketAcceptedByWireshark) {
  Bytes packet = {0x13, 0x88, 0x0b, 0x59, 0x00, 0x00, 0x00, 0x00, 0x0d, 0xdb, 0x25,
                  0x2e, 0x01, 0x00, 0x00, 0x14, 0x12, 0x34, 0x56, 0x78, 0x00, 0x01,
                  0x00, 0x00, 0x00, 0x0a, 0x00, 0x0a, 0x01, 0x02, 0x03, 0x04};
  for (size_t i = 8; i < 12; ++i) packet[i] = 0;
  const uint32_t crc = Compute(packet);
  EXPECT_EQ(crc, 0x2E25DB0Du);
  // Least significant byte first in the checksum field.
  EXPECT_EQ(static_cast<uint8_t>(crc), 0x0d);
  EXPECT_EQ(static_cast<uint8_t>(crc >> 24), 0x2e);
}

TEST_P(Crc32cVectorTest, ChainingEqualsOneCall) {
  std::mt19937 rng(1);
  const Bytes data = Random(3000, rng);
  const std::span<const uint8_t> all(data);
  const uint32_t whole = Compute(all);
  for (size_t split = 0; split <= data.size(); ++split) {
    EXPECT_EQ(Compute(all.subspan(split), Compute(all.first(split))), whole) << "split " << split;
  }
  // Three uneven pieces, the middle one long enough for the wide paths.
  for (size_t first : {0, 1, 7, 13, 100}) {
    for (size_t second : {0, 5, 192, 1535, 1536, 1537, 2000}) {
      uint32_t crc = Compute(all.first(first));
      crc = Compute(all.subspan(first, second), crc);
      crc = Compute(all.subspan(first + second), crc);
      EXPECT_EQ(crc, whole) << first << "+" << second;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllImplementations, Crc32cVectorTest,
                         ::testing::ValuesIn(kImplementations),
                         [](const ::testing::TestParamInfo<Implementation>& info) {
                           return std::string(info.param.name);
                         });

// Compares every runnable implementation with the bytewise reference on
// `size` random bytes placed `alignment` bytes past a 16-byte boundary, at
// the very end of their allocation so that an overread is visible to ASan.
::testing::AssertionResult AllAgree(size_t size, size_t alignment, std::mt19937& rng) {
  Bytes storage(alignment + size);
  for (uint8_t& byte : storage) byte = static_cast<uint8_t>(rng());
  const std::span<const uint8_t> data(storage.data() + alignment, size);
  const uint32_t start = (size % 3 == 0) ? 0 : static_cast<uint32_t>(rng());
  const uint32_t expected = Crc32cBytewise(data, start);
  for (const Implementation& implementation : Runnable()) {
    const uint32_t actual = implementation.function(data, start);
    if (actual != expected) {
      return ::testing::AssertionFailure()
             << implementation.name << " gives " << actual << " instead of " << expected
             << " on size " << size << " alignment " << alignment << " start " << start;
    }
  }
  return ::testing::AssertionSuccess();
}

// Every length up to 4096 covers each way the folding paths end: every
// number of wide rounds on MTU and jumbo-sized packets, every count of
// 64- and 16-byte lanes left over and every tail of 0 to 15 bytes, on both
// sides of the sizes where they hand over to the crc32 instruction.
TEST(Crc32cAgreementTest, EveryLengthUpTo4096AtEveryAlignment) {
  std::mt19937 rng(4096);
  for (size_t size = 0; size <= 4096; ++size) {
    for (size_t alignment = 0; alignment < 16; ++alignment) {
      ASSERT_TRUE(AllAgree(size, alignment, rng));
    }
  }
}

TEST(Crc32cAgreementTest, LongBuffersAtEveryAlignment) {
  std::mt19937 rng(65536);
  for (size_t size : {4097, 4607, 4608, 4609, 6144, 9000, 9216, 16389, 32765, 65535, 65536}) {
    for (size_t alignment = 0; alignment < 16; ++alignment) {
      ASSERT_TRUE(AllAgree(size, alignment, rng));
    }
  }
  for (size_t size = 4097; size <= 65536; size += 61) ASSERT_TRUE(AllAgree(size, size % 16, rng));
}

// Each implementation can continue another's result: they share one
// convention for the running value.
TEST(Crc32cAgreementTest, ImplementationsContinueEachOther) {
  std::mt19937 rng(3);
  const Bytes data = Random(5000, rng);
  const std::span<const uint8_t> all(data);
  const uint32_t whole = Crc32cBytewise(all);
  for (const Implementation& head : Runnable()) {
    for (const Implementation& tail : Runnable()) {
      for (size_t split : {1, 999, 2500, 4999}) {
        EXPECT_EQ(tail.function(all.subspan(split), head.function(all.first(split), 0)), whole)
            << head.name << " then " << tail.name << " at " << split;
      }
    }
  }
}

// SctpPacketCrc32c equals the CRC of a copy with the checksum field zeroed
// (RFC 9260 appendix A) on every packet length from the bare common header
// to 4096 bytes, both sides of where it starts folding, with the field and
// everything else random.
TEST(SctpPacketCrc32cTest, EqualsTheCrcOfACopyWithTheChecksumFieldZeroed) {
  std::mt19937 rng(9260);
  for (size_t size = 12; size <= 4096; ++size) {
    for (size_t alignment : {0, 2, 7}) {
      Bytes storage = Random(alignment + size, rng);
      const std::span<const uint8_t> packet(storage.data() + alignment, size);
      Bytes zeroed(packet.begin(), packet.end());
      zeroed[8] = zeroed[9] = zeroed[10] = zeroed[11] = 0;
      ASSERT_EQ(SctpPacketCrc32c(packet), Crc32cBytewise(zeroed))
          << "size " << size << " alignment " << alignment;
    }
  }
}

TEST(SctpPacketCrc32cDeathTest, AbortsWithoutACommonHeader) {
  const Bytes eleven(11, 0);
  EXPECT_DEATH(SctpPacketCrc32c(eleven), "");
}

}  // namespace
}  // namespace sctpdp
