#!/usr/bin/env bash
# Browser test of the web pages on the running stack (./stack up): Debian's chromium, headless,
# driven by playwright-core (scripts/browser-test/test.mjs). It logs in through Keycloak's real login
# form, registers an application, regenerates its key and checks that /v2/lookup refuses the old key
# within 2 s and accepts the new one, reads the statistics chart and logs out. Then logins and links:
# a refused login (a conflicting link, 409) leaves no provider session cookie, a second login is linked
# only after a confirmation and unlinked again, and another browser context reuses nothing of the first.
# Then the catalogue pages: a track, its fingerprint drawn (also at 390 px wide), its MBID, a 404 for an
# unknown MBID; logged in, an MBID link disabled with a note (refused without a session or the CSRF
# token), /v2/lookup dropping it within 2 s, and enabled again.
# Screenshots and the measured times: .stack/artifacts/browser-test/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE_DIR=${STACK_STATE_DIR:-$ROOT/.stack}
# shellcheck source=scripts/infra.sh
. "$ROOT/scripts/infra.sh"
ensure_packages chromium
command -v npm >/dev/null || ensure_packages nodejs npm
dir=$ROOT/scripts/browser-test
if [ ! -f "$dir/node_modules/playwright-core/package.json" ]; then
  log "browser test: installing playwright-core from npm"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
artifacts=$STATE_DIR/artifacts/browser-test
rm -rf "$artifacts"
mkdir -p "$artifacts"
log "browser test: chromium against http://127.0.0.1:$PUBLIC_PORT (screenshots in $artifacts)"
ARTIFACTS=$artifacts BASE_URL=http://127.0.0.1:$PUBLIC_PORT KEYCLOAK_PORT=$KEYCLOAK_PORT \
  DEMO_FINGERPRINT=$(cat "$STATE_DIR/demo/demo-aurora.fp") DEMO_AUDIO="$STATE_DIR/demo/demo-aurora.wav" \
  DEMO_DURATION=$(soxi -D "$STATE_DIR/demo/demo-aurora.wav" | cut -d. -f1) \
  node "$dir/test.mjs"
