#!/bin/bash
# Captures real SCTP traffic between usrsctp's example programs running in two
# network namespaces, so the wire-format parser can be checked against packets
# a real stack produced. A (client side, captured with tshark on its veth) and
# B (server side) are joined through a bridge in a third namespace, "link".
#
# Usage: usrsctp_capture.sh OUT.pcapng [ipv4|ipv6] [raw|udp] [full|small]
#
#   ipv4|ipv6  address family of the associations' primary path (default ipv4).
#              Both namespaces always get an IPv4 and an IPv6 address, so the
#              dual-stack programs multi-home and HEARTBEAT the second path.
#   raw|udp    SCTP directly over IP (default) or UDP-encapsulated on port 9899
#              (RFC 6951).
#   full|small full (default): echo, fragmented messages (ipv4 only) and a
#              bounded bulk transfer through a lossy queue (SACK gap blocks);
#              small: echo and fragmented messages only, a few dozen packets.
#
# Phases, one after the other (two raw-mode usrsctp processes in one namespace
# would each answer the other's packets, so each namespace runs one at a time):
#   1. echo:      echo_server (B) <- client (A): messages of several sizes, one
#                 line long enough to be split into several bundled messages,
#                 then stdin EOF -> SHUTDOWN / SHUTDOWN ACK / SHUTDOWN COMPLETE.
#   2. fragments: discard_server (B) <- tsctp (A), 3 messages of 3000 bytes,
#                 each larger than the MTU so it is sent as several DATA chunks
#                 (B/E bits). tsctp only speaks IPv4, so ipv4 only.
#   3. bulk:      full profile only; discard_server (B) <- tsctp (ipv4) or
#                 client (ipv6) (A) through a token bucket with a short queue on
#                 the bridge's port towards B, which drops DATA so B reports
#                 gaps in its SACKs and A retransmits.
#
# Exits 0 on success, 77 (meson's "skipped") when the environment cannot run
# it (not root, no `ip netns`, no tshark, ethtool or usrsctp examples, kernel
# SCTP loaded), 1 on failure. Every program runs under `timeout`; a trap ends
# them and deletes the namespaces on any exit. Set KEEP_LOGS=1 to keep the
# programs' logs.
set -euo pipefail

readonly ENCAPS_PORT=9899
readonly ECHO_PORT=7
readonly DISCARD_PORT=9
readonly PROGRAM_TIMEOUT=30
readonly CAPTURE_SECONDS=90
readonly CAPTURE_PACKETS=20000
readonly USRSCTP_DIR=${USRSCTP_DIR:-/usr/lib/usrsctp}

usage() {
  echo "usage: $0 OUT.pcapng [ipv4|ipv6] [raw|udp] [full|small]" >&2
  exit 2
}
skip() {
  echo "SKIP: $*" >&2
  exit 77
}
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

[[ $# -ge 1 && $# -le 4 ]] || usage
out=$1
family=${2:-ipv4}
encaps=${3:-raw}
profile=${4:-full}
[[ $family == ipv4 || $family == ipv6 ]] || usage
[[ $encaps == raw || $encaps == udp ]] || usage
[[ $profile == full || $profile == small ]] || usage
[[ $out == /* ]] || out=$PWD/$out

[[ $(id -u) -eq 0 ]] || skip "needs root for network namespaces and raw sockets"
command -v ip >/dev/null || skip "iproute2 (ip) is not installed"
command -v tc >/dev/null || skip "iproute2 (tc) is not installed"
command -v tshark >/dev/null || skip "tshark is not installed"
command -v ethtool >/dev/null || skip "ethtool is not installed"
for program in client discard_server echo_server tsctp; do
  [[ -x $USRSCTP_DIR/$program ]] ||
    skip "$USRSCTP_DIR/$program missing (Debian package libusrsctp-examples)"
done
# A loaded kernel SCTP module would answer every raw SCTP packet that reaches
# no kernel socket with an ABORT (RFC 9260 section 8.4) and break the
# associations; UDP encapsulation bypasses it.
if [[ $encaps == raw && -e /proc/net/sctp ]]; then
  skip "the kernel SCTP module is loaded; it would ABORT the usrsctp associations"
fi

readonly ns_a=sctpdp-interop-a-$$
readonly ns_b=sctpdp-interop-b-$$
readonly ns_link=sctpdp-interop-link-$$
readonly veth_a=sdpa$$      # in A, captured
readonly veth_b=sdpb$$      # in B
readonly veth_link_a=sdla$$ # in link, A's peer
readonly veth_link_b=sdlb$$ # in link, B's peer: the lossy queue
work=$(mktemp -d "${TMPDIR:-/tmp}/usrsctp_capture.XXXXXX")
readonly work
pids=()
namespaces=()

cleanup() {
  local rc=$?
  local pid ns
  trap - EXIT INT TERM HUP
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for ns in "${namespaces[@]}"; do
    # Anything still inside our own namespaces was started by this script.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      kill -KILL "$pid" 2>/dev/null || true
    done
    ip netns delete "$ns" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ $rc -ne 0 && $rc -ne 77 ]]; then
    local log
    for log in "$work"/*.log; do
      [[ -e $log ]] || continue
      echo "---- last lines of $(basename "$log") (without stack debug lines) ----" >&2
      grep -av '^\[[SP]\]' "$log" | tail -n 15 >&2 || true
    done
  fi
  if [[ ${KEEP_LOGS:-0} == 1 ]]; then
    echo "logs kept in $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

in_a() { ip netns exec "$ns_a" "$@"; }
in_b() { ip netns exec "$ns_b" "$@"; }
in_link() { ip netns exec "$ns_link" "$@"; }

# Starts a command in namespace NS, bounded in time. Not through in_a/in_b: a
# backgrounded shell function would be a subshell, and its PID not the
# command's. The explicit <&0 keeps the caller's stdin: bash gives background
# commands /dev/null otherwise.
start_in() { # start_in NS COMMAND ARGS...; sets started_pid
  local ns=$1
  shift
  ip netns exec "$ns" timeout $PROGRAM_TIMEOUT "$@" <&0 &
  started_pid=$!
  pids+=("$started_pid")
}
# Runs a command like start_in and waits for it. Waiting with the `wait`
# builtin lets a signal (a meson timeout) reach the trap at once.
run_in() { # run_in NS COMMAND ARGS...; returns the command's status
  start_in "$@"
  wait "$started_pid"
}

# Namespaces left by an earlier run that was killed (SIGKILL skips the trap).
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^sctpdp-interop-(a|b|link)-[0-9]+$'); do
  owner=${ns##*-}
  if ! kill -0 "$owner" 2>/dev/null; then
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      kill -KILL "$pid" 2>/dev/null || true
    done
    ip netns delete "$ns" 2>/dev/null || true
  fi
done

# --- network -----------------------------------------------------------------
# A and B are joined through a bridge in a third namespace, "link". Loss is
# provoked on the bridge's port towards B: a queue drop there is invisible to
# A's sockets. (A drop in A's own egress queue is not loss: IPv6 raw sockets
# report it to usrsctp as ENOBUFS and it simply sends again.)
ip netns add "$ns_a" 2>/dev/null || skip "ip netns add does not work here"
namespaces+=("$ns_a")
for ns in "$ns_b" "$ns_link"; do
  ip netns add "$ns" || fail "ip netns add $ns"
  namespaces+=("$ns")
done
ip link add "$veth_a" netns "$ns_a" type veth peer name "$veth_link_a" netns "$ns_link" ||
  skip "cannot create a veth pair"
ip link add "$veth_b" netns "$ns_b" type veth peer name "$veth_link_b" netns "$ns_link" ||
  skip "cannot create a veth pair"
in_link ip link add br0 type bridge forward_delay 0 stp_state 0 ||
  skip "cannot create a bridge"
for bridge_port in "$veth_link_a" "$veth_link_b"; do
  in_link ip link set "$bridge_port" master br0
  in_link ip link set "$bridge_port" up
done
in_link ip link set br0 up
# 198.18.0.0/15 is reserved for benchmarking (RFC 2544), fd00::/8 is ULA
# (RFC 4193): neither can reach or collide with a real network.
in_a ip addr add 198.18.0.1/24 dev "$veth_a"
in_b ip addr add 198.18.0.2/24 dev "$veth_b"
# nodad: usable at once, not "tentative" while duplicate detection runs.
in_a ip -6 addr add fd00:5c7d::1/64 dev "$veth_a" nodad
in_b ip -6 addr add fd00:5c7d::2/64 dev "$veth_b" nodad
for ns in "$ns_a" "$ns_b" "$ns_link"; do
  ip -n "$ns" link set lo up
done
# veth offloads the UDP checksum by default: the packets would cross the link,
# and land in the capture, with only the pseudo-header sum in the checksum
# field. Software checksums put real, verifiable ones on the wire.
in_a ethtool -K "$veth_a" tx off >/dev/null
in_b ethtool -K "$veth_b" tx off >/dev/null
in_a ip link set "$veth_a" up
in_b ip link set "$veth_b" up

if [[ $family == ipv4 ]]; then
  addr_b=198.18.0.2
else
  addr_b=fd00:5c7d::2
fi
if [[ $encaps == udp ]]; then
  port=$ENCAPS_PORT
else
  port=0 # usrsctp_init(0): no UDP tunneling socket; remote port 0: plain IP.
fi

# --- capture -----------------------------------------------------------------
rm -f "$out"
# Background jobs run commands directly (not through in_a/in_b): a backgrounded
# shell function gets a subshell PID, and killing that would leave the program.
ip netns exec "$ns_a" timeout $((CAPTURE_SECONDS + 10)) tshark -n -q -i "$veth_a" \
  -f "sctp or udp port $ENCAPS_PORT" \
  -a duration:$CAPTURE_SECONDS -c $CAPTURE_PACKETS -w "$out" \
  >"$work/tshark.log" 2>&1 &
tshark_pid=$!
pids+=("$tshark_pid")
for _ in $(seq 150); do
  grep -qs "^Capturing on" "$work/tshark.log" && break
  kill -0 "$tshark_pid" 2>/dev/null || fail "tshark exited before capturing"
  sleep 0.1
done
grep -q "^Capturing on" "$work/tshark.log" || fail "tshark did not start capturing"

# Starts a usrsctp server in namespace B and waits for its sockets: the raw
# IPPROTO_SCTP socket (protocol 132 = 0x84 shows as the local "port" in
# /proc/net/raw) or the UDP tunneling socket on 9899 (0x26AB).
server_pid=
start_server() {
  local name=$1
  shift
  # Line-buffered: stdio would lose the last lines of a killed server.
  start_in "$ns_b" stdbuf -oL "$USRSCTP_DIR/$name" "$@" >"$work/$name.log" 2>&1
  server_pid=$started_pid
  local pattern=':0084 ' table=/proc/net/raw
  if [[ $encaps == udp ]]; then
    pattern=':26AB '
    table=/proc/net/udp
  fi
  for _ in $(seq 100); do
    if in_b grep -q "$pattern" "$table"; then
      # bind() and listen() follow usrsctp_init() immediately.
      sleep 0.3
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || fail "$name exited at start"
    sleep 0.1
  done
  fail "$name did not open its sockets"
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  # timeout waits for its child, so nothing may be left in namespace B.
  [[ -z $(ip netns pids "$ns_b") ]] || fail "a server survived in $ns_b"
}
# Waits until the server has logged COUNT lines matching PATTERN (it may still
# be reading when the client has finished).
await_lines() { # await_lines COUNT PATTERN LOG
  local count=0
  for _ in $(seq 50); do
    # The usrsctp examples also print their stack's debug lines ("[S]...").
    count=$(grep -ac "$2" "$3" || true)
    [[ $count -lt $1 ]] || break
    sleep 0.1
  done
  echo "$count"
}

# --- phase 1: echo -------------------------------------------------------------
# client reads stdin with fgets() into an 80-byte buffer and sends each read as
# one message, so a message is at most 79 bytes; the long line below becomes 5
# messages of 79 bytes that the stack bundles into one packet. Its stdout stays
# fully buffered, so no printf() lands between the pieces of an echo.
long_line=$(printf '%0394d' 0 | tr 0 L)
messages=(
  "a"
  "0123456789abcdef"
  "$(printf '%048d' 0 | tr 0 m)"
  "$(printf '%078d' 0 | tr 0 x)"
  "$long_line"
)
start_server echo_server "$port" "$port"
# Pauses between lines make separate DATA/SACK exchanges; the last pause lets
# every echo arrive before stdin EOF makes the client shut down, since after a
# SHUTDOWN the server may not send new data (RFC 9260 section 9.2).
echo_input() {
  for message in "${messages[@]}"; do
    printf '%s\n' "$message"
    sleep 0.15
  done
  sleep 0.5
}
client_rc=0
run_in "$ns_a" "$USRSCTP_DIR/client" "$addr_b" $ECHO_PORT 0 "$port" "$port" \
  < <(echo_input) >"$work/client-echo.log" 2>&1 || client_rc=$?
stop_server
[[ $client_rc -eq 0 ]] || fail "echo client exited with $client_rc"
grep -aq "SCTP_COMM_UP" "$work/client-echo.log" || fail "echo association never came up"
grep -aq "SCTP_SHUTDOWN_COMP" "$work/client-echo.log" || fail "echo association did not shut down gracefully"
for message in "${messages[@]}"; do
  grep -aqxF -- "$message" "$work/client-echo.log" || fail "echo of a ${#message}-byte line missing"
done

# --- phase 2 and 3: discard ----------------------------------------------------
if [[ $family == ipv4 || $profile == full ]]; then
  start_server discard_server "$port" "$port"
fi
if [[ $family == ipv4 ]]; then
  run_in "$ns_a" "$USRSCTP_DIR/tsctp" -p $DISCARD_PORT -E "$port" -U "$port" -l 3000 -n 3 "$addr_b" \
    >"$work/tsctp-fragments.log" 2>&1 || fail "tsctp (fragments) exited with $?"
  received=$(await_lines 3 'Msg of length 3000 .*complete 1' "$work/discard_server.log")
  [[ $received -eq 3 ]] || fail "discard_server got $received of 3 fragmented messages"
fi
if [[ $profile == full ]]; then
  # A token bucket with a queue of a few packets on the bridge's port towards
  # B drops part of every burst the sender's congestion window allows: B
  # reports gaps in its SACKs (RFC 9260 section 3.3.4) and A retransmits. The
  # capture, taken before the bridge, shows the lost packets too.
  if [[ $family == ipv4 ]]; then
    tbf=(rate ${TBF_RATE:-20mbit} burst ${TBF_BURST:-16kb} limit ${TBF_LIMIT:-24kb})
  else
    tbf=(rate ${TBF_RATE:-4mbit} burst ${TBF_BURST:-3kb} limit ${TBF_LIMIT:-4kb})
  fi
  in_link tc qdisc add dev "$veth_link_b" root tbf "${tbf[@]}" ||
    fail "cannot add a tbf qdisc to provoke loss"
  if [[ $family == ipv4 ]]; then
    bulk_messages=400
    bulk_length=1400
    run_in "$ns_a" "$USRSCTP_DIR/tsctp" -p $DISCARD_PORT -E "$port" -U "$port" \
      -l $bulk_length -n $bulk_messages "$addr_b" >"$work/tsctp-bulk.log" 2>&1 ||
      fail "tsctp (bulk) exited with $?"
  else
    # tsctp is IPv4-only: client's 79-byte messages, bundled, make the bulk.
    bulk_messages=1000
    bulk_length=79
    run_in "$ns_a" "$USRSCTP_DIR/client" "$addr_b" $DISCARD_PORT 0 "$port" "$port" \
      < <(seq -f '%078.0f' 1 $bulk_messages) >"$work/client-bulk.log" 2>&1 ||
      fail "bulk client exited with $?"
  fi
  in_link tc -s qdisc show dev "$veth_link_b" >"$work/tc.log"
  in_link tc qdisc del dev "$veth_link_b" root
  dropped=$(grep -o 'dropped [0-9]*' "$work/tc.log" | head -n 1)
  received=$(await_lines $bulk_messages "Msg of length $bulk_length .*complete 1" \
    "$work/discard_server.log")
  [[ $received -eq $bulk_messages ]] ||
    fail "discard_server got $received of $bulk_messages bulk messages"
fi
if [[ $family == ipv4 || $profile == full ]]; then
  stop_server
fi

# --- stop the capture ------------------------------------------------------------
sleep 0.5 # let the last packets reach the capture file
kill -TERM "$tshark_pid" 2>/dev/null || true
wait "$tshark_pid" 2>/dev/null || true
[[ -s $out ]] || fail "no capture written to $out"
chmod 0644 "$out"
echo "captured $(tshark -r "$out" 2>/dev/null | wc -l) packets into $out ($family, $encaps, $profile${dropped:+, bulk: $dropped})"
