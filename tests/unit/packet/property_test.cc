// Property tests of the whole wire format, driven by the random packet
// generator: every generated packet parses and round-trips byte for byte,
// and every mutation of one either fails to parse or rewrites to a fixed
// point. They run in the sanitizer build of scripts/test, so an
// out-of-bounds read anywhere in the parsers is a failure here.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/error_cause/any_error_cause.h"
#include "dataplane/sctp/packet/packet_writer.h"
#include "dataplane/sctp/packet/parameter/any_parameter.h"
#include "dataplane/sctp/packet/round_trip.h"
#include "dataplane/sctp/packet/sctp_packet.h"
#include "tests/common/packet_generator.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::PacketGenerator;
using ::sctpdp::testing::PacketGeneratorOptions;
using Bytes = std::vector<uint8_t>;

// Whole packets in failure messages, not just their first bytes.
std::string Hex(std::span<const uint8_t> bytes) { return HexString(bytes, bytes.size()); }

constexpr int kGeneratedPackets = 20000;
constexpr int kMutatedPackets = 20000;

constexpr bool MustBeAlone(ChunkType type) {
  return type == ChunkType::kInit || type == ChunkType::kInitAck ||
         type == ChunkType::kShutdownComplete;
}

constexpr bool IsData(ChunkType type) {
  return type == ChunkType::kData || type == ChunkType::kIData;
}

// The options of packet `i`: strict and free placement, and packet sizes
// from the smallest possible (a header and one empty chunk) to jumbo.
PacketGeneratorOptions OptionsFor(uint64_t i) {
  static constexpr std::array<size_t, 7> kSizes = {16, 40, 128, 512, 1280, 1500, 9000};
  return PacketGeneratorOptions{
      .max_packet_size = kSizes[i % kSizes.size()],
      .max_chunks = 1 + i % 9,
      .max_variable_size = i % 5 == 0 ? size_t{4000} : size_t{300},
      .strict = (i / kSizes.size()) % 2 == 0,
      .checksum = i % 13 == 0 ? ChecksumMode::kZero : ChecksumMode::kSoftware};
}

// Which parsed forms the generated packets reached: the variant index of
// every chunk, parameter and cause, and the action bits of unknown types.
struct Coverage {
  std::bitset<std::variant_size_v<AnyChunk>> chunks;
  std::bitset<std::variant_size_v<AnyParameter>> parameters;
  std::bitset<std::variant_size_v<AnyErrorCause>> causes;
  std::bitset<4> unknown_chunk_actions;
  std::bitset<4> unknown_parameter_actions;
  std::set<size_t> chunk_counts;
};

// Whether CheckParameters and CheckCauses also parse the objects a
// parameter or cause echoes (an unrecognized parameter or chunk, a refused
// ASCONF request, an unresolvable address). ParseChunk keeps those opaque,
// so only generated packets promise they parse.
enum class Echoes : uint8_t { kCheck, kSkip };

void CheckParameters(std::span<const uint8_t> list_bytes, Echoes echoes, Coverage& coverage);
void CheckCauses(std::span<const uint8_t> list_bytes, Echoes echoes, Coverage& coverage);

// Every parameter of a list parses as what its type names, down to the
// causes of an Error Cause Indication.
void CheckParameters(std::span<const uint8_t> list_bytes, Echoes echoes, Coverage& coverage) {
  ParseResult<TlvList> list = TlvList::Parse(list_bytes, WireKind::kParameter);
  ASSERT_TRUE(list.ok()) << list.error().ToString() << " in " << Hex(list_bytes);
  for (const TlvList::Field& field : *list) {
    ParseResult<AnyParameter> parameter = ParseParameter(field.bytes);
    ASSERT_TRUE(parameter.ok()) << parameter.error().ToString() << " in " << Hex(field.bytes);
    coverage.parameters.set(parameter->index());
    ASSERT_FALSE(ParameterToString(*parameter).empty());
    if (const auto* unknown = std::get_if<UnknownParameter>(&*parameter)) {
      coverage.unknown_parameter_actions.set(static_cast<size_t>(unknown->action()));
    } else if (const auto* indication = std::get_if<ErrorCauseIndicationParameter>(&*parameter)) {
      ASSERT_NO_FATAL_FAILURE(CheckCauses(indication->error_causes.bytes(), echoes, coverage));
    } else if (const auto* unrecognized = std::get_if<UnrecognizedParameter>(&*parameter)) {
      if (echoes == Echoes::kCheck) {
        ASSERT_NO_FATAL_FAILURE(CheckParameters(unrecognized->parameter, echoes, coverage));
      }
    }
  }
}

// Every cause of a list parses as what its code names, down to the
// addresses of a Restart of an Association with New Addresses.
void CheckCauses(std::span<const uint8_t> list_bytes, Echoes echoes, Coverage& coverage) {
  ParseResult<TlvList> list = TlvList::Parse(list_bytes, WireKind::kErrorCause);
  ASSERT_TRUE(list.ok()) << list.error().ToString() << " in " << Hex(list_bytes);
  for (const TlvList::Field& field : *list) {
    ParseResult<AnyErrorCause> cause = ParseErrorCause(field.bytes);
    ASSERT_TRUE(cause.ok()) << cause.error().ToString() << " in " << Hex(field.bytes);
    coverage.causes.set(cause->index());
    ASSERT_FALSE(ErrorCauseToString(*cause).empty());
    std::visit(
        [echoes, &coverage](const auto& c) {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, RestartWithNewAddressesCause>) {
            CheckParameters(c.new_addresses.bytes(), echoes, coverage);
          }
          if (echoes == Echoes::kSkip) return;
          if constexpr (std::is_same_v<T, UnrecognizedParametersCause>) {
            CheckParameters(c.parameters, echoes, coverage);
          } else if constexpr (std::is_same_v<T, UnresolvableAddressCause>) {
            CheckParameters(c.address, echoes, coverage);
          } else if constexpr (requires { c.asconf_parameter; }) {
            CheckParameters(c.asconf_parameter, echoes, coverage);
          } else if constexpr (std::is_same_v<T, UnrecognizedChunkTypeCause>) {
            if (c.chunk.empty()) return;
            ParseResult<AnyChunk> chunk =
                ParseChunk(ChunkView{.type = static_cast<ChunkType>(c.chunk[0]), .bytes = c.chunk});
            ASSERT_TRUE(chunk.ok()) << chunk.error().ToString();
            ASSERT_TRUE(std::holds_alternative<UnknownChunk>(*chunk)) << ChunkToString(*chunk);
          }
        },
        *cause);
    ASSERT_FALSE(::testing::Test::HasFatalFailure()) << ErrorCauseToString(*cause);
  }
}

// The parameters and causes nested in a chunk ParseChunk accepted.
void CheckNested(const AnyChunk& chunk, Echoes echoes, Coverage& coverage) {
  std::visit(
      [echoes, &coverage](const auto& c) {
        if constexpr (requires { c.parameters; }) {
          CheckParameters(c.parameters.bytes(), echoes, coverage);
        }
        if constexpr (requires { c.error_causes; }) {
          CheckCauses(c.error_causes.bytes(), echoes, coverage);
        }
      },
      chunk);
}

// Everything a generated packet promises.
void CheckGeneratedPacket(const Bytes& packet, const PacketGeneratorOptions& options,
                          Coverage& coverage) {
  ASSERT_LE(packet.size(), options.max_packet_size);
  ASSERT_EQ(packet.size() % 4, 0u) << "chunks end on a four-byte boundary";

  const auto check = options.checksum == ChecksumMode::kZero
                         ? SctpPacket::ChecksumCheck::kVerifyOrAcceptZero
                         : SctpPacket::ChecksumCheck::kVerify;
  ParseResult<SctpPacket> parsed = SctpPacket::Parse(packet, check);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  ASSERT_FALSE(parsed->has_nonzero_padding());
  if (options.checksum == ChecksumMode::kZero) {
    ASSERT_EQ(parsed->header().checksum, 0u);
  } else {
    ASSERT_EQ(parsed->header().checksum, SctpChecksum(packet));
  }
  ASSERT_GE(parsed->chunk_count(), 1u);
  ASSERT_LE(parsed->chunk_count(), options.max_chunks);
  coverage.chunk_counts.insert(parsed->chunk_count());

  Bytes scratch(packet.size());
  const RoundTripResult round_trip = RoundTripPacket(packet, scratch);
  ASSERT_EQ(round_trip.outcome, RoundTripResult::Outcome::kIdentical)
      << "first difference at " << round_trip.first_difference << " in chunk "
      << round_trip.difference_chunk_index
      << (round_trip.error ? " " + round_trip.error->ToString() : "");

  bool seen_data = false;
  std::optional<Tsn> last_tsn;
  for (const ChunkView& view : *parsed) {
    ParseResult<AnyChunk> chunk = ParseChunk(view);
    ASSERT_TRUE(chunk.ok()) << chunk.error().ToString();
    ASSERT_FALSE(ChunkToString(*chunk).empty());
    coverage.chunks.set(chunk->index());
    if (const auto* unknown = std::get_if<UnknownChunk>(&*chunk)) {
      ASSERT_EQ(ChunkTypeName(static_cast<ChunkType>(unknown->type)), "unknown");
      coverage.unknown_chunk_actions.set(static_cast<size_t>(unknown->action()));
    }
    ASSERT_NO_FATAL_FAILURE(CheckNested(*chunk, Echoes::kCheck, coverage)) << ChunkToString(*chunk);

    if (options.strict) {
      // RFC 9260 section 6.10 and 8.5.1.
      if (MustBeAlone(view.type)) {
        ASSERT_EQ(parsed->chunk_count(), 1u) << ChunkToString(*chunk);
      }
      if (IsData(view.type)) seen_data = true;
      ASSERT_FALSE(seen_data && !IsData(view.type)) << "control chunk after DATA";
      if (view.type == ChunkType::kInit) {
        ASSERT_EQ(parsed->header().verification_tag, VerificationTag(0));
      }
      if (view.type == ChunkType::kError) {
        ASSERT_FALSE(std::get<ErrorChunk>(*chunk).error_causes.empty());
      }
      // Sections 3.3.5 and 3.3.6: one Heartbeat Info parameter.
      if (view.type == ChunkType::kHeartbeat || view.type == ChunkType::kHeartbeatAck) {
        const TlvList& parameters = view.type == ChunkType::kHeartbeat
                                        ? std::get<HeartbeatRequestChunk>(*chunk).parameters
                                        : std::get<HeartbeatAckChunk>(*chunk).parameters;
        ASSERT_EQ(std::distance(parameters.begin(), parameters.end()), 1);
        ASSERT_EQ((*parameters.begin()).type, static_cast<uint16_t>(ParameterType::kHeartbeatInfo));
      }
      // Section 6.10: DATA in increasing order of TSN.
      if (IsData(view.type)) {
        const Tsn tsn = view.type == ChunkType::kData ? std::get<DataChunk>(*chunk).tsn
                                                      : std::get<IDataChunk>(*chunk).tsn;
        if (last_tsn) {
          ASSERT_GT(static_cast<int32_t>(tsn.value() - last_tsn->value()), 0) << "serial order";
        }
        last_tsn = tsn;
      }
    }
  }
}

TEST(PacketGeneratorTest, SameSeedSamePackets) {
  PacketGenerator a(42);
  PacketGenerator b(42);
  PacketGenerator c(43);
  bool any_different = false;
  for (int i = 0; i < 50; ++i) {
    const Bytes from_a = a.Next();
    EXPECT_EQ(from_a, b.Next());
    any_different |= from_a != c.Next();
  }
  EXPECT_TRUE(any_different);
}

TEST(PacketGeneratorTest, DataPacketForBenchmarks) {
  const Bytes packet = testing::GenerateDataPacket(/*payload_size=*/1001, /*chunk_count=*/3, 0x77);
  ASSERT_EQ(packet.size(), 12u + 3 * 1020);
  ParseResult<SctpPacket> parsed = SctpPacket::Parse(packet);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  ASSERT_EQ(parsed->chunk_count(), 3u);
  uint32_t expected_tsn = 1;
  for (const ChunkView& view : *parsed) {
    ParseResult<DataChunk> data = DataChunk::Parse(view.bytes);
    ASSERT_TRUE(data.ok()) << data.error().ToString();
    EXPECT_EQ(data->tsn, Tsn(expected_tsn++));
    EXPECT_EQ(data->stream_id, StreamId(1));
    EXPECT_TRUE(data->flags.beginning && data->flags.end);
    ASSERT_EQ(data->payload.size(), 1001u);
    EXPECT_TRUE(std::all_of(data->payload.begin(), data->payload.end(),
                            [](uint8_t b) { return b == 0x77; }));
  }
  Bytes scratch(packet.size());
  EXPECT_EQ(RoundTripPacket(packet, scratch).outcome, RoundTripResult::Outcome::kIdentical);
}

TEST(PropertyTest, GeneratedPacketsRoundTrip) {
  Coverage coverage;
  testing::Arena arena;
  std::mt19937_64 rng(20260101);
  for (int i = 0; i < kGeneratedPackets; ++i) {
    const PacketGeneratorOptions options = OptionsFor(static_cast<uint64_t>(i));
    const Bytes packet = testing::GeneratePacket(rng, options, arena);
    ASSERT_NO_FATAL_FAILURE(CheckGeneratedPacket(packet, options, coverage))
        << "packet " << i << ": " << Hex(packet);
  }
  // The generator reaches every chunk, parameter and cause the parser
  // knows, and unknown types with each pair of action bits.
  EXPECT_TRUE(coverage.chunks.all()) << coverage.chunks;
  EXPECT_TRUE(coverage.parameters.all()) << coverage.parameters;
  EXPECT_TRUE(coverage.causes.all()) << coverage.causes;
  EXPECT_TRUE(coverage.unknown_chunk_actions.all()) << coverage.unknown_chunk_actions;
  EXPECT_TRUE(coverage.unknown_parameter_actions.all()) << coverage.unknown_parameter_actions;
  EXPECT_EQ(coverage.chunk_counts.size(), 9u) << "1 to 9 chunks per packet";
}

// RFC 9260 section 3.2: "A robust implementation is expected to accept the
// chunk whether or not the final padding has been included in the Chunk
// Length." A chunk ending in a parameter or cause list parses both ways,
// to the same fields, and keeps the form it was given.
TEST(PropertyTest, FinalPaddingInTheChunkLengthIsAccepted) {
  PacketGenerator generator(99, {.max_chunks = 4});
  int lengthened = 0;
  for (int i = 0; i < 2000; ++i) {
    const Bytes packet = generator.Next();
    ParseResult<SctpPacket> parsed = SctpPacket::Parse(packet);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    for (const ChunkView& view : *parsed) {
      const size_t length = view.bytes.size();
      if (length % 4 == 0) continue;
      ParseResult<AnyChunk> chunk = ParseChunk(view);
      ASSERT_TRUE(chunk.ok());
      const bool ends_in_list = std::visit(
          [](const auto& c) {
            return requires { c.parameters; }
            || requires { c.error_causes; };
          },
          *chunk);
      if (!ends_in_list) continue;

      Bytes padded = packet;
      const size_t new_length = PaddedLength(length);
      padded[view.offset + 2] = static_cast<uint8_t>(new_length >> 8);
      padded[view.offset + 3] = static_cast<uint8_t>(new_length);
      WriteSctpChecksum(padded);
      ParseResult<SctpPacket> reparsed = SctpPacket::Parse(padded);
      ASSERT_TRUE(reparsed.ok()) << reparsed.error().ToString();
      const ChunkView same = *std::next(reparsed->begin(), view.index);
      ParseResult<AnyChunk> again = ParseChunk(same);
      ASSERT_TRUE(again.ok()) << again.error().ToString() << " in " << Hex(same.bytes);
      EXPECT_EQ(ChunkToString(*again), ChunkToString(*chunk));
      Bytes scratch(padded.size());
      EXPECT_EQ(RoundTripPacket(padded, scratch).outcome, RoundTripResult::Outcome::kIdentical);
      ++lengthened;
    }
  }
  EXPECT_GT(lengthened, 100);
}

// --- Mutations -------------------------------------------------------------

// Offsets of the fields mutations aim at: type and length of every chunk,
// parameter and cause (nested ones too), the SACK counts and the count of
// Missing Mandatory Parameter.
struct FieldOffsets {
  std::vector<size_t> types8;    // one-byte chunk types
  std::vector<size_t> fields16;  // 16-bit lengths, counts, parameter and cause types
};

void CollectTlvList(std::span<const uint8_t> packet, size_t base, WireKind kind,
                    FieldOffsets& offsets, int depth);

// A wire object wrapped whole inside another (a request's address, an
// echoed parameter or chunk).
void CollectWrapped(std::span<const uint8_t> packet, size_t start, size_t end, WireKind kind,
                    FieldOffsets& offsets, int depth) {
  if (start + kTlvHeaderSize > end || depth > 4) return;
  if (kind == WireKind::kChunk) {
    offsets.types8.push_back(start);
    offsets.fields16.push_back(start + 2);
    return;
  }
  CollectTlvList(packet.subspan(0, end), start, kind, offsets, depth);
}

void CollectTlvList(std::span<const uint8_t> packet, size_t base, WireKind kind,
                    FieldOffsets& offsets, int depth) {
  ParseResult<TlvList> list = TlvList::Parse(packet.subspan(base), kind);
  if (!list.ok()) return;
  for (const TlvList::Field& field : *list) {
    const size_t start = base + field.offset;
    const size_t end = start + field.bytes.size();
    offsets.fields16.push_back(start);
    offsets.fields16.push_back(start + 2);
    if (kind == WireKind::kParameter) {
      switch (static_cast<ParameterType>(field.type)) {
        case ParameterType::kErrorCauseIndication:
          CollectWrapped(packet, start + 8, end, WireKind::kErrorCause, offsets, depth + 1);
          break;
        case ParameterType::kAddIpAddress:
        case ParameterType::kDeleteIpAddress:
        case ParameterType::kSetPrimaryAddress:
          CollectWrapped(packet, start + 8, end, WireKind::kParameter, offsets, depth + 1);
          break;
        case ParameterType::kUnrecognizedParameter:
          CollectWrapped(packet, start + 4, end, WireKind::kParameter, offsets, depth + 1);
          break;
        default:
          break;
      }
    } else {
      switch (static_cast<ErrorCauseCode>(field.type)) {
        case ErrorCauseCode::kMissingMandatoryParameter:
          offsets.fields16.push_back(start + 6);  // low half of the count
          break;
        case ErrorCauseCode::kUnrecognizedChunkType:
          CollectWrapped(packet, start + 4, end, WireKind::kChunk, offsets, depth + 1);
          break;
        case ErrorCauseCode::kUnresolvableAddress:
        case ErrorCauseCode::kUnrecognizedParameters:
        case ErrorCauseCode::kRestartWithNewAddresses:
        case ErrorCauseCode::kDeleteLastRemainingAddress:
        case ErrorCauseCode::kResourceShortage:
        case ErrorCauseCode::kDeleteSourceAddress:
        case ErrorCauseCode::kNoAuthorization:
          CollectWrapped(packet, start + 4, end, WireKind::kParameter, offsets, depth + 1);
          break;
        default:
          break;
      }
    }
  }
}

FieldOffsets CollectFieldOffsets(std::span<const uint8_t> packet) {
  FieldOffsets offsets;
  ParseResult<SctpPacket> parsed = SctpPacket::Parse(packet, SctpPacket::ChecksumCheck::kSkip);
  if (!parsed.ok()) return offsets;
  for (const ChunkView& view : *parsed) {
    offsets.types8.push_back(view.offset);
    offsets.fields16.push_back(view.offset + 2);
    ParseResult<AnyChunk> chunk = ParseChunk(view);
    if (!chunk.ok()) continue;
    const std::span<const uint8_t> chunk_end = packet.first(view.offset + view.bytes.size());
    std::visit(
        [&](const auto& c) {
          using T = std::decay_t<decltype(c)>;
          if constexpr (requires { c.parameters; }) {
            CollectTlvList(chunk_end, view.offset + T::kHeaderSize, WireKind::kParameter, offsets,
                           0);
          }
          if constexpr (requires { c.error_causes; }) {
            CollectTlvList(chunk_end, view.offset + T::kHeaderSize, WireKind::kErrorCause, offsets,
                           0);
          }
          if constexpr (std::is_same_v<T, SackChunk>) {
            offsets.fields16.push_back(view.offset + 12);
            offsets.fields16.push_back(view.offset + 14);
          }
        },
        *chunk);
  }
  return offsets;
}

// The chunks of a packet as byte ranges, padding included.
std::vector<std::span<const uint8_t>> PaddedChunks(std::span<const uint8_t> packet) {
  std::vector<std::span<const uint8_t>> chunks;
  ParseResult<SctpPacket> parsed = SctpPacket::Parse(packet, SctpPacket::ChecksumCheck::kSkip);
  if (!parsed.ok()) return chunks;
  for (const ChunkView& view : *parsed) {
    chunks.push_back(packet.subspan(
        view.offset, std::min(PaddedLength(view.bytes.size()), packet.size() - view.offset)));
  }
  return chunks;
}

class Mutator {
 public:
  explicit Mutator(uint64_t seed) : rng_(seed) {}

  Bytes Mutate(const Bytes& a, const Bytes& b);

 private:
  uint64_t Uniform(uint64_t low, uint64_t high) {
    return std::uniform_int_distribution<uint64_t>(low, high)(rng_);
  }
  uint16_t NewValue16(uint16_t old);

  std::mt19937_64 rng_;
};

uint16_t Mutator::NewValue16(uint16_t old) {
  switch (Uniform(0, 6)) {
    case 0:
      return static_cast<uint16_t>(rng_());
    case 1:
      return static_cast<uint16_t>(old + Uniform(1, 8));
    case 2:
      return static_cast<uint16_t>(old - Uniform(1, 8));
    case 3:
      return static_cast<uint16_t>(old + 4 * Uniform(1, 64));
    case 4:
      return static_cast<uint16_t>(old - 4 * Uniform(1, 64));
    case 5:
      return static_cast<uint16_t>(Uniform(0, 8));
    default:
      return 0xFFFF;
  }
}

Bytes Mutator::Mutate(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  bool fix_checksum = Uniform(0, 3) != 0;
  switch (Uniform(0, 7)) {
    case 0: {  // bit flips
      const uint64_t flips = Uniform(1, 4);
      for (uint64_t i = 0; i < flips; ++i) {
        const size_t at = Uniform(0, out.size() - 1);
        out[at] ^= static_cast<uint8_t>(1u << Uniform(0, 7));
      }
      break;
    }
    case 1:
    case 2: {  // a length, count or type field
      const FieldOffsets offsets = CollectFieldOffsets(a);
      const uint64_t changes = Uniform(1, 2);
      for (uint64_t i = 0; i < changes; ++i) {
        if (Uniform(0, 4) == 0 && !offsets.types8.empty()) {
          const size_t at = offsets.types8[Uniform(0, offsets.types8.size() - 1)];
          out[at] = static_cast<uint8_t>(rng_());
        } else if (!offsets.fields16.empty()) {
          const size_t at = offsets.fields16[Uniform(0, offsets.fields16.size() - 1)];
          const uint16_t value = NewValue16(static_cast<uint16_t>((out[at] << 8) | out[at + 1]));
          out[at] = static_cast<uint8_t>(value >> 8);
          out[at + 1] = static_cast<uint8_t>(value);
        }
      }
      break;
    }
    case 3:  // truncation
      out.resize(Uniform(0, out.size() - 1));
      break;
    case 4: {  // extension with zeros, random bytes or a chunk header
      switch (Uniform(0, 2)) {
        case 0:
          out.resize(out.size() + Uniform(1, 16), 0);
          break;
        case 1:
          for (uint64_t n = Uniform(1, 16); n > 0; --n) out.push_back(static_cast<uint8_t>(rng_()));
          break;
        default: {
          const uint16_t length = static_cast<uint16_t>(Uniform(0, 64));
          out.insert(out.end(), {static_cast<uint8_t>(rng_()), 0, static_cast<uint8_t>(length >> 8),
                                 static_cast<uint8_t>(length)});
          out.resize(out.size() + Uniform(0, 64), 0);
          break;
        }
      }
      break;
    }
    case 5: {  // random bytes overwritten
      for (uint64_t n = Uniform(1, 8); n > 0; --n) {
        out[Uniform(0, out.size() - 1)] = static_cast<uint8_t>(rng_());
      }
      break;
    }
    default: {  // chunks spliced from both packets
      const auto from_a = PaddedChunks(a);
      const auto from_b = PaddedChunks(b);
      out.resize(CommonHeader::kSize);
      for (uint64_t n = Uniform(1, 6); n > 0; --n) {
        const auto& source = Uniform(0, 1) == 0 ? from_a : from_b;
        if (source.empty()) continue;
        std::span<const uint8_t> chunk = source[Uniform(0, source.size() - 1)];
        if (Uniform(0, 7) == 0) chunk = chunk.first(Uniform(0, chunk.size()));  // a partial chunk
        out.insert(out.end(), chunk.begin(), chunk.end());
      }
      break;
    }
  }
  if (fix_checksum && out.size() >= CommonHeader::kSize) WriteSctpChecksum(out);
  return out;
}

// What RoundTripPacket does, with the rewrite returned: the packet's own
// header, every chunk parsed and appended, the same checksum mode.
Bytes Rewrite(const SctpPacket& packet) {
  Bytes buffer(2 * packet.bytes().size() + 1024);
  PacketWriter writer(buffer, packet.header());
  for (const ChunkView& view : packet) {
    ParseResult<AnyChunk> chunk = ParseChunk(view);
    if (!chunk.ok()) std::abort();
    const bool appended = std::visit([&writer](const auto& c) { return writer.Append(c); }, *chunk);
    if (!appended) std::abort();
  }
  std::span<uint8_t> out =
      writer.Finish(packet.header().checksum == 0 ? ChecksumMode::kZero : ChecksumMode::kSoftware);
  return Bytes(out.begin(), out.end());
}

// A mutated packet never crashes the parsers; if it parses to the last
// nested field, its rewrite has the same size, parses, and is a fixed point.
void CheckMutatedPacket(const Bytes& input, RoundTripResult::Outcome& outcome) {
  Bytes scratch(input.size());
  const RoundTripResult first = RoundTripPacket(input, scratch);
  outcome = first.outcome;

  // Checksum verification answers either way, without touching the chunks.
  ParseResult<SctpPacket> verified = SctpPacket::Parse(input);
  if (verified.ok()) {
    ASSERT_EQ(verified->header().checksum, SctpChecksum(input));
  }

  ParseResult<SctpPacket> parsed = SctpPacket::Parse(input, SctpPacket::ChecksumCheck::kSkip);
  if (!parsed.ok()) {
    ASSERT_EQ(first.outcome, RoundTripResult::Outcome::kParseError);
    ASSERT_EQ(first.error, parsed.error());
    return;
  }
  bool every_chunk_parses = true;
  for (const ChunkView& view : *parsed) {
    ParseResult<AnyChunk> chunk = ParseChunk(view);
    if (!chunk.ok()) {
      ASSERT_EQ(chunk.error().chunk_index, view.index);
      ASSERT_GE(chunk.error().offset, view.offset);
      ASSERT_LE(chunk.error().offset, view.offset + view.bytes.size());
      every_chunk_parses = false;
      continue;
    }
    ASSERT_FALSE(ChunkToString(*chunk).empty());
    // ParseChunk parses "down to every parameter and error cause nested in
    // it" (any_chunk.h).
    Coverage ignored;
    ASSERT_NO_FATAL_FAILURE(CheckNested(*chunk, Echoes::kSkip, ignored)) << ChunkToString(*chunk);
  }
  if (!every_chunk_parses) {
    ASSERT_EQ(first.outcome, RoundTripResult::Outcome::kParseError);
    return;
  }

  const Bytes rewrite = Rewrite(*parsed);
  ASSERT_EQ(rewrite.size(), input.size());
  if (first.outcome == RoundTripResult::Outcome::kIdentical) {
    ASSERT_EQ(rewrite, input);
  } else {
    ASSERT_EQ(first.outcome, RoundTripResult::Outcome::kDifferent);
    const auto [in, out] = std::mismatch(input.begin(), input.end(), rewrite.begin());
    ASSERT_NE(in, input.end());
    ASSERT_EQ(first.first_difference, static_cast<size_t>(in - input.begin()));
    ASSERT_EQ(first.nonzero_padding, parsed->has_nonzero_padding());
    int holder = -1;
    for (const ChunkView& view : *parsed) {
      if (first.first_difference >= view.offset &&
          first.first_difference < view.offset + view.bytes.size()) {
        holder = view.index;
      }
    }
    ASSERT_EQ(first.difference_chunk_index, holder);
  }
  ASSERT_TRUE(SctpPacket::Parse(rewrite, SctpPacket::ChecksumCheck::kVerifyOrAcceptZero).ok());
  Bytes scratch2(rewrite.size());
  const RoundTripResult second = RoundTripPacket(rewrite, scratch2);
  ASSERT_EQ(second.outcome, RoundTripResult::Outcome::kIdentical)
      << "rewrite " << Hex(rewrite) << " differs at " << second.first_difference;
}

TEST(PropertyTest, MutatedPacketsNeverCrashAndRewriteToAFixedPoint) {
  testing::Arena arena;
  std::mt19937_64 rng(777);
  Mutator mutator(4242);
  int parsed = 0;
  int identical = 0;
  for (int i = 0; i < kMutatedPackets; ++i) {
    PacketGeneratorOptions options = OptionsFor(static_cast<uint64_t>(i));
    options.max_packet_size = std::min<size_t>(options.max_packet_size, 1500);
    const Bytes a = testing::GeneratePacket(rng, options, arena);
    const Bytes b = testing::GeneratePacket(rng, options, arena);
    const Bytes mutated = mutator.Mutate(a, b);
    RoundTripResult::Outcome outcome{};
    ASSERT_NO_FATAL_FAILURE(CheckMutatedPacket(mutated, outcome))
        << "mutation " << i << " of " << Hex(a) << ": " << Hex(mutated);
    parsed += outcome != RoundTripResult::Outcome::kParseError;
    identical += outcome == RoundTripResult::Outcome::kIdentical;
  }
  RecordProperty("parsed", parsed);
  RecordProperty("identical", identical);
  // Both sides of the property are exercised: mutations that still parse
  // (and some that stay byte-identical) and mutations that do not.
  EXPECT_GT(parsed, kMutatedPackets / 10);
  EXPECT_GT(identical, kMutatedPackets / 20);
  EXPECT_LT(parsed, kMutatedPackets * 9 / 10);
}

}  // namespace
}  // namespace sctpdp
