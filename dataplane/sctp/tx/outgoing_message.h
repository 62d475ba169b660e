#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"

namespace sctpdp {

// How a message is to be sent (RFC 6458 sctp_sndinfo and sctp_prinfo in
// the engine's terms), apart from its bytes.
struct SendParams {
  StreamId stream_id{};
  Ppid ppid{};
  bool unordered = false;
  // SCTP_SACK_IMMEDIATELY: the I bit on the last fragment (RFC 9260
  // section 3.3.1).
  bool immediate_ack = false;
  // Partial reliability (RFC 3758, RFC 7496): abandon the message when it
  // is still unacknowledged at this time (SCTP_PR_SCTP_TTL) or after this
  // many retransmissions (SCTP_PR_SCTP_RTX). Honoured only when FORWARD-TSN
  // was negotiated; otherwise every message is reliable.
  std::optional<TimePoint> expires_at{};
  std::optional<int> max_retransmissions{};
  // The user's tag (sinfo_context), returned in SendFailed.
  uint64_t context = 0;
};

// A user message as queued for sending: the fields of SendParams and the
// bytes.
struct OutgoingMessage {
  StreamId stream_id{};
  Ppid ppid{};
  bool unordered = false;
  bool immediate_ack = false;
  std::optional<TimePoint> expires_at{};
  std::optional<int> max_retransmissions{};
  uint64_t context = 0;
  std::vector<uint8_t> payload{};

  SendParams params() const {
    return SendParams{.stream_id = stream_id,
                      .ppid = ppid,
                      .unordered = unordered,
                      .immediate_ack = immediate_ack,
                      .expires_at = expires_at,
                      .max_retransmissions = max_retransmissions,
                      .context = context};
  }
  void SetParams(const SendParams& params) {
    stream_id = params.stream_id;
    ppid = params.ppid;
    unordered = params.unordered;
    immediate_ack = params.immediate_ack;
    expires_at = params.expires_at;
    max_retransmissions = params.max_retransmissions;
    context = params.context;
  }
};

// The immutable bytes and identity of a queued message, shared by its
// fragments until the last one is acknowledged or abandoned.
struct MessageBody {
  OutgoingMessage message;
  // Unique within the association, in the order messages were queued.
  uint64_t serial = 0;
  // Set once the retransmission queue abandons the message (RFC 3758 A3):
  // fragments still in the send queue are then dropped instead of sent.
  // The one field that changes after queuing, hence mutable.
  mutable bool abandoned = false;
};

class MessageBodyPool;

namespace message_body_internal {

struct Node {
  MessageBody body;
  // References held; not atomic: a body belongs to one association, which
  // one thread runs at a time.
  uint32_t refs = 0;
  MessageBodyPool* pool = nullptr;  // nullptr: deleted when released
  Node* next_free = nullptr;
};

inline void Release(Node* node);

}  // namespace message_body_internal

// A counted reference to a MessageBody (shared by the send queue and the
// fragments in flight), the way std::shared_ptr<const MessageBody> would be
// but without an atomic count or an allocation per message: bodies come
// from the association's MessageBodyPool and go back to it, payload
// capacity and all, when the last reference goes.
class MessageBodyRef {
 public:
  MessageBodyRef() = default;
  MessageBodyRef(std::nullptr_t) {}  // NOLINT: like a null shared_ptr
  MessageBodyRef(const MessageBodyRef& other) : node_(other.node_) {
    if (node_ != nullptr) ++node_->refs;
  }
  MessageBodyRef(MessageBodyRef&& other) noexcept : node_(std::exchange(other.node_, nullptr)) {}
  MessageBodyRef& operator=(const MessageBodyRef& other) {
    MessageBodyRef(other).swap(*this);
    return *this;
  }
  MessageBodyRef& operator=(MessageBodyRef&& other) noexcept {
    if (this != &other) {
      reset();
      node_ = std::exchange(other.node_, nullptr);
    }
    return *this;
  }
  ~MessageBodyRef() { reset(); }

  // A body of its own, outside any pool (tests, rare paths).
  static MessageBodyRef Make(MessageBody body) {
    auto* node = new message_body_internal::Node{};
    node->body = std::move(body);
    node->refs = 1;
    return MessageBodyRef(node);
  }

  void reset() {
    if (node_ != nullptr && --node_->refs == 0) message_body_internal::Release(node_);
    node_ = nullptr;
  }
  void swap(MessageBodyRef& other) noexcept { std::swap(node_, other.node_); }

  const MessageBody* get() const { return node_ != nullptr ? &node_->body : nullptr; }
  const MessageBody* operator->() const { return &node_->body; }
  const MessageBody& operator*() const { return node_->body; }
  explicit operator bool() const { return node_ != nullptr; }
  long use_count() const { return node_ != nullptr ? node_->refs : 0; }
  // For the holder of the only reference (the send queue before the first
  // fragment leaves, whoever fills a new body).
  MessageBody& mutable_body() const { return node_->body; }

  friend bool operator==(const MessageBodyRef& a, const MessageBodyRef& b) {
    return a.node_ == b.node_;
  }
  friend bool operator==(const MessageBodyRef& a, std::nullptr_t) { return a.node_ == nullptr; }

 private:
  friend class MessageBodyPool;
  explicit MessageBodyRef(message_body_internal::Node* node) : node_(node) {}

  message_body_internal::Node* node_ = nullptr;
};

// The message bodies of one association: released bodies wait on a free
// list, their payload vectors keeping their capacity, so that a steady
// stream of messages allocates nothing. At most `max_retained_bytes`
// (payload capacity plus the bodies themselves) are kept; Trim lets an idle
// association give the memory back.
//
// The owner holds it through MessageBodyPoolPtr: a pool outlives its owner
// while bodies are still referenced, and goes with the last of them.
class MessageBodyPool {
 public:
  explicit MessageBodyPool(size_t max_retained_bytes) : max_retained_bytes_(max_retained_bytes) {}
  MessageBodyPool(const MessageBodyPool&) = delete;
  MessageBodyPool& operator=(const MessageBodyPool&) = delete;

  // A body with an empty payload (its capacity kept from an earlier use),
  // not abandoned, referenced once. The other fields keep the values of the
  // message that used it before: the caller sets them all.
  MessageBodyRef New() {
    message_body_internal::Node* node = free_;
    if (node != nullptr) {
      free_ = node->next_free;
      node->next_free = nullptr;
      retained_bytes_ -= RetainedSize(*node);
      --retained_;
    } else {
      node = new message_body_internal::Node{};
      node->pool = this;
    }
    node->refs = 1;
    ++live_;
    return MessageBodyRef(node);
  }

  // Frees retained bodies beyond `keep`.
  void Trim(size_t keep);
  size_t retained() const { return retained_; }
  size_t live() const { return live_; }

  // Deletes the pool once no body is referenced (now, or when the last
  // reference goes).
  struct Orphaner {
    void operator()(MessageBodyPool* pool) const;
  };

 private:
  friend void message_body_internal::Release(message_body_internal::Node* node);

  static size_t RetainedSize(const message_body_internal::Node& node) {
    return sizeof(node) + node.body.message.payload.capacity();
  }
  void Recycle(message_body_internal::Node* node) {
    --live_;
    const size_t size = RetainedSize(*node);
    if (orphaned_ || retained_bytes_ + size > max_retained_bytes_) {
      Drop(node);
      return;
    }
    node->body.message.payload.clear();
    node->body.abandoned = false;
    retained_bytes_ += size;
    ++retained_;
    node->next_free = free_;
    free_ = node;
  }
  // Deletes a released body (and the pool after its last one, once
  // orphaned).
  void Drop(message_body_internal::Node* node);

  size_t max_retained_bytes_ = 0;
  message_body_internal::Node* free_ = nullptr;
  size_t retained_ = 0;
  size_t retained_bytes_ = 0;
  size_t live_ = 0;
  bool orphaned_ = false;
};
using MessageBodyPoolPtr = std::unique_ptr<MessageBodyPool, MessageBodyPool::Orphaner>;

inline void message_body_internal::Release(Node* node) {
  if (node->pool == nullptr) {
    delete node;
    return;
  }
  node->pool->Recycle(node);
}

// One DATA or I-DATA chunk's worth of a message, before it gets its TSN.
struct OutgoingFragment {
  MessageBodyRef body;
  size_t offset = 0;  // into body->message.payload
  size_t length = 0;
  StreamId stream_id{};
  bool unordered = false;
  bool beginning = false;      // B bit
  bool end = false;            // E bit
  bool immediate_ack = false;  // I bit
  Ssn ssn{};                   // DATA, ordered
  Mid mid{};                   // I-DATA
  Fsn fsn{};                   // I-DATA: 0 on the first fragment, which carries the PPID instead
  Ppid ppid{};

  std::span<const uint8_t> payload() const {
    return std::span<const uint8_t>(body->message.payload).subspan(offset, length);
  }
};

}  // namespace sctpdp
