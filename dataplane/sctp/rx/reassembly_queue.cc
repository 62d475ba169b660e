#include "dataplane/sctp/rx/reassembly_queue.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

namespace sctpdp {
namespace {

// RFC 8260 section 2.1: FSNs use serial number arithmetic with
// SERIAL_BITS = 32; a fragment more than 2^31 behind is an old one.
constexpr int64_t kHalfFsnSpace = int64_t{1} << 31;

const char* KindName(ReceivedMessage::Kind kind) {
  switch (kind) {
    case ReceivedMessage::Kind::kMessage:
      return "MSG";
    case ReceivedMessage::Kind::kPiece:
      return "PIECE";
    case ReceivedMessage::Kind::kLastPiece:
      return "LAST";
    case ReceivedMessage::Kind::kAborted:
      return "ABORTED";
  }
  return "?";
}

}  // namespace

std::string ReceivedMessage::ToString(bool interleaving) const {
  return fmt::format("{}{} sid={} {}={} ppid={} tsn={} len={}", unordered ? "U-" : "",
                     KindName(kind), stream_id.value(), interleaving ? "mid" : "ssn",
                     interleaving ? mid.value() : ssn.value(), ppid.value(), first_tsn.value(),
                     payload.size());
}

ReassemblyQueue::ReassemblyQueue(Options options) : options_(options) {}

ReassemblyQueue::AddResult ReassemblyQueue::Add(UnwrappedTsn tsn, const DataChunk& chunk) {
  // RFC 8260 section 2.2.3: DATA once I-DATA is negotiated is a violation.
  if (options_.use_interleaving) return AddResult::kInvalid;
  return AddIncoming(Incoming{.tsn = tsn,
                              .stream_id = chunk.stream_id,
                              .flags = chunk.flags,
                              .message_id = chunk.ssn.value(),
                              .fsn = Fsn(0),
                              .ppid = chunk.ppid},
                     chunk.payload);
}

ReassemblyQueue::AddResult ReassemblyQueue::Add(UnwrappedTsn tsn, const IDataChunk& chunk) {
  // RFC 8260 section 2.2.3: I-DATA without negotiation is a violation.
  if (!options_.use_interleaving) return AddResult::kInvalid;
  // RFC 8260 section 2.1: with the B bit the word holds the PPID, FSN is 0.
  return AddIncoming(Incoming{.tsn = tsn,
                              .stream_id = chunk.stream_id,
                              .flags = chunk.flags,
                              .message_id = chunk.mid.value(),
                              .fsn = chunk.flags.beginning ? Fsn(0) : chunk.fsn,
                              .ppid = chunk.flags.beginning ? chunk.ppid : Ppid(0)},
                     chunk.payload);
}

ReassemblyQueue::AddResult ReassemblyQueue::AddIncoming(const Incoming& in,
                                                        std::span<const uint8_t> payload) {
  if (deferred_ && IsDeferred(in)) {
    // RFC 6525 section 5.2.2 E2: held until the reset, then processed in
    // the new sequence (E4).
    if (OverLimit(in.tsn, payload.size())) {
      RelievePressure();
      return AddResult::kRefused;
    }
    held_bytes_ += payload.size();
    deferred_->held.emplace_back(
        HeldChunk{.incoming = in, .payload = std::vector<uint8_t>(payload.begin(), payload.end())});
    NoteAccepted(in.tsn);
    return AddResult::kAccepted;
  }
  Stream& stream = GetStream(in.stream_id);
  // A message in one chunk that may go at once, nothing else held for its
  // stream and ordering (the common case): straight to the output.
  if (in.flags.beginning && in.flags.end && !stream.partial && WholeMayGo(in, stream) &&
      !OverLimit(in.tsn, payload.size())) {
    NoteAccepted(in.tsn);
    // The message number moves the reference point, as in Place.
    if (options_.use_interleaving) {
      (in.flags.unordered ? stream.unordered_mid_unwrapper : stream.mid_unwrapper)
          .Unwrap(Mid(in.message_id));
    } else if (!in.flags.unordered) {
      stream.ssn_unwrapper.Unwrap(Ssn(static_cast<uint16_t>(in.message_id)));
    }
    if (!in.flags.unordered) ++stream.next_ordered;
    PushWhole(in, payload);
    return AddResult::kAccepted;
  }
  std::variant<Target, AddResult> located = Locate(in, stream);
  if (const AddResult* result = std::get_if<AddResult>(&located)) return *result;
  const Target& target = std::get<Target>(located);
  if (OverLimit(in.tsn, payload.size()) && !(!HasMessages() && Unblocks(in, target, stream))) {
    RelievePressure();
    return AddResult::kRefused;
  }
  NoteAccepted(in.tsn);
  Place(in, target, stream, payload);
  // RFC 9260 section 6.9: over the limit, what can go goes as pieces.
  if (buffered_bytes() > options_.max_buffered_bytes) {
    Deliver(in.stream_id, stream, true, std::nullopt, true);
  }
  return AddResult::kAccepted;
}

bool ReassemblyQueue::WholeMayGo(const Incoming& in, const Stream& stream) const {
  // RFC 9260 section 6.6: unordered messages go as soon as they are
  // complete. With nothing held for the stream's unordered messages this
  // one cannot be a duplicate of a held fragment.
  if (in.flags.unordered) return stream.unordered.empty() && stream.loose.empty();
  // Section 6.6: an ordered message goes when it is the next expected and
  // nothing ordered is held (which would go first).
  if (!stream.ordered.empty()) return false;
  const int64_t key =
      options_.use_interleaving
          ? stream.mid_unwrapper.PeekUnwrap(Mid(in.message_id)).value()
          : stream.ssn_unwrapper.PeekUnwrap(Ssn(static_cast<uint16_t>(in.message_id))).value();
  return key == stream.next_ordered;
}

void ReassemblyQueue::PushWhole(const Incoming& in, std::span<const uint8_t> payload) {
  ReceivedMessage& message = NewSlot();
  message.kind = ReceivedMessage::Kind::kMessage;
  message.stream_id = in.stream_id;
  message.unordered = in.flags.unordered;
  message.ssn = options_.use_interleaving ? Ssn(0) : Ssn(static_cast<uint16_t>(in.message_id));
  message.mid = options_.use_interleaving ? Mid(in.message_id) : Mid(0);
  message.ppid = in.ppid;
  message.first_tsn = in.tsn.Wrap();
  message.payload.assign(payload.begin(), payload.end());
  ready_bytes_ += payload.size();
}

bool ReassemblyQueue::Unblocks(const Incoming& in, const Target& target,
                               const Stream& stream) const {
  // Everything delivered has been read, so what is held is stuck: nothing
  // frees space unless this fragment extends the run of a message that may
  // be delivered (for instance the partially delivered message that blocks
  // complete ones on its stream). Taking it, and handing the run out at
  // once, makes progress; a further one waits until that piece is read.
  if (target.place == Target::Place::kLoose) return false;
  const bool unordered = target.place == Target::Place::kUnordered;
  const AssemblyMap& map = unordered ? stream.unordered : stream.ordered;
  auto it = map.find(target.key);
  const bool extends = it == map.end() || !it->second.started
                           ? in.flags.beginning
                           : !it->second.complete && target.seq == it->second.contiguous_end;
  if (!extends) return false;
  if (stream.partial) {
    return stream.partial->unordered == unordered && stream.partial->key == target.key;
  }
  return unordered || target.key == stream.next_ordered;
}

bool ReassemblyQueue::IsDeferred(const Incoming& in) const {
  if (!deferred_ || in.tsn <= deferred_->sender_last_assigned_tsn) return false;
  const std::vector<StreamId>& streams = deferred_->streams;
  return streams.empty() ||
         std::find(streams.begin(), streams.end(), in.stream_id) != streams.end();
}

bool ReassemblyQueue::OverLimitSlow(UnwrappedTsn tsn) const {
  // RFC 9260 section 6.2: with the window closed, data beyond the largest
  // TSN received is dropped. Data below it fills a gap, which may complete
  // the messages holding the buffer, so it is taken (not dropping the
  // largest held TSN instead: accepted data is never given up). The
  // overshoot is bounded by the gaps, which the peer's window bounds.
  return !(largest_tsn_ && tsn < *largest_tsn_);
}

ReassemblyQueue::Fragment ReassemblyQueue::MakeFragment(const Incoming& in,
                                                        std::span<const uint8_t> payload) {
  Fragment fragment{.payload = TakeBuffer(payload.size()),
                    .tsn = in.tsn.Wrap(),
                    .ppid = in.ppid,
                    .beginning = in.flags.beginning,
                    .end = in.flags.end};
  fragment.payload.assign(payload.begin(), payload.end());
  return fragment;
}

std::vector<uint8_t> ReassemblyQueue::TakeBuffer(size_t size) {
  if (spare_.empty()) return {};
  // Of the last few spares returned (warm in the cache), the latest large
  // enough, else the latest.
  constexpr size_t kLookAt = 4;
  const size_t last = spare_.size() - 1;
  size_t pick = last;
  for (size_t i = last + 1; i-- > (spare_.size() > kLookAt ? spare_.size() - kLookAt : 0);) {
    if (spare_[i].capacity() >= size) {
      pick = i;
      break;
    }
  }
  std::vector<uint8_t> buffer = std::move(spare_[pick]);
  if (pick != last) spare_[pick] = std::move(spare_[last]);
  spare_.pop_back();
  spare_bytes_ -= buffer.capacity();
  return buffer;
}

void ReassemblyQueue::Recycle(std::vector<uint8_t> buffer) {
  const size_t capacity = buffer.capacity();
  if (capacity == 0 || spare_bytes_ + capacity > options_.max_buffered_bytes) return;
  buffer.clear();
  spare_bytes_ += capacity;
  spare_.push_back(std::move(buffer));
}

void ReassemblyQueue::ReleaseSpare() {
  std::vector<std::vector<uint8_t>>().swap(spare_);
  spare_bytes_ = 0;
  ready_.resize(ready_end_);
  ready_.shrink_to_fit();
}

ReassemblyQueue::Stream& ReassemblyQueue::FindOrAddStream(StreamId id) {
  auto [it, inserted] = streams_.try_emplace(id);
  if (inserted) StartSequences(it->second);
  last_stream_ = &it->second;
  last_stream_id_ = id;
  return it->second;
}

void ReassemblyQueue::StartSequences(Stream& stream) const {
  // RFC 9260 section 6.5 and RFC 8260 section 2.1: SSNs and both MID
  // counters start at 0.
  stream.ssn_unwrapper.Reset();
  stream.mid_unwrapper.Reset();
  stream.unordered_mid_unwrapper.Reset();
  stream.next_ordered = options_.use_interleaving ? stream.mid_unwrapper.Unwrap(Mid(0)).value()
                                                  : stream.ssn_unwrapper.Unwrap(Ssn(0)).value();
  stream.unordered_mid_unwrapper.Unwrap(Mid(0));
}

std::variant<ReassemblyQueue::Target, ReassemblyQueue::AddResult> ReassemblyQueue::Locate(
    const Incoming& in, Stream& stream) {
  const bool unordered = in.flags.unordered;
  const bool beginning = in.flags.beginning;
  if (!options_.use_interleaving && unordered) {
    // RFC 9260 sections 6.6 and 6.9: the SSN of unordered DATA is ignored;
    // a message is a run of consecutive TSNs from B to E, kept under the
    // TSN of its B fragment.
    const int64_t t = in.tsn.value();
    auto it = stream.unordered.upper_bound(t);
    const Assembly* before = nullptr;
    int64_t before_key = 0;
    if (it != stream.unordered.begin()) {
      --it;
      if (t < it->second.contiguous_end) return AddResult::kDuplicate;
      before = &it->second;
      before_key = it->first;
    }
    if (stream.loose.contains(t)) return AddResult::kDuplicate;
    if (beginning) return Target{.place = Target::Place::kUnordered, .key = t, .seq = t};
    if (before != nullptr && !before->complete && before->contiguous_end == t) {
      return Target{.place = Target::Place::kUnordered, .key = before_key, .seq = t};
    }
    return Target{.place = Target::Place::kLoose, .key = 0, .seq = t};
  }

  int64_t key = 0;
  if (unordered) {
    key = stream.unordered_mid_unwrapper.PeekUnwrap(Mid(in.message_id)).value();
  } else {
    key = options_.use_interleaving
              ? stream.mid_unwrapper.PeekUnwrap(Mid(in.message_id)).value()
              : stream.ssn_unwrapper.PeekUnwrap(Ssn(static_cast<uint16_t>(in.message_id))).value();
    // RFC 9260 section 6.6: that message was delivered or skipped.
    if (key < stream.next_ordered) return AddResult::kDuplicate;
  }
  const AssemblyMap& map = unordered ? stream.unordered : stream.ordered;
  auto it = map.find(key);
  const Assembly* assembly = it == map.end() ? nullptr : &it->second;

  int64_t seq = 0;
  if (!options_.use_interleaving) {
    seq = in.tsn.value();  // RFC 9260 section 6.9: fragments take consecutive TSNs
  } else if (!beginning) {
    // RFC 8260 section 2.2.3: reassembly by FSN. The FSN may wrap within a
    // large message, so it is placed relative to the fragment expected next
    // (0, the B fragment, until it is in).
    const int64_t reference =
        assembly != nullptr && assembly->started ? assembly->contiguous_end : 0;
    const uint32_t offset =
        static_cast<uint32_t>(in.fsn.value() - static_cast<uint32_t>(reference));
    if (offset >= kHalfFsnSpace) return AddResult::kDuplicate;
    seq = reference + offset;
    // RFC 8260 section 2.1: FSN 0 is the B fragment.
    if (seq == 0) return AddResult::kInvalid;
  }
  if (assembly != nullptr) {
    if (beginning && assembly->started) return AddResult::kDuplicate;
    if (assembly->started && seq < assembly->contiguous_end) return AddResult::kDuplicate;
    if (assembly->fragments.contains(seq)) return AddResult::kDuplicate;
  }
  return Target{.place = unordered ? Target::Place::kUnordered : Target::Place::kOrdered,
                .key = key,
                .seq = seq};
}

void ReassemblyQueue::Place(const Incoming& in, const Target& target, Stream& stream,
                            std::span<const uint8_t> payload) {
  const size_t size = payload.size();
  held_bytes_ += size;
  if (target.place == Target::Place::kLoose) {
    stream.loose.emplace(target.seq, MakeFragment(in, payload));
    return;
  }
  const bool unordered = target.place == Target::Place::kUnordered;
  // Locate only peeked: the message number now moves the reference point.
  if (options_.use_interleaving) {
    (unordered ? stream.unordered_mid_unwrapper : stream.mid_unwrapper).Unwrap(Mid(in.message_id));
  } else if (!unordered) {
    stream.ssn_unwrapper.Unwrap(Ssn(static_cast<uint16_t>(in.message_id)));
  }
  AssemblyMap& map = unordered ? stream.unordered : stream.ordered;
  const bool beginning = in.flags.beginning;

  // A whole message in one chunk that may go at once skips the map
  // (RFC 9260 section 6.6: unordered now, ordered if it is the next one).
  if (beginning && in.flags.end && !stream.partial && !map.contains(target.key) &&
      (unordered || target.key == stream.next_ordered)) {
    held_bytes_ -= size;
    PushWhole(in, payload);
    if (!unordered) {
      ++stream.next_ordered;
      Deliver(in.stream_id, stream, false, std::nullopt, false);
    }
    return;
  }

  auto [it, inserted] = map.try_emplace(target.key);
  Assembly& assembly = it->second;
  if (inserted) assembly.message_id = in.message_id;
  if (beginning) {
    assembly.started = true;
    assembly.ppid = in.ppid;
    assembly.first_tsn = in.tsn.Wrap();
    assembly.message_id = in.message_id;
    assembly.contiguous_end = target.seq;
    // RFC 9260 section 6.9: nothing of the message precedes its B fragment;
    // anything held there was never part of it.
    for (auto f = assembly.fragments.begin();
         f != assembly.fragments.end() && f->first < target.seq;) {
      assembly.bytes -= f->second.payload.size();
      held_bytes_ -= f->second.payload.size();
      f = assembly.fragments.erase(f);
    }
  }
  assembly.bytes += size;
  if (assembly.started && target.seq == assembly.contiguous_end) {
    // Extends the run: the bytes go straight to it.
    AppendToRun(assembly, payload);
    ++assembly.contiguous_end;
    // RFC 9260 section 6.9: the E fragment ends the message.
    if (in.flags.end) assembly.complete = true;
  } else {
    assembly.fragments.emplace(target.seq, MakeFragment(in, payload));
  }
  Extend(assembly, unordered && !options_.use_interleaving ? &stream.loose : nullptr);
  Deliver(in.stream_id, stream, false,
          unordered ? std::optional<int64_t>(target.key) : std::nullopt, false);
}

void ReassemblyQueue::AppendToRun(Assembly& assembly, std::span<const uint8_t> payload) {
  if (assembly.run.capacity() == 0) assembly.run = TakeBuffer(payload.size());
  assembly.run.insert(assembly.run.end(), payload.begin(), payload.end());
}

void ReassemblyQueue::Extend(Assembly& assembly, std::map<int64_t, Fragment>* loose) {
  while (assembly.started && !assembly.complete) {
    auto it = assembly.fragments.find(assembly.contiguous_end);
    if (it == assembly.fragments.end()) {
      if (loose == nullptr) return;
      auto node = loose->extract(assembly.contiguous_end);
      if (node.empty()) return;
      it = assembly.fragments.insert(std::move(node)).position;
      assembly.bytes += it->second.payload.size();
    }
    AppendToRun(assembly, it->second.payload);
    ++assembly.contiguous_end;
    // RFC 9260 section 6.9: the E fragment ends the message.
    if (it->second.end) assembly.complete = true;
    Recycle(std::move(it->second.payload));
    assembly.fragments.erase(it);
  }
}

void ReassemblyQueue::Deliver(StreamId id, Stream& stream, bool scan_unordered,
                              std::optional<int64_t> changed, bool pressure) {
  if (stream.partial) {
    // RFC 6458 section 8.1.20 (level 2): the partially delivered message
    // blocks its stream until its end.
    const PartialOwner owner = *stream.partial;
    if (!Emit(id, stream, owner.unordered, owner.key, pressure)) return;
    scan_unordered = true;  // whatever waited behind it may go now
  }
  // RFC 9260 section 6.6: ordered messages in SSN order. Keys below the
  // next expected one are complete messages a FORWARD-TSN skipped to.
  while (!stream.partial && !stream.ordered.empty()) {
    const int64_t key = stream.ordered.begin()->first;
    if (key > stream.next_ordered || !Emit(id, stream, false, key, pressure)) break;
  }
  if (stream.partial) return;
  // RFC 9260 section 6.6: unordered messages as soon as they are complete.
  if (scan_unordered) {
    for (auto it = stream.unordered.begin(); it != stream.unordered.end() && !stream.partial;) {
      const int64_t key = (it++)->first;
      Emit(id, stream, true, key, pressure);
    }
  } else if (changed) {
    Emit(id, stream, true, *changed, pressure);
  }
}

bool ReassemblyQueue::Emit(StreamId id, Stream& stream, bool unordered, int64_t key,
                           bool pressure) {
  AssemblyMap& map = unordered ? stream.unordered : stream.ordered;
  auto it = map.find(key);
  if (it == map.end()) return false;
  Assembly& assembly = it->second;
  if (assembly.complete) {
    ReceivedMessage message =
        Describe(id, unordered, assembly,
                 assembly.partially_delivered ? ReceivedMessage::Kind::kLastPiece
                                              : ReceivedMessage::Kind::kMessage);
    message.payload = TakeRun(assembly);
    Push(std::move(message));
    held_bytes_ -= assembly.bytes;  // fragments past E, if the peer sent any
    map.erase(it);
    if (!unordered && key == stream.next_ordered) ++stream.next_ordered;
    if (stream.partial && stream.partial->unordered == unordered && stream.partial->key == key) {
      stream.partial.reset();
    }
    return true;
  }
  // RFC 6458 section 8.1.21: only a message larger than the partial
  // delivery point is split, and RFC 9260 section 6.9: when out of buffer.
  const bool due = assembly.run.size() > options_.partial_delivery_point ||
                   (pressure && !assembly.run.empty());
  if (!assembly.started || !due) return false;
  // RFC 9260 section 6.6: an ordered message starts only when it is next.
  if (!unordered && key != stream.next_ordered) return false;
  ReceivedMessage piece = Describe(id, unordered, assembly, ReceivedMessage::Kind::kPiece);
  piece.payload = TakeRun(assembly);
  Push(std::move(piece));
  assembly.partially_delivered = true;
  stream.partial = PartialOwner{.unordered = unordered, .key = key};
  return false;
}

std::vector<uint8_t> ReassemblyQueue::TakeRun(Assembly& assembly) {
  const size_t size = assembly.run.size();
  assembly.bytes -= size;
  held_bytes_ -= size;
  return std::move(assembly.run);  // leaves the run empty, without capacity
}

void ReassemblyQueue::Push(ReceivedMessage message) {
  ready_bytes_ += message.payload.size();
  ReceivedMessage& slot = NewSlot();
  std::swap(slot, message);
  Recycle(std::move(message.payload));  // the slot's previous buffer
}

ReceivedMessage& ReassemblyQueue::GrowSlots() {
  if (ready_head_ >= 64 && 2 * ready_head_ >= ready_end_) {
    // Mostly popped: the free slots move to the end rather than the vector
    // growing.
    std::rotate(ready_.begin(), ready_.begin() + static_cast<std::ptrdiff_t>(ready_head_),
                ready_.end());
    ready_end_ -= ready_head_;
    ready_head_ = 0;
  } else {
    ready_.emplace_back();
  }
  return ready_[ready_end_++];
}

ReceivedMessage ReassemblyQueue::Describe(StreamId id, bool unordered, const Assembly& assembly,
                                          ReceivedMessage::Kind kind) const {
  ReceivedMessage message{.kind = kind,
                          .stream_id = id,
                          .unordered = unordered,
                          .ppid = assembly.ppid,
                          .first_tsn = assembly.first_tsn};
  if (options_.use_interleaving) {
    message.mid = Mid(assembly.message_id);
  } else {
    message.ssn = Ssn(static_cast<uint16_t>(assembly.message_id));
  }
  return message;
}

void ReassemblyQueue::Abandon(StreamId id, Stream& stream, bool unordered,
                              AssemblyMap::iterator it) {
  held_bytes_ -= it->second.bytes;
  if (stream.partial && stream.partial->unordered == unordered &&
      stream.partial->key == it->first) {
    // RFC 3758 section 3.6 and RFC 6458 section 6.1.7: the message being
    // partially delivered will not be completed.
    Push(Describe(id, unordered, it->second, ReceivedMessage::Kind::kAborted));
    stream.partial.reset();
  }
  (unordered ? stream.unordered : stream.ordered).erase(it);
}

void ReassemblyQueue::RelievePressure() {
  // RFC 9260 section 6.9: out of buffer space while waiting for fragments,
  // dispatch part of the inbound messages through partial delivery. Each
  // stream hands out the received run of a message it may deliver.
  if (relieved_) return;
  relieved_ = true;
  for (auto& [id, stream] : streams_) Deliver(id, stream, true, std::nullopt, true);
}

ReassemblyQueue::Skipped ReassemblyQueue::ToSkipped(const ForwardTsnChunk::SkippedStream& entry) {
  return Skipped{.stream_id = entry.stream_id, .unordered = false, .message_id = entry.ssn.value()};
}

ReassemblyQueue::Skipped ReassemblyQueue::ToSkipped(const IForwardTsnChunk::SkippedStream& entry) {
  return Skipped{
      .stream_id = entry.stream_id, .unordered = entry.unordered, .message_id = entry.mid.value()};
}

void ReassemblyQueue::HandleForwardTsn(
    UnwrappedTsn new_cumulative_tsn,
    const WireList<ForwardTsnChunk::SkippedStream>& skipped_streams) {
  // RFC 8260 section 2.3.1: FORWARD-TSN goes with DATA only.
  if (options_.use_interleaving) return;
  ApplyForwardTsn(new_cumulative_tsn, skipped_streams);
}

void ReassemblyQueue::HandleForwardTsn(
    UnwrappedTsn new_cumulative_tsn,
    const WireList<IForwardTsnChunk::SkippedStream>& skipped_streams) {
  // RFC 8260 section 2.3.1: I-FORWARD-TSN goes with I-DATA only.
  if (!options_.use_interleaving) return;
  ApplyForwardTsn(new_cumulative_tsn, skipped_streams);
}

template <typename List>
void ReassemblyQueue::ApplyForwardTsn(UnwrappedTsn new_cumulative_tsn,
                                      const List& skipped_streams) {
  if (deferred_ && new_cumulative_tsn > deferred_->sender_last_assigned_tsn) {
    // RFC 6525 section 5.2.2 E2: it covers data held for the reset, so it
    // is applied after the reset, in order with that data.
    HeldForwardTsn held{.new_cumulative_tsn = new_cumulative_tsn, .skipped = {}};
    for (const auto& entry : skipped_streams) held.skipped.push_back(ToSkipped(entry));
    deferred_->held.emplace_back(std::move(held));
    return;
  }
  relieved_ = false;
  if (!options_.use_interleaving) {
    // RFC 3758 section 3.6: remove any partially reassembled message still
    // missing a TSN at or below the new cumulative TSN. A started message
    // misses the TSN after its run; one without its B fragment misses the
    // TSN before its first fragment; so does a chain of loose fragments.
    // (With I-DATA the TSNs of missing fragments are unknown: only the
    // listed MIDs count, RFC 8260 section 2.3.1.)
    const int64_t cum = new_cumulative_tsn.value();
    for (auto& [id, stream] : streams_) {
      for (const bool unordered : {false, true}) {
        AssemblyMap& map = unordered ? stream.unordered : stream.ordered;
        for (auto it = map.begin(); it != map.end();) {
          const Assembly& assembly = it->second;
          const int64_t missing =
              assembly.started ? assembly.contiguous_end : assembly.fragments.begin()->first - 1;
          auto next = std::next(it);
          if (!assembly.complete && missing <= cum) Abandon(id, stream, unordered, it);
          it = next;
        }
      }
      int64_t chain_start = 0;
      int64_t previous = std::numeric_limits<int64_t>::min();
      for (auto it = stream.loose.begin(); it != stream.loose.end();) {
        if (it->first != previous + 1) chain_start = it->first;
        previous = it->first;
        if (chain_start - 1 > cum) break;
        held_bytes_ -= it->second.payload.size();
        it = stream.loose.erase(it);
      }
    }
  }
  for (const auto& entry : skipped_streams) {
    const Skipped skipped = ToSkipped(entry);
    Stream& stream = GetStream(skipped.stream_id);
    if (skipped.unordered) {
      // RFC 8260 section 2.3.1: unordered messages up to the MID will not
      // be completed.
      const int64_t last = stream.unordered_mid_unwrapper.Unwrap(Mid(skipped.message_id)).value();
      for (auto it = stream.unordered.begin(); it != stream.unordered.end() && it->first <= last;) {
        auto next = std::next(it);
        if (!it->second.complete) Abandon(skipped.stream_id, stream, true, it);
        it = next;
      }
    } else {
      const int64_t last =
          options_.use_interleaving
              ? stream.mid_unwrapper.Unwrap(Mid(skipped.message_id)).value()
              : stream.ssn_unwrapper.Unwrap(Ssn(static_cast<uint16_t>(skipped.message_id))).value();
      SkipOrdered(skipped.stream_id, stream, last);
    }
  }
  for (auto& [id, stream] : streams_) Deliver(id, stream, true, std::nullopt, false);
}

void ReassemblyQueue::SkipOrdered(StreamId id, Stream& stream, int64_t last_skipped) {
  // RFC 3758 section 3.6: SSNs up to the listed one will not be sent
  // (again). Incomplete messages up to it are dropped; complete ones are
  // made available (Deliver hands them out in order), and the stream
  // expects the SSN after it.
  for (auto it = stream.ordered.begin(); it != stream.ordered.end() && it->first <= last_skipped;) {
    auto next = std::next(it);
    if (!it->second.complete) Abandon(id, stream, false, it);
    it = next;
  }
  if (last_skipped >= stream.next_ordered) stream.next_ordered = last_skipped + 1;
}

bool ReassemblyQueue::DeferReset(UnwrappedTsn sender_last_assigned_tsn,
                                 std::span<const StreamId> streams) {
  if (deferred_) return false;
  deferred_.emplace(DeferredReset{.sender_last_assigned_tsn = sender_last_assigned_tsn,
                                  .streams = std::vector<StreamId>(streams.begin(), streams.end()),
                                  .held = {}});
  return true;
}

void ReassemblyQueue::ResetStreams(std::span<const StreamId> streams) {
  relieved_ = false;
  // RFC 6525 section 5.2.2 E3: no stream listed means all of them.
  if (streams.empty()) {
    for (auto& [id, stream] : streams_) ResetStream(id, stream);
  } else {
    for (StreamId id : streams) {
      auto it = streams_.find(id);
      if (it != streams_.end()) ResetStream(id, it->second);
    }
  }
  if (!deferred_) return;
  // E4: the held chunks and FORWARD-TSNs are processed normally, in order.
  DeferredReset deferred = std::move(*deferred_);
  deferred_.reset();
  for (auto& item : deferred.held) {
    if (HeldChunk* chunk = std::get_if<HeldChunk>(&item)) {
      held_bytes_ -= chunk->payload.size();
      Stream& stream = GetStream(chunk->incoming.stream_id);
      std::variant<Target, AddResult> located = Locate(chunk->incoming, stream);
      if (const Target* target = std::get_if<Target>(&located)) {
        Place(chunk->incoming, *target, stream, chunk->payload);
      }
    } else {
      HeldForwardTsn& forward = std::get<HeldForwardTsn>(item);
      ApplyForwardTsn(forward.new_cumulative_tsn, forward.skipped);
    }
  }
}

void ReassemblyQueue::ResetStream(StreamId id, Stream& stream) {
  // The cumulative TSN has reached the sender's last assigned TSN (E2), so
  // an incomplete message of the old sequence can no longer complete.
  for (const bool unordered : {false, true}) {
    AssemblyMap& map = unordered ? stream.unordered : stream.ordered;
    for (auto it = map.begin(); it != map.end();) {
      auto next = std::next(it);
      if (!it->second.complete) Abandon(id, stream, unordered, it);
      it = next;
    }
  }
  for (const auto& [tsn, fragment] : stream.loose) held_bytes_ -= fragment.payload.size();
  stream.loose.clear();
  // Complete ones go out, in order, before the sequence starts over.
  stream.next_ordered = std::numeric_limits<int64_t>::max();
  Deliver(id, stream, true, std::nullopt, false);
  StartSequences(stream);
}

std::optional<ReceivedMessage> ReassemblyQueue::PopMessage() {
  ReceivedMessage* message = Pop();
  if (message == nullptr) return std::nullopt;
  return std::move(*message);
}

std::string ReassemblyQueue::ToString() const {
  std::string streams;
  for (const auto& [id, stream] : streams_) {
    const uint32_t next = options_.use_interleaving ? static_cast<uint32_t>(stream.next_ordered)
                                                    : static_cast<uint16_t>(stream.next_ordered);
    if (!streams.empty()) streams += ",";
    streams += fmt::format("{}:next={},o={},u={},l={}", id.value(), next, stream.ordered.size(),
                           stream.unordered.size(), stream.loose.size());
    if (stream.partial) {
      const uint32_t wrapped = options_.use_interleaving || stream.partial->unordered
                                   ? static_cast<uint32_t>(stream.partial->key)
                                   : static_cast<uint16_t>(stream.partial->key);
      streams += fmt::format(",pd={}{}", stream.partial->unordered ? "u" : "o", wrapped);
    }
  }
  return fmt::format("ReassemblyQueue {} buffered={}/{} ready={}{} streams=[{}]",
                     options_.use_interleaving ? "I-DATA" : "DATA", buffered_bytes(),
                     options_.max_buffered_bytes, ready_end_ - ready_head_,
                     deferred_ ? fmt::format(" deferred={}", deferred_->held.size()) : "", streams);
}

bool ReassemblyQueue::partial_delivery_in_progress() const {
  return std::any_of(streams_.begin(), streams_.end(),
                     [](const auto& entry) { return entry.second.partial.has_value(); });
}

}  // namespace sctpdp
