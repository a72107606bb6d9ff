#!/usr/bin/env bash
# Observability checks (ctest deploy_observability, label e2e): the alert
# rules through `promtool check rules` and their unit tests (`promtool test
# rules`); then the five services started for real (port 0, a database of
# their own, the test Redis), a little traffic (health checks, a Control Hub
# token), a /metrics scrape of each, and check_observability.mjs: every
# dashboard query names a metric its service exports, and so does every
# alert; docs/operations.md has a section for every alert.
set -euo pipefail
ROOT=${ZT_SOURCE_DIR:?ZT_SOURCE_DIR is not set}
HERE="$ROOT/tests/e2e/deploy"
OBS="$ROOT/deploy/observability"
command -v promtool >/dev/null || { echo "promtool missing: apt-get install prometheus"; exit 1; }

promtool check rules "$OBS/alerts.yml"
(cd "$OBS" && promtool test rules alerts_test.yml)

source "$HERE/services_lib.sh"
services_init
trap services_stop EXIT
METRICS="$SVC_WORK/metrics"
mkdir -p "$METRICS"
for svc in controlhub kms delivery sfu calling; do
  start_service "$svc"
  "$ZT_BIN_DIR/zt-healthcheck" "127.0.0.1:${GRPC_PORT[$svc]}" >/dev/null
done
# A token from Control Hub: REST requests and tokens in its metrics.
ch_http=$(grep -m1 '"http serving"' "${SVC_LOG[controlhub]}" | jq -r .http_port)
boot="$SVC_WORK/state-controlhub/bootstrap-admin.json"
curl -fsS -o /dev/null -d grant_type=client_credentials --data-urlencode "client_id=$(jq -r .clientId "$boot")" \
  --data-urlencode "client_secret=$(jq -r .clientSecret "$boot")" "http://127.0.0.1:$ch_http/v1/oauth/token"
for svc in controlhub kms delivery sfu calling; do
  curl -fsS "http://127.0.0.1:${METRICS_PORT[$svc]}/metrics" > "$METRICS/$svc.txt"
  # The families its sources register (labelled ones have no series before
  # their first event).
  grep -rhoE '"zt_[a-z0-9_]+"' "$ROOT/services/$svc" "$ROOT/common" --include=*.cpp --include=*.h |
    tr -d '"' | sort -u > "$METRICS/$svc.declared"
done
node "$HERE/check_observability.mjs" "$OBS" "$METRICS" "$ROOT/docs/operations.md"
