#!/bin/sh
# First start: a cluster with the role zt (password from
# POSTGRES_PASSWORD_FILE) owning the database zt; then PostgreSQL on
# 127.0.0.1:$PGPORT (host networking) until SIGTERM.
set -eu
bin=/usr/lib/postgresql/15/bin
: "${POSTGRES_PASSWORD_FILE:?POSTGRES_PASSWORD_FILE is not set}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  "$bin/initdb" -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  "$bin/pg_ctl" -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/tmp" -w start >/dev/null
  pw=$(cat "$POSTGRES_PASSWORD_FILE")
  "$bin/psql" -q -h /tmp -U postgres -d postgres -v ON_ERROR_STOP=1 -v pw="$pw" <<'SQL'
CREATE ROLE zt LOGIN PASSWORD :'pw';
CREATE DATABASE zt OWNER zt;
SQL
  "$bin/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec "$bin/postgres" -D "$PGDATA" -c listen_addresses=127.0.0.1 -c port="$PGPORT" \
  -c unix_socket_directories=/tmp -c max_connections=200
