#include "dataplane/shard/association_move.h"

#include <memory>
#include <utility>

#include "dataplane/shard/shard.h"
#include "dataplane/shard/shard_command.h"

namespace sctpdp {
namespace {

// What the steps of one move share with the thread that waits for them.
// The commands hold it too: one that runs after its waiter gave up finds
// it still there.
struct Move {
  MoveRequest request;
  MoveOutcome outcome{};
  bool target_has_endpoint = false;
  ShardEngine::Handover in_transit;  // from the source's detach to the target's attach
  Completion checked;
  Completion handed_over;  // refused at the source, or attached at the target
  Completion released[2];  // the source's and the target's owner entries dropped
};

// Posts `f` to `shard` and waits until it signals `done`; the status to
// return if that fails, or nullopt.
template <typename F>
std::optional<MoveStatus> RunOn(ShardFabric& fabric, ShardId shard, Completion& done, F f,
                                Duration timeout) {
  std::unique_ptr<ShardCommand> command = MakeShardCommand(std::move(f));
  if (!fabric.Post(shard, command)) return MoveStatus::kBusy;
  if (!done.WaitFor(timeout)) return MoveStatus::kTimedOut;
  return std::nullopt;
}

// Step 4, on the target: the association joins the endpoint of its port
// (the coordinator checked there is one, and endpoints stay while a shard
// runs), and the target steers its packets to itself until the table
// says so.
void Adopt(Shard& shard, TimePoint now, Move& move) {
  shard.engine().Attach(move.request.local_port, move.in_transit, now);
  shard.SetOwner(move.outcome.key, shard.id());
  move.handed_over.Signal();
}

// Steps 2 and 3, on the source.
void Detach(Shard& shard, TimePoint now, const std::shared_ptr<Move>& move) {
  const MoveRequest& request = move->request;
  MoveOutcome& outcome = move->outcome;
  move->in_transit =
      shard.engine().Detach(request.local_port, request.association, outcome.blocker);
  if (move->in_transit.association == nullptr) {
    outcome.status = MoveStatus::kBlocked;
    move->handed_over.Signal();
    return;
  }
  const Association& association = *move->in_transit.association;
  outcome.key = SteeringKey{request.local_port, association.peer_port(), association.local_tag()};
  std::unique_ptr<ShardCommand> adopt =
      MakeShardCommand([move](Shard& target, TimePoint when) { Adopt(target, when, *move); });
  if (!shard.fabric()->Post(request.to, adopt)) {
    // The target's ring is full: the association stays here.
    shard.engine().Attach(request.local_port, move->in_transit, now);
    outcome.status = MoveStatus::kBusy;
    move->handed_over.Signal();
    return;
  }
  // Posted first, so every packet forwarded from now on queues behind it.
  shard.SetOwner(outcome.key, request.to);
}

}  // namespace

std::string_view MoveStatusName(MoveStatus status) {
  switch (status) {
    case MoveStatus::kMoved:
      return "moved";
    case MoveStatus::kSameShard:
      return "already on that shard";
    case MoveStatus::kBlocked:
      return "blocked";
    case MoveStatus::kNoEndpoint:
      return "no endpoint on the target shard";
    case MoveStatus::kBusy:
      return "command ring full";
    case MoveStatus::kTimedOut:
      return "shard did not answer";
  }
  return "unknown";
}

MoveOutcome MoveAssociation(ShardFabric& fabric, const MoveRequest& request, Duration timeout) {
  if (request.from == request.to) return MoveOutcome{.status = MoveStatus::kSameShard};
  auto move = std::make_shared<Move>();
  move->request = request;
  auto fail = [](MoveStatus status) { return MoveOutcome{.status = status}; };

  auto check = [move](Shard& target, TimePoint) {
    move->target_has_endpoint = target.engine().FindEndpoint(move->request.local_port) != nullptr;
    move->checked.Signal();
  };
  if (auto failed = RunOn(fabric, request.to, move->checked, check, timeout)) return fail(*failed);
  if (!move->target_has_endpoint) return fail(MoveStatus::kNoEndpoint);

  auto detach = [move](Shard& source, TimePoint now) { Detach(source, now, move); };
  if (auto failed = RunOn(fabric, request.from, move->handed_over, detach, timeout)) {
    return fail(*failed);
  }
  if (move->outcome.status != MoveStatus::kMoved) return move->outcome;

  fabric.PublishOwner(move->outcome.key, request.to);
  for (const ShardId shard : {request.from, request.to}) {
    Completion& released = move->released[shard == request.from ? 0 : 1];
    auto release = [move, &released](Shard& owner, TimePoint) {
      owner.ClearOwner(move->outcome.key);
      released.Signal();
    };
    // A failure here leaves an owner entry that agrees with the table.
    if (auto failed = RunOn(fabric, shard, released, release, timeout)) return fail(*failed);
  }
  return move->outcome;
}

}  // namespace sctpdp
