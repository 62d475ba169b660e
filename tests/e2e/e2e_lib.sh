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
