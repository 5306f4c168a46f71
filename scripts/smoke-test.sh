#!/usr/bin/env bash
# Checks a running stack from outside, as its users would: every service ready; pyacoustid
# (Debian's python3-acoustid) finding the demo tracks through the public base URL; and a new
# recording submitted with pyacoustid, imported, and found by lookup within seconds.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/ports.sh
. "$ROOT/scripts/ports.sh"
BASE=${BASE_URL:-http://127.0.0.1:$PUBLIC_PORT}
for port in $SERVICE_PORTS; do
  curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null || { echo "service on $port is not ready" >&2; exit 1; }
  # Prometheus metrics and the OpenAPI document on every service
  # (read whole first: grep -q stopping early would break curl's pipe under pipefail)
  metrics=$(curl -fsS "http://127.0.0.1:$port/q/metrics") \
    && grep -q '^jvm_memory_used_bytes' <<<"$metrics" \
    || { echo "service on $port serves no metrics at /q/metrics" >&2; exit 1; }
  openapi=$(curl -fsS "http://127.0.0.1:$port/q/openapi") && grep -q '^openapi: 3' <<<"$openapi" \
    || { echo "service on $port serves no OpenAPI document at /q/openapi" >&2; exit 1; }
done
echo "smoke test: all four services ready, with /q/metrics and /q/openapi"
key=$("$ROOT/stack" status | sed -n 's/^client key: //p')
user=$("$ROOT/stack" status | sed -n 's/^user key: //p')
[ -n "$key" ] && [ -n "$user" ] || { echo "no demo client or user key" >&2; exit 1; }
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

# A recording the suite has never seen (new for every run), submitted as beets or Picard would.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed=$(( (RANDOM << 15 | RANDOM) % 1000000 + 1000 ))
bash "$ROOT/scripts/synth-melody.sh" "$seed" 65 "$work/new.wav"
fpcalc -plain "$work/new.wav" >"$work/new.fp" 2>/dev/null || [ $? = 3 ]
items=$( (fpcalc -raw -plain "$work/new.wav" 2>/dev/null || [ $? = 3 ]) | tr ',' '\n' | grep -c .)
/usr/bin/python3 - "$BASE" "$key" "$user" "$work/new.fp" "$(soxi -D "$work/new.wav" | cut -d. -f1)" "$items" <<'PY'
import re, struct, sys, time, urllib.error, urllib.request, uuid
import acoustid
base, key, user, fp_file, duration, items = sys.argv[1:7]
acoustid.set_base_url(base + "/v2/")
acoustid.REQUEST_INTERVAL = 0
fingerprint = open(fp_file).read().strip()
mbid = str(uuid.uuid4())
started = time.time()
answer = acoustid.submit(key, user, {"fingerprint": fingerprint, "duration": int(duration), "mbid": mbid,
                                     "track": "Smoke test", "artist": "Songprint"})
assert answer["status"] == "ok", answer
submission = answer["submissions"][0]["id"]
while True:
    status = acoustid.get_submission_status(key, submission)
    entry = status["submissions"][0]
    if entry["status"] == "imported":
        break
    assert entry["status"] == "pending", status
    assert time.time() - started < 30, "submission %s still pending after 30 s" % submission
    time.sleep(0.05)
imported = time.time() - started
track = entry["result"]["id"]
while True:
    found = acoustid.lookup(key, fingerprint, int(duration), meta=["recordingids"])
    ids = [r["id"] for r in found.get("results", [])]
    if track in ids:
        break
    assert time.time() - started < 30, "track %s not found by lookup: %s" % (track, found)
    time.sleep(0.05)
result = [r for r in found["results"] if r["id"] == track][0]
assert mbid in [r["id"] for r in result.get("recordings", [])], result
print("smoke test: submitted with pyacoustid, imported in %.2f s, found by lookup %.2f s after submitting (track %s)"
      % (imported, time.time() - started, track))

# the same recording on the catalogue pages, through the public base URL
def page(path, expected=200):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            status, body, kind = response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        status, body, kind = error.code, error.read(), error.headers.get("Content-Type", "")
    assert status == expected, (path, status, body[:300])
    return body, kind
track_page = page("/track/" + track)[0].decode()
assert mbid in track_page and "Smoke test" in track_page and "Songprint" in track_page, track_page
fingerprint_ids = re.findall(r'href="/fingerprint/(\d+)"', track_page)
assert len(fingerprint_ids) == 1, fingerprint_ids
fingerprint_page = page("/fingerprint/" + fingerprint_ids[0])[0].decode()
assert 'href="/track/%s"' % track in fingerprint_page, fingerprint_page
png, kind = page("/fingerprint/%s/image.png" % fingerprint_ids[0])
width, height = struct.unpack(">II", png[16:24])
assert kind == "image/png" and png[:8] == b"\x89PNG\r\n\x1a\n" and (width, height) == (int(items), 32), (kind, width, height)
assert 'href="/track/%s"' % track in page("/mbid/" + mbid)[0].decode()
page("/mbid/" + str(uuid.uuid4()), 404)
page("/track/" + str(uuid.uuid4()), 404)
# the search box, and a fingerprint compared with itself (compare2 scores the same audio 1)
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None
def search(q):
    try:
        urllib.request.build_opener(NoRedirect).open(base + "/search?q=" + q, timeout=10)
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")
    raise AssertionError("no redirect for " + q)
for q, path in ((track, "/track/" + track), (mbid, "/mbid/" + mbid), (fingerprint_ids[0], "/fingerprint/" + fingerprint_ids[0])):
    status, location = search(q)
    assert status == 303 and location.endswith(path), (q, status, location)
page("/search?q=" + str(uuid.uuid4()), 404)
compared = page("/fingerprint/%s/compare/%s" % (fingerprint_ids[0], fingerprint_ids[0]))[0].decode()
assert re.search(r'id="compare-score">1\.0<', compared) and 'id="compare-offset">0 items' in compared, compared
stats = page("/stats")[0].decode()
assert 'id="total-tracks"' in stats and 'id="chart-lookups"' in stats and 'id="chart-submissions"' in stats, stats
png, kind = page("/fingerprint/%s/compare/%s/image.png" % (fingerprint_ids[0], fingerprint_ids[0]))
assert kind == "image/png" and struct.unpack(">II", png[16:24]) == (int(items), 100), struct.unpack(">II", png[16:24])
print("smoke test: the track, its fingerprint (drawn %dx%d), its MBID, the search box, a comparison and /stats on the catalogue pages"
      % (width, height))
PY
