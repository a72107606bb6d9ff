#!/usr/bin/env bash
# Starts zt-controlhub on a fresh database and runs the browser test of the
# admin page (tests/browser) against it. ctest label: e2e.
set -euo pipefail
ROOT=${ZT_SOURCE_DIR:?ZT_SOURCE_DIR is not set}
BROWSER_DIR="$ROOT/tests/browser"
source "$(dirname "$0")/start_controlhub.sh"

if [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ]; then
  (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund >/dev/null)
fi
[ -x /usr/bin/chromium ] || { echo "chromium missing: apt-get install chromium" >&2; exit 1; }

trap stop_controlhub EXIT
start_controlhub

ZT_CONTROLHUB_URL="http://127.0.0.1:$CH_PORT" \
ZT_BOOTSTRAP_FILE="$CH_BOOTSTRAP" \
ZT_CONTROLHUB_LOG="$CH_WORK/controlhub.log" \
ZT_SCREENSHOT_DIR="$(dirname "$ZT_BIN_DIR")/screenshots/controlhub_admin_page" \
  node "$BROWSER_DIR/controlhub_admin_page.mjs"

# No token or secret in the logs.
if grep -qF "$(jq -r .clientSecret "$CH_BOOTSTRAP")" "$CH_WORK/controlhub.log"; then
  echo "FAIL: the bootstrap secret appeared in the log" >&2
  exit 1
fi
