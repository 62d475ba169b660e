#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
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
    kEmpty,          // a message without payload (section 6.1: no user data)
    kFull,           // over max_buffered_bytes
  };

  SendQueue(const Options& options, uint16_t outbound_streams);

  // Queues a message. Messages of one stream leave in the order they were
  // added. On kOk the queue owns the message.
  AddResult Add(OutgoingMessage message);

  // The next fragment to send, carrying at most `max_payload` bytes (> 0),
  // or nullopt if nothing is queued. Drops expired messages that have not
  // started (see TakeFailed).
  std::optional<OutgoingFragment> Produce(TimePoint now, size_t max_payload);

  // Payload bytes of queued messages not yet produced.
  size_t buffered_bytes() const { return buffered_bytes_; }
  bool empty() const { return buffered_bytes_ == 0; }
  // The outbound stream count (after INIT / INIT ACK negotiation).
  uint16_t stream_count() const { return stream_count_; }
  void SetStreamCount(uint16_t outbound_streams);

  // Messages dropped unsent (lifetime expired) since the last call.
  std::vector<OutgoingMessage> TakeFailed();
  // Everything still queued, in stream order (for SendFailed when the
  // association ends); the queue is empty afterwards. A message whose first
  // fragments were already produced is returned whole, with `started`.
  struct Remaining {
    OutgoingMessage message;
    bool started = false;
  };
  std::vector<Remaining> TakeAll();

  // "SendQueue bytes=300 streams=[0:2,3:1] next=3".
  std::string ToString() const;

 private:
  // Implementation's choice.
  Options options_;
  uint16_t stream_count_ = 0;
  size_t buffered_bytes_ = 0;
};

}  // namespace sctpdp
