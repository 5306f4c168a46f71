#!/usr/bin/env bash
# Hostile and largest-legal requests on the running stack (./stack up first), through the public base
# URL: every one answered with the right AcoustID error or accepted as AcoustID would, at a bounded cost
# to the service (scripts/hostile-test.py; ./stack bench hostile writes the figures to docs/benchmarks.md).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/stack-test.sh"
CLIENT=$(demo_keys | sed -n 's/^client key: //p')
USER_KEY=$(demo_keys | sed -n 's/^user key: //p')
[ -n "$CLIENT" ] && [ -n "$USER_KEY" ] || die "no demo keys: run ./stack up first"
SONGPRINT_EXEMPT_SECRET=$(exempt_secret)
export SONGPRINT_EXEMPT_SECRET
FINGERPRINT_PORT=$FINGERPRINT_PORT INGEST_PORT=$INGEST_PORT \
  /usr/bin/python3 "$ROOT/scripts/hostile-test.py" "http://127.0.0.1:$PUBLIC_PORT" "$CLIENT" "$USER_KEY" "$STATE_DIR" "$@"
