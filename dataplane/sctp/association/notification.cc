#include "dataplane/sctp/association/notification.h"

#include <fmt/format.h>

#include <string_view>

namespace sctpdp {

namespace {

// The names are those of the lksctp constants (RFC 6458 section 6.1.1)
// without the SCTP_ prefix, so that a log reads like the socket API.
std::string_view StateName(AssociationChange::State state) {
  switch (state) {
    case AssociationChange::State::kCommUp:
      return "COMM_UP";
    case AssociationChange::State::kCommLost:
      return "COMM_LOST";
    case AssociationChange::State::kRestart:
      return "RESTART";
    case AssociationChange::State::kShutdownComplete:
      return "SHUTDOWN_COMP";
    case AssociationChange::State::kCantStartAssociation:
      return "CANT_STR_ASSOC";
  }
  return "?";
}

std::string_view ReasonName(AssociationChange::Reason reason) {
  switch (reason) {
    case AssociationChange::Reason::kNone:
      return "NONE";
    case AssociationChange::Reason::kPeerAbort:
      return "PEER_ABORT";
    case AssociationChange::Reason::kUserAbort:
      return "USER_ABORT";
    case AssociationChange::Reason::kRetransmissionLimit:
      return "RETRANSMISSION_LIMIT";
    case AssociationChange::Reason::kProtocolViolation:
      return "PROTOCOL_VIOLATION";
    case AssociationChange::Reason::kCookieStale:
      return "COOKIE_STALE";
  }
  return "?";
}

// RFC 6458 section 6.1.2.
std::string_view StateName(PeerAddressChange::State state) {
  switch (state) {
    case PeerAddressChange::State::kAvailable:
      return "AVAILABLE";
    case PeerAddressChange::State::kUnreachable:
      return "UNREACHABLE";
    case PeerAddressChange::State::kRemoved:
      return "REMOVED";
    case PeerAddressChange::State::kAdded:
      return "ADDED";
    case PeerAddressChange::State::kMadePrimary:
      return "MADE_PRIM";
    case PeerAddressChange::State::kConfirmed:
      return "CONFIRMED";
  }
  return "?";
}

std::string ToString(const AssociationChange& change) {
  std::string out = fmt::format("ASSOC_CHANGE {}", StateName(change.state));
  // The stream counts matter when the association comes up (or up again);
  // elsewhere they are shown only if the engine filled them in.
  const bool up = change.state == AssociationChange::State::kCommUp ||
                  change.state == AssociationChange::State::kRestart;
  if (up || change.outbound_streams != 0 || change.inbound_streams != 0) {
    out += fmt::format(" out={} in={}", change.outbound_streams, change.inbound_streams);
  }
  if (change.reason != AssociationChange::Reason::kNone) {
    out += fmt::format(" reason={}", ReasonName(change.reason));
  }
  if (change.error != 0) out += fmt::format(" error={}", change.error);
  if (!change.abort_causes.empty()) out += fmt::format(" causes={}", change.abort_causes.size());
  return out;
}

std::string ToString(const PeerAddressChange& change) {
  return fmt::format("PEER_ADDR_CHANGE {} {}", change.address.ToString(), StateName(change.state));
}

std::string ToString(const SendFailed& failed) {
  std::string out =
      fmt::format("SEND_FAILED {} sid={} ppid={} len={}", failed.sent ? "sent" : "unsent",
                  failed.stream_id.value(), failed.ppid.value(), failed.payload.size());
  if (failed.unordered) out += " unordered";
  if (failed.error != 0) out += fmt::format(" error={}", failed.error);
  if (failed.context != 0) out += fmt::format(" context={}", failed.context);
  return out;
}

std::string ToString(const RemoteError& error) {
  return fmt::format("REMOTE_ERROR error={} causes={}", error.error, error.causes.size());
}

std::string ToString(const ShutdownEvent&) { return "SHUTDOWN_EVENT"; }

std::string ToString(const AdaptationIndication& indication) {
  // An opaque 32-bit code point (RFC 5061 section 4.2.6): hex reads best.
  return fmt::format("ADAPTATION_INDICATION 0x{:08x}", indication.code_point);
}

std::string ToString(const PartialDeliveryAborted& aborted) {
  return fmt::format("PARTIAL_DELIVERY_ABORTED sid={} seq={}", aborted.stream_id.value(),
                     aborted.sequence);
}

std::string ToString(const SenderDry&) { return "SENDER_DRY"; }

}  // namespace

std::string NotificationToString(const Notification& notification) {
  return std::visit([](const auto& event) { return ToString(event); }, notification);
}

}  // namespace sctpdp
