#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"

namespace sctpdp {

// A user message as queued for sending (RFC 6458 sctp_sndinfo and
// sctp_prinfo in the engine's terms).
struct OutgoingMessage {
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
  std::vector<uint8_t> payload{};
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
using MessageBodyRef = std::shared_ptr<const MessageBody>;

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
