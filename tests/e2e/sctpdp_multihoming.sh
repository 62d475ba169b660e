#!/bin/bash
# Multihoming end to end: failover and return on a real (virtual) network.
# Two network namespaces joined by two veth pairs, A (198.18.0.0/24) and B
# (198.18.1.0/24). In "dp" sctpdp drives its ends of both through two
# net_af_packet ports; in "peer" usrsctp's echo_server (raw IP) owns the
# kernel's addresses on both. sctpdp's `source` opens one association to
# both of the peer's addresses and
# sends 200 messages a second over two streams to usrsctp's discard_server,
# which prints every message it receives with its stream and SSN. (Not its
# echo_server: usrsctp's own failover, with its default one-second RTO.Min
# and five retransmissions a path, is not what is tested here.)
#
#   1. Both paths up: DATA on the primary path. Which link that is, is up to
#      usrsctp: the primary is the source address of its INIT ACK (RFC 9260
#      section 5.1.2 as sctpdp reads it), and usrsctp answers from the first
#      of its addresses whichever link the INIT came in on. So the test
#      finds it on the wire.
#   2. The primary cut (the peer's end of its veth set down, so it carries
#      nothing either way; this kernel has no tc actions to drop with): the
#      association fails over to the other path without losing,
#      duplicating or reordering a message.
#   3. The primary restored: heartbeats find it again and DATA returns.
#   At the end SIGTERM shuts the association down gracefully; captures on
#   both links show where the DATA went in each phase.
#
# Usage: sctpdp_multihoming.sh SCTPDP
# Exits 77 (skipped) where it cannot run, 1 on failure. Bounded in time; a
# trap removes the namespaces on any exit.
set -euo pipefail

readonly ns_dp=sctpdp-mh-dp-$$
readonly ns_peer=sctpdp-mh-peer-$$
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "$(readlink -f "$0")")/e2e_lib.sh"

[[ $# -eq 1 ]] || {
  echo "usage: $0 SCTPDP" >&2
  exit 2
}
sctpdp=$(readlink -f "$1")
[[ $(id -u) -eq 0 ]] || skip "needs root for network namespaces and DPDK"
for program in ip tshark; do
  command -v $program >/dev/null || skip "$program is not installed"
done
[[ -x $USRSCTP_DIR/discard_server ]] || skip "$USRSCTP_DIR/discard_server missing (libusrsctp-examples)"
[[ -e /proc/net/sctp ]] && skip "the kernel SCTP module is loaded; it would ABORT raw SCTP"

# --- network ---------------------------------------------------------------
ip netns add "$ns_dp" 2>/dev/null || skip "ip netns add does not work here"
ip netns add "$ns_peer" || fail "ip netns add"
in_peer ip link set lo up
for link in 0 1; do
  dp=mhd$link$$
  peer=mhp$link$$
  ip link add "$dp" netns "$ns_dp" type veth peer name "$peer" netns "$ns_peer" ||
    skip "cannot create a veth pair"
  # sctpdp's ends have no kernel address, so the kernel answers nothing.
  ip netns exec "$ns_dp" sysctl -qw "net.ipv6.conf.$dp.disable_ipv6=1"
  ip -n "$ns_dp" link set "$dp" up
  in_peer sysctl -qw "net.ipv6.conf.$peer.disable_ipv6=1"
  in_peer ip addr add "198.18.$link.2/24" dev "$peer"
  in_peer ip link set "$peer" up
  in_peer ethtool -K "$peer" tx off >/dev/null 2>&1 || true
done

# --- captures -----------------------------------------------------------------
for link in 0 1; do
  in_peer timeout 60 tshark -n -q -i "mhp$link$$" -f sctp -a duration:50 \
    -w "$work/$link.pcapng" >"$work/tshark-$link.txt" 2>&1 &
  pids+=($!)
done
for _ in $(seq 150); do
  [[ $(grep -ls "^Capturing on" "$work"/tshark-*.txt | wc -l) -eq 2 ]] && break
  sleep 0.1
done
[[ $(grep -ls "^Capturing on" "$work"/tshark-*.txt | wc -l) -eq 2 ]] || fail "tshark did not start"

# --- the peer ------------------------------------------------------------------
start_in "$ns_peer" stdbuf -oL "$USRSCTP_DIR/discard_server" 0 0 >"$work/discard_server.log" 2>&1
for _ in $(seq 100); do
  in_peer grep -q ':0084 ' /proc/net/raw && break
  sleep 0.1
done
sleep 0.3

# --- sctpdp ------------------------------------------------------------------
# Short timers so that failover takes a second, not a minute: RTO 100 to
# 400 ms, a path fails after 2 missed retransmissions or heartbeats.
cat >"$work/sctpdp.yaml" <<EOF
eal:
  lcores: "0-1"
  memory_mb: 256
  file_prefix: sctpdp-mh-$$
ports:
  - name: a
    devargs: net_af_packet0,iface=mhd0$$
    addresses: [198.18.0.1/24]
    checksum_offload: off
  - name: b
    devargs: net_af_packet1,iface=mhd1$$
    addresses: [198.18.1.1/24]
    checksum_offload: off
sctp:
  rto_initial_ms: 300
  rto_min_ms: 100
  rto_max_ms: 400
  path_max_retrans: 2
  association_max_retrans: 20
  hb_interval_ms: 300
stats:
  live: off
shutdown_timeout_ms: 3000
endpoints:
  - name: source
    port: 40000
    addresses: [198.18.0.1, 198.18.1.1]
    app: source
    source: {peers: [198.18.0.2, 198.18.1.2], peer_port: 9, associations: 1,
             message_size_bytes: 100, streams: 2, rate: 200}
EOF
start_in "$ns_dp" "$sctpdp" --config "$work/sctpdp.yaml" >"$work/sctpdp.log" 2>&1
sctpdp_pid=$started_pid
# DATA frames captured on LINK so far, or between two times (absolute).
data_on() { # data_on LINK [FROM TO]
  local filter="sctp.chunk_type == 0"
  [[ $# -eq 3 ]] && filter+=" && frame.time_epoch >= $2 && frame.time_epoch < $3"
  tshark -n -r "$work/$1.pcapng" -Y "$filter" 2>/dev/null | wc -l
}
plus() { awk -v t="$1" -v d="$2" 'BEGIN { printf "%.6f", t + d }'; }
# The phases, by the clock: both paths up for 4 s, the primary cut for 5 s,
# back for 5 s.
sleep 4
start_at=$(plus "$(date +%s.%N)" -4)
if (($(data_on 0) >= $(data_on 1))); then primary=0 alternate=1; else primary=1 alternate=0; fi
in_peer ip link set "mhp$primary$$" down
cut_at=$(date +%s.%N)
sleep 5
in_peer ip link set "mhp$primary$$" up
back_at=$(date +%s.%N)
sleep 5
kill -TERM "$sctpdp_pid"
wait "$sctpdp_pid" || fail "sctpdp exited with $?"
# discard_server prints the last messages when it reads them; let it.
sleep 2
for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done

# --- checks ------------------------------------------------------------------
log=$work/sctpdp.log
grep -q "sctpdp summary" "$log" || fail "sctpdp printed no summary"
row() { awk -v column="$1" '$1 == "source" && NF == 8 { print $column }' "$log"; }
sent=$(row 3)
[[ ${sent:-0} -gt 2000 ]] || fail "sctpdp sent only ${sent:-0} messages in 14 s at 200/s"
[[ $(row 5) == 1 ]] || fail "the association did not come up"
[[ $(row 6) == 1 ]] || fail "the association did not shut down gracefully"
[[ $(row 7) == 0 ]] || fail "the association failed"
# Every message arrived once, in order on its stream: SSNs 0, 1, 2, ...
# per stream with no gap and no repeat. (usrsctp's trace lines share the
# output and may run into a message line.)
received=$(grep -o "Msg of length 100 received" "$work/discard_server.log" | wc -l)
[[ $received == "$sent" ]] || fail "discard_server received $received of $sent messages"
python3 - "$work/discard_server.log" <<'PY' || fail "a stream's SSNs have a gap, a repeat or a reordering"
import re, sys
expected = {}
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"Msg of length \d+ received from \S+ on stream (\d+) with SSN (\d+)", line)
    if not m:
        continue
    stream, ssn = int(m[1]), int(m[2])
    if ssn != expected.get(stream, 0):
        sys.exit(f"stream {stream}: SSN {ssn}, expected {expected.get(stream, 0)}")
    expected[stream] = ssn + 1
PY

# DATA frames on each link in each phase; failover and return each take a
# moment, so the phases are judged from 2 s in.
before=$(data_on $primary "$start_at" "$cut_at")
during=$(data_on $alternate "$(plus "$cut_at" 2)" "$back_at")
after=$(data_on $primary "$(plus "$back_at" 2)" "$(plus "$back_at" 5)")
stray=$(data_on $alternate "$(plus "$back_at" 2)" "$(plus "$back_at" 5)")
echo "DATA frames: primary (link $primary) before the cut $before, link $alternate during it" \
  "$during, primary after it $after (and $stray on link $alternate)"
((before > 30)) || fail "the primary path carried only $before DATA frames before the cut"
((during > 30)) || fail "only $during DATA frames failed over"
((after > 30)) || fail "DATA did not return to the primary: $after frames after it came back"
((stray * 10 < after)) || fail "DATA stayed on the alternate path: $stray frames"
echo "sctpdp multihoming against usrsctp: failover and return passed"
