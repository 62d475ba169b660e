#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dataplane/sctp/common/sequence_number.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/chunk/gap_ack_block.h"
#include "dataplane/sctp/packet/chunk/sack_chunk.h"

namespace sctpdp {

// The data receiver's TSN bookkeeping and SACK generation for one
// association:
//  - RFC 9260 section 6.2: acknowledgement on reception of DATA chunks, the
//    delayed SACK (every second packet, within SACK.Delay, never above
//    500 ms), immediate SACKs (I bit, duplicates) and duplicate reporting;
//  - section 6.7: gap reports, sent after every packet while a gap exists;
//  - section 3.3.4: the SACK's cumulative TSN ack, gap ack blocks (offsets
//    from the cumulative TSN ack) and duplicate TSNs;
//  - section 5.1: the first DATA chunk of an association is acknowledged at
//    once;
//  - RFC 3758 section 3.6 and RFC 8260 section 2.3.1: FORWARD TSN and
//    I-FORWARD-TSN move the cumulative TSN ack point.
// DATA and I-DATA carry the same TSN (RFC 8260 section 2.1), so both go
// through Observe.
//
// Per received packet: call Observe for the TSN of every DATA or I-DATA
// chunk (deliver the chunk only when it returns kNew), HandleForwardTsn for
// a FORWARD TSN or I-FORWARD-TSN, then ObservePacketEnd once. When
// ShouldSendAck() is true, send CreateSack() in the reply; otherwise run a
// timer to delayed_ack_deadline() and call HandleDelayedAckTimeout when it
// fires. A SACK may also be created at any other time, e.g. to bundle with
// outgoing DATA (section 6.1) or to update the window; that resets the
// delayed-ack state too.
//
// Received TSNs above the cumulative TSN ack are kept as sorted disjoint
// ranges of unwrapped TSNs, which are the gap ack blocks. Memory is bounded
// by Options::max_tsn_distance: at most (max_tsn_distance + 1) / 2 ranges.
// The range and duplicate vectors are reserved up front and reused, so the
// per-packet path allocates only when the number of ranges passes its
// previous peak. Inserting or removing a range costs O(number of ranges).
class DataTracker {
 public:
  // RFC 9260 section 16: SACK.Delay.
  static constexpr Duration kDefaultDelayedAckTimeout = std::chrono::milliseconds(200);
  // Section 6.2: 'SACK.Delay' MUST NOT be configured above 500 ms.
  static constexpr Duration kMaxDelayedAckTimeout = std::chrono::milliseconds(500);
  // Gap ack block offsets are 16 bits (section 3.3.4): a TSN further than
  // this above the cumulative TSN ack could not be reported.
  static constexpr uint32_t kMaxTsnDistance = 0xffff;
  // With both lists full the SACK is 16 + 4 * (256 + 32) = 1168 bytes, so
  // with the 12-byte common header it fits a 1280-byte IPv6 path (less the
  // IPv6 and a UDP encapsulation header). Section 6.7 wants as many blocks
  // as fit in the PMTU: the association may set the limits from its path.
  static constexpr size_t kDefaultMaxGapAckBlocks = 256;
  static constexpr size_t kDefaultMaxDuplicateTsns = 32;
  // A SACK chunk's 16-bit length caps its two lists together.
  static constexpr size_t kMaxSackListEntries = (0xffff - SackChunk::kHeaderSize) / 4;

  // Out-of-range values are clamped: sack_every_n_packets to [1, 2]
  // (section 6.2: at least every second packet), delayed_ack_timeout to
  // [0, 500 ms], max_tsn_distance to [1, kMaxTsnDistance], and the two list
  // limits so that together they fit one SACK chunk.
  struct Options {
    int sack_every_n_packets = 2;
    Duration delayed_ack_timeout = kDefaultDelayedAckTimeout;
    size_t max_gap_ack_blocks = kDefaultMaxGapAckBlocks;
    size_t max_duplicate_tsns = kDefaultMaxDuplicateTsns;
    // TSNs further than this from the cumulative TSN ack, ahead or behind,
    // are rejected. Each TSN carries at least one byte and a conforming
    // sender keeps about a_rwnd bytes in flight, so the association may
    // lower this to its receive window.
    uint32_t max_tsn_distance = kMaxTsnDistance;
  };

  enum class ObserveResult : uint8_t {
    kNew,        // first reception: hand the chunk on for delivery
    kDuplicate,  // already received (or skipped): drop it, it is reported
    kInvalid,    // too far from the cumulative TSN ack: drop it, not reported
  };

  enum class ForwardTsnResult : uint8_t {
    kAdvanced,   // the cumulative TSN ack moved: process the skipped streams
    kOutOfDate,  // at or behind the cumulative TSN ack: nothing changed
    kInvalid,    // too far ahead: ignored
  };

  // Section 5.1: the cumulative TSN ack point starts at the peer's initial
  // TSN minus one.
  explicit DataTracker(Tsn peer_initial_tsn) : DataTracker(peer_initial_tsn, Options{}) {}
  DataTracker(Tsn peer_initial_tsn, const Options& options);

  // Whether Observe would accept the TSN rather than return kInvalid.
  bool IsTsnValid(Tsn tsn) const;

  // Whether Observe would return kNew: valid, and neither at or below the
  // cumulative TSN ack nor already received above it. The association asks
  // before handing a chunk to the reassembly queue, which may refuse it
  // (section 6.2: a refused chunk is not acknowledged, so not observed).
  bool IsNew(Tsn tsn) const {
    // The TSN after the cumulative TSN ack (data in order) always is.
    return tsn == NextInOrder() || IsNewSlow(tsn);
  }

  // Records the TSN of a received DATA or I-DATA chunk, with its I bit.
  ObserveResult Observe(Tsn tsn, bool immediate_ack = false) {
    if (tsn != NextInOrder() || !ranges_.empty()) return ObserveSlow(tsn, immediate_ack);
    // In order with nothing received above: the cumulative TSN ack moves
    // (what ObserveSlow does in this case, without its searches).
    packet_.any = true;
    packet_.immediate_ack |= immediate_ack;
    cumulative_tsn_ack_ = cumulative_tsn_ack_.next_value();
    unwrapper_.Unwrap(tsn);
    return ObserveResult::kNew;
  }

  // A FORWARD TSN or I-FORWARD-TSN with this New Cumulative TSN arrived.
  ForwardTsnResult HandleForwardTsn(Tsn new_cumulative_tsn);

  // Once per received packet, after its chunks, when Observe or
  // HandleForwardTsn was called for it: decides between an immediate and a
  // delayed SACK. Does nothing for a packet without either.
  void ObservePacketEnd(TimePoint now);

  // The delayed-ack timer fired; a SACK is due if the deadline has passed.
  void HandleDelayedAckTimeout(TimePoint now);

  // Makes the next ShouldSendAck() true: for DATA dropped by the
  // association (section 6.2, e.g. a full receive window), DATA bundled with
  // COOKIE ECHO (section 5.1.5 step 7) and each packet with DATA in the
  // SHUTDOWN-SENT state (sections 4 and 9.2).
  void ForceImmediateSack();

  // A SACK chunk is due now.
  bool ShouldSendAck() const { return ack_now_; }
  // When the delayed SACK is due, if one is pending and not already due.
  std::optional<TimePoint> delayed_ack_deadline() const { return delayed_ack_deadline_; }

  // Builds the SACK (section 3.3.4) into the caller's vectors, which the
  // returned chunk views: they must outlive it and are best reused across
  // calls (they are reserved to the limits, so reuse does not allocate).
  // Gap ack blocks go lowest first and stop at max_gap_ack_blocks (section
  // 6.7); the duplicates are those received since the previous SACK, at most
  // max_duplicate_tsns, and are then forgotten. Resets the delayed-ack state.
  SackChunk CreateSack(uint32_t a_rwnd, std::vector<GapAckBlock>& gap_storage,
                       std::vector<Tsn>& duplicate_storage);

  Tsn cumulative_tsn_ack() const { return cumulative_tsn_ack_.Wrap(); }
  // Some TSN above the cumulative TSN ack has been received.
  bool has_gaps() const { return !ranges_.empty(); }

  // "DataTracker cum_tsn=12 received=[14-15,17-17] dups=[9] packets=1 ack=delayed".
  std::string ToString() const;

 private:
  // Received TSNs first..last (inclusive), all above cumulative_tsn_ack_ + 1
  // and with at least one missing TSN between two ranges.
  struct Range {
    UnwrappedTsn first;
    UnwrappedTsn last;
  };

  Tsn NextInOrder() const { return cumulative_tsn_ack_.next_value().Wrap(); }
  bool IsNewSlow(Tsn tsn) const;
  ObserveResult ObserveSlow(Tsn tsn, bool immediate_ack);
  // Where the TSN falls relative to the cumulative TSN ack, or nullopt when
  // it is further away than max_tsn_distance.
  std::optional<UnwrappedTsn> UnwrapValid(Tsn tsn) const;
  // Inserts a TSN above cumulative_tsn_ack_ + 1; false if already present.
  bool InsertAboveGap(UnwrappedTsn tsn);
  // Moves the cumulative TSN ack over the ranges that now follow it.
  void AdvanceOverRanges();
  void RecordDuplicate(Tsn tsn);

  Options options_;
  UnwrappedTsn::Unwrapper unwrapper_;
  UnwrappedTsn cumulative_tsn_ack_;
  std::vector<Range> ranges_;
  std::vector<Tsn> duplicates_;

  // What the packet being processed contributed; reset by ObservePacketEnd.
  struct PacketState {
    bool any = false;
    bool immediate_ack = false;  // I bit, duplicate, dropped chunk, stale FORWARD TSN
    bool filled_gap = false;
  };
  PacketState packet_;
  bool seen_data_ = false;
  int packets_since_ack_ = 0;
  bool ack_now_ = false;
  std::optional<TimePoint> delayed_ack_deadline_;
};

}  // namespace sctpdp
