#!/bin/bash
# One interoperability test: captures usrsctp traffic (full profile), then
# checks the capture with tshark and, when given, with sctpdp-pcap.
#
# Usage: run_interop.sh OUT.pcapng ipv4|ipv6 raw|udp [SCTPDP_PCAP]
#
# Exits 77 (skipped) when the capture cannot run here, else the checks' status.
set -uo pipefail

[[ $# -eq 3 || $# -eq 4 ]] || {
  echo "usage: $0 OUT.pcapng ipv4|ipv6 raw|udp [SCTPDP_PCAP]" >&2
  exit 2
}
here=$(dirname "$(readlink -f "$0")")
out=$1
family=$2
encaps=$3

"$here/usrsctp_capture.sh" "$out" "$family" "$encaps" full
rc=$?
[[ $rc -eq 0 ]] || exit "$rc"

checks=(--min-packets 150 --require-gap-blocks --require-heartbeat --forbid-abort)
# tsctp, the only example program that sends messages larger than the MTU,
# speaks IPv4 only.
if [[ $family == ipv4 ]]; then
  checks+=(--require-fragments)
fi
exec "$here/check_capture.sh" "${checks[@]}" "$out" ${4:+"$4"}
