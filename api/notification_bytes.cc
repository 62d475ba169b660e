#include "api/notification_bytes.h"

#include <arpa/inet.h>
#include <netinet/sctp.h>

#include <cstring>
#include <variant>

#include "api/sockaddr.h"

namespace sctpdp::api {
namespace {

template <typename Header>
std::vector<uint8_t> Bytes(const Header& header, std::span<const uint8_t> tail = {}) {
  std::vector<uint8_t> out(sizeof header + tail.size());
  std::memcpy(out.data(), &header, sizeof header);
  if (!tail.empty()) std::memcpy(out.data() + sizeof header, tail.data(), tail.size());
  // The length field follows type and flags in every notification.
  const auto length = static_cast<uint32_t>(out.size());
  std::memcpy(out.data() + 4, &length, sizeof length);
  return out;
}

uint16_t AssociationState(AssociationChange::State state) {
  switch (state) {
    case AssociationChange::State::kCommUp:
      return SCTP_COMM_UP;
    case AssociationChange::State::kCommLost:
      return SCTP_COMM_LOST;
    case AssociationChange::State::kRestart:
      return SCTP_RESTART;
    case AssociationChange::State::kShutdownComplete:
      return SCTP_SHUTDOWN_COMP;
    case AssociationChange::State::kCantStartAssociation:
      return SCTP_CANT_STR_ASSOC;
  }
  return SCTP_COMM_LOST;
}

int AddressState(PeerAddressChange::State state) {
  switch (state) {
    case PeerAddressChange::State::kAvailable:
      return SCTP_ADDR_AVAILABLE;
    case PeerAddressChange::State::kUnreachable:
      return SCTP_ADDR_UNREACHABLE;
    case PeerAddressChange::State::kRemoved:
      return SCTP_ADDR_REMOVED;
    case PeerAddressChange::State::kAdded:
      return SCTP_ADDR_ADDED;
    case PeerAddressChange::State::kMadePrimary:
      return SCTP_ADDR_MADE_PRIM;
    case PeerAddressChange::State::kConfirmed:
      return SCTP_ADDR_CONFIRMED;
  }
  return SCTP_ADDR_UNREACHABLE;
}

}  // namespace

uint16_t NotificationType(const Notification& notification) {
  struct {
    uint16_t operator()(const AssociationChange&) { return SCTP_ASSOC_CHANGE; }
    uint16_t operator()(const PeerAddressChange&) { return SCTP_PEER_ADDR_CHANGE; }
    uint16_t operator()(const SendFailed&) { return SCTP_SEND_FAILED_EVENT; }
    uint16_t operator()(const RemoteError&) { return SCTP_REMOTE_ERROR; }
    uint16_t operator()(const ShutdownEvent&) { return SCTP_SHUTDOWN_EVENT; }
    uint16_t operator()(const AdaptationIndication&) { return SCTP_ADAPTATION_INDICATION; }
    uint16_t operator()(const PartialDeliveryAborted&) { return SCTP_PARTIAL_DELIVERY_EVENT; }
    uint16_t operator()(const SenderDry&) { return SCTP_SENDER_DRY_EVENT; }
  } type;
  return std::visit(type, notification);
}

std::vector<uint8_t> NotificationBytes(const Notification& notification, AssociationId id) {
  const auto assoc = static_cast<sctp_assoc_t>(id.value());
  const uint16_t type = NotificationType(notification);
  if (const auto* change = std::get_if<AssociationChange>(&notification)) {
    sctp_assoc_change out{};
    out.sac_type = type;
    out.sac_state = AssociationState(change->state);
    out.sac_error = change->error;
    out.sac_outbound_streams = change->outbound_streams;
    out.sac_inbound_streams = change->inbound_streams;
    out.sac_assoc_id = assoc;
    // Section 6.1.1: the ABORT's causes for COMM_LOST and CANT_STR_ASSOC.
    return Bytes(out, change->abort_causes);
  }
  if (const auto* address = std::get_if<PeerAddressChange>(&notification)) {
    sctp_paddr_change out{};
    out.spc_type = type;
    sockaddr_storage storage{};
    const bool v4 = address->address.family == IpAddress::Family::kIpv4;
    ToSockaddr(address->address, Port(0), v4 ? AF_INET : AF_INET6, storage);
    std::memcpy(&out.spc_aaddr, &storage, sizeof storage);
    out.spc_state = AddressState(address->state);
    out.spc_assoc_id = assoc;
    return Bytes(out);
  }
  if (const auto* failed = std::get_if<SendFailed>(&notification)) {
    sctp_send_failed_event out{};
    out.ssf_type = type;
    out.ssf_flags = failed->sent ? SCTP_DATA_SENT : SCTP_DATA_UNSENT;
    out.ssf_error = failed->error;
    out.ssfe_info.snd_sid = failed->stream_id.value();
    out.ssfe_info.snd_flags = failed->unordered ? SCTP_UNORDERED : 0;
    out.ssfe_info.snd_ppid = htonl(failed->ppid.value());
    out.ssfe_info.snd_context = static_cast<uint32_t>(failed->context);
    out.ssfe_info.snd_assoc_id = assoc;
    out.ssf_assoc_id = assoc;
    return Bytes(out, failed->payload);
  }
  if (const auto* error = std::get_if<RemoteError>(&notification)) {
    sctp_remote_error out{};
    out.sre_type = type;
    out.sre_error = htons(error->error);
    out.sre_assoc_id = assoc;
    return Bytes(out, error->causes);
  }
  if (std::holds_alternative<ShutdownEvent>(notification)) {
    sctp_shutdown_event out{};
    out.sse_type = type;
    out.sse_assoc_id = assoc;
    return Bytes(out);
  }
  if (const auto* adaptation = std::get_if<AdaptationIndication>(&notification)) {
    sctp_adaptation_event out{};
    out.sai_type = type;
    out.sai_adaptation_ind = adaptation->code_point;
    out.sai_assoc_id = assoc;
    return Bytes(out);
  }
  if (const auto* aborted = std::get_if<PartialDeliveryAborted>(&notification)) {
    sctp_pdapi_event out{};
    out.pdapi_type = type;
    out.pdapi_indication = SCTP_PARTIAL_DELIVERY_ABORTED;
    out.pdapi_assoc_id = assoc;
    out.pdapi_stream = aborted->stream_id.value();
    out.pdapi_seq = aborted->sequence;
    return Bytes(out);
  }
  sctp_sender_dry_event out{};
  out.sender_dry_type = type;
  out.sender_dry_assoc_id = assoc;
  return Bytes(out);
}

}  // namespace sctpdp::api
