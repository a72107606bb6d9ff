#!/usr/bin/env bash
# The single-host stack for real (ctest deploy_compose, label e2e): the zt
# images built from build/bin (scripts/images.sh build --prebuilt; the base
# image made locally), deploy/compose started with host networking on
# non-default ports, then: every container healthy, running as non-root on a
# read-only root filesystem; each service answers grpc.health.v1 from the
# host; Control Hub issues a token to its bootstrap admin; then torn down.
# Prints "SKIPPED: no container engine" (and passes as skipped) where no
# docker daemon can be reached or started.
set -euo pipefail
ROOT=${ZT_SOURCE_DIR:?ZT_SOURCE_DIR is not set}
BIN=${ZT_BIN_DIR:-$ROOT/build/bin}
if ! bash "$ROOT/scripts/images.sh" engine-up >/dev/null 2>&1; then
  echo "SKIPPED: no container engine"; exit 0
fi
command -v docker-compose >/dev/null || { echo "SKIPPED: no container engine (docker-compose missing)"; exit 0; }
DOCKER=$(command -v /usr/bin/docker || command -v docker)

start=$SECONDS
bash "$ROOT/scripts/images.sh" build --prebuilt >/dev/null
bash "$ROOT/scripts/images.sh" check >/dev/null
echo "images built and checked in $((SECONDS - start)) s"

# Non-default ports, none of them in use.
source "$ROOT/tests/e2e/deploy/services_lib.sh"
base=$(free_port_block 20)
export ZT_COMPOSE_PG_PORT=$base ZT_COMPOSE_REDIS_PORT=$((base + 1)) ZT_COMPOSE_SFU_UDP_PORT=$((base + 2))
i=3
declare -A GRPC
for svc in controlhub kms delivery sfu calling; do
  up=$(echo "$svc" | tr a-z A-Z)
  export "ZT_COMPOSE_${up}_GRPC_PORT=$((base + i))" "ZT_COMPOSE_${up}_METRICS_PORT=$((base + i + 1))"
  GRPC[$svc]=$((base + i))
  i=$((i + 2))
done
export ZT_COMPOSE_CONTROLHUB_HTTP_PORT=$((base + 13)) ZT_COMPOSE_DELIVERY_HTTP_PORT=$((base + 14))
export ZT_COMPOSE_PROJECT="zt-test-$$"
WORK=$(mktemp -d)
export ZT_COMPOSE_SECRETS="$WORK/secrets"
STACK="$ROOT/deploy/compose/stack.sh"
cleanup() {
  bash "$STACK" down --volumes >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start=$SECONDS
bash "$STACK" up
echo "stack healthy in $((SECONDS - start)) s (ports from $base)"

failed=0
ids=$(docker-compose -p "$ZT_COMPOSE_PROJECT" -f "$ROOT/deploy/compose/docker-compose.yml" ps -q)
for id in $ids; do
  read -r name user ro <<<"$("$DOCKER" inspect -f '{{.Name}} {{.Config.User}} {{.HostConfig.ReadonlyRootfs}}' "$id")"
  uid=$("$DOCKER" exec "$id" id -u)
  if [ "$uid" = 0 ] || [ "$ro" != true ]; then
    echo "FAIL $name: uid $uid, read-only root filesystem: $ro"; failed=1; continue
  fi
  if "$DOCKER" exec "$id" sh -c ': > /usr/zt-write-test' 2>/dev/null; then
    echo "FAIL $name: wrote to its root filesystem"; failed=1; continue
  fi
  echo "ok $name: uid $uid (image user ${user:-none}), root filesystem read-only"
done
for svc in "${!GRPC[@]}"; do
  if health=$("$BIN/zt-healthcheck" "127.0.0.1:${GRPC[$svc]}"); then
    echo "ok zt-$svc: $health on 127.0.0.1:${GRPC[$svc]}"
  else
    echo "FAIL zt-$svc: not SERVING on 127.0.0.1:${GRPC[$svc]}"; failed=1
  fi
done
# Control Hub through its REST API: the bootstrap admin's token.
ch=$(docker-compose -p "$ZT_COMPOSE_PROJECT" -f "$ROOT/deploy/compose/docker-compose.yml" ps -q controlhub)
boot=$("$DOCKER" exec "$ch" cat /var/lib/zt/bootstrap-admin.json)
token=$(curl -fsS -d grant_type=client_credentials --data-urlencode "client_id=$(jq -r .clientId <<<"$boot")" \
  --data-urlencode "client_secret=$(jq -r .clientSecret <<<"$boot")" \
  "http://127.0.0.1:$ZT_COMPOSE_CONTROLHUB_HTTP_PORT/v1/oauth/token" | jq -r .access_token)
if [ -n "$token" ] && [ "$token" != null ]; then echo "ok Control Hub issued a token"; else echo "FAIL no token"; failed=1; fi
# The reduced demo with zt-client needs tools/zt-client (another issue's work).
if [ -x "$BIN/zt-client" ]; then
  echo "zt-client present, but its demo against the compose stack is not wired yet: not run"
else
  echo "zt-client demo: not run (no $BIN/zt-client)"
fi
[ $failed -eq 0 ] && echo "compose stack: all checks passed"
exit $failed
