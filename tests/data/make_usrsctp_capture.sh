#!/bin/bash
# Regenerates tests/data/usrsctp-echo.pcapng, the sample capture of real usrsctp
# traffic (IPv4, SCTP directly over IP) used by the demo and as a regression
# input: two associations, each with its setup (INIT, INIT ACK, COOKIE ECHO,
# COOKIE ACK) and graceful shutdown (SHUTDOWN, SHUTDOWN ACK, SHUTDOWN
# COMPLETE):
#   1. client -> echo_server: messages of 2, 17, 49, 79 bytes and five bundled
#      79-byte messages, each echoed back; HEARTBEATs confirming the second
#      (IPv6) path of the multi-homed association;
#   2. tsctp -> discard_server: three 3000-byte messages, each fragmented
#      into three DATA chunks.
# Needs root (network namespaces); see tests/interop/usrsctp_capture.sh.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
out=$here/usrsctp-echo.pcapng
max_bytes=102400

"$here/../interop/usrsctp_capture.sh" "$out" ipv4 raw small
"$here/../interop/check_capture.sh" --min-packets 30 --require-fragments \
  --require-heartbeat --forbid-abort "$out"
size=$(stat -c %s "$out")
if [[ $size -ge $max_bytes ]]; then
  echo "FAIL: $out is $size bytes, the limit for a committed sample is $max_bytes" >&2
  exit 1
fi
echo "wrote $out ($size bytes)"
