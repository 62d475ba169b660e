#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "dataplane/sctp/common/sequence_number.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/chunk/sack_chunk.h"
#include "dataplane/sctp/tx/outgoing_message.h"

namespace sctpdp {

// The data sender's record of every DATA / I-DATA chunk sent and not yet
// cumulatively acknowledged:
// - TSN assignment (RFC 9260 section 3.3.1: consecutive, from the initial
//   TSN announced in INIT / INIT ACK);
// - SACK processing (section 6.2.1): cumulative ack, gap ack blocks (chunks
//   acknowledged by them stay until the cumulative ack passes them, and
//   return to outstanding if a later SACK no longer reports them:
//   reneging), duplicate reports, the peer's rwnd (a_rwnd less the bytes
//   outstanding), out-of-date SACKs ignored (rule D i);
// - miss indications and fast retransmit (section 7.2.4 steps 1-3 and 5,
//   including the HTNA rule: only TSNs missing below the highest newly
//   acknowledged TSN count a miss, except that in fast recovery a SACK that
//   advances the cumulative TSN ack counts one for every TSN it reports
//   missing);
// - T3-rtx expiry (section 6.3.3 E3): every chunk outstanding on the path
//   is marked for retransmission;
// - Karn's rule (section 6.3.1 C5): an RTT sample only from a chunk sent
//   once, newly acknowledged, and with no lower TSN retransmitted since it
//   was sent;
// - per-path flight size (section 6.1 rule B, section 7.2), counted in
//   DATA chunk bytes including header and padding;
// - partial reliability (RFC 3758 section 3.5, RFC 8260 section 2.3):
//   abandoning messages (all their fragments) past their lifetime or
//   retransmission limit and the Advanced.Peer.Ack.Point for FORWARD-TSN /
//   I-FORWARD-TSN.
//
// The association owns the paths (congestion control, RTO, T3-rtx timers)
// and applies what HandleSack reports to them. No clock, no timers.
class RetransmissionQueue {
 public:
  // Paths per association (peer addresses kept in a cookie).
  static constexpr size_t kMaxPaths = 16;
  // Section 3.3.1 (DATA) and RFC 8260 section 2.1 (I-DATA).
  static constexpr size_t kDataHeaderSize = 16;
  static constexpr size_t kIDataHeaderSize = 20;

  struct Options {
    bool use_interleaving = false;     // I-DATA chunks (20-byte header) instead of DATA (16)
    bool partial_reliability = false;  // FORWARD-TSN negotiated: lifetimes and limits apply
  };

  // What one SACK says about one path.
  struct PathAck {
    size_t bytes_acked = 0;         // DATA chunk bytes newly acknowledged (cum or gap)
    size_t flight_size_before = 0;  // outstanding bytes on the path before the SACK
    bool all_acked = false;         // nothing sent to the path awaits acknowledgement now
    // Some chunk last sent to the path reached three miss indications and
    // is now marked for fast retransmit (section 7.2.4 step 2).
    bool fast_retransmit = false;
  };

  struct SackOutcome {
    enum class Kind : uint8_t {
      kProcessed,
      kOutOfDate,  // cumulative TSN ack behind the current one: ignored (6.2.1 D i)
      // Acknowledges a TSN never sent (cumulative ack or gap block beyond
      // the highest TSN sent): a protocol violation.
      kInvalid,
    };
    Kind kind = Kind::kProcessed;
    bool cum_ack_advanced = false;
    // The Cumulative TSN Ack after the SACK, unwrapped like
    // highest_outstanding_tsn (for congestion control's fast recovery exit).
    UnwrappedTsn cumulative_tsn_ack;
    std::array<PathAck, kMaxPaths> paths{};
    // A Karn-valid RTT sample (section 6.3.1 C5) and the path it was sent on.
    std::optional<Duration> rtt{};
    PathId rtt_path{};
    // The highest TSN sent, for entering fast recovery (section 7.2.4 step 2).
    UnwrappedTsn highest_outstanding_tsn;
    // User payload bytes of messages now completely acknowledged, for the
    // send buffer budget.
    size_t acked_message_bytes = 0;
  };

  // A chunk to (re)send, as the association serializes it.
  struct ChunkToSend {
    Tsn tsn{};
    const OutgoingFragment* fragment = nullptr;  // valid until the next non-const call
  };

  RetransmissionQueue(Tsn initial_tsn, uint32_t peer_a_rwnd, const Options& options);

  // Section 6.1: the DATA chunk size of a fragment on this association.
  size_t ChunkSize(const OutgoingFragment& fragment) const {
    const size_t header = options_.use_interleaving ? kIDataHeaderSize : kDataHeaderSize;
    // Chunks are padded to a multiple of 4 bytes (section 3.2), and the
    // padding is on the wire, so it counts (section 7.2).
    return (header + fragment.length + 3) & ~size_t{3};
  }

  // Records a fragment sent for the first time, to `path` at `now`, and
  // returns the TSN it carries.
  Tsn AddSent(TimePoint now, PathId path, OutgoingFragment fragment);
  // Gives the unsent rest of an abandoned message a TSN of its own, already
  // abandoned and never sent (`fragment` from SendQueue::Discard). Without
  // it, once every fragment sent had arrived, the peer's cumulative ack
  // would reach the Advanced.Peer.Ack.Point and no FORWARD TSN would tell
  // it to stop waiting for the rest (RFC 3758 section 3.5 A3, C1).
  Tsn AddAbandoned(OutgoingFragment fragment);

  // `in_fast_recovery`: the data sender was in fast recovery when the SACK
  // arrived (section 7.2.4; the association keeps that state), which
  // changes how miss indications are counted.
  SackOutcome HandleSack(TimePoint now, const SackChunk& sack, bool in_fast_recovery = false);

  // Section 6.3.3 E3: T3-rtx expired on `path`; every chunk outstanding on
  // it is marked for retransmission (and leaves the path's flight size).
  // Also counts a transmission attempt against partial reliability limits.
  void HandleT3Expiry(PathId path);

  bool has_chunks_to_retransmit() const;
  bool has_fast_retransmits() const;
  // Takes chunks marked for retransmission, lowest TSN first, while their
  // chunk sizes together fit in `max_bytes` (at least one chunk if any is
  // marked and max_bytes allows it), and records them as retransmitted to
  // `path` at `now`. With `fast_only`, only chunks marked for fast
  // retransmit (section 7.2.4 step 3). Fills `out` (cleared first).
  void CollectRetransmissions(TimePoint now, PathId path, size_t max_bytes, bool fast_only,
                              std::vector<ChunkToSend>& out);

  // RFC 3758 section 3.5 A1-A3: abandons messages past their lifetime or
  // retransmission limit, and moves the Advanced.Peer.Ack.Point over
  // abandoned chunks. Returns true if it moved beyond the cumulative TSN
  // ack, i.e. a FORWARD TSN is due.
  bool AbandonExpired(TimePoint now);
  // The Advanced.Peer.Ack.Point, and for each stream of the abandoned
  // ordered messages the largest SSN (I-DATA: MID, with its U bit)
  // skipped, for FORWARD-TSN / I-FORWARD-TSN. `skipped` is cleared first.
  struct Skipped {
    StreamId stream_id{};
    bool unordered = false;
    uint32_t sequence = 0;  // SSN or MID
  };
  Tsn ForwardTsnPoint(std::vector<Skipped>& skipped) const;
  // Abandoned messages with some fragment sent (for SendFailed, sent=true)
  // since the last call.
  std::vector<MessageBodyRef> TakeAbandoned();
  // The same, without taking them.
  const std::vector<MessageBodyRef>& abandoned() const { return abandoned_; }
  // Every message with a fragment not yet acknowledged, once each, in TSN
  // order; the queue is empty afterwards (the association ended).
  std::vector<MessageBodyRef> TakeUnacknowledged();

  Tsn next_tsn() const { return HighestSent().next_value().Wrap(); }
  Tsn cumulative_tsn_ack() const;
  // Bytes outstanding (section 6.1 rule B), on all paths and on one path.
  size_t outstanding_bytes() const;
  size_t outstanding_bytes(PathId path) const;
  // Section 6.2.1: the peer's rwnd as last announced, less what is
  // outstanding since.
  size_t peer_rwnd() const;
  // Nothing sent awaits acknowledgement (the "all data acknowledged" of
  // sections 6.3.2 R2 and 9.2).
  bool empty() const;
  // Some chunk sent to `path` is outstanding (T3-rtx must run, R1/R2).
  bool has_outstanding(PathId path) const { return outstanding_bytes(path) > 0; }

  // "RtxQueue cum=9 next=15 outstanding=3000 rwnd=100000 rtx=[11,12]".
  std::string ToString() const;

 private:
  struct Item {
    enum class State : uint8_t {
      kInFlight,      // counted in the flight size of `path`
      kAcked,         // reported by a Gap Ack Block, not yet by the cumulative ack
      kToRetransmit,  // marked by T3-rtx or fast retransmit; out of flight
      kAbandoned,     // RFC 3758 A2: finally acked, no longer outstanding
    };
    OutgoingFragment fragment{};
    TimePoint sent_at{};  // of the latest transmission
    uint32_t chunk_size = 0;
    uint32_t transmissions = 0;
    uint32_t miss_indications = 0;
    PathId path{};  // where the latest transmission went
    State state = State::kInFlight;
    bool fast_retransmit = false;     // kToRetransmit by section 7.2.4 step 1
    bool fast_retransmitted = false;  // section 7.2.4 step 5: never again
    // Section 6.3.1 C5: sent once, and no TSN at or below it retransmitted
    // since.
    bool rtt_valid = true;
    // The message has a lifetime (counted in items_with_lifetime_), noted
    // here so that acknowledging does not read the message body.
    bool has_lifetime = false;
  };

  // Item i carries TSN cum_ack_ + 1 + i (consecutive TSNs, section 3.3.1).
  // A ring over a vector that doubles when full and never shrinks, so that
  // sending and acknowledging do not allocate once it has grown.
  Item& At(size_t i) { return ring_[(head_ + i) & (ring_.size() - 1)]; }
  const Item& At(size_t i) const { return ring_[(head_ + i) & (ring_.size() - 1)]; }
  // The slot of the next TSN, for the caller to overwrite.
  Item& PushBack();
  void PopFront();

  // Moves an item to `state`, keeping the per-path and total counters.
  void SetState(Item& item, Item::State state);
  void Count(const Item& item, bool add);
  // Section 7.2.4 step 1 or section 6.3.3 E3: marks an in-flight item for
  // retransmission, or queues its message for abandonment when that would
  // exceed its retransmission limit (RFC 3758 F5: the congestion reaction
  // is the caller's either way).
  void MarkForRetransmission(Item& item, bool fast);
  bool RetransmissionLimitReached(const Item& item) const;
  bool Expired(const Item& item, TimePoint now) const;
  // RFC 3758 A3: abandons every fragment here of the messages whose serials
  // are in abandon_serials_, then clears it.
  void ApplyAbandonments();
  static size_t PathIndex(PathId path);
  UnwrappedTsn TsnAt(size_t i) const {
    return UnwrappedTsn::AddTo(cum_ack_, static_cast<int64_t>(i) + 1);
  }
  UnwrappedTsn HighestSent() const {
    return UnwrappedTsn::AddTo(cum_ack_, static_cast<int64_t>(count_));
  }

  Options options_;
  UnwrappedTsn::Unwrapper unwrapper_;
  UnwrappedTsn cum_ack_;
  uint32_t peer_a_rwnd_ = 0;

  std::vector<Item> ring_;
  size_t head_ = 0;
  // Items whose message has a lifetime (AbandonExpired scans only then).
  size_t items_with_lifetime_ = 0;
  size_t count_ = 0;

  size_t outstanding_bytes_ = 0;
  std::array<size_t, kMaxPaths> path_flight_{};
  // Items neither acknowledged nor abandoned, by the path last sent to.
  std::array<size_t, kMaxPaths> path_unacked_{};
  size_t to_retransmit_count_ = 0;
  size_t fast_retransmit_count_ = 0;

  // The highest TSN that a Gap Ack Block reported, to find reneged chunks
  // above the blocks of a later SACK; cum_ack_ or below when none is.
  UnwrappedTsn highest_gap_acked_;

  std::vector<MessageBodyRef> abandoned_;
  // Scratch buffers reused across calls.
  struct GapRange {
    size_t first = 0;  // item indexes after the cumulative ack is applied
    size_t last = 0;
  };
  std::vector<GapRange> gap_ranges_;
  std::vector<uint64_t> abandon_serials_;
};

}  // namespace sctpdp
