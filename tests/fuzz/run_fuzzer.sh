#!/usr/bin/env bash
# run_fuzzer.sh FUZZER SEED_DIR [SECONDS]: runs a libFuzzer target on a
# scratch copy of its seed corpus for SECONDS (default $FUZZ_SECONDS or 20).
# Any crash, leak or sanitizer report fails the run; the reproducer is kept
# in the build directory.
set -euo pipefail
fuzzer=$1
seeds=$2
seconds=${3:-${FUZZ_SECONDS:-20}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
cp -r "$seeds"/. "$work/corpus/" 2>/dev/null || true
artifacts="$(dirname "$fuzzer")/fuzz-artifacts/"
mkdir -p "$artifacts"
"$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$artifacts" "$work/corpus" 2>"$work/log" || {
  tail -n 60 "$work/log"
  exit 1
}
grep -E '^stat::number_of_executed_units|^Done' "$work/log" || true
