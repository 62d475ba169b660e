#include "control/apps/app_stats.h"

#include <variant>

namespace sctpdp {

uint64_t LatencyHistogram::count() const {
  uint64_t total = 0;
  for (const Counter& bucket : buckets_) total += bucket.Get();
  return total;
}

Duration LatencyHistogram::Percentile(double fraction) const {
  const LatencyHistogram* self = this;
  return Percentile(std::span(&self, 1), fraction);
}

Duration LatencyHistogram::Percentile(std::span<const LatencyHistogram* const> histograms,
                                      double fraction) {
  uint64_t total = 0;
  for (const LatencyHistogram* histogram : histograms) total += histogram->count();
  if (total == 0) return Duration::zero();
  // The rank of the sample wanted, 1-based, rounded up.
  auto rank = static_cast<uint64_t>(fraction * static_cast<double>(total));
  if (rank == 0) rank = 1;
  uint64_t seen = 0;
  for (int bucket = 0; bucket < kBuckets; ++bucket) {
    for (const LatencyHistogram* histogram : histograms) seen += histogram->buckets_[bucket].Get();
    if (seen >= rank) return Duration(static_cast<int64_t>(UpperBound(bucket)));
  }
  return Duration(static_cast<int64_t>(UpperBound(kBuckets - 1)));
}

void AppStats::Count(const Notification& notification) {
  if (std::holds_alternative<SendFailed>(notification)) {
    send_failed.Add();
    return;
  }
  const auto* change = std::get_if<AssociationChange>(&notification);
  if (change == nullptr) return;
  switch (change->state) {
    case AssociationChange::State::kCommUp:
      associations_up.Add();
      break;
    case AssociationChange::State::kShutdownComplete:
      associations_closed.Add();
      break;
    case AssociationChange::State::kCommLost:
    case AssociationChange::State::kCantStartAssociation:
      associations_failed.Add();
      break;
    case AssociationChange::State::kRestart:
      break;
  }
}

}  // namespace sctpdp
