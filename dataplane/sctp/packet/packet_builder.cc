#include "dataplane/sctp/packet/packet_builder.h"

namespace sctpdp {

PacketBuilder::PacketBuilder(std::span<uint8_t> buffer, const CommonHeader& header,
                             size_t max_packet_size)
    : writer_(buffer, header), max_packet_size_(max_packet_size) {}

}  // namespace sctpdp
