#!/usr/bin/env bash
# The `make run` demo against the local stack (deploy/local/stack.sh):
#   1. Control Hub: the bootstrap admin gets a token, reads the Calling E2EE
#      toggle (off by default), switches it on, and reads the audit trail.
#   2. SFU: publishers send SFrame-encrypted media through zt-sfu to
#      subscribers, who decrypt and check every payload; the load generator
#      prints its report.
# Secrets (client secret, token) stay in shell variables; nothing prints them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN="$ROOT/.run"
BIN="${ZT_BIN_DIR:-$ROOT/build/bin}"
API=http://127.0.0.1:8001

step() { printf '\n== %s\n' "$*"; }

step "Control Hub: sign in as the bootstrap admin"
creds="$RUN/state/controlhub/bootstrap-admin.json"
for _ in $(seq 1 50); do [ -s "$creds" ] && break; sleep 0.1; done
org=$(jq -r .orgId "$creds")
token=$(jq -n --arg id "$(jq -r .clientId "$creds")" --arg secret "$(jq -r .clientSecret "$creds")" \
          '{grant_type:"client_credentials", client_id:$id, client_secret:$secret}' |
        curl -fsS -H 'Content-Type: application/json' -d @- "$API/v1/oauth/token" | jq -r .access_token)
echo "org $org; token issued (not shown)"

step "Control Hub: Calling E2EE setting"
auth=(-H "Authorization: Bearer $token")
curl -fsS "${auth[@]}" -D "$RUN/demo-headers" "$API/v1/orgs/$org/settings/calling" | jq -c .
etag=$(grep -i '^etag:' "$RUN/demo-headers" | cut -d' ' -f2 | tr -d '\r')
echo "switching it on (If-Match: $etag)"
curl -fsS "${auth[@]}" -X PUT -H 'Content-Type: application/json' -H "If-Match: $etag" \
  -d '{"e2eeEnabled": true}' "$API/v1/orgs/$org/settings/calling" | jq -c .
step "Control Hub: latest audit events"
curl -fsS "${auth[@]}" "$API/v1/orgs/$org/auditEvents?limit=3" |
  jq -r '.items[] | "\(.time)  \(.actor)  \(.action)  \(.target)"'
rm -f "$RUN/demo-headers"
echo "admin page: $API/  (sign in with a token from POST /v1/oauth/token)"

step "SFU: 2 publishers, 3 subscribers, SFrame on, 3 seconds"
"$BIN/zt-loadgen" sfu --sfu 127.0.0.1:7004 --meeting demo-meeting \
  --grant-seed-file "$RUN/secrets/sfu-grant.seed" --grant-kid local-grant \
  --publishers 2 --subscribers 3 --audio 1 --video 1 --video-kbps 500 --sframe 1 \
  --duration 3 --max-loss 0.01 --progress 0

step "Demo done"
