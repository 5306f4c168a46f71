#!/usr/bin/env bash
# Checks a running stack from outside, as its users would: every service ready, and pyacoustid
# (Debian's python3-acoustid) finding a demo track through the public base URL.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=${BASE_URL:-http://127.0.0.1:${PUBLIC_PORT:-8080}}
for port in 8081 8082 8083 8084; do
  curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null || { echo "service on $port is not ready" >&2; exit 1; }
done
key=$("$ROOT/stack" status | sed -n 's/^client key: //p')
[ -n "$key" ] || { echo "no demo client key" >&2; exit 1; }
/usr/bin/python3 - "$BASE" "$key" "$ROOT/.stack/demo" <<'PY'
import glob, os, sys
import acoustid
base, key, demo = sys.argv[1], sys.argv[2], sys.argv[3]
acoustid.set_base_url(base + "/v2/")
acoustid.REQUEST_INTERVAL = 0
found = 0
for fp_file in sorted(glob.glob(os.path.join(demo, "*.fp"))):
    wav = fp_file[:-3] + ".wav"
    out = os.popen("soxi -D '%s'" % wav).read().strip()
    answer = acoustid.lookup(key, open(fp_file).read().strip(), int(float(out)), meta=["recordingids"])
    assert answer["status"] == "ok", answer
    assert answer["results"] and answer["results"][0]["recordings"], (fp_file, answer)
    found += 1
print("smoke test: pyacoustid found all %d demo tracks through %s" % (found, base))
PY
