// RFC 9260 section 10: ICMP errors about packets this association sent. The
// endpoint has found the association (ICMP5) and checked the quoted
// verification tag (ICMP6).
#include <algorithm>

#include "dataplane/sctp/association/association.h"

namespace sctpdp {
namespace {

// The smallest path MTU taken from a Packet Too Big: the floor the options
// allow for IPv4, the minimum link MTU for IPv6 (RFC 8200 section 5). A
// smaller report (or none: a router that leaves the field 0) lowers the
// path to the floor.
size_t FloorMtu(const IpAddress& address) {
  return address.family == IpAddress::Family::kIpv4 ? 576 : 1280;
}

}  // namespace

void Association::HandleIcmp(TimePoint now, const IcmpReport& report, bool quotes_init) {
  if (!attached_ || state_ == AssociationState::kClosed) return;
  const std::optional<PathId> path = FindPath(report.destination);
  if (!path) return;
  switch (report.kind) {
    case IcmpReport::Kind::kPacketTooBig: {
      // ICMP7, as path MTU discovery (RFC 8201, RFC 1191) has it: only ever
      // down. Messages fragmented from now on fit; chunks already sent
      // keep their size (section 7.3 leaves those to IP fragmentation).
      Path& p = paths_[path->value()];
      const size_t mtu = std::max<size_t>(report.mtu, FloorMtu(p.address));
      if (mtu >= p.mtu) return;
      p.mtu = mtu;
      p.cc.OnPmdcsChanged(Path::MaxDataChunk(p.mtu, p.overhead));
      ++metrics_.path_mtu_decreases;
      break;
    }
    case IcmpReport::Kind::kProtocolUnreachable:
      // ICMP8: the peer does not speak SCTP. An abort with the T bit, but
      // about an INIT only while that INIT is what we wait on.
      if (quotes_init && state_ != AssociationState::kCookieWait) return;
      HandleAbort(now, AbortChunk{});
      break;
    case IcmpReport::Kind::kUnreachable: {
      // ICMP9, the first choice: the destination is unreachable until a
      // heartbeat to it comes back. The association's error count is left
      // to the timers, so that a burst of ICMP about one dead path cannot
      // end an association that has others.
      Path& p = paths_[path->value()];
      if (!p.active) return;
      p.active = false;
      p.error_count = options_.path_max_retrans + 1;
      context_->env->Notify(
          id_,
          PeerAddressChange{.address = p.address, .state = PeerAddressChange::State::kUnreachable});
      break;
    }
  }
  Finish(now);
}

}  // namespace sctpdp
