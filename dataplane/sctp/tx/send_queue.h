#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/tx/outgoing_message.h"

namespace sctpdp {

// The user messages waiting to be sent, per outgoing stream, and their cut
// into DATA or I-DATA chunks:
// - RFC 9260 section 6.9: a message larger than the space in a packet is
//   fragmented; fragments carry consecutive TSNs (assigned later, by the
//   retransmission queue), the same SSN, and B/E bits.
// - Section 6.5/6.6: ordered messages get the stream's next SSN (I-DATA:
//   MID, RFC 8260 section 2.1) when their first fragment is produced;
//   unordered ones do not consume one (I-DATA: they have their own MID
//   sequence per stream).
// - Streams are served round robin, one whole message at a time with DATA
//   (section 6.9 forbids interleaving fragments of different messages on
//   one association without I-DATA) and one fragment at a time with I-DATA
//   (RFC 8260's purpose: a large message does not hold up other streams).
// - Partial reliability: a message whose lifetime expired before its first
//   fragment was produced is dropped here and reported through TakeFailed.
//
// Not thread-safe; no clock.
class SendQueue {
 public:
  struct Options {
    // The limit on bytes queued here (user payload).
    size_t max_buffered_bytes = size_t{1} << 20;
    bool use_interleaving = false;
  };

  enum class AddResult : uint8_t {
    kOk,
    kInvalidStream,  // stream id >= the negotiated outbound stream count
    kEmpty,          // a message without payload (section 6.2: no user data)
    kFull,           // over max_buffered_bytes
  };
  // kFull when buffered_bytes() + payload size > max_buffered_bytes, except
  // that an empty queue accepts one message of any size: a message larger
  // than the limit would otherwise be refused forever (the association
  // bounds message sizes itself: max_message_size, BufferBudget).

  SendQueue(const Options& options, uint16_t outbound_streams);
  // Move-only: the round robin links point into the queue's own streams.
  SendQueue(const SendQueue&) = delete;
  SendQueue& operator=(const SendQueue&) = delete;
  SendQueue(SendQueue&&) = default;
  SendQueue& operator=(SendQueue&&) = default;

  // Queues a message. Messages of one stream leave in the order they were
  // added. On kOk the queue owns the message; its body gets the next
  // serial (the first is 1).
  AddResult Add(OutgoingMessage message);
  // The same with the bytes copied from the caller's buffer into a pooled
  // body (no allocation once the pool has warmed up).
  AddResult Add(const SendParams& params, std::span<const uint8_t> payload);

  // The next fragment to send, carrying at most `max_payload` bytes (> 0),
  // or nullopt if nothing is queued. Drops expired messages that have not
  // started (see TakeFailed). Every fragment carries the message's PPID and
  // its FSN (0, 1, ...); with DATA `mid` is 0, with I-DATA `ssn` is 0.
  // Streams are visited in the order they became active; a stream that
  // becomes active joins the end of the round. Allocates nothing.
  std::optional<OutgoingFragment> Produce(TimePoint now, size_t max_payload);

  // Payload bytes Produce has left of the message it would serve next (0
  // when nothing is queued), so that the caller can keep a message that
  // fits in a packet of its own from being split across two.
  size_t NextMessageRemaining() const {
    if (next_stream_ == nullptr) return 0;
    const Stream& stream = *next_stream_;
    const size_t size = nodes_[stream.messages.head].body->message.payload.size();
    return stream.started ? size - stream.offset : size;
  }
  // RFC 3758 section 3.5 A3: drops what is left of the message `serial`
  // of `stream` if its first fragments were produced and the rest not yet,
  // so that no more of an abandoned message is sent. Its SSN (MID) stays
  // taken; the message is not reported through TakeFailed (its fragments
  // sent are the retransmission queue's to report). Returns the dropped
  // rest as one empty last fragment (E bit, the next FSN), for the
  // retransmission queue to give a TSN (RetransmissionQueue::AddAbandoned);
  // nullopt if that message is not in progress here.
  std::optional<OutgoingFragment> Discard(StreamId stream, uint64_t serial);

  // Payload bytes of queued messages not yet produced.
  size_t buffered_bytes() const { return buffered_bytes_; }
  bool empty() const { return buffered_bytes_ == 0; }
  // The outbound stream count (after INIT / INIT ACK negotiation).
  uint16_t stream_count() const { return stream_count_; }
  // Messages queued on streams at or above a smaller count leave the queue
  // and are reported through TakeFailed, and those streams' sequence
  // numbers restart from 0 should they come back (RFC 6525 section 5.1.5).
  // A shrink happens at INIT / INIT ACK negotiation, before any DATA is
  // sent; should a message there have started, the rest of it is dropped
  // and it is reported through TakeFailed too.
  void SetStreamCount(uint16_t outbound_streams);

  // Messages dropped unsent (lifetime expired, or their stream removed by
  // SetStreamCount) since the last call, in the order they were dropped.
  std::vector<OutgoingMessage> TakeFailed();
  // Everything still queued, in stream order (for SendFailed when the
  // association ends); the queue is empty afterwards. A message whose first
  // fragments were already produced is returned whole, with `started`
  // and its MessageBody serial (its sent fragments are in the
  // retransmission queue too).
  // Messages awaiting TakeFailed stay there.
  struct Remaining {
    OutgoingMessage message;
    bool started = false;
    uint64_t serial = 0;
  };
  std::vector<Remaining> TakeAll();

  // Frees the spare message bodies and queue nodes kept for reuse (an
  // idle association).
  void ReleaseSpare();

  // "SendQueue bytes=300 streams=[0:2,3:1] next=3": buffered bytes, the
  // streams with messages (id:count, by id) and the stream served next
  // ("next=-" when none).
  std::string ToString() const;

 private:
  static constexpr uint32_t kNoNode = UINT32_MAX;

  // A queued message, linked into its stream's FIFO, the failed list or
  // the free list. Nodes live in one pool so that Produce only relinks.
  struct Node {
    // The queue is the only owner before the first fragment leaves, so
    // that a dropped message moves out without a copy.
    MessageBodyRef body{};
    uint32_t next = kNoNode;
  };
  struct NodeList {
    uint32_t head = kNoNode;
    uint32_t tail = kNoNode;
    uint32_t size = 0;
  };

  // An outbound stream that has queued a message since the association
  // started (or since SetStreamCount removed it): created on the first Add,
  // so 65535 negotiated streams cost nothing until used.
  struct Stream {
    StreamId id{};
    // What the next message takes (RFC 9260 section 6.5, RFC 8260 section
    // 2.1: separate ordered and unordered MIDs).
    Ssn next_ssn{};
    Mid next_ordered_mid{};
    Mid next_unordered_mid{};
    NodeList messages{};
    // The head message once its first fragment is produced.
    bool started = false;
    size_t offset = 0;
    Ssn ssn{};
    Mid mid{};
    Fsn next_fsn{};
    // The ring of streams with messages, in round robin order.
    Stream* prev_active = nullptr;
    Stream* next_active = nullptr;
  };

  // Checks shared by both Add: kOk if a message of `size` bytes fits.
  AddResult Admit(StreamId stream_id, size_t size) const;
  // Links a new body, filled in, into its stream.
  void Enqueue(StreamId stream_id, MessageBodyRef body);
  Stream& GetStream(StreamId stream_id);
  uint32_t AllocateNode(MessageBodyRef body);
  void FreeNode(uint32_t index);
  void PushBack(NodeList& list, uint32_t index);
  uint32_t PopFront(NodeList& list);
  void Activate(Stream& stream);
  void Deactivate(Stream& stream);
  // Takes the stream's head message off it, into failed_, and the stream
  // out of the ring if that emptied it.
  void FailHead(Stream& stream);

  Options options_;
  uint16_t stream_count_ = 0;
  size_t buffered_bytes_ = 0;
  uint64_t next_serial_ = 1;
  std::map<StreamId, Stream> streams_;
  // The stream of the last Add (map nodes do not move): consecutive
  // messages of one stream skip the lookup.
  Stream* last_added_ = nullptr;
  // Bodies and their payload buffers, recycled.
  MessageBodyPoolPtr pool_;
  // The stream Produce serves next; nullptr when no stream has messages.
  Stream* next_stream_ = nullptr;
  std::vector<Node> nodes_;
  uint32_t free_nodes_ = kNoNode;
  size_t nodes_in_use_ = 0;
  NodeList failed_{};
};

}  // namespace sctpdp
