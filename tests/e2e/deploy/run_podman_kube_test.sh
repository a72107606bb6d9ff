#!/usr/bin/env bash
# The chart's Deployments for real (ctest deploy_podman_kube, label e2e):
# helm/zt rendered with test values (images from build/bin, the test
# PostgreSQL and Redis on loopback, free ports, listening on 127.0.0.1),
# then `podman kube play --network host`: first the migrations Job's pod
# (must exit 0: KMS, DS and Calling migrated), then the ConfigMaps and every
# Deployment; each pod must pass its gRPC health check (zt-healthcheck on
# the port its readiness probe names), run as 10001 on a read-only root
# filesystem. Secrets are podman secrets made by this script (the chart
# renders none). Prints "SKIPPED: no container engine" without podman.
set -euo pipefail
ROOT=${ZT_SOURCE_DIR:?ZT_SOURCE_DIR is not set}
HERE="$ROOT/tests/e2e/deploy"
BIN=${ZT_BIN_DIR:-$ROOT/build/bin}
OUT=${ZT_DEPLOY_WORK:-$ROOT/build/deploy/podman}
command -v podman >/dev/null && command -v catatonit >/dev/null || { echo "SKIPPED: no container engine (podman, catatonit)"; exit 0; }
: "${ZT_TEST_PG_ADMIN_URI:?run deploy/local/stack.sh data-up and source .run/env.sh}"
mkdir -p "$OUT"
source "$HERE/helm_render.sh"
source "$HERE/services_lib.sh"
build_helm_render "$OUT"

# podman as this machine allows: runc, no ulimits to set, vfs storage.
export CONTAINERS_CONF="$OUT/containers.conf"
printf '[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\n' > "$CONTAINERS_CONF"
P=(podman --storage-driver vfs)
"${P[@]}" info >/dev/null 2>&1 || { echo "SKIPPED: no container engine (podman info fails)"; exit 0; }

SERVICES=(controlhub kms delivery calling)
TAG=$(sed -n 's/^project(zt VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")
start=$SECONDS
if bash "$ROOT/scripts/images.sh" engine-up >/dev/null 2>&1; then
  bash "$ROOT/scripts/images.sh" build --prebuilt "${SERVICES[@]/#/zt-}" >/dev/null
  docker_bin=$(command -v /usr/bin/docker || command -v docker)
  "$docker_bin" save $(for s in "${SERVICES[@]}"; do echo "zt-$s:$TAG"; done) | "${P[@]}" load -q >/dev/null
  "${P[@]}" image prune -f >/dev/null 2>&1 || true   # the previous run's, now untagged
else
  DOCKER=podman bash "$ROOT/scripts/images.sh" build --prebuilt "${SERVICES[@]/#/zt-}" >/dev/null
fi
echo "images in podman in $((SECONDS - start)) s"

# A database of its own; ports; secrets named for this run.
run=$$
db="zt_podman_${run}"
"$ZT_PG_BIN/psql" -q "$ZT_TEST_PG_ADMIN_URI" -c "CREATE DATABASE $db" >/dev/null
pw=$(awk -F: 'NR==1{print $5}' "$PGPASSFILE")
base=$(free_port_block 12)
ch_grpc=$base ch_http=$((base + 1)) ch_metrics=$((base + 2))
kms_grpc=$((base + 3)) kms_metrics=$((base + 4))
ds_grpc=$((base + 5)) ds_http=$((base + 6)) ds_metrics=$((base + 7))
call_grpc=$((base + 8)) call_metrics=$((base + 9))
hex() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
declare -A SECRETS=(
  ["zt-postgres-$run"]="password=$pw"
  ["zt-controlhub-master-key-$run"]="master.key=$(hex)"
  ["zt-kms-master-key-$run"]="master.key=1:$(hex)"
  ["zt-delivery-signing-key-$run"]="signing.key=$(hex)"
)
cleanup() {
  "${P[@]}" kube down "$OUT/services.yaml" >/dev/null 2>&1 || true
  "${P[@]}" kube down "$OUT/migrations.yaml" >/dev/null 2>&1 || true
  local s
  for s in "${!SECRETS[@]}"; do
    "${P[@]}" secret rm "$s" >/dev/null 2>&1 || true
    "${P[@]}" volume rm -f "$s" >/dev/null 2>&1 || true   # podman keeps a secret volume per Secret
  done
  "$ZT_PG_BIN/psql" -q "$ZT_TEST_PG_ADMIN_URI" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
umask 077
for s in "${!SECRETS[@]}"; do
  kv=${SECRETS[$s]}
  # podman 4.3 reads a Secret's data values as they are (no base64).
  printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: %s}\ndata: {%s: "%s"}\n' "$s" "${kv%%=*}" "${kv#*=}" > "$OUT/secret.yaml"
  "${P[@]}" secret create "$s" "$OUT/secret.yaml" >/dev/null
done
rm -f "$OUT/secret.yaml"

cat > "$OUT/values-podman.yaml" <<VALUES
image: {registry: localhost, tag: "$TAG", pullPolicy: IfNotPresent}
listenHost: 127.0.0.1
postgres:
  uri: postgresql://zt@127.0.0.1:${ZT_TEST_PG_URI##*:}
  passwordSecret: {name: zt-postgres-$run, key: password}
redis: {host: 127.0.0.1, port: $ZT_TEST_REDIS_PORT}
sfu: {enabled: false}
topologySpread: {enabled: false}
services:
  controlhub:
    grpcPort: $ch_grpc
    httpPort: $ch_http
    metricsPort: $ch_metrics
    secretFiles: [{env: ZT_CONTROLHUB_MASTER_KEY_FILE, secret: zt-controlhub-master-key-$run, key: master.key}]
  kms:
    grpcPort: $kms_grpc
    metricsPort: $kms_metrics
    secretFiles: [{env: ZT_KMS_MASTER_KEY_FILE, secret: zt-kms-master-key-$run, key: master.key}]
    env:
      ZT_KMS_CONTROLHUB_JWKS_URL: http://127.0.0.1:$ch_http/v1/.well-known/jwks.json
  delivery:
    grpcPort: $ds_grpc
    httpPort: $ds_http
    metricsPort: $ds_metrics
    secretFiles: [{env: ZT_DELIVERY_SIGNING_KEY_FILE, secret: zt-delivery-signing-key-$run, key: signing.key}]
    env:
      ZT_DELIVERY_CONTROLHUB_ADDRESS: 127.0.0.1:$ch_grpc
      ZT_DELIVERY_CONTROLHUB_TOKEN_URL: http://127.0.0.1:$ch_http/v1/oauth/token
      ZT_DELIVERY_CONTROLHUB_JWKS_URL: http://127.0.0.1:$ch_http/v1/.well-known/jwks.json
  calling:
    grpcPort: $call_grpc
    metricsPort: $call_metrics
    env:
      ZT_CALLING_CONTROLHUB_ADDRESS: 127.0.0.1:$ch_grpc
      ZT_CALLING_DELIVERY_ADDRESS: 127.0.0.1:$ds_grpc
VALUES
sed -i "s|^  uri: postgresql://zt@127.0.0.1:.*|  uri: postgresql://zt@127.0.0.1:$(sed 's|.*:\([0-9]*\)/.*|\1|' <<<"$ZT_TEST_PG_URI")/$db|" "$OUT/values-podman.yaml"
"$OUT/helm-render" --chart "$ROOT/helm/zt" -f "$OUT/values-podman.yaml" --json > "$OUT/render.json"
node "$HERE/kube_manifests.mjs" "$OUT/render.json" migrations "$OUT/migrations.yaml"
node "$HERE/kube_manifests.mjs" "$OUT/render.json" services "$OUT/services.yaml"

failed=0
# The migrations hook: its pod runs to completion.
start=$SECONDS
"${P[@]}" kube play --network host "$OUT/migrations.yaml" >/dev/null
containers=$("${P[@]}" ps -a --filter pod=zt-migrations --format '{{.Names}}' | grep -v infra)
for c in $containers; do
  for _ in $(seq 1 120); do
    state=$("${P[@]}" inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$c")
    [ "${state%% *}" != exited ] || break
    sleep 0.5
  done
  if [ "$state" = "exited 0" ]; then
    echo "ok migrations: $c exited 0 ($("${P[@]}" logs "$c" 2>&1 | grep -c 'migrations applied') 'migrations applied')"
  else
    echo "FAIL migrations: $c: $state"; "${P[@]}" logs "$c" 2>&1 | tail -5; failed=1
  fi
done
"${P[@]}" kube down "$OUT/migrations.yaml" >/dev/null 2>&1 || true
echo "migrations pod done in $((SECONDS - start)) s"

# The Deployments.
start=$SECONDS
"${P[@]}" kube play --network host "$OUT/services.yaml" >/dev/null
declare -A PORT=([controlhub]=$ch_grpc [kms]=$kms_grpc [delivery]=$ds_grpc [calling]=$call_grpc)
for svc in "${SERVICES[@]}"; do
  ok=0
  for _ in $(seq 1 120); do
    if "$BIN/zt-healthcheck" "127.0.0.1:${PORT[$svc]}" >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.5
  done
  c=$("${P[@]}" ps -a --format '{{.Names}}' | grep "^zt-$svc-pod-.*-zt-$svc$" | head -1)
  if [ $ok -ne 1 ]; then
    echo "FAIL zt-$svc: not SERVING on 127.0.0.1:${PORT[$svc]}"; "${P[@]}" logs "$c" 2>&1 | tail -5; failed=1; continue
  fi
  uid=$("${P[@]}" exec "$c" id -u)
  ro=$("${P[@]}" inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$c")
  if [ "$uid" != 10001 ] || [ "$ro" != true ]; then
    echo "FAIL zt-$svc: uid $uid, read-only root filesystem $ro"; failed=1; continue
  fi
  echo "ok zt-$svc: pod $c SERVING on 127.0.0.1:${PORT[$svc]}, uid $uid, read-only root filesystem"
done
echo "Deployments checked in $((SECONDS - start)) s"
[ $failed -eq 0 ] && echo "podman kube play: all checks passed"
exit $failed
