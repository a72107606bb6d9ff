#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a bounded time, starting
# from its seed corpus (tests/fuzz/corpus/<name>/). Fails on the first crash.
set -euo pipefail
build=${1:?build dir}
seconds=${2:-60}
# A fixed seed (FUZZ_SEED) makes the CI pass repeatable; `make fuzz` explores
# with a fresh seed each time.
seed_flag=()
if [ -n "${FUZZ_SEED:-}" ]; then seed_flag=(-seed="$FUZZ_SEED"); fi
root=$(cd "$(dirname "$0")/.." && pwd)
list="$build/fuzz-targets.txt"
[ -s "$list" ] || { echo "run-fuzzers: no fuzz targets listed in $list"; exit 1; }
passed=0; failed=0
while read -r target; do
  [ -n "$target" ] || continue
  name=${target#fuzz_}
  seeds="$root/tests/fuzz/corpus/$name"
  work=$(mktemp -d)
  cp -r "$seeds/." "$work/" 2>/dev/null || true
  echo "== $target for ${seconds}s"
  if ASAN_OPTIONS=detect_leaks=1 "$build/fuzz/$target" -max_total_time="$seconds" "${seed_flag[@]}" -print_final_stats=1 \
       -artifact_prefix="$build/fuzz/$target-" "$work" 2>"$build/fuzz/$target.log"; then
    passed=$((passed + 1))
    grep -E 'stat::number_of_executed_units' "$build/fuzz/$target.log" || true
  else
    failed=$((failed + 1))
    tail -40 "$build/fuzz/$target.log"
  fi
  rm -rf "$work"
done < "$list"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
