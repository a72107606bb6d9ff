#!/usr/bin/env bash
# deploy/local/stack.sh run from a checkout in a private folder: a mktemp -d
# folder under $HOME (mode 700: /root when CI runs as root), on a path with a
# space. PostgreSQL and Redis must come up there, `make stop` must stop what
# it started, a second start reuses the data, purge removes the state, no
# folder above the checkout changes its permissions, and no log is
# world-readable.
set -euo pipefail
SRC=${ZT_SOURCE_DIR:?}
fail() { echo "FAIL: $*" >&2; exit 1; }

parent=$(mktemp -d -p "${HOME:-/tmp}" zt-stack-test.XXXXXX)
checkout="$parent/zt checkout"
mkdir -p "$checkout/deploy/local"
cp "$SRC/deploy/local/stack.sh" "$checkout/deploy/local/"
cp "$SRC/Makefile" "$checkout/"

free_port() {  # a loopback TCP port nobody listens on
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 20000))
    [ -z "$(ss -Htln "sport = :$p")" ] && { echo "$p"; return; }
  done
  fail "no free port"
}
export ZT_PG_PORT; ZT_PG_PORT=$(free_port)
export ZT_REDIS_PORT; ZT_REDIS_PORT=$(free_port)
stack() { bash "$checkout/deploy/local/stack.sh" "$@"; }
cleanup() { stack purge >/dev/null 2>&1 || true; rm -rf "$parent"; }
trap cleanup EXIT

mode_of() { stat -c %a "$1"; }
home_mode=$(mode_of "${HOME:-/tmp}")
parent_mode=$(mode_of "$parent")
checkout_mode=$(mode_of "$checkout")

logs_private() {  # no log file (nor the logs folder) is readable by everyone
  for f in "$checkout/.run/logs/initdb.log" "$checkout/.run/redis/redis.log"; do
    [ -e "$f" ] || fail "no $f"
    [ $(( 0$(mode_of "$f") & 07 )) -eq 0 ] || fail "$f is world-readable (mode $(mode_of "$f"))"
  done
  [ $(( 0$(mode_of "$checkout/.run/logs") & 07 )) -eq 0 ] || fail ".run/logs is open to everyone"
}

sql() {  # sql <statement>: as the zt role over TCP, the way services connect
  PGPASSFILE="$checkout/.run/secrets/pgpass" psql -h 127.0.0.1 -p "$ZT_PG_PORT" -U zt -d zt -v ON_ERROR_STOP=1 -qtA -c "$1"
}

echo "== data-up from '$checkout'"
stack data-up
[ "$(sql 'SELECT 1')" = 1 ] || fail "PostgreSQL does not answer"
[ "$(redis-cli -p "$ZT_REDIS_PORT" ping)" = PONG ] || fail "Redis does not answer"
sql "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives a restart')"
pg_home=$(readlink "$checkout/.run/pg")
[ -d "$pg_home/data" ] || fail ".run/pg does not lead to the cluster"
[ -s "$checkout/.run/env.sh" ] || fail "no .run/env.sh"

logs_private
[ "$(mode_of "${HOME:-/tmp}")" = "$home_mode" ] || fail "the mode of $HOME changed"
[ "$(mode_of "$parent")" = "$parent_mode" ] || fail "the mode of $parent changed"
[ "$(mode_of "$checkout")" = "$checkout_mode" ] || fail "the mode of the checkout changed"

echo "== make stop"
pg_pid=$(head -1 "$pg_home/data/postmaster.pid")
redis_pid=$(cat "$checkout/.run/redis/redis.pid")
make -C "$checkout" stop
gone() {  # gone <pid>: the process has exited (reaped by its parent) within 10 s
  for _ in $(seq 1 100); do
    kill -0 "$1" 2>/dev/null || return 0
    [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" = Z ] && return 0
    sleep 0.1
  done
  return 1
}
gone "$pg_pid" || fail "PostgreSQL (pid $pg_pid) still runs after make stop"
gone "$redis_pid" || fail "Redis (pid $redis_pid) still runs after make stop"
[ -z "$(ss -Htln "sport = :$ZT_PG_PORT")" ] || fail "port $ZT_PG_PORT still open"
[ -z "$(ss -Htln "sport = :$ZT_REDIS_PORT")" ] || fail "port $ZT_REDIS_PORT still open"

echo "== a second start reuses the cluster"
rm "$checkout/.run/redis/redis.log"  # recreated by a start whose secrets exist already
stack data-up
logs_private
[ "$(sql 'SELECT v FROM kept')" = "survives a restart" ] || fail "data lost across stop/start"

echo "== purge"
stack purge
[ ! -e "$pg_home" ] || fail "purge left $pg_home"
[ ! -e "$checkout/.run" ] || fail "purge left .run"
echo "PASS"
