#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "dataplane/sctp/association/notification.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/rx/reassembly_queue.h"

namespace sctpdp {

// Everything the engine asks of the world around it. The engine is sans-IO:
// packets, timer expiries and user calls come in through the association's
// and endpoint's methods (each with the current time), and every effect
// goes out through this interface. One environment usually serves a whole
// shard, so every call names the association (AssociationId{} for an
// endpoint's answer to a packet with no association).
//
// Calls are made synchronously from inside the engine's entry points. An
// implementation must not call back into the engine from them; it queues
// the work and returns.
class Environment {
 public:
  virtual ~Environment() = default;

  // Sends one finished SCTP packet (common header and chunks, checksum
  // written or left to offload as the engine was configured) to one of the
  // peer's addresses. The bytes are valid only during the call.
  virtual void SendPacket(AssociationId association, const IpAddress& destination,
                          std::span<const uint8_t> packet) = 0;

  // The association wants HandleTimeout called at `when` (or soon after).
  // Each call replaces the previous request of that association; the engine
  // keeps its own timers (T1 to T5, delayed SACK, heartbeats) and asks only
  // for the earliest, so a shard's timer wheel holds one entry per
  // association. An early or spurious wakeup is harmless.
  virtual void ScheduleWakeup(AssociationId association, TimePoint when) = 0;

  // Uniformly random bits (RFC 4086 quality for tags and initial TSNs,
  // RFC 9260 section 5.3.1). Tests use a seeded source.
  virtual uint32_t Random32() = 0;

  // A message (or, under partial delivery, a piece of one) for the user.
  // The engine lends `message`: it is valid only during the call. An
  // implementation that needs it later (one that queues deliveries for
  // after the engine returns) moves it out, which takes the payload's
  // buffer without copying the bytes; one that consumes it at once (a
  // sockets layer copying into the user's buffer) leaves it, and the engine
  // reuses the buffer left in `message`, so that it allocates nothing.
  virtual void Deliver(AssociationId association, ReceivedMessage& message) = 0;

  // An event for the user (RFC 6458 section 6.1).
  virtual void Notify(AssociationId association, const Notification& notification) = 0;
};

// Charges the bytes an association queues to whoever owns it, so that the
// sockets layer can enforce SO_SNDBUF and SO_RCVBUF per descriptor. Send
// bytes are charged when the user queues a message and released when the
// peer has acknowledged all of it (or it is abandoned); receive bytes are
// charged when a DATA chunk is accepted and released by the owner itself
// once the user has read the message the engine delivered. The owner may
// change (peeloff): the association then moves its charges over.
class BufferBudget {
 public:
  enum class Kind : uint8_t {
    kSend,
    kReceive,
  };

  virtual ~BufferBudget() = default;
  // False refuses the bytes: the send fails with "would block", the DATA
  // chunk is dropped unacknowledged (RFC 9260 section 6.2).
  virtual bool TryCharge(Kind kind, size_t bytes) = 0;
  // Charges bytes that already exist (an association moving to this
  // owner), even past the limit.
  virtual void Charge(Kind kind, size_t bytes) = 0;
  virtual void Release(Kind kind, size_t bytes) = 0;
  // Bytes still free, which bounds the advertised receive window.
  virtual size_t Available(Kind kind) const = 0;
};

}  // namespace sctpdp
