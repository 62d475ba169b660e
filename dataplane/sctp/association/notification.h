#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/types.h"

namespace sctpdp {

// The events the sockets API reports (RFC 6458 section 6.1), in the engine's
// own types; the api layer translates them to lksctp structures.

// RFC 6458 section 6.1.1, SCTP_ASSOC_CHANGE.
struct AssociationChange {
  enum class State : uint8_t {
    kCommUp,                // SCTP_COMM_UP: established, data may flow
    kCommLost,              // SCTP_COMM_LOST: aborted by the peer or failed
    kRestart,               // SCTP_RESTART: the peer restarted (section 5.2.4 action A)
    kShutdownComplete,      // SCTP_SHUTDOWN_COMP: graceful shutdown finished
    kCantStartAssociation,  // SCTP_CANT_STR_ASSOC: setup failed
  };
  // Why COMM_LOST or CANT_STR_ASSOC: the error cause code of the ABORT
  // received or sent (0 when none applies).
  enum class Reason : uint8_t {
    kNone,
    kPeerAbort,            // the peer sent ABORT
    kUserAbort,            // the user aborted
    kRetransmissionLimit,  // Association.Max.Retrans or Max.Init.Retransmits reached
    kProtocolViolation,    // we aborted on a protocol violation
    kCookieStale,          // INIT retransmissions exhausted after Stale Cookie errors
  };

  State state = State::kCommUp;
  Reason reason = Reason::kNone;
  uint16_t error = 0;  // sac_error: the first error cause code of the ABORT, if any
  uint16_t outbound_streams = 0;
  uint16_t inbound_streams = 0;
  // The ABORT chunk's error causes as received (sac_info), else empty.
  std::vector<uint8_t> abort_causes{};

  friend bool operator==(const AssociationChange&, const AssociationChange&) = default;
};

// RFC 6458 section 6.1.2, SCTP_PEER_ADDR_CHANGE.
struct PeerAddressChange {
  enum class State : uint8_t {
    kAvailable,    // SCTP_ADDR_AVAILABLE: back after a failure
    kUnreachable,  // SCTP_ADDR_UNREACHABLE: Path.Max.Retrans exceeded
    kRemoved,      // SCTP_ADDR_REMOVED
    kAdded,        // SCTP_ADDR_ADDED
    kMadePrimary,  // SCTP_ADDR_MADE_PRIM
    kConfirmed,    // SCTP_ADDR_CONFIRMED: a heartbeat came back (section 5.4)
  };
  IpAddress address{};
  State state = State::kAvailable;

  friend bool operator==(const PeerAddressChange&, const PeerAddressChange&) = default;
};

// RFC 6458 section 6.1.3 and 6.1.11, SCTP_SEND_FAILED_EVENT: a message the
// engine gives up on, with its data so that the user can resend it.
struct SendFailed {
  // SCTP_DATA_UNSENT: never put on the wire; SCTP_DATA_SENT: sent at least
  // in part, not acknowledged.
  bool sent = false;
  uint16_t error = 0;  // the error cause code that explains it, else 0
  StreamId stream_id{};
  Ppid ppid{};
  bool unordered = false;
  uint64_t context = 0;  // the sender's tag given with the message
  std::vector<uint8_t> payload{};

  friend bool operator==(const SendFailed&, const SendFailed&) = default;
};

// RFC 6458 section 6.1.4, SCTP_REMOTE_ERROR: an ERROR chunk arrived.
struct RemoteError {
  uint16_t error = 0;             // the first cause code
  std::vector<uint8_t> causes{};  // all causes, as received

  friend bool operator==(const RemoteError&, const RemoteError&) = default;
};

// RFC 6458 section 6.1.5, SCTP_SHUTDOWN_EVENT: the peer sent SHUTDOWN; no
// more data may be sent.
struct ShutdownEvent {
  friend bool operator==(const ShutdownEvent&, const ShutdownEvent&) = default;
};

// RFC 6458 section 6.1.6, SCTP_ADAPTATION_INDICATION (RFC 5061 section 4.2.6).
struct AdaptationIndication {
  uint32_t code_point = 0;
  friend bool operator==(const AdaptationIndication&, const AdaptationIndication&) = default;
};

// RFC 6458 section 6.1.7, SCTP_PARTIAL_DELIVERY_EVENT with
// SCTP_PARTIAL_DELIVERY_ABORTED: a partially delivered message will never
// be completed.
struct PartialDeliveryAborted {
  StreamId stream_id{};
  uint32_t sequence = 0;  // SSN or MID
  friend bool operator==(const PartialDeliveryAborted&, const PartialDeliveryAborted&) = default;
};

// RFC 6458 section 6.1.9, SCTP_SENDER_DRY_EVENT: nothing queued, nothing
// unacknowledged.
struct SenderDry {
  friend bool operator==(const SenderDry&, const SenderDry&) = default;
};

using Notification =
    std::variant<AssociationChange, PeerAddressChange, SendFailed, RemoteError, ShutdownEvent,
                 AdaptationIndication, PartialDeliveryAborted, SenderDry>;

// One line for logs and test failures, e.g. "ASSOC_CHANGE COMM_UP out=10 in=10".
std::string NotificationToString(const Notification& notification);

}  // namespace sctpdp
