#pragma once

#include <cstdint>
#include <string_view>

#include "dataplane/sctp/association/association.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/shard/shard_fabric.h"
#include "dataplane/shard/steering_table.h"

namespace sctpdp {

struct MoveRequest {
  ShardId from{};
  ShardId to{};
  Port local_port{};  // the association's endpoint; `to` has one on the same port
  AssociationId association{};
};

enum class MoveStatus : uint8_t {
  kMoved,
  kSameShard,   // from and to are one shard: nothing to do
  kBlocked,     // the association cannot move now (MoveOutcome::blocker says why)
  kNoEndpoint,  // the target shard has no endpoint on the port
  kBusy,        // a shard's command ring was full
  kTimedOut,    // a shard did not run its command in time (its loop is not running)
};
std::string_view MoveStatusName(MoveStatus status);

struct MoveOutcome {
  MoveStatus status = MoveStatus::kMoved;
  HandoverBlocker blocker = HandoverBlocker::kNone;  // with kBlocked
  SteeringKey key{};                                 // with kMoved
};

// Moves an association from one shard of a fabric to another while both
// keep running: the data plane's part of the peeloff protocol
// (ARCHITECTURE.md, "Descriptors, buffer pools and peeloff"), steps 2 to 6.
//   2-3. The source shard checks that nothing blocks the move (the
//        association's HandoverBlocker), detaches it with its timer, starts
//        forwarding its packets to the target and posts it there; it is
//        posted before any packet forwarded for it, and shards run their
//        commands before the packets counted in their inbox, so no packet
//        overtakes it.
//   4.   The target attaches it to its endpoint on the same port: timers
//        re-armed from their deadlines, those due in transit fired.
//   5.   The steering table is published with the new owner; stragglers
//        read under the old one reach the source, which forwards them on.
//   6.   After the grace period (Publish waits for it) both shards drop
//        their temporary owner entries: the table says the same now.
// Blocks the calling control-plane thread (never a shard's) for at most
// about `timeout` per step. Packets are neither lost nor reordered by the
// move beyond what one extra ring hop does; SCTP orders the messages.
MoveOutcome MoveAssociation(ShardFabric& fabric, const MoveRequest& request, Duration timeout);

}  // namespace sctpdp
