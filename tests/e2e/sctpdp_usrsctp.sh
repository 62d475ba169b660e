#!/bin/bash
# sctpdp on a real link against usrsctp's own programs. Two network
# namespaces joined by a veth pair: in "dp" the sctpdp daemon drives its end
# through DPDK's net_af_packet (the interface has no kernel address, so the
# kernel answers nothing and sctpdp does its own ARP and Neighbor
# Discovery); in "peer" the kernel owns the other end and usrsctp's example
# programs (Debian libusrsctp-examples) run in raw-IP mode, one at a time.
#
#   1. ping: sctpdp answers ICMP echo (and so ARP or ND) on its address.
#   2. echo: usrsctp `client` -> sctpdp `echo`: every line comes back;
#      SHUTDOWN ends the association.
#   3. discard: usrsctp `tsctp` -> sctpdp `discard` (IPv4 only: tsctp speaks
#      nothing else): messages larger than the MTU, then a bulk transfer.
#   4. source: sctpdp `source` -> usrsctp `echo_server`: three associations
#      whose every echo sctpdp checks byte for byte.
#   5. The capture (tshark on the peer's interface) has no bad checksum, no
#      malformed packet and no ABORT, and sctpdp-pcap accepts every packet.
#
# The port is net_af_packet unless a fifth argument names another driver on
# the same veth: net_pcap (libpcap) or net_af_xdp (AF_XDP sockets; skipped
# where the kernel does not grant them). With those, phases 1, 2, 4 and 5
# run (tsctp and the hostile traffic only on af_packet).
#
# Usage: sctpdp_usrsctp.sh SCTPDP SCTPDP_PCAP CHECK_CAPTURE ipv4|ipv6 [af_packet|pcap|af_xdp]
# Exits 77 (skipped) where it cannot run (not root, no namespaces, missing
# programs), 1 on failure. Everything runs under timeout; a trap removes the
# namespaces on any exit.
set -euo pipefail

readonly ns_dp=sctpdp-e2e-dp-$$
readonly ns_peer=sctpdp-e2e-peer-$$
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "$(readlink -f "$0")")/e2e_lib.sh"

[[ $# -eq 4 || $# -eq 5 ]] || {
  echo "usage: $0 SCTPDP SCTPDP_PCAP CHECK_CAPTURE ipv4|ipv6 [af_packet|pcap|af_xdp]" >&2
  exit 2
}
sctpdp=$(readlink -f "$1")
sctpdp_pcap=$(readlink -f "$2")
check_capture=$(readlink -f "$3")
family=$4
pmd=${5:-af_packet}

command -v tshark >/dev/null || skip "tshark is not installed"
e2e_require client echo_server tsctp

readonly veth_dp=sdpe$$
readonly veth_peer=sdpp$$

# --- network ---------------------------------------------------------------
e2e_link "$veth_dp" "$veth_peer"

case $pmd in
  af_packet) devargs=net_af_packet0,iface=$veth_dp,framecnt=4096 ;;
  pcap) devargs=net_pcap0,iface=$veth_dp ;;
  af_xdp) devargs=net_af_xdp0,iface=$veth_dp ;;
  *) fail "unknown driver $pmd" ;;
esac

if [[ $family == ipv4 ]]; then
  ours=198.18.0.1
  theirs=198.18.0.2
else
  ours=fd00:5ce::1
  theirs=fd00:5ce::2
fi

# --- capture ----------------------------------------------------------------
capture=$work/e2e.pcapng
ip netns exec "$ns_peer" timeout 90 tshark -n -q -i "$veth_peer" -f sctp -a duration:80 \
  -w "$capture" >"$work/tshark.log" 2>&1 &
tshark_pid=$!
pids+=("$tshark_pid")
for _ in $(seq 150); do
  grep -qs "^Capturing on" "$work/tshark.log" && break
  sleep 0.1
done
grep -q "^Capturing on" "$work/tshark.log" || fail "tshark did not start capturing"

# --- sctpdp -----------------------------------------------------------------
# Starts sctpdp in dp with the endpoints given as YAML; waits until it
# answers ping on its address (which needs its ARP or ND to work).
sctpdp_pid=
start_sctpdp() { # start_sctpdp NAME ENDPOINTS-YAML
  cat >"$work/$1.yaml" <<EOF
eal:
  lcores: "0-1"
  memory_mb: 256
  file_prefix: sctpdp-e2e-$$-$1
ports:
  - name: veth
    devargs: $devargs
    addresses: [198.18.0.1/24, "fd00:5ce::1/64"]
    checksum_offload: off
sctp:
  rto_min_ms: 200
  rto_initial_ms: 500
  hb_interval_ms: 2000
stats:
  live: off
shutdown_timeout_ms: 3000
endpoints:
$2
EOF
  start_in "$ns_dp" "$sctpdp" --config "$work/$1.yaml" >"$work/sctpdp-$1.log" 2>&1
  sctpdp_pid=$started_pid
  local ping=ping
  for _ in $(seq 100); do
    if in_peer $ping -c 1 -W 1 "$ours" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$sctpdp_pid" 2>/dev/null; then
      # AF_XDP needs BPF, XDP on veth and locked memory from the kernel.
      [[ $pmd == af_xdp ]] && skip "net_af_xdp does not start here: $(tail -n 2 "$work/sctpdp-$1.log")"
      fail "sctpdp ($1) exited at start"
    fi
    sleep 0.2
  done
  fail "sctpdp ($1) does not answer ping on $ours"
}
stop_sctpdp() { # stop_sctpdp NAME: SIGTERM, then the summary must show a clean stop
  kill -TERM "$sctpdp_pid"
  wait "$sctpdp_pid" || fail "sctpdp ($1) exited with $?"
  grep -q "sctpdp summary" "$work/sctpdp-$1.log" || fail "sctpdp ($1) printed no summary"
}
# The value of a summary row: endpoint_value LOG ENDPOINT COLUMN (2=sent ...)
endpoint_value() {
  awk -v name="$2" -v column="$3" '$1 == name && NF == 8 { print $column }' "$1"
}
drop_value() { awk -v name="$2" '$1 == name { print $2 }' "$1"; }

# --- 1 and 2: ping, then usrsctp's client against sctpdp's echo --------------
start_sctpdp servers "  - {name: echo, port: 7, app: echo}
  - {name: discard, port: 9, app: discard}"
long_line=$(printf '%0394d' 0 | tr 0 L)
messages=("a" "0123456789abcdef" "$(printf '%078d' 0 | tr 0 x)" "$long_line")
echo_input() {
  for message in "${messages[@]}"; do
    printf '%s\n' "$message"
    sleep 0.2
  done
  sleep 0.8
}
start_in "$ns_peer" "$USRSCTP_DIR/client" "$ours" 7 0 0 0 < <(echo_input) >"$work/client.log" 2>&1
wait "$started_pid" || fail "usrsctp client exited with $?"
grep -aq "SCTP_COMM_UP" "$work/client.log" || fail "the echo association never came up"
grep -aq "SCTP_SHUTDOWN_COMP" "$work/client.log" || fail "the echo association did not shut down"
for message in "${messages[@]}"; do
  grep -aqxF -- "$message" "$work/client.log" || fail "the echo of a ${#message}-byte line is missing"
done

# --- 3: tsctp against sctpdp's discard (IPv4 only) ----------------------------
expected_discard=0
if [[ $family == ipv4 && $pmd == af_packet ]]; then
  # tsctp traces every packet: its output goes to a file (see the brief).
  start_in "$ns_peer" "$USRSCTP_DIR/tsctp" -p 9 -E 0 -U 0 -l 3000 -n 3 "$ours" \
    >"$work/tsctp-fragments.out" 2>&1
  wait "$started_pid" || fail "tsctp (fragments) exited with $?"
  start_in "$ns_peer" "$USRSCTP_DIR/tsctp" -p 9 -E 0 -U 0 -l 1000 -n 5000 "$ours" \
    >"$work/tsctp-bulk.out" 2>&1
  wait "$started_pid" || fail "tsctp (bulk) exited with $?"
  expected_discard=5003
  fragments_check=--require-fragments
fi
sleep 0.5
stop_sctpdp servers
log=$work/sctpdp-servers.log
# client sends at most 79 bytes a message: the long line arrives in pieces.
(($(endpoint_value "$log" echo 4) >= ${#messages[@]})) ||
  fail "sctpdp echo received $(endpoint_value "$log" echo 4) messages"
[[ $(endpoint_value "$log" echo 7) == 0 ]] || fail "the echo association failed"
[[ $(endpoint_value "$log" discard 4) == "$expected_discard" ]] ||
  fail "sctpdp discard received $(endpoint_value "$log" discard 4) messages, expected $expected_discard"
[[ $(endpoint_value "$log" discard 7) == 0 ]] || fail "a discard association failed"
for drop in sctp_malformed bad_ip_checksum bad_icmp neighbor_unresolved pool_empty tx_full; do
  [[ $(drop_value "$log" "$drop") == 0 ]] || fail "sctpdp counted $drop"
done

# --- 4: sctpdp's source against usrsctp's echo_server ------------------------
start_in "$ns_peer" stdbuf -oL "$USRSCTP_DIR/echo_server" 0 0 >"$work/echo_server.log" 2>&1
echo_server_pid=$started_pid
for _ in $(seq 100); do
  in_peer grep -q ':0084 ' /proc/net/raw && break
  sleep 0.1
done
sleep 0.3
start_sctpdp source "  - name: source
    port: 40000
    app: source
    source: {peers: [$theirs], peer_port: 7, associations: 3, message_size_bytes: 100, streams: 1, window: 4, rate: 200}"
sleep 3
stop_sctpdp source
kill "$echo_server_pid" 2>/dev/null || true
wait "$echo_server_pid" 2>/dev/null || true
log=$work/sctpdp-source.log
sent=$(endpoint_value "$log" source 3)
[[ ${sent:-0} -gt 100 ]] || fail "sctpdp source sent only ${sent:-0} messages"
[[ $(endpoint_value "$log" source 4) == "$sent" ]] || fail "not every message came back from echo_server"
[[ $(endpoint_value "$log" source 5) == 3 ]] || fail "not every association came up"
[[ $(endpoint_value "$log" source 6) == 3 ]] || fail "not every association closed gracefully"
[[ $(endpoint_value "$log" source 8) == 0 ]] || fail "sctpdp found echoes that differ from what it sent"

# --- 5: the wire -------------------------------------------------------------
kill -INT "$tshark_pid" 2>/dev/null || true
wait "$tshark_pid" 2>/dev/null || true
"$check_capture" --min-packets 40 --forbid-abort ${fragments_check:-} "$capture" "$sctpdp_pcap" >"$work/check.log" 2>&1 ||
  fail "the capture did not pass: $(tail -n 5 "$work/check.log")"
# --- 6: hostile traffic at a running daemon (IPv4, af_packet) -------------------
# Garbage frames, IPv4 lengths that lie, bad CRC32c, wrong verification
# tags and a flood of INITs, while usrsctp's client keeps echoing through
# sctpdp: every bad packet is counted and dropped (or answered as section
# 8.4 says), and the association carries on.
if [[ $family == ipv4 && $pmd == af_packet ]]; then
  start_sctpdp hostile "  - {name: echo, port: 7, app: echo}"
  dp_mac=$(ip netns exec "$ns_dp" cat "/sys/class/net/$veth_dp/address")
  slow_input() {
    for i in $(seq 20); do
      printf 'line %d of the echo under fire\n' "$i"
      sleep 0.15
    done
    sleep 0.8
  }
  start_in "$ns_peer" "$USRSCTP_DIR/client" "$ours" 7 0 0 0 < <(slow_input) >"$work/client-hostile.log" 2>&1
  client_pid=$started_pid
  sleep 0.5
  rounds=1000
  in_peer timeout 60 python3 "$(dirname "$(readlink -f "$0")")/hostile_frames.py" "$veth_peer" \
    "$dp_mac" "$theirs" "$ours" 7 $rounds >"$work/hostile.out" 2>&1 ||
    fail "hostile_frames.py failed: $(tail -n 3 "$work/hostile.out")"
  wait "$client_pid" || fail "usrsctp client (under fire) exited with $?"
  for i in $(seq 20); do
    grep -aqx "line $i of the echo under fire" "$work/client-hostile.log" || fail "echo $i lost under fire"
  done
  grep -aq "SCTP_SHUTDOWN_COMP" "$work/client-hostile.log" || fail "the association under fire did not shut down cleanly"
  sleep 0.5
  stop_sctpdp hostile
  log=$work/sctpdp-hostile.log
  (($(drop_value "$log" sctp_malformed) >= rounds)) || fail "bad checksums not counted: $(drop_value "$log" sctp_malformed)"
  (($(drop_value "$log" bad_ip_header) >= rounds)) || fail "lying IPv4 lengths not counted: $(drop_value "$log" bad_ip_header)"
  (($(drop_value "$log" sctp_out_of_the_blue) >= rounds)) || fail "wrong tags not counted: $(drop_value "$log" sctp_out_of_the_blue)"
  [[ $(endpoint_value "$log" echo 7) == 0 ]] || fail "the association under fire failed"
fi
echo "sctpdp ($pmd) against usrsctp over $family: all phases passed"
