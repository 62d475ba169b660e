#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/tx/congestion_control.h"
#include "dataplane/sctp/tx/retransmission_timeout.h"

namespace sctpdp {

// One destination transport address of the peer (RFC 9260 section 6.4)
// and everything section 6.3, 7.2 and 8.2 keep per destination: RTO, congestion
// control, the error counter, the T3-rtx timer, heartbeat state and PMTU.
struct Path {
  Path(const IpAddress& peer_address, size_t mtu, size_t overhead,
       const RetransmissionTimeout::Options& rto_options,
       const CongestionControl::Options& cc_options, uint32_t peer_a_rwnd)
      : address(peer_address),
        mtu(mtu),
        overhead(overhead),
        rto(rto_options),
        cc(cc_options,
           peer_address.family == IpAddress::Family::kIpv4
               ? CongestionControl::AddressFamily::kIpv4
               : CongestionControl::AddressFamily::kIpv6,
           MaxDataChunk(mtu, overhead), peer_a_rwnd) {}

  // The largest DATA chunk in one packet on this path (PMDCS, section 1.3):
  // the PMTU less IP (and UDP) headers and the SCTP common header.
  static size_t MaxDataChunk(size_t mtu, size_t overhead) { return mtu - overhead - 12; }
  // The largest SCTP packet on this path.
  size_t max_packet_size() const { return mtu - overhead; }

  IpAddress address{};
  size_t mtu = 1500;
  size_t overhead = 20;  // IP header, plus UDP with encapsulation
  RetransmissionTimeout rto;
  CongestionControl cc;

  // Section 8.2: consecutive T3-rtx expiries and unanswered heartbeats.
  int error_count = 0;
  // Section 8.2: inactive once error_count exceeds Path.Max.Retrans.
  bool active = true;
  // Section 5.4: addresses learnt from INIT / INIT ACK are unconfirmed until a
  // heartbeat comes back; the address the handshake ran over is confirmed.
  bool confirmed = false;

  std::optional<TimePoint> t3_rtx{};
  // Section 8.3: the next heartbeat, and the one awaiting its ACK.
  std::optional<TimePoint> heartbeat_due{};
  std::optional<TimePoint> heartbeat_timeout{};
  uint64_t heartbeat_nonce = 0;
  TimePoint heartbeat_sent{};
  // When sending data last moved the heartbeat: a burst of packets at one
  // time moves it once.
  std::optional<TimePoint> heartbeat_moved_by_data{};
};

}  // namespace sctpdp
