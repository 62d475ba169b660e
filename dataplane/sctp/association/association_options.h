#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "dataplane/sctp/common/time.h"

namespace sctpdp {

// The protocol parameters of RFC 9260 section 16 with their defaults, and
// the engine's own settings. An endpoint holds one set; each association
// starts from a copy that the user may change before or after setup.
struct AssociationOptions {
  // --- RFC 9260 section 16 ---
  Duration rto_initial = std::chrono::seconds(1);  // RTO.Initial
  Duration rto_min = std::chrono::seconds(1);      // RTO.Min
  Duration rto_max = std::chrono::seconds(60);     // RTO.Max
  int max_burst = 4;                               // Max.Burst
  // RTO.Alpha and RTO.Beta as powers of two: 1/8 and 1/4 (section 6.3.1).
  int rto_alpha_shift = 3;
  int rto_beta_shift = 2;
  Duration valid_cookie_life = std::chrono::seconds(60);  // Valid.Cookie.Life
  int association_max_retrans = 10;                       // Association.Max.Retrans
  int path_max_retrans = 5;                               // Path.Max.Retrans
  int max_init_retransmits = 8;                           // Max.Init.Retransmits
  Duration hb_interval = std::chrono::seconds(30);        // HB.interval
  int hb_max_burst = 1;                                   // HB.Max.Burst
  Duration sack_delay = std::chrono::milliseconds(200);   // SACK.Delay (at most 500 ms)
  int sack_frequency = 2;  // acknowledge at least every second packet (section 6.2)

  // --- Streams and buffers ---
  // Announced in INIT / INIT ACK (section 5.1.1); lksctp's defaults.
  uint16_t outbound_streams = 10;
  uint16_t max_inbound_streams = 65535;
  // The receive buffer: the a_rwnd announced and the most held for
  // reassembly and undelivered (section 6.2).
  size_t receive_buffer_bytes = size_t{1} << 20;
  // Bytes of user messages queued for sending and not yet acknowledged.
  size_t send_buffer_bytes = size_t{1} << 20;
  // Messages larger than this are delivered in pieces (RFC 6458 section 8.1.21).
  size_t partial_delivery_point = size_t{64} << 10;
  // Refuse (EMSGSIZE) messages larger than this; 0: only the send buffer limits.
  size_t max_message_size = 0;

  // --- Path ---
  // The path MTU assumed for each new path, and the bytes below SCTP on
  // the wire: 20 for IPv4, 40 for IPv6, plus 8 with UDP encapsulation
  // (RFC 6951), which the association adds per path family.
  size_t path_mtu = 1500;
  bool udp_encapsulation = false;
  // Heartbeats on idle paths (section 8.3); off also disables path
  // confirmation by heartbeat.
  bool heartbeats_enabled = true;

  // --- Behaviour ---
  // SCTP_NODELAY: send at once instead of holding a small message while
  // data is outstanding (the Nagle-like rule of section 6.1).
  bool nodelay = false;
  // Offer and accept I-DATA (RFC 8260) and FORWARD-TSN (RFC 3758).
  bool enable_interleaving = false;
  bool enable_partial_reliability = true;
  // T5-shutdown-guard (section 9.2); unset: 5 * RTO.Max.
  std::optional<Duration> shutdown_guard{};
  // Close an idle association after this long (SCTP_AUTOCLOSE); unset: never.
  std::optional<Duration> autoclose{};

  // The first invalid setting as "key: reason", or nullopt when all are
  // consistent (e.g. RTO.Min <= RTO.Initial <= RTO.Max, SACK.Delay <= 500 ms).
  std::optional<std::string> Validate() const;
};

}  // namespace sctpdp
