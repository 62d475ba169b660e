#include "dataplane/sctp/packet/packet_builder.h"

#include <algorithm>

#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
namespace {

constexpr bool IsData(ChunkType type) {
  return type == ChunkType::kData || type == ChunkType::kIData;
}

// RFC 9260 section 6.10: "INIT, INIT ACK, and SHUTDOWN COMPLETE chunks MUST
// NOT be bundled with any other chunk in a packet."
constexpr bool MustBeAlone(ChunkType type) {
  return type == ChunkType::kInit || type == ChunkType::kInitAck ||
         type == ChunkType::kShutdownComplete;
}

}  // namespace

PacketBuilder::PacketBuilder(std::span<uint8_t> buffer, const CommonHeader& header,
                             size_t max_packet_size)
    : writer_(buffer, header), max_packet_size_(max_packet_size) {}

size_t PacketBuilder::remaining() const {
  const size_t used = writer_.size();
  const size_t by_limit = max_packet_size_ > used ? max_packet_size_ - used : 0;
  return std::min(by_limit, writer_.remaining());
}

PacketBuilder::AddResult PacketBuilder::Admit(ChunkType type, size_t wire_size) const {
  if (sealed_ || (MustBeAlone(type) && !empty())) return AddResult::kMustBeAlone;
  if (has_data_ && !IsData(type)) return AddResult::kControlAfterData;
  if (PaddedLength(wire_size) > remaining()) return AddResult::kNoRoom;
  return AddResult::kAdded;
}

void PacketBuilder::Record(ChunkType type) {
  has_data_ |= IsData(type);
  sealed_ |= MustBeAlone(type);
}

}  // namespace sctpdp
