#!/usr/bin/env bash
# Benchmark: GET settings requests/s with wrk at 50 connections against a
# real zt-controlhub on a fresh database.
#   bash tests/bench/controlhub/bench_get_settings.sh [build-dir] [seconds]
# Needs `bash deploy/local/stack.sh data-up` (PostgreSQL, Redis) and wrk.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
BUILD=${1:-$ROOT/build}
SECONDS_TO_RUN=${2:-10}
source "$ROOT/.run/env.sh"
export ZT_BIN_DIR="$BUILD/bin"
export ZT_POSTGRES_POOL_SIZE=${ZT_POSTGRES_POOL_SIZE:-8}
source "$ROOT/tests/e2e/controlhub/start_controlhub.sh"
trap stop_controlhub EXIT
start_controlhub
ZT_TOKEN=$(controlhub_admin_token)
ZT_ORG_ID=$(jq -r .orgId "$CH_BOOTSTRAP")
export ZT_TOKEN ZT_ORG_ID
wrk -t2 -c50 -d"${SECONDS_TO_RUN}s" --latency -s "$ROOT/tests/bench/controlhub/get_settings.lua" \
    "http://127.0.0.1:$CH_PORT"
