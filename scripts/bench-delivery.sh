#!/usr/bin/env bash
# make bench-delivery: zt-delivery on loopback gRPC against a fresh
# PostgreSQL database and the Redis of the local stack, driven by
# zt-delivery-bench with real MLS clients (docs/benchmarks.md, "Delivery
# Service"):
#   fanout   one ~1.3 KB message to ZT_BENCH_DS_MEMBERS (1000) subscribed
#            streams, ZT_BENCH_DS_TRIALS (30) times: p50/p99 until the last
#            stream has it
#   commits  accepted commits/s across ZT_BENCH_DS_GROUPS (100) groups,
#            durable PostgreSQL writes (synchronous_commit as configured)
#   join     a meeting of ZT_BENCH_DS_MEMBERS built by batched joins (real
#            MLS clients): wall time until all share one epoch, commits,
#            bytes each member received
# Both programs share the machine's cores (no pinning). Control Hub's role
# is played by zt-loadgen keygen: the DS fetches the JWKS from a loopback
# HTTP server, the load tool signs the device tokens. Writes
# build/bench/delivery.json.
set -euo pipefail
build=${1:-build}
bin="$build/bin"
members=${ZT_BENCH_DS_MEMBERS:-1000}
trials=${ZT_BENCH_DS_TRIALS:-30}
groups=${ZT_BENCH_DS_GROUPS:-100}
per_group=${ZT_BENCH_DS_COMMITS_PER_GROUP:-20}
clients=${ZT_BENCH_DS_CLIENTS:-32}
phases=${ZT_BENCH_DS_PHASES:-fanout,commits,join}
pool=${ZT_BENCH_DS_POOL:-16}
for b in zt-delivery zt-delivery-bench zt-loadgen; do
  [ -x "$bin/$b" ] || { echo "bench-delivery: missing $bin/$b (build first)" >&2; exit 2; }
done
bash deploy/local/stack.sh data-up >/dev/null
# shellcheck disable=SC1091
source .run/env.sh
work=$(mktemp -d)
ds_pid="" http_pid=""
db=zt_bench_delivery
cleanup() {
  [ -n "$ds_pid" ] && kill "$ds_pid" 2>/dev/null
  [ -n "$http_pid" ] && kill "$http_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$build/bench" "$work/www" "$work/state"
psql -q "$ZT_TEST_PG_ADMIN_URI" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null

"$bin/zt-loadgen" keygen --jwks "$work/www/jwks.json" --seed "$work/seed" --kid bench
python3 -m http.server --bind 127.0.0.1 --directory "$work/www" 7198 >"$work/http.log" 2>&1 &
http_pid=$!
for _ in $(seq 1 100); do
  python3 -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:7198/jwks.json", timeout=1)' \
    2>/dev/null && break
  sleep 0.1
done
"$bin/zt-delivery" --grpc.address=127.0.0.1:7197 --metrics.address=127.0.0.1:0 \
  --delivery.http_address=127.0.0.1:0 \
  --postgres.uri="${ZT_TEST_PG_ADMIN_URI%/*}/$db" --postgres.pool_size="$pool" \
  --redis.host="$ZT_TEST_REDIS_HOST" --redis.port="$ZT_TEST_REDIS_PORT" \
  --delivery.controlhub_jwks_url=http://127.0.0.1:7198/jwks.json --state_dir="$work/state" \
  --log.level=warn >"$work/ds.log" 2>&1 &
ds_pid=$!
up=0
for _ in $(seq 1 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/7197) 2>/dev/null; then up=1; break; fi
  sleep 0.1
done
[ "$up" = 1 ] || { echo "bench-delivery: zt-delivery did not start:" >&2; tail -5 "$work/ds.log" >&2; exit 2; }

"$bin/zt-delivery-bench" --target 127.0.0.1:7197 --seed-file "$work/seed" --kid bench \
  --members "$members" --trials "$trials" --groups "$groups" --commits-per-group "$per_group" \
  --clients "$clients" --phases "$phases" --json "$build/bench/delivery.json" >/dev/null
python3 - "$build/bench/delivery.json" "$(nproc)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["cores"] = int(sys.argv[2])
json.dump(r, open(sys.argv[1], "w"), indent=2)
def f(k, fmt="{:.1f}"):
    return fmt.format(r[k]) if r.get(k) is not None else "-"
print(f'fan-out of {f("fanout_message_bytes", "{:.0f}")} B to {f("fanout_members", "{:.0f}")} streams: '
      f'p50 {f("fanout_1000_p50_ms")} ms, p99 {f("fanout_1000_p99_ms")} ms (target p99 <= 50 ms)')
print(f'commits across {f("commits_groups", "{:.0f}")} groups: {f("commits_per_s", "{:.0f}")} accepted/s '
      f'({f("commits_refused", "{:.0f}")} refused; target >= 2000/s)')
print(f'meeting of {f("join_members", "{:.0f}")} by batched joins: {f("join_1000_wall_s")} s, '
      f'{f("join_1000_commits", "{:.0f}")} commits, {f("join_1000_bytes_per_member", "{:.0f}")} B per member, '
      f'{f("join_members_agreeing", "{:.0f}")} on one epoch (target <= 60 s)')
print(f"(JSON in {sys.argv[1]})")
PY
