#!/bin/bash
# The sockets API's example programs (api/examples, written against
# sctpdp.h alone) on a veth pair against usrsctp's own programs. Two network
# namespaces: in "dp" the example runs its own sctpdp stack through DPDK's
# net_af_packet (no kernel address on the interface); in "peer" usrsctp's
# programs run in raw-IP mode.
#
#   1. usrsctp `client` -> sctpdp-echo-server: every line comes back, the
#      association comes up and shuts down, and the server saw both.
#   2. sctpdp-client -> usrsctp `echo_server`: 200 numbered messages, each
#      echoed and checked in order: over a connected one-to-one socket, then
#      over a one-to-many socket that sets its association up implicitly
#      (sctp_sendmsg to the address) and checks each echo's stream and PPID.
#
# Usage: api_examples.sh ECHO_SERVER CLIENT
# Exits 77 (skipped) where it cannot run, 1 on failure; a trap removes the
# namespaces on any exit.
set -euo pipefail

readonly ns_dp=sctpdp-api-dp-$$
readonly ns_peer=sctpdp-api-peer-$$
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "$(readlink -f "$0")")/e2e_lib.sh"

[[ $# -eq 2 ]] || {
  echo "usage: $0 ECHO_SERVER CLIENT" >&2
  exit 2
}
echo_server=$(readlink -f "$1")
client=$(readlink -f "$2")

e2e_require client echo_server

readonly veth_dp=sape$$
readonly veth_peer=sapp$$
e2e_link "$veth_dp" "$veth_peer"

# The stack's configuration (configs/README.md): one port, one shard.
config() { # config NAME
  cat >"$work/$1.yaml" <<YAML
eal:
  lcores: "0-1"
  memory_mb: 256
  file_prefix: sctpdp-api-$$-$1
ports:
  - name: veth
    devargs: net_af_packet0,iface=$veth_dp,framecnt=4096
    addresses: [198.18.0.1/24]
    checksum_offload: off
sctp:
  rto_min_ms: 200
  rto_initial_ms: 500
shutdown_timeout_ms: 2000
YAML
  echo "$work/$1.yaml"
}

# --- 1: usrsctp's client against the example echo server ---------------------
start_in "$ns_dp" stdbuf -oL "$echo_server" "$(config server)" 7 12 >"$work/echo-server.log" 2>&1
server_pid=$started_pid
for _ in $(seq 100); do
  in_peer ping -c 1 -W 1 198.18.0.1 >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || fail "sctpdp-echo-server exited at start"
  sleep 0.2
done
grep -q "^listening on port 7" "$work/echo-server.log" || fail "sctpdp-echo-server is not listening"
messages=("a" "0123456789abcdef" "$(printf '%078d' 0 | tr 0 x)")
echo_input() {
  for message in "${messages[@]}"; do
    printf '%s\n' "$message"
    sleep 0.2
  done
  sleep 0.8
}
start_in "$ns_peer" "$USRSCTP_DIR/client" 198.18.0.1 7 0 0 0 < <(echo_input) >"$work/client.log" 2>&1
wait "$started_pid" || fail "usrsctp client exited with $?"
grep -aq "SCTP_COMM_UP" "$work/client.log" || fail "the association never came up"
grep -aq "SCTP_SHUTDOWN_COMP" "$work/client.log" || fail "the association did not shut down"
for message in "${messages[@]}"; do
  grep -aqxF -- "$message" "$work/client.log" || fail "the echo of a ${#message}-byte line is missing"
done
kill -TERM "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
grep -Eq "^association [0-9]+: COMM_UP" "$work/echo-server.log" || fail "the server saw no COMM_UP"
grep -Eq "^association [0-9]+: SHUTDOWN_COMP" "$work/echo-server.log" ||
  fail "the server saw no SHUTDOWN_COMP"

# --- 2: the example client against usrsctp's echo_server ----------------------
start_in "$ns_peer" "$USRSCTP_DIR/echo_server" 0 0 >"$work/echo_server.log" 2>&1
for _ in $(seq 100); do
  in_peer grep -q ':0084 ' /proc/net/raw && break
  sleep 0.1
done
sleep 0.3
for style in stream seqpacket; do
  log=$work/example-client-$style.log
  start_in "$ns_dp" "$client" "$(config "client-$style")" 198.18.0.2 7 200 "$style" >"$log" 2>&1
  wait "$started_pid" || fail "sctpdp-client ($style) exited with $?: $(tail -n 3 "$log")"
  grep -q "^200 messages echoed in order" "$log" || fail "sctpdp-client ($style): $(tail -n 3 "$log")"
done
echo "api examples against usrsctp: all phases passed"
