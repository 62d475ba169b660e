#include "dataplane/sctp/tx/retransmission_queue.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <unordered_set>
#include <utility>

namespace sctpdp {
namespace {

// Section 7.2.4: the third miss indication triggers fast retransmit.
constexpr uint32_t kFastRetransmitThreshold = 3;

}  // namespace

RetransmissionQueue::RetransmissionQueue(Tsn initial_tsn, uint32_t peer_a_rwnd,
                                         const Options& options)
    : options_(options),
      // Nothing is acknowledged yet: the cumulative TSN ack starts just
      // below the initial TSN.
      cum_ack_(unwrapper_.Unwrap(Tsn(initial_tsn.value() - 1))),
      // Section 6.2.1 A: rwnd starts at the a_rwnd of INIT / INIT ACK.
      peer_a_rwnd_(peer_a_rwnd),
      highest_gap_acked_(cum_ack_) {}

size_t RetransmissionQueue::PathIndex(PathId path) {
  if (path.value() >= kMaxPaths) std::abort();
  return path.value();
}

RetransmissionQueue::Item& RetransmissionQueue::PushBack() {
  if (count_ == ring_.size()) {
    std::vector<Item> grown(std::max<size_t>(16, ring_.size() * 2));
    for (size_t i = 0; i < count_; ++i) grown[i] = std::move(At(i));
    ring_ = std::move(grown);
    head_ = 0;
  }
  ++count_;
  return At(count_ - 1);
}

void RetransmissionQueue::PopFront() {
  Item& item = ring_[head_];
  if (item.has_lifetime) --items_with_lifetime_;
  // Drops the reference to the message body now rather than when the slot
  // is reused (AddSent rewrites the whole slot).
  item.fragment.body.reset();
  head_ = (head_ + 1) & (ring_.size() - 1);
  --count_;
}

void RetransmissionQueue::Count(const Item& item, bool add) {
  const size_t p = PathIndex(item.path);
  auto apply = [add](size_t& counter, size_t amount) {
    if (add) {
      counter += amount;
    } else {
      counter -= amount;
    }
  };
  switch (item.state) {
    case Item::State::kInFlight:
      apply(outstanding_bytes_, item.chunk_size);
      apply(path_flight_[p], item.chunk_size);
      apply(path_unacked_[p], 1);
      break;
    case Item::State::kToRetransmit:
      apply(path_unacked_[p], 1);
      apply(to_retransmit_count_, 1);
      if (item.fast_retransmit) apply(fast_retransmit_count_, 1);
      break;
    case Item::State::kAcked:
    case Item::State::kAbandoned:
      break;
  }
}

void RetransmissionQueue::SetState(Item& item, Item::State state) {
  Count(item, false);
  item.state = state;
  item.fast_retransmit = false;
  Count(item, true);
}

bool RetransmissionQueue::RetransmissionLimitReached(const Item& item) const {
  if (!options_.partial_reliability) return false;
  const std::optional<int>& limit = item.fragment.body->message.max_retransmissions;
  if (!limit.has_value()) return false;
  // One more retransmission would make transmissions - 1 exceed the limit
  // (RFC 7496 SCTP_PR_SCTP_RTX; a limit of 0 never retransmits).
  const uint32_t max = static_cast<uint32_t>(std::max(0, *limit));
  return item.transmissions - 1 >= max;
}

bool RetransmissionQueue::Expired(const Item& item, TimePoint now) const {
  if (!options_.partial_reliability) return false;
  const std::optional<TimePoint>& expires_at = item.fragment.body->message.expires_at;
  return expires_at.has_value() && now >= *expires_at;
}

void RetransmissionQueue::MarkForRetransmission(Item& item, bool fast) {
  if (RetransmissionLimitReached(item)) {
    abandon_serials_.push_back(item.fragment.body->serial);
    return;
  }
  Count(item, false);
  item.state = Item::State::kToRetransmit;
  item.fast_retransmit = fast;
  // Section 7.2.4 step 5: marked for fast retransmit once, never again,
  // even if it does not fit in the first packet.
  if (fast) item.fast_retransmitted = true;
  item.miss_indications = 0;
  Count(item, true);
}

void RetransmissionQueue::ApplyAbandonments() {
  if (abandon_serials_.empty()) return;
  std::sort(abandon_serials_.begin(), abandon_serials_.end());
  abandon_serials_.erase(std::unique(abandon_serials_.begin(), abandon_serials_.end()),
                         abandon_serials_.end());
  // RFC 3758 A3: every fragment of the message goes, in whatever state; the
  // ones not sent yet are in the send queue, which the association tells to
  // drop them. Fragments of one message may interleave with others (I-DATA),
  // hence one pass over the whole queue.
  for (size_t i = 0; i < count_; ++i) {
    Item& item = At(i);
    if (item.state == Item::State::kAbandoned) continue;
    const uint64_t serial = item.fragment.body->serial;
    if (!std::binary_search(abandon_serials_.begin(), abandon_serials_.end(), serial)) continue;
    // Reported once, at its first fragment here (earlier ones are all
    // acknowledged or abandoned with it).
    const bool first_here =
        std::none_of(abandoned_.rbegin(), abandoned_.rend(),
                     [serial](const MessageBodyRef& body) { return body->serial == serial; });
    if (first_here) abandoned_.push_back(item.fragment.body);
    item.fragment.body->abandoned = true;
    // RFC 3758 A2: treated as finally acked and no longer outstanding, and
    // not credited to the congestion window.
    SetState(item, Item::State::kAbandoned);
  }
  abandon_serials_.clear();
}

Tsn RetransmissionQueue::AddSent(TimePoint now, PathId path, OutgoingFragment fragment) {
  if (fragment.body == nullptr) std::abort();
  PathIndex(path);
  const UnwrappedTsn tsn = HighestSent().next_value();
  // Keeps the unwrapper's reference at the highest TSN sent, so that SACK
  // values unwrap next to it.
  unwrapper_.Unwrap(tsn.Wrap());
  const uint32_t chunk_size = static_cast<uint32_t>(ChunkSize(fragment));
  const bool has_lifetime = fragment.body->message.expires_at.has_value();
  Item& item = PushBack();
  item = Item{.fragment = std::move(fragment),
              .sent_at = now,
              .chunk_size = chunk_size,
              .transmissions = 1,
              .path = path,
              .state = Item::State::kInFlight,
              .has_lifetime = has_lifetime};
  if (has_lifetime) ++items_with_lifetime_;
  Count(item, true);
  return tsn.Wrap();
}

Tsn RetransmissionQueue::AddAbandoned(OutgoingFragment fragment) {
  if (fragment.body == nullptr) std::abort();
  const uint32_t chunk_size = static_cast<uint32_t>(ChunkSize(fragment));
  const UnwrappedTsn tsn = HighestSent().next_value();
  unwrapper_.Unwrap(tsn.Wrap());
  PushBack() = Item{.fragment = std::move(fragment),
                    .chunk_size = chunk_size,
                    .transmissions = 0,
                    .state = Item::State::kAbandoned};  // neither in flight nor outstanding
  return tsn.Wrap();
}

RetransmissionQueue::SackOutcome RetransmissionQueue::HandleSack(TimePoint now,
                                                                 const SackChunk& sack,
                                                                 bool in_fast_recovery) {
  SackOutcome outcome{.cumulative_tsn_ack = cum_ack_, .highest_outstanding_tsn = HighestSent()};
  const UnwrappedTsn sack_cum = unwrapper_.PeekUnwrap(sack.cumulative_tsn_ack);
  // Section 6.2.1 D i: an older cumulative TSN ack means a SACK that was
  // overtaken; the same one may carry new gap blocks or a new a_rwnd.
  if (sack_cum < cum_ack_) {
    outcome.kind = SackOutcome::Kind::kOutOfDate;
    return outcome;
  }
  if (sack_cum > HighestSent()) {
    outcome.kind = SackOutcome::Kind::kInvalid;
    return outcome;
  }
  const size_t newly_cum_acked = static_cast<size_t>(sack_cum.Difference(cum_ack_));
  const size_t remaining = count_ - newly_cum_acked;

  // Gap Ack Blocks as item indexes once the cumulative ack is applied
  // (block offsets count from the SACK's cumulative TSN ack, section 3.3.4).
  // A block must lie above the cumulative TSN ack, start <= end, and end at
  // or below the highest TSN sent; anything else is a protocol violation
  // and changes nothing.
  gap_ranges_.clear();
  for (GapAckBlock block : sack.gap_ack_blocks) {
    if (block.start == 0 || block.start > block.end || block.end > remaining) {
      gap_ranges_.clear();
      outcome.kind = SackOutcome::Kind::kInvalid;
      return outcome;
    }
    gap_ranges_.push_back(
        GapRange{.first = size_t{block.start} - 1, .last = size_t{block.end} - 1});
  }
  // Receivers send blocks in order and disjoint, but nothing depends on it.
  std::sort(gap_ranges_.begin(), gap_ranges_.end(),
            [](const GapRange& a, const GapRange& b) { return a.first < b.first; });
  size_t merged = 0;
  for (size_t i = 0; i < gap_ranges_.size(); ++i) {
    if (merged > 0 && gap_ranges_[i].first <= gap_ranges_[merged - 1].last + 1) {
      gap_ranges_[merged - 1].last = std::max(gap_ranges_[merged - 1].last, gap_ranges_[i].last);
    } else {
      gap_ranges_[merged++] = gap_ranges_[i];
    }
  }
  gap_ranges_.resize(merged);

  for (size_t p = 0; p < kMaxPaths; ++p) outcome.paths[p].flight_size_before = path_flight_[p];

  // Section 6.3.1 C5: the most recently sent chunk newly acknowledged here
  // that was sent once, with nothing at or below it retransmitted since.
  std::optional<TimePoint> rtt_sent_at;
  auto newly_acked = [&](const Item& item) {
    outcome.paths[PathIndex(item.path)].bytes_acked += item.chunk_size;
    if (item.transmissions == 1 && item.rtt_valid &&
        (!rtt_sent_at.has_value() || item.sent_at >= *rtt_sent_at)) {
      rtt_sent_at = item.sent_at;
      outcome.rtt_path = item.path;
    }
  };
  auto outstanding = [](const Item& item) {
    return item.state == Item::State::kInFlight || item.state == Item::State::kToRetransmit;
  };

  // The cumulative TSN ack.
  for (size_t i = 0; i < newly_cum_acked; ++i) {
    Item& item = At(0);
    if (outstanding(item)) newly_acked(item);
    // A message's last fragment has its highest TSN (fragments are produced
    // in order and TSNs are assigned in sending order), so the message is
    // complete when the cumulative ack passes it. Abandoned messages are
    // released through TakeAbandoned instead.
    if (item.fragment.end && item.state != Item::State::kAbandoned) {
      // The E fragment ends at the end of the payload.
      outcome.acked_message_bytes += item.fragment.offset + item.fragment.length;
    }
    Count(item, false);
    PopFront();
  }
  cum_ack_ = sack_cum;
  outcome.cum_ack_advanced = newly_cum_acked > 0;

  // Gap Ack Blocks. Abandoned chunks stay abandoned.
  std::optional<size_t> highest_newly_acked;
  for (const GapRange& range : gap_ranges_) {
    for (size_t i = range.first; i <= range.last; ++i) {
      Item& item = At(i);
      if (!outstanding(item)) continue;
      newly_acked(item);
      SetState(item, Item::State::kAcked);
      item.miss_indications = 0;
      highest_newly_acked = i;
    }
  }

  // Section 7.2.4: misses count below the highest newly acknowledged TSN
  // (HTNA; a cumulative-only advance leaves nothing missing below it), or,
  // in fast recovery when the cumulative ack advanced, for every TSN the
  // SACK reports missing (below its highest gap-acked TSN).
  const size_t reported_end = gap_ranges_.empty() ? 0 : gap_ranges_.back().last + 1;
  const size_t miss_end = (in_fast_recovery && outcome.cum_ack_advanced)
                              ? reported_end
                              : highest_newly_acked.value_or(0);
  // Chunks gap-acked by earlier SACKs up to highest_gap_acked_ must show up
  // again, or the receiver reneged on them.
  const size_t renege_end = highest_gap_acked_ > cum_ack_
                                ? static_cast<size_t>(highest_gap_acked_.Difference(cum_ack_))
                                : 0;
  const size_t scan_end = std::min(count_, std::max({reported_end, renege_end, miss_end}));
  UnwrappedTsn highest_gap_acked = cum_ack_;
  size_t range_index = 0;
  for (size_t i = 0; i < scan_end; ++i) {
    while (range_index < gap_ranges_.size() && gap_ranges_[range_index].last < i) ++range_index;
    const bool reported = range_index < gap_ranges_.size() && gap_ranges_[range_index].first <= i;
    Item& item = At(i);
    if (reported) {
      if (item.state == Item::State::kAcked) highest_gap_acked = TsnAt(i);
      continue;
    }
    bool miss = i < miss_end;
    if (item.state == Item::State::kAcked) {
      // Section 6.2.1 D iii: reneged. It is outstanding again, in the
      // flight size of the path it was last sent to (so has_outstanding
      // keeps that path's T3-rtx running, section 6.3.2 R4, and its expiry
      // retransmits it), and it counts one miss indication.
      SetState(item, Item::State::kInFlight);
      miss = true;
    }
    if (miss && item.state == Item::State::kInFlight && !item.fast_retransmitted &&
        ++item.miss_indications >= kFastRetransmitThreshold) {
      // Reported even when the chunk is abandoned instead (its
      // retransmission limit): RFC 3758 F5 wants the congestion reaction.
      outcome.paths[PathIndex(item.path)].fast_retransmit = true;
      MarkForRetransmission(item, /*fast=*/true);
    }
  }
  highest_gap_acked_ = highest_gap_acked;
  ApplyAbandonments();

  // Section 6.2.1 D ii (peer_rwnd() subtracts what is outstanding).
  peer_a_rwnd_ = sack.a_rwnd;
  for (size_t p = 0; p < kMaxPaths; ++p) outcome.paths[p].all_acked = path_unacked_[p] == 0;
  if (rtt_sent_at.has_value()) outcome.rtt = now - *rtt_sent_at;
  outcome.cumulative_tsn_ack = cum_ack_;
  return outcome;
}

void RetransmissionQueue::HandleT3Expiry(PathId path) {
  PathIndex(path);
  if (path_flight_[path.value()] > 0) {
    for (size_t i = 0; i < count_; ++i) {
      Item& item = At(i);
      if (item.state == Item::State::kInFlight && item.path == path) {
        MarkForRetransmission(item, /*fast=*/false);
      }
    }
  }
  ApplyAbandonments();
}

bool RetransmissionQueue::has_chunks_to_retransmit() const { return to_retransmit_count_ > 0; }

bool RetransmissionQueue::has_fast_retransmits() const { return fast_retransmit_count_ > 0; }

void RetransmissionQueue::CollectRetransmissions(TimePoint now, PathId path, size_t max_bytes,
                                                 bool fast_only, std::vector<ChunkToSend>& out) {
  out.clear();
  PathIndex(path);
  size_t candidates = fast_only ? fast_retransmit_count_ : to_retransmit_count_;
  size_t used = 0;
  std::optional<size_t> lowest_sent;
  for (size_t i = 0; i < count_ && candidates > 0; ++i) {
    Item& item = At(i);
    if (item.state != Item::State::kToRetransmit || (fast_only && !item.fast_retransmit)) continue;
    --candidates;
    // Partial reliability: a message past its lifetime is not sent again.
    if (Expired(item, now)) {
      abandon_serials_.push_back(item.fragment.body->serial);
      continue;
    }
    if (item.chunk_size > max_bytes - used) break;
    used += item.chunk_size;
    Count(item, false);
    item.state = Item::State::kInFlight;
    item.fast_retransmit = false;
    item.path = path;
    item.sent_at = now;
    ++item.transmissions;
    Count(item, true);
    if (!lowest_sent.has_value()) lowest_sent = i;
    out.push_back(ChunkToSend{.tsn = TsnAt(i).Wrap(), .fragment = &item.fragment});
  }
  // Section 6.3.1 C5: no RTT from any chunk at or above a retransmitted TSN
  // that was sent before this retransmission, i.e. everything here now.
  if (lowest_sent.has_value()) {
    for (size_t i = *lowest_sent; i < count_; ++i) At(i).rtt_valid = false;
  }
  // Abandoning changes states only, so the fragment pointers in `out` stay.
  ApplyAbandonments();
}

bool RetransmissionQueue::AbandonExpired(TimePoint now) {
  if (!options_.partial_reliability) return false;
  // Only lifetimes expire with time; retransmission limits are applied when
  // chunks are marked. Without lifetimes the scan has nothing to find.
  for (size_t i = 0; items_with_lifetime_ > 0 && i < count_; ++i) {
    const Item& item = At(i);
    // A chunk the peer reported (gap-acked) does not make its message
    // expire; any fragment still outstanding does.
    if (item.state != Item::State::kInFlight && item.state != Item::State::kToRetransmit) continue;
    if (!Expired(item, now)) continue;
    const uint64_t serial = item.fragment.body->serial;
    if (abandon_serials_.empty() || abandon_serials_.back() != serial) {
      abandon_serials_.push_back(serial);
    }
  }
  ApplyAbandonments();
  // RFC 3758 C2: the Advanced.Peer.Ack.Point moves over the abandoned
  // chunks next to the cumulative TSN ack; C3: a FORWARD TSN is due while
  // it is ahead of the cumulative TSN ack (also after a T3-rtx expiry, A5).
  return count_ > 0 && At(0).state == Item::State::kAbandoned;
}

Tsn RetransmissionQueue::ForwardTsnPoint(std::vector<Skipped>& skipped) const {
  skipped.clear();
  // RFC 3758 C1/C2: from the cumulative TSN ack over contiguous abandoned
  // chunks only. Gap-acked chunks could be passed too, but a receiver that
  // reneged on one would then skip reliable data for good.
  UnwrappedTsn point = cum_ack_;
  for (size_t i = 0; i < count_ && At(i).state == Item::State::kAbandoned; ++i) {
    point = TsnAt(i);
    const OutgoingFragment& fragment = At(i).fragment;
    // RFC 3758 C4: FORWARD-TSN lists ordered messages only (unordered ones
    // have no SSN); RFC 8260 section 2.3.1: I-FORWARD-TSN lists both, by
    // MID, told apart by the U bit.
    if (!options_.use_interleaving && fragment.unordered) continue;
    const bool unordered = options_.use_interleaving && fragment.unordered;
    const uint32_t sequence =
        options_.use_interleaving ? fragment.mid.value() : uint32_t{fragment.ssn.value()};
    auto it = std::find_if(skipped.begin(), skipped.end(), [&](const Skipped& entry) {
      return entry.stream_id == fragment.stream_id && entry.unordered == unordered;
    });
    if (it == skipped.end()) {
      skipped.push_back(
          Skipped{.stream_id = fragment.stream_id, .unordered = unordered, .sequence = sequence});
      continue;
    }
    // C4: only the highest per stream, in serial number order.
    bool higher = false;
    if (options_.use_interleaving) {
      UnwrappedMid::Unwrapper unwrapper;
      const UnwrappedMid current = unwrapper.Unwrap(Mid(it->sequence));
      higher = unwrapper.PeekUnwrap(Mid(sequence)) > current;
    } else {
      UnwrappedSsn::Unwrapper unwrapper;
      const UnwrappedSsn current = unwrapper.Unwrap(Ssn(static_cast<uint16_t>(it->sequence)));
      higher = unwrapper.PeekUnwrap(Ssn(static_cast<uint16_t>(sequence))) > current;
    }
    if (higher) it->sequence = sequence;
  }
  return point.Wrap();
}

std::vector<MessageBodyRef> RetransmissionQueue::TakeAbandoned() {
  return std::exchange(abandoned_, {});
}

std::vector<MessageBodyRef> RetransmissionQueue::TakeUnacknowledged() {
  std::vector<MessageBodyRef> messages;
  std::unordered_set<uint64_t> seen;
  for (size_t i = 0; i < count_; ++i) {
    const Item& item = At(i);
    // Abandoned messages count as acknowledged (RFC 3758 A2) and are
    // reported through TakeAbandoned. Gap-acked fragments are not
    // acknowledged for good (the receiver may renege), so their messages
    // are included.
    if (item.state == Item::State::kAbandoned) continue;
    if (seen.insert(item.fragment.body->serial).second) messages.push_back(item.fragment.body);
  }
  const UnwrappedTsn highest_sent = HighestSent();
  while (count_ > 0) {
    Count(At(0), false);
    PopFront();
  }
  // Nothing is left to acknowledge; TSNs would continue from next_tsn().
  cum_ack_ = highest_sent;
  highest_gap_acked_ = highest_sent;
  return messages;
}

Tsn RetransmissionQueue::cumulative_tsn_ack() const { return cum_ack_.Wrap(); }

size_t RetransmissionQueue::outstanding_bytes() const { return outstanding_bytes_; }

size_t RetransmissionQueue::outstanding_bytes(PathId path) const {
  return path_flight_[PathIndex(path)];
}

size_t RetransmissionQueue::peer_rwnd() const {
  return peer_a_rwnd_ > outstanding_bytes_ ? peer_a_rwnd_ - outstanding_bytes_ : 0;
}

bool RetransmissionQueue::empty() const { return count_ == 0; }

std::string RetransmissionQueue::ToString() const {
  std::string rtx;
  for (size_t i = 0; i < count_; ++i) {
    if (At(i).state != Item::State::kToRetransmit) continue;
    if (!rtx.empty()) rtx += ',';
    rtx += fmt::format("{}", TsnAt(i).Wrap().value());
  }
  return fmt::format("RtxQueue cum={} next={} outstanding={} rwnd={} rtx=[{}]",
                     cum_ack_.Wrap().value(), next_tsn().value(), outstanding_bytes_, peer_rwnd(),
                     rtx);
}

}  // namespace sctpdp
