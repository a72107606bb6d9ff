# Sourced by the controlhub e2e and benchmark scripts: start_controlhub
# creates a fresh database, starts $ZT_BIN_DIR/zt-controlhub on free ports and
# sets CH_PORT, CH_WORK (state dir parent) and CH_BOOTSTRAP; stop_controlhub
# undoes all of it (install it with `trap stop_controlhub EXIT`).
CH_PID=""
CH_DB=""
CH_WORK=""

start_controlhub() {
  : "${ZT_BIN_DIR:?ZT_BIN_DIR is not set}"
  : "${ZT_TEST_PG_ADMIN_URI:?ZT_TEST_PG_ADMIN_URI is not set: source .run/env.sh (make test does)}"
  : "${ZT_TEST_PG_URI:?ZT_TEST_PG_URI is not set}"
  CH_WORK=$(mktemp -d)
  CH_DB="zt_ch_run_$$_$RANDOM"
  psql -q "$ZT_TEST_PG_ADMIN_URI" -c "CREATE DATABASE $CH_DB" >/dev/null
  ZT_POSTGRES_URI="${ZT_TEST_PG_URI%/*}/$CH_DB" \
  ZT_REDIS_HOST="${ZT_TEST_REDIS_HOST:-127.0.0.1}" ZT_REDIS_PORT="${ZT_TEST_REDIS_PORT:-56379}" \
  ZT_GRPC_ADDRESS=127.0.0.1:0 ZT_METRICS_ADDRESS=127.0.0.1:0 ZT_CONTROLHUB_HTTP_ADDRESS=127.0.0.1:0 \
  ZT_STATE_DIR="$CH_WORK/state" \
    "$ZT_BIN_DIR/zt-controlhub" >"$CH_WORK/controlhub.log" 2>&1 &
  CH_PID=$!
  CH_PORT=""
  for _ in $(seq 1 100); do
    CH_PORT=$(grep -o '"http_port":[0-9]*' "$CH_WORK/controlhub.log" | head -1 | cut -d: -f2 || true)
    [ -n "$CH_PORT" ] && break
    if ! kill -0 "$CH_PID" 2>/dev/null; then
      echo "zt-controlhub exited:" >&2
      cat "$CH_WORK/controlhub.log" >&2
      return 1
    fi
    sleep 0.1
  done
  [ -n "$CH_PORT" ] || { echo "zt-controlhub did not start" >&2; return 1; }
  CH_BOOTSTRAP="$CH_WORK/state/bootstrap-admin.json"
}

stop_controlhub() {
  if [ -n "$CH_PID" ]; then
    kill "$CH_PID" 2>/dev/null || true
    wait "$CH_PID" 2>/dev/null || true
  fi
  [ -n "$CH_DB" ] && psql -q "$ZT_TEST_PG_ADMIN_URI" -c "DROP DATABASE IF EXISTS $CH_DB WITH (FORCE)" >/dev/null 2>&1
  [ -n "$CH_WORK" ] && rm -rf "$CH_WORK"
  return 0
}

# A bearer token for the bootstrap admin.
controlhub_admin_token() {
  curl -fsS -d "grant_type=client_credentials" \
       --data-urlencode "client_id=$(jq -r .clientId "$CH_BOOTSTRAP")" \
       --data-urlencode "client_secret=$(jq -r .clientSecret "$CH_BOOTSTRAP")" \
       "http://127.0.0.1:$CH_PORT/v1/oauth/token" | jq -r .access_token
}
