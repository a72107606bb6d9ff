#!/usr/bin/env bash
# make bench-kms: zt-kms on loopback gRPC against a fresh PostgreSQL database
# of the local stack, driven by zt-kms-load through sealed sessions as a
# client uses them. Phases (docs/benchmarks.md, "KMS"):
#   retrieve  RetrieveKeys of one key from ZT_BENCH_KMS_CLIENTS (64) clients
#   create10  CreateKeys of 10 keys from the same clients
#   rotate    ZT_BENCH_KMS_ROTATE_KEYS (100000) keys, then RotateMasterKey
#             while ZT_BENCH_KMS_READERS (8) clients keep reading
# Each timed phase lasts ZT_BENCH_KMS_SECONDS (5). Both programs share the
# machine's cores (no pinning: the issue's target includes the load tool).
# Control Hub's role is played by zt-loadgen keygen: the KMS fetches the
# JWKS from a loopback HTTP server, the load tool signs the tokens.
# Writes build/bench/kms.json.
set -euo pipefail
build=${1:-build}
bin="$build/bin"
seconds=${ZT_BENCH_KMS_SECONDS:-5}
clients=${ZT_BENCH_KMS_CLIENTS:-64}
readers=${ZT_BENCH_KMS_READERS:-8}
rotate_keys=${ZT_BENCH_KMS_ROTATE_KEYS:-100000}
phases=${ZT_BENCH_KMS_PHASES:-retrieve,create10,rotate}
pool=${ZT_BENCH_KMS_POOL:-8}
for b in zt-kms zt-kms-load zt-loadgen; do
  [ -x "$bin/$b" ] || { echo "bench-kms: missing $bin/$b (build first)" >&2; exit 2; }
done
[ -f .run/env.sh ] || bash deploy/local/stack.sh data-up >/dev/null
bash deploy/local/stack.sh data-up >/dev/null
# shellcheck disable=SC1091
source .run/env.sh
work=$(mktemp -d)
kms_pid="" http_pid=""
db=zt_bench_kms
cleanup() {
  [ -n "$kms_pid" ] && kill "$kms_pid" 2>/dev/null
  [ -n "$http_pid" ] && kill "$http_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$build/bench" "$work/www" "$work/state"
psql -q "$ZT_TEST_PG_ADMIN_URI" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null

"$bin/zt-loadgen" keygen --jwks "$work/www/jwks.json" --seed "$work/seed" --kid bench
python3 -m http.server --bind 127.0.0.1 --directory "$work/www" 7196 >"$work/http.log" 2>&1 &
http_pid=$!
for _ in $(seq 1 100); do
  python3 -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:7196/jwks.json", timeout=1)' \
    2>/dev/null && break
  sleep 0.1
done
umask 077
printf '1:%s\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" >"$work/master.key"
"$bin/zt-kms" --grpc.address=127.0.0.1:7195 --metrics.address=127.0.0.1:0 \
  --postgres.uri="${ZT_TEST_PG_ADMIN_URI%/*}/$db" --postgres.pool_size="$pool" \
  --kms.revocation_feed=false --kms.master_key_file="$work/master.key" \
  --kms.controlhub_jwks_url=http://127.0.0.1:7196/jwks.json --state_dir="$work/state" \
  --log.level=warn >"$work/kms.log" 2>&1 &
kms_pid=$!
# log.level=warn: no line per RPC (the default "info" writes one); ready when
# the gRPC port answers.
up=0
for _ in $(seq 1 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/7195) 2>/dev/null; then up=1; break; fi
  sleep 0.1
done
[ "$up" = 1 ] || { echo "bench-kms: zt-kms did not start:" >&2; tail -5 "$work/kms.log" >&2; exit 2; }

"$bin/zt-kms-load" --target 127.0.0.1:7195 --seed-file "$work/seed" --kid bench \
  --certificate-file "$work/state/kms-certificate.pem" --master-key-file "$work/master.key" \
  --clients "$clients" --readers "$readers" --seconds "$seconds" --rotate-keys "$rotate_keys" \
  --phases "$phases" --json "$build/bench/kms.json"
python3 - "$build/bench/kms.json" "$(nproc)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["cores"] = int(sys.argv[2])
json.dump(r, open(sys.argv[1], "w"), indent=2)
def f(k, fmt="{:.0f}"):
    return fmt.format(r[k]) if k in r else "-"
print(f'retrieve (1 key, {r.get("retrieve_clients", "-")} clients): {f("retrieve_rps")} req/s, '
      f'p50 {f("retrieve_p50_ms", "{:.2f}")} ms, p99 {f("retrieve_p99_ms", "{:.2f}")} ms, failed {r.get("retrieve_failed", "-")}')
print(f'create10: {f("create10_rps")} req/s (p99 {f("create10_p99_ms", "{:.1f}")} ms)')
print(f'rotation of {r.get("rotate_keys", "-")} keys: {f("rotate_keys_per_s")} keys/s re-wrapped, '
      f'{r.get("rotate_reads", "-")} reads during it, {r.get("rotate_failed_reads", "-")} failed')
print(f"(JSON in {sys.argv[1]})")
PY
