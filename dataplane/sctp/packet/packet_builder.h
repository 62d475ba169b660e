#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "dataplane/sctp/packet/packet_writer.h"
#include "dataplane/sctp/packet/tlv.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

// Assembles one outgoing SCTP packet under the bundling rules of RFC 9260
// section 6.10 and a size limit (the path MTU less the IP and any UDP
// header): control chunks before DATA and I-DATA, and INIT, INIT ACK and
// SHUTDOWN COMPLETE alone in their packet.
class PacketBuilder {
 public:
  enum class AddResult : uint8_t {
    kAdded,
    kNoRoom,            // would pass max_packet_size or the buffer
    kMustBeAlone,       // INIT, INIT ACK or SHUTDOWN COMPLETE with other chunks
    kControlAfterData,  // a control chunk after DATA (section 6.10)
  };

  PacketBuilder(std::span<uint8_t> buffer, const CommonHeader& header, size_t max_packet_size)
      : writer_(buffer, header), max_packet_size_(max_packet_size) {}

  template <typename Chunk>
  AddResult Add(const Chunk& chunk) {
    const ChunkType type = TypeOf(chunk);
    if (AddResult verdict = Admit(type, chunk.WireSize()); verdict != AddResult::kAdded) {
      return verdict;
    }
    writer_.Append(chunk);
    Record(type);
    return AddResult::kAdded;
  }

  // Bytes a chunk may still take, padding included.
  size_t remaining() const {
    const size_t used = writer_.size();
    const size_t by_limit = max_packet_size_ > used ? max_packet_size_ - used : 0;
    return std::min(by_limit, writer_.remaining());
  }
  size_t size() const { return writer_.size(); }
  bool empty() const { return writer_.chunk_count() == 0; }
  bool has_data() const { return has_data_; }

  std::span<uint8_t> Finish(ChecksumMode mode = ChecksumMode::kSoftware) {
    return writer_.Finish(mode);
  }

 private:
  template <typename Chunk>
  static ChunkType TypeOf(const Chunk& chunk) {
    if constexpr (requires { Chunk::kType; }) {
      return Chunk::kType;
    } else {
      return static_cast<ChunkType>(chunk.type);  // UnknownChunk
    }
  }
  static constexpr bool IsData(ChunkType type) {
    return type == ChunkType::kData || type == ChunkType::kIData;
  }
  // RFC 9260 section 6.10: "INIT, INIT ACK, and SHUTDOWN COMPLETE chunks
  // MUST NOT be bundled with any other chunk in a packet."
  static constexpr bool MustBeAlone(ChunkType type) {
    return type == ChunkType::kInit || type == ChunkType::kInitAck ||
           type == ChunkType::kShutdownComplete;
  }
  // Admit and Record are inline, like Add: with the chunk type a constant
  // most of their tests fold away, and the state stays in registers while
  // a packet is filled.
  AddResult Admit(ChunkType type, size_t wire_size) const {
    if (sealed_ || (MustBeAlone(type) && !empty())) return AddResult::kMustBeAlone;
    if (has_data_ && !IsData(type)) return AddResult::kControlAfterData;
    if (PaddedLength(wire_size) > remaining()) return AddResult::kNoRoom;
    return AddResult::kAdded;
  }
  void Record(ChunkType type) {
    has_data_ |= IsData(type);
    sealed_ |= MustBeAlone(type);
  }

  PacketWriter writer_;
  size_t max_packet_size_;
  bool has_data_ = false;
  bool sealed_ = false;  // holds a chunk that must travel alone
};

}  // namespace sctpdp
