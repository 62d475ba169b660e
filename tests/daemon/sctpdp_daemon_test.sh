#!/usr/bin/env bash
# The sctpdp daemon as an operator runs it: the embedded demo end to end
# (a source and an echo over net_ring ports), SIGTERM's graceful shutdown,
# and configuration errors that name the key and exit 2.
# Usage: sctpdp_daemon_test.sh PATH-TO-SCTPDP
set -uo pipefail
sctpdp=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
value() { grep -E "^  $1 " "$2" | awk '{print $NF}'; }

# 1. The demo, smaller: every association up and closed gracefully, every
# echo intact, messages both ways.
timeout 60 "$sctpdp" --duration 3 --set endpoints[1].source.associations=50 \
  --set eal.file_prefix=daemon-test-$$ >"$work/demo.out" 2>&1
status=$?
[ $status -eq 0 ] || fail "demo exited $status"
up=$(value "associations up" "$work/demo.out")
closed=$(value "associations closed" "$work/demo.out")
[ "$up" = 100 ] || fail "demo: $up associations up, expected 100 (50 each side)"
[ "$closed" = 100 ] || fail "demo: $closed associations closed gracefully, expected 100"
[ "$(value "associations failed" "$work/demo.out")" = 0 ] || fail "demo: associations failed"
[ "$(value "echo errors" "$work/demo.out")" = 0 ] || fail "demo: echo errors"
received=$(value "messages received" "$work/demo.out")
[ "${received:-0}" -gt 10000 ] || fail "demo: only ${received:-0} messages received"
for drop in sctp_malformed neighbor_unresolved hold_queue_full pool_empty tx_full; do
  n=$(grep -E "^    $drop " "$work/demo.out" | awk '{print $NF}')
  [ "$n" = 0 ] || fail "demo: $drop = $n"
done

# 2. The demo on two shards a side (three lcores floating on the first two
# CPUs): the echo side places INITs least loaded, and what arrives on the
# other shard's queue is forwarded to the owner. Half way through, every
# second echo association moves to the other shard. Every message still
# comes back intact, and nothing is dropped for want of room in an inbox.
timeout 60 "$sctpdp" --duration 3 --move-at 1.5 --set endpoints[1].source.associations=40 \
  --set shards.count=2 --set shards.mbufs=16383 --set shards.placement=least_loaded --set 'eal.lcores=(0-2)@(0-1)' \
  --set ports[0].rx_queues=2 --set ports[0].tx_queues=2 \
  --set ports[1].rx_queues=2 --set ports[1].tx_queues=2 \
  --set eal.file_prefix=daemon-shards-$$ >"$work/shards.out" 2>&1
status=$?
[ $status -eq 0 ] || fail "two shards: exited $status"
[ "$(value "associations up" "$work/shards.out")" = 80 ] || fail "two shards: not 80 associations up"
[ "$(value "associations closed" "$work/shards.out")" = 80 ] || fail "two shards: not every association closed gracefully"
[ "$(value "echo errors" "$work/shards.out")" = 0 ] || fail "two shards: echo errors"
[ "$(value "forwarded between shards" "$work/shards.out")" -gt 1000 ] || fail "two shards: hardly anything forwarded"
# The 40 echo associations, 20 on each shard: every second one moves.
grep -q "^peeloff: moved 20 associations to the next shard under traffic (0 could not move now)" \
  "$work/shards.out" || fail "two shards: the moves: $(grep '^peeloff' "$work/shards.out")"
for drop in inbox_full sctp_out_of_the_blue sctp_malformed; do
  n=$(grep -E "^    $drop " "$work/shards.out" | awk '{print $NF}')
  [ "$n" = 0 ] || fail "two shards: $drop = $n"
done

# 3. SIGTERM mid-run: SHUTDOWN, not ABORT, and a summary.
"$sctpdp" --set endpoints[1].source.associations=20 --set eal.file_prefix=daemon-sig-$$ \
  >"$work/signal.out" 2>&1 &
pid=$!
sleep 3
kill -TERM $pid
if ! timeout 20 tail --pid=$pid -f /dev/null; then
  fail "SIGTERM: still running after 20 s"
  kill -KILL $pid
fi
wait $pid
status=$?
[ $status -eq 0 ] || fail "SIGTERM: exited $status"
[ "$(value "associations closed" "$work/signal.out")" = 40 ] || fail "SIGTERM: not every association closed gracefully"
[ "$(value "associations failed" "$work/signal.out")" = 0 ] || fail "SIGTERM: associations aborted"

# 4. Bad configurations: exit 2, the key and the reason on stderr.
cat >"$work/bad.yaml" <<'YAML'
ports:
  - name: p0
    devargs: net_null0
    addresses: [198.18.0.1/24]
sctp:
  rto_min_ms: 5000
  rto_max_ms: 100
YAML
"$sctpdp" --config "$work/bad.yaml" 2>"$work/bad.err"
[ $? -eq 2 ] || fail "bad file: exit status not 2"
grep -q "bad.yaml:6: sctp: sctp.rto_max_ms: must be >= sctp.rto_min_ms" "$work/bad.err" ||
  fail "bad file: message was: $(cat "$work/bad.err")"
"$sctpdp" --set endpoints[0].app=teapot 2>"$work/override.err"
[ $? -eq 2 ] || fail "bad override: exit status not 2"
grep -q 'endpoints\[0\].app: "teapot" is not one of: echo, discard, source' "$work/override.err" ||
  fail "bad override: message was: $(cat "$work/override.err")"
"$sctpdp" --config "$work/missing.yaml" 2>"$work/missing.err"
[ $? -eq 2 ] || fail "missing file: exit status not 2"

if [ $failures -ne 0 ]; then
  echo "--- demo output"; cat "$work/demo.out"
  echo "--- two shards output"; cat "$work/shards.out"
  exit 1
fi
echo "sctpdp daemon: all checks passed"
