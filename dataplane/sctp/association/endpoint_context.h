#pragma once

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "dataplane/sctp/association/environment.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/cookie/cookie_signer.h"
#include "dataplane/sctp/packet/chunk/gap_ack_block.h"
#include "dataplane/sctp/packet/packet_builder.h"
#include "dataplane/sctp/packet/packet_writer.h"
#include "dataplane/sctp/packet/tlv_list.h"
#include "dataplane/sctp/tx/retransmission_queue.h"

namespace sctpdp {

// What the associations of one endpoint share: the environment, the cookie
// signer (an association answers INIT and checks COOKIE ECHO itself in the
// states of RFC 9260 section 5.2), the local port and addresses, and
// scratch space for building packets. An endpoint lives on one shard and
// its associations run one at a time, so one scratch area serves them all
// and no association carries packet-sized buffers of its own.
struct EndpointContext {
  // Enough for any packet the engine builds: the largest MTU it supports.
  static constexpr size_t kMaxPacketSize = 9216;

  Environment* env = nullptr;
  CookieSigner* signer = nullptr;
  Port local_port{};
  std::vector<IpAddress> local_addresses{};
  ChecksumMode checksum_mode = ChecksumMode::kSoftware;
  // The local tags of the endpoint's associations: a new tag must differ
  // from them all, or a packet from a new address could be routed by its
  // tag to the wrong association.
  const std::unordered_map<VerificationTag, AssociationId>* tags_in_use = nullptr;
  // New tags satisfy tag % tag_modulus == tag_residue, so that a data plane
  // with several shards finds an association's shard from the tag its
  // packets carry without a table lookup.
  uint32_t tag_modulus = 1;
  uint32_t tag_residue = 0;

  // Section 5.3.1: random, never zero, and (here) not in use.
  VerificationTag NewTag() const {
    for (;;) {
      const uint64_t random = env->Random32();
      const uint64_t value = random - random % tag_modulus + tag_residue;
      if (value == 0 || value > UINT32_MAX) continue;
      const VerificationTag tag(static_cast<uint32_t>(value));
      if (tags_in_use != nullptr && tags_in_use->count(tag) != 0) continue;
      return tag;
    }
  }

  struct Scratch {
    std::array<uint8_t, kMaxPacketSize> packet{};
    std::vector<GapAckBlock> gap_blocks{};
    std::vector<Tsn> duplicate_tsns{};
    std::vector<RetransmissionQueue::ChunkToSend> retransmissions{};
    std::vector<RetransmissionQueue::Skipped> skipped{};
    std::vector<uint8_t> chunk{};  // a chunk being assembled (INIT, ERROR causes)
  };
  Scratch scratch{};

  // Sends a packet holding only `chunk` (INIT, INIT ACK, ABORT, answers out
  // of the blue...) to `destination` on `peer_port` with `tag`; false if
  // the chunk does not fit a packet.
  template <typename Chunk>
  bool SendChunkAlone(AssociationId association, const IpAddress& destination, Port peer_port,
                      VerificationTag tag, const Chunk& chunk) {
    PacketBuilder builder(
        scratch.packet,
        CommonHeader{
            .source_port = local_port, .destination_port = peer_port, .verification_tag = tag},
        kMaxPacketSize);
    if (builder.Add(chunk) != PacketBuilder::AddResult::kAdded) return false;
    env->SendPacket(association, destination, builder.Finish(checksum_mode));
    return true;
  }

  // A list of one error cause, for an ABORT or ERROR chunk, written into
  // the scratch chunk buffer (valid until the next use of it).
  template <typename Cause>
  TlvList OneCause(const Cause& cause) {
    scratch.chunk.assign(cause.WireSize(), 0);
    TlvListWriter writer(scratch.chunk, WireKind::kErrorCause);
    writer.Add(cause);
    return writer.list();
  }
};

}  // namespace sctpdp
