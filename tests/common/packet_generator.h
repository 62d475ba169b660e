#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <vector>

#include "dataplane/sctp/packet/packet_writer.h"

namespace sctpdp::testing {

// Storage for the bytes and values that wire objects view (payloads, nested
// TLV lists, WireList elements) while a packet is being serialized. Blocks
// never move once allocated, so every span stays valid until Clear().
class Arena {
 public:
  std::span<uint8_t> Bytes(size_t size) { return Values<uint8_t>(size); }

  template <typename T>
  std::span<T> Values(size_t count) {
    auto block = std::make_unique<TypedBlock<T>>(count);
    std::span<T> values(block->values);
    blocks_.push_back(std::move(block));
    return values;
  }

  void Clear() { blocks_.clear(); }

 private:
  struct Block {
    virtual ~Block() = default;
  };
  template <typename T>
  struct TypedBlock final : Block {
    explicit TypedBlock(size_t count) : values(count) {}
    std::vector<T> values;
  };

  std::vector<std::unique_ptr<Block>> blocks_;
};

struct PacketGeneratorOptions {
  // The whole SCTP packet, common header included; at least 16 (a header and
  // one empty chunk).
  size_t max_packet_size = 1500;
  // Chunks per packet: 1 up to this many, as far as max_packet_size allows.
  size_t max_chunks = 8;
  // Longest variable part (payload, cookie, opaque bytes) of one object; the
  // room left in the packet caps it too.
  size_t max_variable_size = 600;
  // true: the packets follow the placement rules of the RFCs as well as the
  // wire format: INIT, INIT ACK and SHUTDOWN COMPLETE alone and control
  // chunks before DATA/I-DATA (RFC 9260 section 6.10), verification tag
  // zero in INIT packets (section 8.5.1), parameters and error causes in the
  // chunks that carry them. false: any chunk order and any parameter or
  // cause in any list, which the parser accepts as well.
  bool strict = true;
  ChecksumMode checksum = ChecksumMode::kSoftware;
};

// Random SCTP packets that are valid for sctpdp's parser: every chunk type
// (and unknown types with each of the four action-bit combinations), every
// parameter type and every error-cause code, with random field values,
// random lengths (aligned or not) and nested lists (ASCONF starting with an
// address parameter, Error Cause Indications holding causes, requests
// wrapping address parameters). Reserved bits and padding are zero, so every
// packet round-trips byte for byte through SctpPacket and ParseChunk.
// Objects are built as wire structs and written with TlvListWriter and
// PacketWriter. The same seed gives the same packets.
class PacketGenerator {
 public:
  explicit PacketGenerator(uint64_t seed, PacketGeneratorOptions options = {});

  std::vector<uint8_t> Next();

  const PacketGeneratorOptions& options() const { return options_; }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
  PacketGeneratorOptions options_;
  Arena arena_;  // cleared after each packet
};

// One packet from `rng` (what PacketGenerator::Next uses).
std::vector<uint8_t> GeneratePacket(std::mt19937_64& rng, const PacketGeneratorOptions& options,
                                    Arena& arena);

// For benchmarks: a packet of `chunk_count` DATA chunks, each a whole user
// message (B and E set) of `payload_size` bytes of `payload_byte`, on stream
// 1 with consecutive TSNs and SSNs from 1, PPID 53, source port 5000,
// destination port 5001, verification tag 0x01020304, CRC32c checksum.
std::vector<uint8_t> GenerateDataPacket(size_t payload_size, size_t chunk_count,
                                        uint8_t payload_byte = 0x5A);

}  // namespace sctpdp::testing
