#include "dataplane/sctp/association/association_options.h"

#include <fmt/format.h>

#include <cstdint>

namespace sctpdp {

namespace {

// RFC 9260 section 6.2: SACK.Delay MUST NOT be configured above 500 ms.
constexpr Duration kMaxSackDelay = std::chrono::milliseconds(500);

// RTO.Alpha and RTO.Beta as 1 / 2^shift. At 0 the weight is 1 and the
// estimator keeps no history (SRTT would be the last sample alone); above
// 10 a sample moves SRTT by less than 1/1024 of its difference, which for
// millisecond round trips is below the microsecond resolution of Duration.
constexpr int kMinGainShift = 1;
constexpr int kMaxGainShift = 10;

// RFC 9260 sections 3.3.2 and 3.3.3: an a_rwnd below 1500 makes the peer
// discard the INIT or INIT ACK, and the field has 32 bits.
constexpr size_t kMinReceiveBuffer = 1500;
constexpr size_t kMaxReceiveBuffer = UINT32_MAX;

// path_mtu applies to new paths of either family. 576 is the datagram size
// every IPv4 host must accept (RFC 1122 section 3.3.3, quoted by RFC 8899
// section 5.1.2 for MIN_PLPMTU); IPv6 guarantees 1280 (RFC 8200), so 1280
// as the floor would forbid configuring a small IPv4 path, while 576 on an
// IPv6 path is only conservative. It leaves room for an IPv4 or IPv6
// header, UDP encapsulation, the common header and a DATA chunk. The top
// is the IPv4 total length field.
constexpr size_t kMinPathMtu = 576;
constexpr size_t kMaxPathMtu = 65535;

}  // namespace

std::optional<std::string> AssociationOptions::Validate() const {
  // RFC 9260 section 16 and section 6.3.1 rules C6 and C7: the RTO lives
  // in [RTO.Min, RTO.Max] and starts at RTO.Initial.
  if (rto_min <= Duration::zero()) return "rto_min: must be > 0";
  if (rto_max < rto_min) return "rto_max: must be >= rto_min";
  if (rto_initial < rto_min || rto_initial > rto_max) {
    return "rto_initial: must be between rto_min and rto_max";
  }
  // Section 6.1 rule D: at most Max.Burst packets at once; 0 would forbid
  // sending at all.
  if (max_burst < 1) return "max_burst: must be >= 1";
  if (rto_alpha_shift < kMinGainShift || rto_alpha_shift > kMaxGainShift) {
    return fmt::format("rto_alpha_shift: must be between {} and {}", kMinGainShift, kMaxGainShift);
  }
  if (rto_beta_shift < kMinGainShift || rto_beta_shift > kMaxGainShift) {
    return fmt::format("rto_beta_shift: must be between {} and {}", kMinGainShift, kMaxGainShift);
  }
  // Section 5.1.3: a cookie with no lifetime would be stale on arrival.
  if (valid_cookie_life <= Duration::zero()) return "valid_cookie_life: must be > 0";
  // Section 8.1: the association fails when its error counter exceeds
  // Association.Max.Retrans, so 0 ends it at the first retransmission
  // timeout and no lost packet could ever be recovered.
  if (association_max_retrans < 1) return "association_max_retrans: must be >= 1";
  // Section 8.2: 0 is meaningful for a path (it becomes inactive at its
  // first timeout, the quickest failover a multi-homed user can ask for).
  if (path_max_retrans < 0) return "path_max_retrans: must be >= 0";
  // Section 5.1 (T1-init): as with Association.Max.Retrans, 0 would give
  // up on the association when its first INIT or COOKIE ECHO is lost.
  if (max_init_retransmits < 1) return "max_init_retransmits: must be >= 1";
  // Section 8.3: a heartbeat is due every RTO + HB.interval; 0 is allowed.
  if (hb_interval < Duration::zero()) return "hb_interval: must be >= 0";
  if (hb_max_burst < 1) return "hb_max_burst: must be >= 1";
  if (sack_delay < Duration::zero()) return "sack_delay: must be >= 0";
  if (sack_delay > kMaxSackDelay) {
    return "sack_delay: must be at most 500 ms (RFC 9260 section 6.2)";
  }
  // Section 6.2: a SACK for at least every second packet carrying DATA.
  if (sack_frequency != 1 && sack_frequency != 2) {
    return "sack_frequency: must be 1 or 2 (RFC 9260 section 6.2)";
  }
  // Section 3.3.2: an INIT with OS or MIS zero is discarded by the peer.
  if (outbound_streams < 1) return "outbound_streams: must be >= 1";
  if (max_inbound_streams < 1) return "max_inbound_streams: must be >= 1";
  if (receive_buffer_bytes < kMinReceiveBuffer) {
    return "receive_buffer_bytes: must be >= 1500 (the smallest a_rwnd, RFC 9260 section 3.3.2)";
  }
  if (receive_buffer_bytes > kMaxReceiveBuffer) {
    return "receive_buffer_bytes: must fit the 32-bit a_rwnd";
  }
  if (send_buffer_bytes == 0) return "send_buffer_bytes: must be > 0";
  // A point above the receive buffer could never be reached before the
  // buffer fills (lksctp refuses it likewise).
  if (partial_delivery_point == 0) return "partial_delivery_point: must be > 0";
  if (partial_delivery_point > receive_buffer_bytes) {
    return "partial_delivery_point: must be at most receive_buffer_bytes";
  }
  // A message larger than the send buffer could never be queued whole.
  if (max_message_size > send_buffer_bytes) {
    return "max_message_size: must be at most send_buffer_bytes (0: no limit of its own)";
  }
  if (path_mtu < kMinPathMtu || path_mtu > kMaxPathMtu) {
    return fmt::format("path_mtu: must be between {} and {}", kMinPathMtu, kMaxPathMtu);
  }
  if (shutdown_guard.has_value() && *shutdown_guard <= Duration::zero()) {
    return "shutdown_guard: must be > 0 when set";
  }
  if (autoclose.has_value() && *autoclose <= Duration::zero()) {
    return "autoclose: must be > 0 when set";
  }
  return std::nullopt;
}

}  // namespace sctpdp
