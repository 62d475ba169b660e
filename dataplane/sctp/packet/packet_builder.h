#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "dataplane/sctp/packet/packet_writer.h"
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

  PacketBuilder(std::span<uint8_t> buffer, const CommonHeader& header, size_t max_packet_size);

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
  size_t remaining() const;
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
  AddResult Admit(ChunkType type, size_t wire_size) const;
  void Record(ChunkType type);

  PacketWriter writer_;
  size_t max_packet_size_;
  bool has_data_ = false;
  bool sealed_ = false;  // holds a chunk that must travel alone
};

}  // namespace sctpdp
