#include "dataplane/sctp/rx/data_tracker.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>

namespace sctpdp {
namespace {

DataTracker::Options Sanitize(DataTracker::Options options) {
  options.sack_every_n_packets = std::clamp(options.sack_every_n_packets, 1, 2);
  options.delayed_ack_timeout =
      std::clamp(options.delayed_ack_timeout, Duration::zero(), DataTracker::kMaxDelayedAckTimeout);
  options.max_tsn_distance =
      std::clamp(options.max_tsn_distance, uint32_t{1}, DataTracker::kMaxTsnDistance);
  options.max_gap_ack_blocks =
      std::min(options.max_gap_ack_blocks, DataTracker::kMaxSackListEntries);
  options.max_duplicate_tsns = std::min(
      options.max_duplicate_tsns, DataTracker::kMaxSackListEntries - options.max_gap_ack_blocks);
  return options;
}

// Ranges kept without allocating; more only under heavy loss or reordering.
constexpr size_t kInitialRangeCapacity = 32;

}  // namespace

DataTracker::DataTracker(Tsn peer_initial_tsn, const Options& options)
    : options_(Sanitize(options)),
      cumulative_tsn_ack_(unwrapper_.Unwrap(Tsn(peer_initial_tsn.value() - uint32_t{1}))) {
  ranges_.reserve(kInitialRangeCapacity);
  duplicates_.reserve(options_.max_duplicate_tsns);
}

std::optional<UnwrappedTsn> DataTracker::UnwrapValid(Tsn tsn) const {
  // The unwrapper's reference (the largest TSN accepted) is never more than
  // max_tsn_distance above the cumulative TSN ack, so any TSN within that
  // distance of it, either way, unwraps to its true position.
  const UnwrappedTsn unwrapped = unwrapper_.PeekUnwrap(tsn);
  const int64_t distance = unwrapped.Difference(cumulative_tsn_ack_);
  const int64_t limit = options_.max_tsn_distance;
  if (distance > limit || distance < -limit) return std::nullopt;
  return unwrapped;
}

bool DataTracker::IsTsnValid(Tsn tsn) const { return UnwrapValid(tsn).has_value(); }

bool DataTracker::IsNewSlow(Tsn tsn) const {
  const std::optional<UnwrappedTsn> unwrapped = UnwrapValid(tsn);
  if (!unwrapped || *unwrapped <= cumulative_tsn_ack_) return false;
  auto it = std::lower_bound(
      ranges_.begin(), ranges_.end(), *unwrapped,
      [](const Range& range, UnwrappedTsn value) { return range.last < value; });
  return it == ranges_.end() || *unwrapped < it->first;
}

DataTracker::ObserveResult DataTracker::ObserveSlow(Tsn tsn, bool immediate_ack) {
  packet_.any = true;
  // Section 6.2: the I bit asks for the SACK without delay.
  if (immediate_ack) packet_.immediate_ack = true;
  const std::optional<UnwrappedTsn> unwrapped = UnwrapValid(tsn);
  if (!unwrapped) {
    // Section 6.2: a dropped DATA chunk is answered at once with a SACK that
    // shows what was accepted.
    packet_.immediate_ack = true;
    return ObserveResult::kInvalid;
  }
  // Section 3.3.4: everything up to the cumulative TSN ack was received (or
  // skipped by FORWARD TSN, RFC 3758 section 3.6).
  if (*unwrapped <= cumulative_tsn_ack_) {
    RecordDuplicate(tsn);
    return ObserveResult::kDuplicate;
  }
  // RFC 5681 section 4.2, which section 6.2 follows: a segment that fills
  // all or part of a gap is acknowledged immediately.
  const bool fills_gap = !ranges_.empty() && *unwrapped < ranges_.back().last;
  if (*unwrapped == cumulative_tsn_ack_.next_value()) {
    cumulative_tsn_ack_ = *unwrapped;
    AdvanceOverRanges();
  } else if (!InsertAboveGap(*unwrapped)) {
    RecordDuplicate(tsn);
    return ObserveResult::kDuplicate;
  }
  if (fills_gap) packet_.filled_gap = true;
  unwrapper_.Unwrap(tsn);
  return ObserveResult::kNew;
}

bool DataTracker::InsertAboveGap(UnwrappedTsn tsn) {
  // The first range that contains the TSN or ends just before it.
  auto it = std::lower_bound(
      ranges_.begin(), ranges_.end(), tsn,
      [](const Range& range, UnwrappedTsn value) { return range.last.next_value() < value; });
  if (it != ranges_.end() && it->first <= tsn && tsn <= it->last) return false;
  if (it != ranges_.end() && it->last.next_value() == tsn) {
    it->last = tsn;
    auto next = it + 1;
    if (next != ranges_.end() && next->first == tsn.next_value()) {
      it->last = next->last;
      ranges_.erase(next);
    }
  } else if (it != ranges_.end() && it->first == tsn.next_value()) {
    it->first = tsn;
  } else {
    ranges_.insert(it, Range{.first = tsn, .last = tsn});
  }
  return true;
}

void DataTracker::AdvanceOverRanges() {
  // RFC 3758 section 3.6: ranges at or below a forwarded cumulative TSN are
  // no longer reported, and the point moves on over received TSNs that now
  // follow it.
  auto it = ranges_.begin();
  while (it != ranges_.end() && it->last <= cumulative_tsn_ack_) ++it;
  if (it != ranges_.end() && it->first <= cumulative_tsn_ack_.next_value()) {
    cumulative_tsn_ack_ = it->last;
    ++it;
  }
  ranges_.erase(ranges_.begin(), it);
}

void DataTracker::RecordDuplicate(Tsn tsn) {
  // Section 6.2: a packet with duplicates is acknowledged immediately (a MUST
  // when it carries no new DATA, a MAY otherwise), and section 3.3.4 lists
  // every duplicate reception until the next SACK.
  packet_.immediate_ack = true;
  if (duplicates_.size() < options_.max_duplicate_tsns) duplicates_.push_back(tsn);
}

DataTracker::ForwardTsnResult DataTracker::HandleForwardTsn(Tsn new_cumulative_tsn) {
  // RFC 3758 section 3.6: for the SACK, a FORWARD TSN counts as a DATA chunk.
  packet_.any = true;
  const std::optional<UnwrappedTsn> unwrapped = UnwrapValid(new_cumulative_tsn);
  if (!unwrapped) {
    packet_.immediate_ack = true;
    return ForwardTsnResult::kInvalid;
  }
  if (*unwrapped <= cumulative_tsn_ack_) {
    // RFC 3758 section 3.6: an out-of-date FORWARD TSN may mean the previous
    // SACK was lost, so one SHOULD be sent.
    packet_.immediate_ack = true;
    return ForwardTsnResult::kOutOfDate;
  }
  // Moving past a hole changes the gap report, as filling it would.
  if (!ranges_.empty()) packet_.filled_gap = true;
  cumulative_tsn_ack_ = *unwrapped;
  unwrapper_.Unwrap(new_cumulative_tsn);
  AdvanceOverRanges();
  return ForwardTsnResult::kAdvanced;
}

void DataTracker::ObservePacketEnd(TimePoint now) {
  if (!packet_.any) return;
  const PacketState packet = packet_;
  packet_ = PacketState{};
  ++packets_since_ack_;
  // Section 5.1: the first DATA chunk of the association is acknowledged
  // immediately.
  const bool first = !seen_data_;
  seen_data_ = true;
  // Section 6.7: a SACK after every packet while a gap remains. Section 6.2:
  // at least every second packet.
  if (first || packet.immediate_ack || packet.filled_gap || has_gaps() ||
      packets_since_ack_ >= options_.sack_every_n_packets) {
    ack_now_ = true;
    delayed_ack_deadline_.reset();
    return;
  }
  // Section 6.2: within SACK.Delay of the first unacknowledged DATA chunk.
  // This is the first packet since the last SACK (a second one would have
  // made the SACK due), unless a SACK is due already.
  if (!ack_now_) delayed_ack_deadline_ = now + options_.delayed_ack_timeout;
}

void DataTracker::HandleDelayedAckTimeout(TimePoint now) {
  if (!delayed_ack_deadline_ || now < *delayed_ack_deadline_) return;
  delayed_ack_deadline_.reset();
  ack_now_ = true;
}

void DataTracker::ForceImmediateSack() {
  ack_now_ = true;
  delayed_ack_deadline_.reset();
}

SackChunk DataTracker::CreateSack(uint32_t a_rwnd, std::vector<GapAckBlock>& gap_storage,
                                  std::vector<Tsn>& duplicate_storage) {
  gap_storage.clear();
  gap_storage.reserve(options_.max_gap_ack_blocks);
  // Section 6.7: when not all blocks fit, report from the lowest TSN up and
  // leave the highest unacknowledged. Offsets fit 16 bits because no range
  // is accepted more than max_tsn_distance (<= 0xffff) above the cumulative
  // TSN ack, and that only moves up.
  for (const Range& range : ranges_) {
    if (gap_storage.size() == options_.max_gap_ack_blocks) break;
    gap_storage.push_back(
        GapAckBlock{.start = static_cast<uint16_t>(range.first.Difference(cumulative_tsn_ack_)),
                    .end = static_cast<uint16_t>(range.last.Difference(cumulative_tsn_ack_))});
  }
  // Section 3.3.4: the duplicate count restarts after each SACK.
  duplicate_storage.reserve(options_.max_duplicate_tsns);
  duplicate_storage.assign(duplicates_.begin(), duplicates_.end());
  duplicates_.clear();
  packets_since_ack_ = 0;
  ack_now_ = false;
  delayed_ack_deadline_.reset();
  return SackChunk{
      .cumulative_tsn_ack = cumulative_tsn_ack_.Wrap(),
      .a_rwnd = a_rwnd,
      .gap_ack_blocks = WireList<GapAckBlock>(std::span<const GapAckBlock>(gap_storage)),
      .duplicate_tsns = WireList<Tsn>(std::span<const Tsn>(duplicate_storage)),
  };
}

std::string DataTracker::ToString() const {
  std::string received;
  for (const Range& range : ranges_) {
    if (!received.empty()) received += ',';
    received += fmt::format("{}-{}", range.first.Wrap().value(), range.last.Wrap().value());
  }
  std::string dups;
  for (Tsn tsn : duplicates_) {
    if (!dups.empty()) dups += ',';
    dups += fmt::format("{}", tsn.value());
  }
  const char* ack = ack_now_ ? "now" : delayed_ack_deadline_ ? "delayed" : "idle";
  return fmt::format("DataTracker cum_tsn={} received=[{}] dups=[{}] packets={} ack={}",
                     cumulative_tsn_ack_.Wrap().value(), received, dups, packets_since_ack_, ack);
}

}  // namespace sctpdp
