# Starting real zt services for the deployment tests, each on port 0 against
# a database of its own (dropped at the end) and the test Redis
# (.run/env.sh of deploy/local/stack.sh data-up).
#   source services_lib.sh; services_init; start_service kms; ...; services_stop
# After start_service NAME: GRPC_PORT[NAME], METRICS_PORT[NAME], SVC_LOG[NAME].
declare -A GRPC_PORT METRICS_PORT SVC_PID SVC_LOG
SVC_DB=""

services_init() {
  : "${ZT_BIN_DIR:?ZT_BIN_DIR is not set}" "${ZT_TEST_PG_ADMIN_URI:?run deploy/local/stack.sh data-up and source .run/env.sh}"
  SVC_WORK=$(mktemp -d "${TMPDIR:-/tmp}/zt-deploy.XXXXXX")
  SVC_DB="zt_deploy_$$_$RANDOM"
  "$ZT_PG_BIN/psql" -q "$ZT_TEST_PG_ADMIN_URI" -c "CREATE DATABASE $SVC_DB" >/dev/null
  SVC_PG_URI="${ZT_TEST_PG_URI%/*}/$SVC_DB"
  (umask 077
   printf '1:%s\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" > "$SVC_WORK/kms-master.key"
   od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$SVC_WORK/ds-signing.key"
   "$ZT_BIN_DIR/zt-loadgen" keygen --kid deploy-test --jwks "$SVC_WORK/grant-jwks.json" --seed "$SVC_WORK/grant.seed" >/dev/null)
}

start_service() {  # start_service <name> [VAR=value ...]
  local name=$1; shift
  local log="$SVC_WORK/$name.log"
  mkdir -p "$SVC_WORK/state-$name"
  env ZT_POSTGRES_URI="$SVC_PG_URI" ZT_REDIS_HOST="$ZT_TEST_REDIS_HOST" ZT_REDIS_PORT="$ZT_TEST_REDIS_PORT" \
    ZT_GRPC_ADDRESS=127.0.0.1:0 ZT_METRICS_ADDRESS=127.0.0.1:0 ZT_STATE_DIR="$SVC_WORK/state-$name" \
    ZT_CONTROLHUB_HTTP_ADDRESS=127.0.0.1:0 ZT_DELIVERY_HTTP_ADDRESS=127.0.0.1:0 ZT_SFU_UDP_ADDRESS=127.0.0.1:0 \
    ZT_KMS_MASTER_KEY_FILE="$SVC_WORK/kms-master.key" ZT_DELIVERY_SIGNING_KEY_FILE="$SVC_WORK/ds-signing.key" \
    ZT_SFU_TRUSTED_JWKS_FILE="$SVC_WORK/grant-jwks.json" ZT_SFU_WORKERS=1 "$@" \
    "$ZT_BIN_DIR/zt-$name" >"$log" 2>&1 &
  SVC_PID[$name]=$!
  SVC_LOG[$name]=$log
  local line="" _
  for _ in $(seq 1 300); do
    line=$(grep -m1 '"serving"' "$log" || true)
    [ -z "$line" ] || break
    kill -0 "${SVC_PID[$name]}" 2>/dev/null || { echo "zt-$name exited at start:"; tail -5 "$log"; return 1; }
    sleep 0.1
  done
  [ -n "$line" ] || { echo "zt-$name did not serve within 30 s"; tail -5 "$log"; return 1; }
  GRPC_PORT[$name]=$(jq -r '.grpc_port' <<<"$line")
  METRICS_PORT[$name]=$(jq -r '.metrics_port' <<<"$line")
}

services_stop() {
  local name
  for name in "${!SVC_PID[@]}"; do kill -TERM "${SVC_PID[$name]}" 2>/dev/null || true; done
  for name in "${!SVC_PID[@]}"; do wait "${SVC_PID[$name]}" 2>/dev/null || true; done
  [ -z "$SVC_DB" ] || "$ZT_PG_BIN/psql" -q "$ZT_TEST_PG_ADMIN_URI" -c "DROP DATABASE IF EXISTS $SVC_DB WITH (FORCE)" >/dev/null 2>&1 || true
  [ -z "${SVC_WORK:-}" ] || rm -rf "$SVC_WORK"
}

# free_port_block N: the first of N consecutive TCP/UDP ports none of which
# is in use (a random base in 30000-59999).
free_port_block() {
  local n=$1 in_use base p clash _
  in_use=$(ss -Htanu | awk '{print $5}' | sed 's/.*://' | sort -u)
  for _ in $(seq 1 50); do
    base=$((30000 + (RANDOM % (30000 / n - 1)) * n))
    clash=0
    for p in $(seq "$base" $((base + n - 1))); do
      if grep -qx "$p" <<<"$in_use"; then clash=1; break; fi
    done
    [ $clash -eq 1 ] || { echo "$base"; return 0; }
  done
  return 1
}
