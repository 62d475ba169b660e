#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "dataplane/sctp/common/sequence_number.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/chunk/data_chunk.h"
#include "dataplane/sctp/packet/chunk/data_flags.h"
#include "dataplane/sctp/packet/chunk/forward_tsn_chunk.h"
#include "dataplane/sctp/packet/chunk/i_data_chunk.h"
#include "dataplane/sctp/packet/chunk/i_forward_tsn_chunk.h"
#include "dataplane/sctp/packet/wire_list.h"

namespace sctpdp {

// A user message, or a piece of one, ready for the upper layer.
struct ReceivedMessage {
  enum class Kind : uint8_t {
    kMessage,    // a whole message
    kPiece,      // a piece of a message under partial delivery; more follow
    kLastPiece,  // the final piece of a partially delivered message
    // The partially delivered message was abandoned (FORWARD-TSN or stream
    // reset) and no more pieces come: RFC 6458 section 6.1.7,
    // SCTP_PARTIAL_DELIVERY_ABORTED. The payload is empty.
    kAborted,
  };

  Kind kind = Kind::kMessage;
  StreamId stream_id{};
  bool unordered = false;
  Ssn ssn{};  // DATA; carried but meaningless when unordered (RFC 9260 section 6.6)
  Mid mid{};  // I-DATA (RFC 8260 section 2.1)
  Ppid ppid{};
  Tsn first_tsn{};  // the TSN of the B fragment
  std::vector<uint8_t> payload{};

  // "MSG sid=1 ssn=4 ppid=51 tsn=10 len=1200" ("U-MSG" when unordered,
  // "PIECE"/"LAST"/"ABORTED" for partial delivery, mid= with I-DATA).
  std::string ToString(bool interleaving = false) const;

  friend bool operator==(const ReceivedMessage&, const ReceivedMessage&) = default;
};

// Turns received DATA (RFC 9260) or I-DATA (RFC 8260) fragments into user
// messages for the upper layer:
// - RFC 9260 section 6.9: fragments are recognised by their B/E bits; with
//   DATA one message is a run of consecutive TSNs (sharing stream and, when
//   ordered, SSN); with I-DATA (RFC 8260 section 2.2.3) a message is found by
//   stream, U bit and MID and reassembled by FSN, TSNs being irrelevant.
// - RFC 9260 sections 6.5 and 6.6: ordered messages of a stream are delivered
//   in SSN (I-DATA: MID) order and wait for a missing one; unordered ones are
//   delivered as soon as they are complete.
// - RFC 3758 section 3.6 and RFC 8260 section 2.3.1: FORWARD-TSN /
//   I-FORWARD-TSN abandon partial messages and move each listed stream past
//   the skipped SSNs / MIDs.
// - RFC 6458 sections 6.1.7, 8.1.20 (level 2) and 8.1.21 and RFC 9260
//   section 6.9: partial delivery. A message whose contiguous received part
//   exceeds `partial_delivery_point` bytes is delivered in pieces, in order;
//   while it is, its stream delivers nothing else (other streams go on). When
//   the queue is full, the received part of any deliverable message is handed
//   out as a piece to free space.
// - RFC 6525 section 5.2.2 (and RFC 8260 section 2.3.2): stream reset, with
//   deferred reset processing (E2-E4).
//
// The caller (the association, with the data tracker) unwraps TSNs, passes
// each TSN at most once (duplicate TSNs are the data tracker's to detect,
// RFC 9260 section 6.2), and acks a chunk only if Add accepted it.
//
// Allocation: each accepted chunk's payload is copied once, into a buffer
// of the queue's. A single-fragment message that can be delivered at once
// goes straight to the output. A fragment that extends the received run of
// its message (in order, from the B fragment on) is appended to the run's
// buffer, which becomes the message; any other fragment waits in a buffer
// of its own and a std::map node until the run reaches it (its bytes are
// then copied a second time). Buffers come from a spare list, to which the
// caller returns delivered payloads (Recycle), so that steady traffic
// allocates nothing; at most max_buffered_bytes of spares are kept.
// Per-stream state is allocated when a stream is first seen. The output
// vector keeps its capacity while the upper layer drains it.
class ReassemblyQueue {
 public:
  struct Options {
    // The receive buffer: bytes held for reassembly or waiting to be popped.
    size_t max_buffered_bytes = size_t{1} << 20;
    // Messages up to this size are delivered whole (RFC 6458 section
    // 8.1.21). Keep it well below max_buffered_bytes: a larger message can
    // only be received in pieces.
    size_t partial_delivery_point = size_t{64} << 10;
    // I-DATA and I-FORWARD-TSN were negotiated (RFC 8260 section 2.2.1).
    bool use_interleaving = false;
  };

  enum class AddResult : uint8_t {
    kAccepted,  // taken (ack it)
    // Dropped, nothing to deliver: the fragment is already held, or belongs
    // to an ordered message already delivered or skipped (ack it). Data of
    // a reset stream's new sequence cannot come early: the peer assigns no
    // new SSN before the reset is answered (RFC 6525 section 5.1.2 A1).
    kDuplicate,
    // Not taken: the buffer is full (RFC 9260 section 6.2). Do not ack it;
    // the peer retransmits it. The queue first hands out what it can as
    // pieces, so that space frees up once the upper layer reads. Over the
    // limit it still takes a fragment below the largest TSN received (it
    // fills a gap) and, when everything delivered has been read, one that
    // extends a message it may deliver, so that held data alone never
    // stalls the association (the peer retransmits its lowest TSN first).
    kRefused,
    // Breaks RFC 8260: DATA with interleaving (I-DATA without), or an I-DATA
    // fragment without the B bit carrying FSN 0. The association aborts
    // (RFC 8260 section 2.2.3).
    kInvalid,
  };

  explicit ReassemblyQueue(Options options);

  // `tsn` is chunk.tsn unwrapped by the caller. The payload is copied: the
  // chunk may view a packet buffer that is reused afterwards.
  AddResult Add(UnwrappedTsn tsn, const DataChunk& chunk);
  AddResult Add(UnwrappedTsn tsn, const IDataChunk& chunk);

  // RFC 3758 section 3.6 (FORWARD-TSN, DATA only) and RFC 8260 section
  // 2.3.1 (I-FORWARD-TSN, I-DATA only); the variant not matching
  // use_interleaving is ignored (the association aborts on it). Complete
  // messages up to the skipped SSN/MID are delivered, partial ones dropped.
  void HandleForwardTsn(UnwrappedTsn new_cumulative_tsn,
                        const WireList<ForwardTsnChunk::SkippedStream>& skipped_streams);
  void HandleForwardTsn(UnwrappedTsn new_cumulative_tsn,
                        const WireList<IForwardTsnChunk::SkippedStream>& skipped_streams);

  // RFC 6525 section 5.2.2 E2: until ResetStreams, chunks of `streams`
  // (empty: all) with a TSN beyond `sender_last_assigned_tsn`, and
  // FORWARD-TSNs beyond it, are held aside (and count as buffered). Returns
  // false, changing nothing, if a deferred reset is already pending.
  bool DeferReset(UnwrappedTsn sender_last_assigned_tsn, std::span<const StreamId> streams);
  // RFC 6525 section 5.2.2 E3/E4 and RFC 8260 section 2.3.2: the next
  // expected SSN (I-DATA: ordered and unordered MID) of `streams` (empty:
  // all) goes back to 0. Complete messages still held for them are delivered
  // first; incomplete ones are dropped (with kAborted if partially
  // delivered). Then the chunks held by DeferReset are processed.
  void ResetStreams(std::span<const StreamId> streams);

  bool HasMessages() const { return ready_head_ < ready_end_; }
  // The next message or piece in delivery order, nullptr when there is
  // none. It stays the queue's, valid until the next call that adds data;
  // the caller may take its payload (move it out) or leave it, and the
  // queue reuses what is left for a later message.
  ReceivedMessage* Pop() {
    if (!HasMessages()) return nullptr;
    ReceivedMessage* message = &ready_[ready_head_++];
    ready_bytes_ -= message->payload.size();
    // Everything popped: the slots are reused from the start (the one just
    // popped is left as it is until then).
    if (ready_head_ == ready_end_) ready_head_ = ready_end_ = 0;
    return message;
  }
  // The same, moved out.
  std::optional<ReceivedMessage> PopMessage();
  // Frees the spare buffers (an idle association).
  void ReleaseSpare();

  // Some message has been delivered in part and not finished (RFC 6458
  // section 8.1.21): its remaining pieces belong to the same reader.
  bool partial_delivery_in_progress() const;

  // Payload bytes held: fragments, held chunks and messages not yet popped.
  size_t buffered_bytes() const { return held_bytes_ + ready_bytes_; }
  const Options& options() const { return options_; }

  // "ReassemblyQueue DATA buffered=10/1000 ready=1 streams=[1:next=4,o=2,u=0,l=0,pd=o4]".
  std::string ToString() const;

 private:
  // One received fragment: its payload, owned.
  struct Fragment {
    std::vector<uint8_t> payload;
    Tsn tsn{};
    Ppid ppid{};
    bool beginning = false;
    bool end = false;
  };

  // The fragments of one message, by position: the unwrapped TSN (DATA)
  // or FSN (I-DATA). Once the B fragment is in, the fragments before
  // `contiguous_end` form the run, whose bytes not yet delivered are in
  // `run`; fragments past it wait in `fragments` for a gap to fill (before
  // the B fragment, every fragment waits there).
  struct Assembly {
    std::map<int64_t, Fragment> fragments;
    std::vector<uint8_t> run;
    uint32_t message_id = 0;  // SSN or MID, wrapped
    Ppid ppid{};
    Tsn first_tsn{};
    bool started = false;   // the B fragment is in
    bool complete = false;  // the run reaches the E fragment
    bool partially_delivered = false;
    int64_t contiguous_end = 0;
    size_t bytes = 0;  // all held: the run and the waiting fragments
  };
  using AssemblyMap = std::map<int64_t, Assembly>;

  struct PartialOwner {
    bool unordered = false;
    int64_t key = 0;
  };

  struct Stream {
    UnwrappedSsn::Unwrapper ssn_unwrapper;            // DATA, ordered
    UnwrappedMid::Unwrapper mid_unwrapper;            // I-DATA, ordered
    UnwrappedMid::Unwrapper unordered_mid_unwrapper;  // I-DATA, unordered
    int64_t next_ordered = 0;                         // unwrapped SSN or MID expected next
    AssemblyMap ordered;                              // by unwrapped SSN or MID
    // By unwrapped MID (I-DATA) or the TSN of the B fragment (DATA, where
    // the SSN of unordered chunks is meaningless).
    AssemblyMap unordered;
    // DATA, unordered: fragments without B not yet joined to a message.
    std::map<int64_t, Fragment> loose;
    // The message being partially delivered, which blocks the stream.
    std::optional<PartialOwner> partial;
  };

  // What DATA and I-DATA chunks share.
  struct Incoming {
    UnwrappedTsn tsn;
    StreamId stream_id{};
    DataFlags flags{};
    uint32_t message_id = 0;  // SSN or MID
    Fsn fsn{};
    Ppid ppid{};
  };

  // Where an incoming fragment goes.
  struct Target {
    enum class Place : uint8_t { kOrdered, kUnordered, kLoose };
    Place place = Place::kOrdered;
    int64_t key = 0;  // in the assembly map
    int64_t seq = 0;  // in the assembly (or the loose map)
  };

  // A stream-independent FORWARD-TSN entry.
  struct Skipped {
    StreamId stream_id{};
    bool unordered = false;
    uint32_t message_id = 0;
  };

  struct HeldChunk {
    Incoming incoming;
    std::vector<uint8_t> payload;
  };
  struct HeldForwardTsn {
    UnwrappedTsn new_cumulative_tsn;
    std::vector<Skipped> skipped;
  };
  struct DeferredReset {
    UnwrappedTsn sender_last_assigned_tsn;
    std::vector<StreamId> streams;  // empty: all
    std::vector<std::variant<HeldChunk, HeldForwardTsn>> held;
  };

  AddResult AddIncoming(const Incoming& in, std::span<const uint8_t> payload);
  // A whole message in one chunk may be handed out now: nothing of its
  // stream and ordering is held, and (ordered) it is the next expected.
  bool WholeMayGo(const Incoming& in, const Stream& stream) const;
  bool IsDeferred(const Incoming& in) const;
  bool OverLimit(UnwrappedTsn tsn, size_t size) const {
    return buffered_bytes() + size > options_.max_buffered_bytes && OverLimitSlow(tsn);
  }
  bool OverLimitSlow(UnwrappedTsn tsn) const;
  bool Unblocks(const Incoming& in, const Target& target, const Stream& stream) const;
  Stream& GetStream(StreamId id) {
    if (last_stream_ != nullptr && last_stream_id_ == id) return *last_stream_;
    return FindOrAddStream(id);
  }
  Stream& FindOrAddStream(StreamId id);
  std::variant<Target, AddResult> Locate(const Incoming& in, Stream& stream);
  void Place(const Incoming& in, const Target& target, Stream& stream,
             std::span<const uint8_t> payload);
  // Appends bytes to the assembly's run.
  void AppendToRun(Assembly& assembly, std::span<const uint8_t> payload);
  void Extend(Assembly& assembly, std::map<int64_t, Fragment>* loose);
  // Hands out what can go: the partial owner's run, ordered messages in
  // order, then the unordered message `changed` (or all unordered ones if
  // `scan_unordered` or the stream just unblocked). `pressure` hands out
  // any run as a piece.
  void Deliver(StreamId id, Stream& stream, bool scan_unordered, std::optional<int64_t> changed,
               bool pressure);
  // Delivers the assembly at `key` if complete (true: it is gone) or a piece
  // of it if due.
  bool Emit(StreamId id, Stream& stream, bool unordered, int64_t key, bool pressure);
  std::vector<uint8_t> TakeRun(Assembly& assembly);
  void Push(ReceivedMessage message);
  // A whole message in one chunk, copied into the next slot.
  void PushWhole(const Incoming& in, std::span<const uint8_t> payload);
  // The slot for the next ready message, keeping the buffer of the message
  // it held before.
  ReceivedMessage& NewSlot() {
    if (ready_end_ < ready_.size()) return ready_[ready_end_++];
    return GrowSlots();
  }
  ReceivedMessage& GrowSlots();
  // Takes back a buffer for reuse.
  void Recycle(std::vector<uint8_t> buffer);
  ReceivedMessage Describe(StreamId id, bool unordered, const Assembly& assembly,
                           ReceivedMessage::Kind kind) const;
  void Abandon(StreamId id, Stream& stream, bool unordered, AssemblyMap::iterator it);
  void RelievePressure();
  template <typename List>
  void ApplyForwardTsn(UnwrappedTsn new_cumulative_tsn, const List& skipped_streams);
  void SkipOrdered(StreamId id, Stream& stream, int64_t last_skipped);
  void ResetStream(StreamId id, Stream& stream);
  void StartSequences(Stream& stream) const;
  void NoteAccepted(UnwrappedTsn tsn) {
    if (!largest_tsn_ || tsn > *largest_tsn_) largest_tsn_ = tsn;
    relieved_ = false;
  }
  Fragment MakeFragment(const Incoming& in, std::span<const uint8_t> payload);
  // An empty buffer, with room for `size` bytes if a spare has it.
  std::vector<uint8_t> TakeBuffer(size_t size);
  static Skipped ToSkipped(const ForwardTsnChunk::SkippedStream& entry);
  static Skipped ToSkipped(const IForwardTsnChunk::SkippedStream& entry);
  static Skipped ToSkipped(const Skipped& entry) { return entry; }

  const Options options_;
  std::map<StreamId, Stream> streams_;  // ordered: deterministic scans
  // The stream of the last GetStream (map nodes do not move, and streams
  // are never removed).
  Stream* last_stream_ = nullptr;
  StreamId last_stream_id_{};
  std::vector<std::vector<uint8_t>> spare_;
  size_t spare_bytes_ = 0;
  std::optional<UnwrappedTsn> largest_tsn_;
  std::optional<DeferredReset> deferred_;
  // Ready messages are ready_[ready_head_, ready_end_); the slots past
  // them keep their buffers for the next ones.
  std::vector<ReceivedMessage> ready_;
  size_t ready_head_ = 0;
  size_t ready_end_ = 0;
  size_t held_bytes_ = 0;
  size_t ready_bytes_ = 0;
  // Pressure was relieved and nothing was taken since: a further refusal
  // has nothing new to hand out.
  bool relieved_ = false;
};

}  // namespace sctpdp
