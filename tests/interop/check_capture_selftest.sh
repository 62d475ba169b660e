#!/bin/bash
# Shows that check_capture.sh passes the sample capture and fails, for the
# right reason, on captures that break each of its rules.
#
# Usage: check_capture_selftest.sh SAMPLE.pcapng
set -uo pipefail

[[ $# -eq 1 ]] || {
  echo "usage: $0 SAMPLE.pcapng" >&2
  exit 2
}
here=$(dirname "$(readlink -f "$0")")
sample=$1
for tool in tshark editcap; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed" >&2
    exit 77
  fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/check_capture_selftest.XXXXXX")
trap 'rm -rf "$work"' EXIT

failures=0
# expect STATUS PATTERN [check_capture.sh arguments...]: check_capture.sh must
# exit with STATUS and print a line matching PATTERN.
expect() {
  local status=$1 pattern=$2
  shift 2
  local output rc
  output=$("$here/check_capture.sh" "$@" 2>&1)
  rc=$?
  if [[ $rc -eq $status ]] && grep -qE -- "$pattern" <<<"$output"; then
    echo "ok   check_capture.sh $* -> exit $rc, /$pattern/"
  else
    echo "FAIL check_capture.sh $* -> exit $rc, wanted $status and /$pattern/:"
    sed 's/^/     /' <<<"$output"
    failures=$((failures + 1))
  fi
}

expect 0 '^all checks passed' --require-fragments --require-heartbeat --forbid-abort "$sample"

# Random bit errors (fixed seed) in headers and chunks: CRC32c failures (found
# only because check_capture.sh makes tshark verify the checksum), chunks whose
# lengths no longer fit, IP headers that no longer say SCTP.
editcap -E 0.01 --seed 3 "$sample" "$work/bit-errors.pcapng" || exit 1
expect 1 '^FAIL every CRC32c verifies \([1-9]' "$work/bit-errors.pcapng"
expect 1 '^FAIL no malformed packet \([1-9]' "$work/bit-errors.pcapng"
expect 1 '^FAIL no expert error \([1-9]' "$work/bit-errors.pcapng"
expect 1 '^FAIL every frame is SCTP' "$work/bit-errors.pcapng"

# Only the handshake: too few packets, no DATA, SACK or SHUTDOWN.
editcap -r "$sample" "$work/handshake.pcapng" 1-4 || exit 1
expect 1 '^FAIL at least 20 frames \(4\)' "$work/handshake.pcapng"
expect 1 '^FAIL DATA chunks present \(0\)' "$work/handshake.pcapng"
expect 1 '^FAIL SHUTDOWN_COMPLETE chunks present \(0\)' "$work/handshake.pcapng"

# Only the echo association (port 7): its messages all fit in one chunk.
tshark -r "$sample" -Y 'sctp.port == 7' -w "$work/echo.pcapng" 2>/dev/null || exit 1
expect 0 '^all checks passed' "$work/echo.pcapng"
expect 1 '^FAIL fragmented messages \(first=0 last=0\)' --require-fragments "$work/echo.pcapng"
# No loss on the sample's path: no gap blocks.
expect 1 '^FAIL SACKs with gap blocks \(0\)' --require-gap-blocks "$work/echo.pcapng"

if [[ $failures -ne 0 ]]; then
  echo "$failures self-test(s) failed"
  exit 1
fi
echo "all self-tests passed"
