#!/usr/bin/env bash
# The local zt stack: a private PostgreSQL cluster and Redis server on
# loopback (state under .run/), then every zt service.
#   stack.sh data-up       start PostgreSQL and Redis (created once, reused)
#   stack.sh services-up   start the five services, print their addresses
#   stack.sh run           data-up + services-up + demo, then wait for Ctrl-C
#   stack.sh down          stop everything this script started
#   stack.sh status        what is running
#   stack.sh purge         down, then delete the local state (.run/ and the cluster)
#
# Run as root, PostgreSQL runs as the `postgres` user, which may not be able
# to reach the checkout (under /root, a 700 home or a `mktemp -d` folder).
# The cluster then lives outside the checkout, in a folder owned by
# `postgres` and named after a hash of the checkout path,
# /var/lib/zt-local/<hash>/ (.run/pg links to it); no folder above the
# checkout has its permissions changed. Run as another user, it stays in
# .run/pg-data.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN="$ROOT/.run"
BIN="${ZT_BIN_DIR:-$ROOT/build/bin}"
PG_PORT=${ZT_PG_PORT:-55432}
REDIS_PORT=${ZT_REDIS_PORT:-56379}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PG_USER=postgres   # PostgreSQL refuses to run as root
ZT_LOCAL_STATE=${ZT_LOCAL_STATE:-/var/lib/zt-local}
SERVICES=(controlhub kms delivery sfu calling)

# Ports per service: gRPC, metrics (and HTTP for controlhub).
declare -A GRPC_PORT=([controlhub]=7001 [kms]=7002 [delivery]=7003 [sfu]=7004 [calling]=7005)
declare -A METRICS_PORT=([controlhub]=9101 [kms]=9102 [delivery]=9103 [sfu]=9104 [calling]=9105)

log() { echo "stack: $*"; }

as_pg() {  # from /, since the postgres user may not be allowed into the checkout
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u "$PG_USER" -- "$@"); else "$@"; fi
}

# Where the cluster's data, socket and server log live (PG_HOME), reached
# from the checkout through the .run/pg link.
if [ "$(id -u)" -eq 0 ]; then
  PG_HOME="$ZT_LOCAL_STATE/$(printf '%s' "$ROOT" | sha256sum | cut -c1-16)"
else
  PG_HOME="$RUN/pg-data"
fi
PG_DATA="$PG_HOME/data"
PG_SOCK="$PG_HOME/sock"

# A checkout whose cluster predates this layout (a plain folder .run/pg,
# socket in .run/pgsock): stop it and move its data to PG_DATA.
migrate_legacy_pg() {
  [ -d "$RUN/pg" ] && [ ! -L "$RUN/pg" ] || return 0
  if [ -s "$RUN/pg/PG_VERSION" ]; then
    log "moving the cluster in $RUN/pg to $PG_DATA"
    as_pg "$PG_BIN/pg_ctl" -D "$RUN/pg" -m fast -w stop >/dev/null 2>&1 || true
    make_pg_home_dirs
    rmdir "$PG_DATA"
    mv "$RUN/pg" "$PG_DATA"
    [ "$(id -u)" -ne 0 ] || chown -R "$PG_USER" "$PG_DATA"
    printf "unix_socket_directories = '%s'\n" "${PG_SOCK//\'/\'\'}" >> "$PG_DATA/postgresql.conf"
  else
    rm -rf "$RUN/pg"
  fi
  rm -rf "$RUN/pgsock"
}

make_pg_home_dirs() {
  if [ "$(id -u)" -eq 0 ]; then
    install -d -m 755 "$ZT_LOCAL_STATE"
    install -d -m 700 -o "$PG_USER" -g "$(id -gn "$PG_USER")" "$PG_HOME" "$PG_DATA" "$PG_SOCK"
    printf '%s\n' "$ROOT" > "$PG_HOME/checkout"   # which checkout this cluster belongs to
  else
    install -d -m 700 "$PG_HOME" "$PG_DATA" "$PG_SOCK"
  fi
}

make_pg_home() {
  migrate_legacy_pg
  make_pg_home_dirs
  ln -sfn "$PG_HOME" "$RUN/pg"
}

ensure_pg_user() {
  if [ "$(id -u)" -eq 0 ] && ! id "$PG_USER" >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$PG_USER"
  fi
}

write_secret() {  # write_secret <file> : random secret, created once, mode 600
  local f=$1
  if [ ! -s "$f" ]; then
    umask 077
    head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$f"
  fi
}

log_file() {  # log_file <file>: created if missing, mode 640 (logs are not world-readable)
  [ -e "$1" ] || : > "$1"
  chmod 640 "$1"
}

pg_up() {
  ensure_pg_user
  mkdir -p "$RUN/secrets" "$RUN/logs"
  chmod 700 "$RUN" "$RUN/secrets"
  chmod 750 "$RUN/logs"
  write_secret "$RUN/secrets/pg-password"
  local pw; pw=$(cat "$RUN/secrets/pg-password")
  printf '127.0.0.1:%s:*:zt:%s\n' "$PG_PORT" "$pw" > "$RUN/secrets/pgpass"
  chmod 600 "$RUN/secrets/pgpass"
  make_pg_home
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA (linked from $RUN/pg)"
    log_file "$RUN/logs/initdb.log"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$RUN/logs/initdb.log"
    local sock_quoted=${PG_SOCK//\'/\'\'}
    as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$sock_quoted'
max_connections = 200
fsync = on
CONF
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_HOME/server.log" -w -t 60 -o "-p $PG_PORT" start >/dev/null
  fi
  local psql=("$PG_BIN/psql" -h "$PG_SOCK" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  as_pg "${psql[@]}" -d postgres -c "DO \$\$BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zt') THEN CREATE ROLE zt LOGIN CREATEDB; END IF;
    END\$\$;" >/dev/null
  as_pg "${psql[@]}" -d postgres -c "ALTER ROLE zt PASSWORD '$pw'" >/dev/null
  for db in zt zt_test; do
    if [ -z "$(as_pg "${psql[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname='$db'")" ]; then
      as_pg "${psql[@]}" -d postgres -c "CREATE DATABASE $db OWNER zt" >/dev/null
    fi
  done
}

redis_up() {
  mkdir -p "$RUN/redis"
  if [ -s "$RUN/redis/redis.pid" ] && kill -0 "$(cat "$RUN/redis/redis.pid")" 2>/dev/null; then return; fi
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  log_file "$RUN/redis/redis.log"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$RUN/redis" --daemonize yes \
    --pidfile "$RUN/redis/redis.pid" --logfile "$RUN/redis/redis.log" --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return
    sleep 0.1
  done
  log "Redis did not start; see $RUN/redis/redis.log"; exit 1
}

write_env() {
  cat > "$RUN/env.sh" <<ENV
# Written by deploy/local/stack.sh: where the local servers are.
export PGPASSFILE="$RUN/secrets/pgpass"
export ZT_PG_BIN="$PG_BIN"
export ZT_TEST_PG_URI="postgresql://zt@127.0.0.1:$PG_PORT/zt_test"
export ZT_TEST_PG_ADMIN_URI="postgresql://zt@127.0.0.1:$PG_PORT/postgres"
export ZT_TEST_REDIS_HOST=127.0.0.1
export ZT_TEST_REDIS_PORT=$REDIS_PORT
ENV
}

data_up() { pg_up; redis_up; write_env; }

# The SFU checks media grants with the Delivery Service's grant JWKS
# (http://127.0.0.1:8003/v1/.well-known/jwks.json, the SFU's default). The
# demo's load generator signs grants of its own with this key, which the SFU
# trusts besides (sfu.trusted_jwks_file).
sfu_grant_key() {
  if [ ! -s "$RUN/secrets/sfu-grant-jwks.json" ] || [ ! -s "$RUN/secrets/sfu-grant.seed" ]; then
    (umask 077; "$BIN/zt-loadgen" keygen --kid local-grant --jwks "$RUN/secrets/sfu-grant-jwks.json" \
      --seed "$RUN/secrets/sfu-grant.seed" >/dev/null)
  fi
}

# The DS's Control Hub service principal (device kinds, org policy), created
# once by the bootstrap admin; its credential JSON stays in .run/secrets.
ds_controlhub_credentials() {
  [ -s "$RUN/secrets/ds-controlhub.json" ] && return 0
  wait_healthy controlhub || return 1
  local creds="$RUN/state/controlhub/bootstrap-admin.json" api=http://127.0.0.1:8001 token
  for _ in $(seq 1 50); do [ -s "$creds" ] && break; sleep 0.1; done
  token=$(jq -n --arg id "$(jq -r .clientId "$creds")" --arg secret "$(jq -r .clientSecret "$creds")" \
            '{grant_type:"client_credentials", client_id:$id, client_secret:$secret}' |
          curl -fsS -H 'Content-Type: application/json' -d @- "$api/v1/oauth/token" | jq -r .access_token)
  (umask 077; curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
     -d '{"displayName":"zt-delivery"}' "$api/v1/orgs/$(jq -r .orgId "$creds")/servicePrincipals" \
     > "$RUN/secrets/ds-controlhub.json")
  log "created the Delivery Service's Control Hub service principal"
}

service_up() {
  local svc=$1 bin="$BIN/zt-$1"
  [ -x "$bin" ] || { log "missing $bin (run make build)"; return 1; }
  if [ -s "$RUN/$svc.pid" ] && kill -0 "$(cat "$RUN/$svc.pid")" 2>/dev/null; then return; fi
  mkdir -p "$RUN/state/$svc"
  local extra=()
  if [ "$svc" = sfu ]; then
    sfu_grant_key
    extra=(ZT_SFU_TRUSTED_JWKS_FILE="$RUN/secrets/sfu-grant-jwks.json")
  fi
  if [ "$svc" = kms ]; then  # the master key (KEK) wrapping content keys; a Secret in Kubernetes
    [ -s "$RUN/secrets/kms-master.key" ] ||
      (umask 077; printf '1:%s\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" > "$RUN/secrets/kms-master.key")
    extra=(ZT_KMS_MASTER_KEY_FILE="$RUN/secrets/kms-master.key")
  fi
  if [ "$svc" = delivery ]; then  # the DS's external-sender key, stable across restarts
    [ -s "$RUN/secrets/ds-signing.key" ] ||
      (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$RUN/secrets/ds-signing.key")
    ds_controlhub_credentials
    extra=(ZT_DELIVERY_SIGNING_KEY_FILE="$RUN/secrets/ds-signing.key"
           ZT_DELIVERY_CONTROLHUB_CREDENTIALS_FILE="$RUN/secrets/ds-controlhub.json"
           ZT_DELIVERY_HTTP_ADDRESS=127.0.0.1:8003)
  fi
  log_file "$RUN/logs/$svc.log"
  env "${extra[@]}" \
  ZT_POSTGRES_URI="postgresql://zt@127.0.0.1:$PG_PORT/zt" \
  ZT_POSTGRES_PASSWORD_FILE="$RUN/secrets/pg-password" \
  ZT_REDIS_HOST=127.0.0.1 ZT_REDIS_PORT=$REDIS_PORT \
  ZT_GRPC_ADDRESS="127.0.0.1:${GRPC_PORT[$svc]}" \
  ZT_METRICS_ADDRESS="127.0.0.1:${METRICS_PORT[$svc]}" \
  ZT_STATE_DIR="$RUN/state/$svc" \
    nohup "$bin" >>"$RUN/logs/$svc.log" 2>&1 &
  echo $! > "$RUN/$svc.pid"
}

wait_healthy() {  # wait_healthy <svc>: until grpc.health.v1 says SERVING
  local svc=$1
  for _ in $(seq 1 150); do
    if "$BIN/zt-healthcheck" "127.0.0.1:${GRPC_PORT[$svc]}" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$(cat "$RUN/$svc.pid")" 2>/dev/null; then
      log "zt-$svc exited during start-up; tail of $RUN/logs/$svc.log:"
      tail -5 "$RUN/logs/$svc.log"
      return 1
    fi
    sleep 0.1
  done
  log "zt-$svc did not report SERVING within 15 s; see $RUN/logs/$svc.log"; return 1
}

services_up() {
  mkdir -p "$RUN/logs" "$RUN/state"
  chmod 750 "$RUN/logs"
  for svc in "${SERVICES[@]}"; do service_up "$svc"; done
  printf '\n%-12s %-18s %-8s %s\n' service grpc health metrics
  local failed=0
  for svc in "${SERVICES[@]}"; do
    wait_healthy "$svc" || failed=1
    local health
    health=$("$BIN/zt-healthcheck" "127.0.0.1:${GRPC_PORT[$svc]}" 2>/dev/null || echo "?")
    printf '%-12s %-18s %-8s %s\n' "zt-$svc" "127.0.0.1:${GRPC_PORT[$svc]}" "$health" \
      "http://127.0.0.1:${METRICS_PORT[$svc]}/metrics"
  done
  echo
  echo "Control Hub REST API and admin page: http://127.0.0.1:8001/ (OpenAPI: /v1/openapi.json)"
  echo "bootstrap admin credential (mode 600): $RUN/state/controlhub/bootstrap-admin.json"
  echo "Delivery Service media-grant JWKS: http://127.0.0.1:8003/v1/.well-known/jwks.json"
  echo "SFU media (UDP): 127.0.0.1:10000; PostgreSQL 127.0.0.1:$PG_PORT; Redis 127.0.0.1:$REDIS_PORT"
  echo "logs: $RUN/logs/"
  echo
  [ "$failed" -eq 0 ] || { log "a service failed to start"; return 1; }
}

stop_pidfile() {  # stop_pidfile <file> <name>
  local f=$1 name=$2
  [ -s "$f" ] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    log "stopped $name"
  fi
  rm -f "$f"
}

down() {
  for svc in "${SERVICES[@]}"; do stop_pidfile "$RUN/$svc.pid" "zt-$svc"; done
  stop_pidfile "$RUN/redis/redis.pid" redis
  if [ -s "$PG_DATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && log "stopped PostgreSQL"
  fi
}

purge() {  # down, then delete this checkout's local state
  down
  rm -rf "$PG_HOME" "$RUN"
  log "removed $RUN and $PG_HOME"
}

status() {
  for svc in "${SERVICES[@]}"; do
    if [ -s "$RUN/$svc.pid" ] && kill -0 "$(cat "$RUN/$svc.pid")" 2>/dev/null; then
      echo "zt-$svc running (pid $(cat "$RUN/$svc.pid"))"
    else
      echo "zt-$svc stopped"
    fi
  done
}

run() {
  data_up
  services_up
  if [ -x "$ROOT/scripts/demo.sh" ]; then bash "$ROOT/scripts/demo.sh"; fi
  trap 'echo; down; exit 0' INT TERM
  log "all services up; Ctrl-C (or make stop) stops everything"
  while true; do
    local alive=0
    for svc in "${SERVICES[@]}"; do
      [ -s "$RUN/$svc.pid" ] && kill -0 "$(cat "$RUN/$svc.pid")" 2>/dev/null && alive=1
    done
    [ "$alive" -eq 1 ] || { log "no service left running"; down; exit 0; }
    if [ -n "${ZT_RUN_ONCE:-}" ]; then log "ZT_RUN_ONCE set: leaving the stack up"; exit 0; fi
    sleep 1
  done
}

case "${1:-}" in
  data-up) data_up ;;
  services-up) data_up; services_up ;;
  run) run ;;
  down) down ;;
  status) status ;;
  purge) purge ;;
  *) echo "usage: $0 data-up|services-up|run|down|status|purge" >&2; exit 2 ;;
esac
