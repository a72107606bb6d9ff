#!/usr/bin/env bash
# Runs every Google Benchmark binary and writes its JSON to <build>/bench/.
set -euo pipefail
build=${1:-build}
mkdir -p "$build/bench"
while read -r target; do
  [ -n "$target" ] || continue
  echo "== $target"
  "$build/bench-bin/$target" --benchmark_out="$build/bench/$target.json" --benchmark_out_format=json \
    ${ZT_BENCH_FILTER:+--benchmark_filter="$ZT_BENCH_FILTER"}
done < "$build/bench-targets.txt"
echo "benchmark JSON in $build/bench/"
