#!/bin/bash
# Checks a capture of real SCTP traffic with tshark and, optionally, with our
# own parser (sctpdp-pcap verify).
#
# Usage: check_capture.sh [options] FILE [SCTPDP_PCAP]
#
# Always asserts:
#   - at least --min-packets N frames (default 20), and every frame is SCTP
#     (the capture filter only lets SCTP and SCTP-over-UDP through);
#   - every SCTP packet's CRC32c verifies (RFC 9260 appendix A);
#   - no malformed packet and no expert info of severity "error" (which
#     includes bad IPv4 header and UDP checksums, verified here too);
#   - INIT, INIT ACK, COOKIE ECHO, COOKIE ACK, DATA, SACK, SHUTDOWN,
#     SHUTDOWN ACK and SHUTDOWN COMPLETE chunks all appear.
# Options add requirements:
#   --require-fragments   a user message split over several DATA chunks:
#                         first (B=1 E=0) and last (B=0 E=1) fragments
#   --require-gap-blocks  a SACK with Gap Ack Blocks
#   --require-heartbeat   HEARTBEAT and HEARTBEAT ACK chunks
#   --forbid-abort        no ABORT and no ERROR chunk
# With SCTPDP_PCAP, also runs `SCTPDP_PCAP verify FILE`, which must exit 0 and
# end with "N packets, N identical, 0 rejected", N being the number of SCTP
# packets tshark saw: every packet parsed and re-serialized to the same bytes.
#
# Exits 0 when all checks pass, 1 when one fails, 2 on bad usage, 77 (meson's
# "skipped") when tshark is missing.
set -uo pipefail

usage() {
  echo "usage: $0 [--min-packets N] [--require-fragments] [--require-gap-blocks]" \
    "[--require-heartbeat] [--forbid-abort] FILE [SCTPDP_PCAP]" >&2
  exit 2
}

min_packets=20
require_fragments=0
require_gap_blocks=0
require_heartbeat=0
forbid_abort=0
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --min-packets)
      [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || usage
      min_packets=$2
      shift 2
      ;;
    --require-fragments) require_fragments=1 && shift ;;
    --require-gap-blocks) require_gap_blocks=1 && shift ;;
    --require-heartbeat) require_heartbeat=1 && shift ;;
    --forbid-abort) forbid_abort=1 && shift ;;
    *) usage ;;
  esac
done
[[ $# -eq 1 || $# -eq 2 ]] || usage
file=$1
sctpdp_pcap=${2:-}

if ! command -v tshark >/dev/null; then
  echo "SKIP: tshark is not installed" >&2
  exit 77
fi
[[ -r $file ]] || {
  echo "FAIL: cannot read $file" >&2
  exit 1
}

failures=0
check() { # check CONDITION_OK MESSAGE
  if [[ $1 -eq 1 ]]; then
    echo "ok   $2"
  else
    echo "FAIL $2"
    failures=$((failures + 1))
  fi
}

# A private, empty configuration directory: a personal Wireshark profile must
# not change how the packets are dissected.
config_dir=$(mktemp -d "${TMPDIR:-/tmp}/check_capture.XXXXXX")
trap 'rm -rf "$config_dir"' EXIT
export WIRESHARK_CONFIG_DIR=$config_dir

# One pass over the file; a frame per line, repeated fields space-separated.
# Without -o sctp.checksum:CRC-32C tshark does not verify the checksum and
# reports every packet as "unverified" (status 2); verified good is 1. The IPv4
# header and UDP checksums are verified too: a bad one is an expert error.
fields=$(tshark -r "$file" -n -o sctp.checksum:CRC-32C \
  -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -T fields \
  -E occurrence=a -E aggregator=' ' -E separator=/t \
  -e frame.number \
  -e sctp.checksum.status \
  -e sctp.chunk_type \
  -e _ws.malformed \
  -e _ws.expert.severity \
  -e sctp.sack_number_of_gap_blocks \
  -e sctp.data_b_bit \
  -e sctp.data_e_bit \
  2>"$config_dir/tshark.err")
tshark_rc=$?
if [[ $tshark_rc -ne 0 ]]; then
  echo "FAIL tshark could not read $file (exit $tshark_rc):" >&2
  grep -v '^Running as user' "$config_dir/tshark.err" >&2
  exit 1
fi

# Expert severity "error" is PI_ERROR = 0x00800000.
summary=$(awk -F'\t' '
  BEGIN {
    split("DATA INIT INIT_ACK SACK HEARTBEAT HEARTBEAT_ACK ABORT SHUTDOWN " \
          "SHUTDOWN_ACK ERROR COOKIE_ECHO COOKIE_ACK ECNE CWR SHUTDOWN_COMPLETE AUTH",
          names, " ")
    for (i = 1; i <= 16; i++) name[i - 1] = names[i]
    name[64] = "I_DATA"; name[128] = "ASCONF_ACK"; name[130] = "RE_CONFIG"
    name[132] = "PAD"; name[192] = "FORWARD_TSN"; name[193] = "ASCONF"
    name[194] = "I_FORWARD_TSN"
  }
  {
    frames++
    if ($2 == "") { not_sctp++; bad_list = bad_list " " $1 "(not SCTP)"; next }
    sctp++
    if ($2 != "1") { bad_checksum++; bad_list = bad_list " " $1 "(checksum)" }
    if ($4 != "") { malformed++; bad_list = bad_list " " $1 "(malformed)" }
    n = split($5, severities, " ")
    for (i = 1; i <= n; i++)
      if (severities[i] == 8388608) { expert_errors++; bad_list = bad_list " " $1 "(expert error)"; break }
    n = split($3, types, " ")
    for (i = 1; i <= n; i++) count[types[i]]++
    n = split($6, gaps, " ")
    for (i = 1; i <= n; i++) if (gaps[i] > 0) sacks_with_gaps++
    n = split($7, b_bits, " ")
    split($8, e_bits, " ")
    for (i = 1; i <= n; i++) {
      if (b_bits[i] == 1 && e_bits[i] == 0) first_fragments++
      if (b_bits[i] == 0 && e_bits[i] == 1) last_fragments++
      if (b_bits[i] == 0 && e_bits[i] == 0) middle_fragments++
    }
  }
  END {
    printf "frames=%d sctp=%d not_sctp=%d bad_checksum=%d malformed=%d expert_errors=%d\n",
      frames, sctp, not_sctp, bad_checksum, malformed, expert_errors
    printf "sacks_with_gaps=%d first_fragments=%d middle_fragments=%d last_fragments=%d\n",
      sacks_with_gaps, first_fragments, middle_fragments, last_fragments
    line = "chunks:"
    for (t = 0; t < 256; t++)
      if (t in count) line = line " " (t in name ? name[t] : "TYPE_" t) "=" count[t]
    print line
    print "bad_frames:" substr(bad_list, 1, 400)
  }' <<<"$fields")

echo "$file"
echo "$summary"
value() { # value KEY: a key=value number from the summary, 0 if absent
  local v
  v=$(grep -o "\b$1=[0-9]*" <<<"$summary" | head -n 1 | cut -d= -f2)
  echo "${v:-0}"
}

frames=$(value frames)
sctp=$(value sctp)
check $((frames >= min_packets)) "at least $min_packets frames ($frames)"
check $((frames == sctp)) "every frame is SCTP ($sctp of $frames)"
check $(($(value bad_checksum) == 0)) "every CRC32c verifies ($(value bad_checksum) bad)"
check $(($(value malformed) == 0)) "no malformed packet ($(value malformed))"
check $(($(value expert_errors) == 0)) "no expert error ($(value expert_errors))"
for type in INIT INIT_ACK COOKIE_ECHO COOKIE_ACK DATA SACK SHUTDOWN SHUTDOWN_ACK SHUTDOWN_COMPLETE; do
  check $(($(value "$type") > 0)) "$type chunks present ($(value "$type"))"
done
if [[ $require_heartbeat -eq 1 ]]; then
  check $(($(value HEARTBEAT) > 0)) "HEARTBEAT chunks present ($(value HEARTBEAT))"
  check $(($(value HEARTBEAT_ACK) > 0)) "HEARTBEAT_ACK chunks present ($(value HEARTBEAT_ACK))"
fi
if [[ $require_gap_blocks -eq 1 ]]; then
  check $(($(value sacks_with_gaps) > 0)) "SACKs with gap blocks ($(value sacks_with_gaps))"
fi
if [[ $require_fragments -eq 1 ]]; then
  check $(($(value first_fragments) > 0 && $(value last_fragments) > 0)) \
    "fragmented messages (first=$(value first_fragments) last=$(value last_fragments))"
fi
if [[ $forbid_abort -eq 1 ]]; then
  check $(($(value ABORT) == 0 && $(value ERROR) == 0)) \
    "no ABORT or ERROR chunk ($(value ABORT) ABORT, $(value ERROR) ERROR)"
fi

if [[ -n $sctpdp_pcap ]]; then
  output=$("$sctpdp_pcap" verify "$file" 2>&1)
  rc=$?
  echo "---- $sctpdp_pcap verify $file (exit $rc)"
  echo "$output"
  echo "----"
  check $((rc == 0)) "sctpdp-pcap verify exits 0 ($rc)"
  last=$(tail -n 1 <<<"$output")
  if [[ $last =~ ^([0-9]+)\ packets,\ ([0-9]+)\ identical,\ ([0-9]+)\ rejected$ ]]; then
    packets=${BASH_REMATCH[1]}
    identical=${BASH_REMATCH[2]}
    rejected=${BASH_REMATCH[3]}
    check $((packets == identical && rejected == 0)) \
      "sctpdp-pcap: all packets identical, none rejected ($last)"
    check $((packets == sctp)) "sctpdp-pcap saw every SCTP packet ($packets of $sctp)"
  else
    check 0 "sctpdp-pcap's last line is 'N packets, N identical, N rejected' (got '$last')"
  fi
fi

if [[ $failures -ne 0 ]]; then
  echo "$failures check(s) failed for $file"
  exit 1
fi
echo "all checks passed for $file"
