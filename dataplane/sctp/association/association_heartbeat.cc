// RFC 9260 section 8.3 (path heartbeat) and 5.4 (path verification).
#include "dataplane/sctp/association/association.h"
#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/chunk/heartbeat_ack_chunk.h"
#include "dataplane/sctp/packet/chunk/heartbeat_request_chunk.h"
#include "dataplane/sctp/packet/parameter/heartbeat_info_parameter.h"

namespace sctpdp {
namespace {

// The sender-specific Heartbeat Information (section 3.3.5) sctpdp sends:
// the path, a nonce against forged acknowledgements (section 8.3: the
// receiver of the ACK checks it matches what was sent) and the send time.
//   Path Id (1) | reserved (3) | Nonce (8) | Sent, microseconds (8)
constexpr size_t kHeartbeatInfoSize = 20;

}  // namespace

void Association::ScheduleHeartbeat(TimePoint now, PathId path_id) {
  Path& path = paths_[path_id.value()];
  if (!options_.heartbeats_enabled) {
    path.heartbeat_due.reset();
    return;
  }
  // Section 8.3: HB.interval plus the path's RTO, jittered by +/- 50% of
  // the RTO. Section 5.4: an unconfirmed address is probed every RTO.
  const Duration rto = path.rto.rto();
  const int64_t jitter_range = rto.count();
  const int64_t jitter =
      jitter_range > 0
          ? static_cast<int64_t>(context_->env->Random32() % jitter_range) - jitter_range / 2
          : 0;
  const Duration base = path.confirmed ? options_.hb_interval + rto : rto;
  path.heartbeat_due = now + base + Duration(jitter);
}

void Association::HandleHeartbeatTimers(TimePoint now, PathId path_id) {
  Path& path = paths_[path_id.value()];
  if (path.heartbeat_timeout && *path.heartbeat_timeout <= now) {
    // Section 8.3: an unanswered heartbeat counts as an error and backs
    // off the RTO.
    path.heartbeat_timeout.reset();
    path.rto.BackOff();
    if (!CountPathError(now, path_id)) return;
  }
  if (path.heartbeat_due && *path.heartbeat_due <= now) {
    SendHeartbeat(now, path_id);
    ScheduleHeartbeat(now, path_id);
  }
}

void Association::SendHeartbeat(TimePoint now, PathId path_id) {
  switch (state_) {
    case AssociationState::kEstablished:
    case AssociationState::kShutdownPending:
    case AssociationState::kShutdownReceived:
      break;
    default:
      return;
  }
  Path& path = paths_[path_id.value()];
  path.heartbeat_nonce = (uint64_t{context_->env->Random32()} << 32) | context_->env->Random32();
  path.heartbeat_sent = now;
  path.heartbeat_timeout = now + path.rto.rto();
  std::array<uint8_t, kHeartbeatInfoSize> info{};
  BoundedByteWriter<kHeartbeatInfoSize> writer(info);
  writer.Store8<0>(path_id.value());
  writer.Store32<4>(static_cast<uint32_t>(path.heartbeat_nonce >> 32));
  writer.Store32<8>(static_cast<uint32_t>(path.heartbeat_nonce));
  const uint64_t sent = static_cast<uint64_t>(now.time_since_epoch().count());
  writer.Store32<12>(static_cast<uint32_t>(sent >> 32));
  writer.Store32<16>(static_cast<uint32_t>(sent));
  std::array<uint8_t, HeartbeatInfoParameter::kHeaderSize + kHeartbeatInfoSize> parameter{};
  TlvListWriter parameters(parameter, WireKind::kParameter);
  parameters.Add(HeartbeatInfoParameter{.info = info});
  SendAlone(path.address, peer_tag_, HeartbeatRequestChunk{.parameters = parameters.list()});
}

void Association::HandleHeartbeat(TimePoint now, const HeartbeatRequestChunk& chunk,
                                  PacketContext& packet) {
  (void)now;
  // Section 8.3: the parameters go back unchanged, to where they came from.
  switch (state_) {
    case AssociationState::kClosed:
    case AssociationState::kCookieWait:
      return;
    default:
      break;
  }
  SendAlone(*packet.source, peer_tag_, HeartbeatAckChunk{.parameters = chunk.parameters});
}

void Association::HandleHeartbeatAck(TimePoint now, const HeartbeatAckChunk& chunk) {
  const std::optional<HeartbeatInfoParameter> info =
      chunk.parameters.Find<HeartbeatInfoParameter>();
  if (!info || info->info.size() != kHeartbeatInfoSize) return;
  BoundedByteReader<kHeartbeatInfoSize> reader(info->info);
  const uint8_t index = reader.Load8<0>();
  const uint64_t nonce = (uint64_t{reader.Load32<4>()} << 32) | reader.Load32<8>();
  if (index >= paths_.size()) return;
  Path& path = paths_[index];
  if (!path.heartbeat_timeout || nonce != path.heartbeat_nonce) return;
  // Section 8.3: an RTT measurement, the error counters cleared, the path
  // active and (section 5.4) confirmed.
  path.heartbeat_timeout.reset();
  path.rto.ObserveRtt(now - path.heartbeat_sent);
  const PathId id(index);
  ResetErrorCounters(id);
  if (!path.confirmed) {
    path.confirmed = true;
    context_->env->Notify(id_, PeerAddressChange{.address = path.address,
                                                 .state = PeerAddressChange::State::kConfirmed});
    ScheduleHeartbeat(now, id);
  }
}

}  // namespace sctpdp
