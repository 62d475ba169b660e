# Sourced by the e2e scripts: skip and fail, programs started inside a
# network namespace, and the trap that removes the namespaces on any exit.
# The script sets `ns_dp` and `ns_peer` first; PROGRAM_TIMEOUT bounds every
# program it starts (default 40 s). KEEP_WORK=DIR keeps the work directory's
# captures and logs there for a look afterwards.

readonly USRSCTP_DIR=${USRSCTP_DIR:-/usr/lib/usrsctp}

skip() {
  echo "SKIP: $*" >&2
  exit 77
}
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

work=$(mktemp -d)
readonly work
pids=()

e2e_cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  local pid ns log
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for ns in "$ns_dp" "$ns_peer"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns delete "$ns" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $rc -ne 0 && $rc -ne 77 ]]; then
    for log in "$work"/*.log; do
      [[ -e $log ]] || continue
      echo "---- last lines of $(basename "$log") ----" >&2
      # Without usrsctp's own trace lines.
      grep -av '^\[[SP]\]' "$log" | tail -n 25 >&2 || true
    done
  fi
  if [[ -n ${KEEP_WORK:-} ]]; then cp -r "$work/." "$KEEP_WORK/"; fi
  rm -rf "$work"
  exit "$rc"
}
trap e2e_cleanup EXIT
trap 'exit 130' INT TERM HUP

in_peer() { ip netns exec "$ns_peer" "$@"; }
start_in() { # start_in NS COMMAND...; sets started_pid
  local ns=$1
  shift
  ip netns exec "$ns" timeout "${PROGRAM_TIMEOUT:-40}" "$@" <&0 &
  started_pid=$!
  pids+=("$started_pid")
}

# e2e_require PROGRAM...: skips unless running as root with iproute2, with
# the usrsctp example programs named, and without the kernel's SCTP module
# (which would ABORT the raw SCTP the programs send).
e2e_require() {
  [[ $(id -u) -eq 0 ]] || skip "needs root for network namespaces and DPDK"
  command -v ip >/dev/null || skip "iproute2 is not installed"
  local program
  for program in "$@"; do
    [[ -x $USRSCTP_DIR/$program ]] || skip "$USRSCTP_DIR/$program missing (libusrsctp-examples)"
  done
  [[ ! -e /proc/net/sctp ]] || skip "the kernel SCTP module is loaded; it would ABORT raw SCTP"
}

# e2e_link DP_IF PEER_IF: the two namespaces joined by a veth pair. sctpdp's
# end gets no kernel address of either family, so the kernel neither
# answers SCTP with ICMP nor does ND for sctpdp's address; the peer's end
# gets 198.18.0.2/24 and fd00:5ce::2/64 (RFC 2544 and RFC 4193: nothing
# real) and sends real checksums (veth would leave them to an offload).
e2e_link() {
  local dp_if=$1 peer_if=$2
  ip netns add "$ns_dp" 2>/dev/null || skip "ip netns add does not work here"
  ip netns add "$ns_peer" || fail "ip netns add"
  ip link add "$dp_if" netns "$ns_dp" type veth peer name "$peer_if" netns "$ns_peer" ||
    skip "cannot create a veth pair"
  ip netns exec "$ns_dp" sysctl -qw "net.ipv6.conf.$dp_if.disable_ipv6=1"
  ip -n "$ns_dp" link set "$dp_if" up
  in_peer ip addr add 198.18.0.2/24 dev "$peer_if"
  in_peer ip -6 addr add fd00:5ce::2/64 dev "$peer_if" nodad
  in_peer ip link set lo up
  in_peer ip link set "$peer_if" up
  in_peer ethtool -K "$peer_if" tx off >/dev/null 2>&1 || true
}
