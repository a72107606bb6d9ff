#!/usr/bin/env bash
# The single-host stack of docker-compose.yml.
#   stack.sh up [--observability]   secrets (created once), the PostgreSQL and Redis
#                                   images, then every container, waiting until each is healthy
#   stack.sh ps                     containers and their health
#   stack.sh down [--volumes]       stop and remove the containers (and the data volumes)
# The zt-* images must exist (scripts/images.sh build [--prebuilt]).
# Settings: ZT_COMPOSE_PROJECT (zt), ZT_COMPOSE_SECRETS (.run/compose/secrets),
# the ZT_COMPOSE_*_PORT variables of docker-compose.yml, ZT_IMAGE_TAG.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/deploy/compose"
DOCKER=${DOCKER:-$(command -v /usr/bin/docker || command -v docker)}
export ZT_COMPOSE_SECRETS=${ZT_COMPOSE_SECRETS:-$ROOT/.run/compose/secrets}
export ZT_IMAGE_TAG=${ZT_IMAGE_TAG:-$(sed -n 's/^project(zt VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")}
PROJECT=${ZT_COMPOSE_PROJECT:-zt}
compose() { docker-compose -p "$PROJECT" -f "$HERE/docker-compose.yml" "$@"; }
log() { echo "compose: $*"; }

# Secrets as files, created once. Readable inside the containers (mode 444:
# compose bind-mounts each file, and the services run as 10001, PostgreSQL as
# its own user) but only through a folder of mode 700.
make_secrets() {
  local d=$ZT_COMPOSE_SECRETS
  install -d -m 700 "$d"
  hex() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
  (umask 022
   [ -s "$d/pg-password" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$d/pg-password"
   [ -s "$d/controlhub-master.key" ] || hex > "$d/controlhub-master.key"
   [ -s "$d/kms-master.key" ] || printf '1:%s\n' "$(hex)" > "$d/kms-master.key"
   [ -s "$d/ds-signing.key" ] || hex > "$d/ds-signing.key"
   if [ ! -s "$d/sfu-grant-jwks.json" ]; then
     "$DOCKER" run --rm --network none --user 0 -v "$d:/out" "zt-loadgen:$ZT_IMAGE_TAG" \
       keygen --kid compose-grant --jwks /out/sfu-grant-jwks.json --seed /out/sfu-grant.seed >/dev/null
   fi)
  chmod 444 "$d"/pg-password "$d"/*.key "$d"/sfu-grant-jwks.json
  chmod 400 "$d/sfu-grant.seed"
}

prometheus_config() {
  local f="$ROOT/.run/compose/prometheus.yml" svc port
  {
    sed -n '/^global:/,/^scrape_configs:/p' "$HERE/prometheus.yml"
    for svc in controlhub kms delivery sfu calling; do
      port=$(printenv "ZT_COMPOSE_$(echo "$svc" | tr a-z A-Z)_METRICS_PORT" || true)
      port=${port:-$(sed -n "s/.*job_name: zt-$svc, .*:\([0-9]*\)\"\].*/\1/p" "$HERE/prometheus.yml")}
      echo "  - {job_name: zt-$svc, static_configs: [{targets: [\"127.0.0.1:$port\"]}]}"
    done
  } > "$f"
  export ZT_COMPOSE_PROMETHEUS_CONFIG=$f
}

wait_healthy() {  # until every running container reports healthy (120 s)
  local _ ids states
  for _ in $(seq 1 240); do
    ids=$(compose ps -q)
    states=$("$DOCKER" inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' $ids)
    if ! grep -qv ' running healthy$' <<<"$states"; then log "all healthy"; return 0; fi
    if grep -q ' exited \| dead ' <<<"$states"; then break; fi
    sleep 0.5
  done
  log "not all healthy:"; echo "$states"
  compose logs --tail 20 >&2 || true
  return 1
}

up() {
  local profile=()
  bash "$ROOT/scripts/images.sh" engine-up >/dev/null
  mkdir -p "$ROOT/.run/compose"
  if [ "${1:-}" = --observability ]; then
    profile=(--profile observability)
    bash "$ROOT/scripts/images.sh" compose postgres redis prometheus
  else
    bash "$ROOT/scripts/images.sh" compose postgres redis
  fi
  make_secrets
  prometheus_config
  compose "${profile[@]}" up -d --no-build
  wait_healthy
}

case "${1:-}" in
  up) shift; up "$@" ;;
  ps) compose ps ;;
  down) shift; [ "${1:-}" = --volumes ] && compose down --volumes || compose down ;;
  *) echo "usage: $0 up [--observability]|ps|down [--volumes]" >&2; exit 2 ;;
esac
