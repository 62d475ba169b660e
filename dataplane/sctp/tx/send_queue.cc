#include "dataplane/sctp/tx/send_queue.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace sctpdp {
namespace {

bool Expired(const OutgoingMessage& message, TimePoint now) {
  return message.expires_at.has_value() && *message.expires_at <= now;
}

}  // namespace

SendQueue::SendQueue(const Options& options, uint16_t outbound_streams)
    : options_(options),
      stream_count_(outbound_streams),
      // Bodies for up to twice the buffer: what is queued here and what
      // the retransmission queue still holds.
      pool_(new MessageBodyPool(2 * options.max_buffered_bytes)) {}

SendQueue::AddResult SendQueue::Admit(StreamId stream_id, size_t size) const {
  if (stream_id.value() >= stream_count_) return AddResult::kInvalidStream;
  // Section 6.2: an endpoint should not send a DATA chunk with no user data.
  if (size == 0) return AddResult::kEmpty;
  // An empty queue takes a message of any size (see AddResult); the room
  // is zero while such a message is still queued.
  const size_t max = options_.max_buffered_bytes;
  const size_t room = buffered_bytes_ < max ? max - buffered_bytes_ : 0;
  if (buffered_bytes_ > 0 && size > room) return AddResult::kFull;
  // Node indices are 32 bits; a queue that many messages long is full.
  if (nodes_in_use_ >= kNoNode - 1) return AddResult::kFull;
  return AddResult::kOk;
}

SendQueue::AddResult SendQueue::Add(OutgoingMessage message) {
  const StreamId stream_id = message.stream_id;
  if (AddResult result = Admit(stream_id, message.payload.size()); result != AddResult::kOk) {
    return result;
  }
  MessageBodyRef body = pool_->New();
  // The caller's vector replaces the pooled one.
  body.mutable_body().message = std::move(message);
  Enqueue(stream_id, std::move(body));
  return AddResult::kOk;
}

SendQueue::AddResult SendQueue::Add(const SendParams& params, std::span<const uint8_t> payload) {
  if (AddResult result = Admit(params.stream_id, payload.size()); result != AddResult::kOk) {
    return result;
  }
  MessageBodyRef body = pool_->New();
  OutgoingMessage& message = body.mutable_body().message;
  message.SetParams(params);
  message.payload.assign(payload.begin(), payload.end());
  Enqueue(params.stream_id, std::move(body));
  return AddResult::kOk;
}

SendQueue::Stream& SendQueue::GetStream(StreamId stream_id) {
  if (last_added_ != nullptr && last_added_->id == stream_id) return *last_added_;
  auto [it, inserted] = streams_.try_emplace(stream_id);
  Stream& stream = it->second;
  if (inserted) stream.id = stream_id;
  last_added_ = &stream;
  return stream;
}

void SendQueue::Enqueue(StreamId stream_id, MessageBodyRef body) {
  body.mutable_body().serial = next_serial_++;
  const size_t size = body->message.payload.size();
  Stream& stream = GetStream(stream_id);
  const bool was_idle = stream.messages.size == 0;
  PushBack(stream.messages, AllocateNode(std::move(body)));
  buffered_bytes_ += size;
  if (was_idle) Activate(stream);
}

std::optional<OutgoingFragment> SendQueue::Produce(TimePoint now, size_t max_payload) {
  // A fragment carries at least one byte; zero would never finish a message.
  if (max_payload == 0) std::abort();
  while (next_stream_ != nullptr) {
    Stream& stream = *next_stream_;
    Node& node = nodes_[stream.messages.head];
    const MessageBody& body = *node.body;
    const OutgoingMessage& message = body.message;
    if (!stream.started) {
      // Section 11.1.5 (life time) and RFC 3758 section 4.1 TR3: a message
      // whose lifetime ended before its first transmission is not sent,
      // with or without FORWARD-TSN. Nothing of it is on the wire yet: no
      // TSN, SSN or MID was taken, so dropping it leaves no gap.
      if (Expired(message, now)) {
        FailHead(stream);
        continue;
      }
      // Section 6.5: ordered messages take the stream's SSN, which wraps
      // after 65535; unordered ones leave it unchanged. RFC 8260 section
      // 2.1: with I-DATA every message takes a MID, from the ordered or the
      // unordered counter.
      stream.ssn = Ssn(0);
      stream.mid = Mid(0);
      if (options_.use_interleaving) {
        Mid& counter = message.unordered ? stream.next_unordered_mid : stream.next_ordered_mid;
        stream.mid = counter;
        counter = Mid(counter.value() + 1);
      } else if (!message.unordered) {
        stream.ssn = stream.next_ssn;
        stream.next_ssn = Ssn(static_cast<uint16_t>(stream.next_ssn.value() + 1));
      }
      stream.started = true;
      stream.offset = 0;
      stream.next_fsn = Fsn(0);
    }

    // Section 6.9 steps 1-3: consecutive pieces, B on the first, E on the
    // last, every one with the same SSN (MID) and U flag.
    const size_t remaining = message.payload.size() - stream.offset;
    const size_t length = std::min(remaining, max_payload);
    const bool end = length == remaining;
    OutgoingFragment fragment{
        // The last fragment takes the queue's reference along.
        .body = end ? std::move(node.body) : node.body,
        .offset = stream.offset,
        .length = length,
        .stream_id = stream.id,
        .unordered = message.unordered,
        .beginning = stream.offset == 0,
        .end = end,
        // Section 6.1: the user's I bit goes on the last DATA chunk of the
        // message.
        .immediate_ack = end && message.immediate_ack,
        .ssn = stream.ssn,
        .mid = stream.mid,
        .fsn = stream.next_fsn,
        .ppid = message.ppid,
    };
    stream.offset += length;
    stream.next_fsn = Fsn(stream.next_fsn.value() + 1);
    buffered_bytes_ -= length;

    if (end) {
      stream.started = false;
      stream.offset = 0;
      FreeNode(PopFront(stream.messages));
      if (stream.messages.size == 0) {
        Deactivate(stream);
      } else {
        next_stream_ = stream.next_active;
      }
    } else if (options_.use_interleaving) {
      // RFC 8260 section 1.1 (figure 2): with I-DATA the next stream gets
      // its turn after every fragment.
      next_stream_ = stream.next_active;
    }
    // With DATA a started message keeps the turn: its fragments need
    // consecutive TSNs (section 6.9 step 2; RFC 8260 section 1.1, figure 1).
    return fragment;
  }
  return std::nullopt;
}

std::optional<OutgoingFragment> SendQueue::Discard(StreamId stream_id, uint64_t serial) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return std::nullopt;
  Stream& stream = it->second;
  if (!stream.started || nodes_[stream.messages.head].body->serial != serial) return std::nullopt;
  const MessageBodyRef& body_ref = nodes_[stream.messages.head].body;
  const MessageBody& body = *body_ref;
  OutgoingFragment rest{.body = body_ref,
                        .offset = stream.offset,
                        .length = 0,
                        .stream_id = stream_id,
                        .unordered = body.message.unordered,
                        .beginning = false,
                        .end = true,
                        .ssn = stream.ssn,
                        .mid = stream.mid,
                        .fsn = stream.next_fsn,
                        .ppid = body.message.ppid};
  buffered_bytes_ -= body.message.payload.size() - stream.offset;
  stream.started = false;
  stream.offset = 0;
  FreeNode(PopFront(stream.messages));
  if (stream.messages.size == 0) Deactivate(stream);
  return rest;
}

void SendQueue::SetStreamCount(uint16_t outbound_streams) {
  stream_count_ = outbound_streams;
  last_added_ = nullptr;
  auto it = streams_.lower_bound(StreamId(outbound_streams));
  while (it != streams_.end()) {
    Stream& stream = it->second;
    while (stream.messages.size > 0) FailHead(stream);
    it = streams_.erase(it);
  }
}

std::vector<OutgoingMessage> SendQueue::TakeFailed() {
  std::vector<OutgoingMessage> failed;
  failed.reserve(failed_.size);
  while (failed_.size > 0) {
    const uint32_t index = PopFront(failed_);
    MessageBodyRef& body = nodes_[index].body;
    // A message dropped after it started (its stream removed) is still
    // shared with the fragments sent; the others are ours alone.
    if (body.use_count() == 1) {
      failed.push_back(std::move(body.mutable_body().message));
    } else {
      failed.push_back(body->message);
    }
    FreeNode(index);
  }
  return failed;
}

std::vector<SendQueue::Remaining> SendQueue::TakeAll() {
  std::vector<Remaining> remaining;
  for (auto& [id, stream] : streams_) {
    if (stream.messages.size == 0) continue;
    bool started = stream.started;
    while (stream.messages.size > 0) {
      const uint32_t index = PopFront(stream.messages);
      MessageBodyRef& body = nodes_[index].body;
      if (started) {
        remaining.push_back(
            Remaining{.message = body->message, .started = true, .serial = body->serial});
      } else {
        remaining.push_back(
            Remaining{.message = std::move(body.mutable_body().message), .started = false});
      }
      FreeNode(index);
      started = false;
    }
    stream.started = false;
    stream.offset = 0;
    Deactivate(stream);
  }
  buffered_bytes_ = 0;
  return remaining;
}

std::string SendQueue::ToString() const {
  std::string streams;
  for (const auto& [id, stream] : streams_) {
    if (stream.messages.size == 0) continue;
    if (!streams.empty()) streams += ",";
    streams += fmt::format("{}:{}", id.value(), stream.messages.size);
  }
  return fmt::format(
      "SendQueue bytes={} streams=[{}] next={}", buffered_bytes_, streams,
      next_stream_ != nullptr ? fmt::format("{}", next_stream_->id.value()) : std::string("-"));
}

uint32_t SendQueue::AllocateNode(MessageBodyRef body) {
  uint32_t index = free_nodes_;
  if (index != kNoNode) {
    free_nodes_ = nodes_[index].next;
  } else {
    index = static_cast<uint32_t>(nodes_.size());
    nodes_.emplace_back();
  }
  Node& node = nodes_[index];
  node.body = std::move(body);
  node.next = kNoNode;
  ++nodes_in_use_;
  return index;
}

void SendQueue::FreeNode(uint32_t index) {
  nodes_[index].body.reset();
  --nodes_in_use_;
  if (nodes_in_use_ == 0) {
    // Nothing queued or failed: the nodes start over from the first, in
    // the capacity a burst left (ReleaseSpare gives it back).
    free_nodes_ = kNoNode;
    nodes_.clear();
    return;
  }
  nodes_[index].next = free_nodes_;
  free_nodes_ = index;
}

void SendQueue::ReleaseSpare() {
  pool_->Trim(0);
  if (nodes_in_use_ == 0) std::vector<Node>().swap(nodes_);
}

void SendQueue::PushBack(NodeList& list, uint32_t index) {
  nodes_[index].next = kNoNode;
  if (list.tail == kNoNode) {
    list.head = index;
  } else {
    nodes_[list.tail].next = index;
  }
  list.tail = index;
  ++list.size;
}

uint32_t SendQueue::PopFront(NodeList& list) {
  const uint32_t index = list.head;
  list.head = nodes_[index].next;
  if (list.head == kNoNode) list.tail = kNoNode;
  nodes_[index].next = kNoNode;
  --list.size;
  return index;
}

void SendQueue::Activate(Stream& stream) {
  if (next_stream_ == nullptr) {
    stream.prev_active = &stream;
    stream.next_active = &stream;
    next_stream_ = &stream;
    return;
  }
  // At the end of the round: just before the stream served next.
  stream.next_active = next_stream_;
  stream.prev_active = next_stream_->prev_active;
  stream.prev_active->next_active = &stream;
  next_stream_->prev_active = &stream;
}

void SendQueue::Deactivate(Stream& stream) {
  if (stream.next_active == nullptr) return;
  if (stream.next_active == &stream) {
    next_stream_ = nullptr;
  } else {
    stream.prev_active->next_active = stream.next_active;
    stream.next_active->prev_active = stream.prev_active;
    if (next_stream_ == &stream) next_stream_ = stream.next_active;
  }
  stream.prev_active = nullptr;
  stream.next_active = nullptr;
}

void SendQueue::FailHead(Stream& stream) {
  const MessageBody& body = *nodes_[stream.messages.head].body;
  buffered_bytes_ -= body.message.payload.size() - (stream.started ? stream.offset : 0);
  stream.started = false;
  stream.offset = 0;
  PushBack(failed_, PopFront(stream.messages));
  if (stream.messages.size == 0) Deactivate(stream);
}

}  // namespace sctpdp
