#!/usr/bin/env bash
# Chart checks (ctest deploy_chart, label unit: no server needed): helm/zt
# rendered by helm-render (Helm's template semantics, built here offline
# from Debian's Go packages) with the default, HA, HDS and trial values, on a
# plain cluster and on one serving the prometheus-operator and cert-manager
# APIs; then validate_chart.mjs: values.schema.json, the API schema of every
# object, and the fields the chart promises.
set -euo pipefail
ROOT=${ZT_SOURCE_DIR:?ZT_SOURCE_DIR is not set}
HERE="$ROOT/tests/e2e/deploy"
OUT=${ZT_DEPLOY_WORK:-$ROOT/build/deploy}
CHART="$ROOT/helm/zt"
mkdir -p "$OUT"

source "$HERE/helm_render.sh"
build_helm_render "$OUT"
if [ ! -d "$HERE/node_modules/kubernetes-models" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund >/dev/null 2>&1)
fi

CRDS=monitoring.coreos.com/v1,cert-manager.io/v1
sets=()
render() {  # render <set> <api-versions> [values file]
  local name=$1 apis=$2; shift 2
  local args=()
  [ $# -eq 0 ] || args=(-f "$CHART/$1")
  "$OUT/helm-render" --chart "$CHART" "${args[@]}" --api-versions "$apis" \
    --values-json "$OUT/$name.values.json" --json > "$OUT/$name.render.json"
  "$OUT/helm-render" --chart "$CHART" "${args[@]}" --api-versions "$apis" > "$OUT/$name.yaml"
  sets+=("$name=$OUT/$name.render.json,$OUT/$name.values.json")
}
render default-plain ""
render default "$CRDS"
render ha "$CRDS" values-ha.yaml
render hds "$CRDS" values-hds.yaml
render trial "" values-trial.yaml

# A wrong value the templates refuse themselves.
if "$OUT/helm-render" --chart "$CHART" -f "$CHART/values-trial.yaml" -f <(echo 'sfu: {advertiseAddress: ""}') \
     >/dev/null 2>"$OUT/refused.txt"; then
  echo "FAIL: a UDP-Service SFU without advertiseAddress rendered"; exit 1
fi
grep -q advertiseAddress "$OUT/refused.txt" || { cat "$OUT/refused.txt"; exit 1; }
if "$OUT/helm-render" --chart "$CHART" -f "$CHART/values-trial.yaml" -f <(echo 'sfu: {replicas: 2}') \
     >/dev/null 2>"$OUT/refused.txt"; then
  echo "FAIL: two SFUs behind one UDP Service rendered"; exit 1
fi
grep -q 'address of its own' "$OUT/refused.txt" || { cat "$OUT/refused.txt"; exit 1; }

# HDS: the KMS alone.
kinds=$(node -e 'const r=require(process.argv[1]);console.log([...new Set(r.filter(m=>["Deployment","DaemonSet","StatefulSet"].includes(m.object.kind)).map(m=>m.object.metadata.name))].join(" "))' "$OUT/hds.render.json")
[ "$kinds" = zt-kms ] || { echo "FAIL: the HDS values deploy '$kinds', not zt-kms alone"; exit 1; }

node "$HERE/validate_chart.mjs" "$CHART/values.schema.json" "${sets[@]}"
