#!/usr/bin/env bash
# Metadata end to end on the running stack's real processes (./stack up first), with a local
# stand-in for musicbrainz.org serving recorded ws/2 documents (musicbrainz.org is unreachable from
# CI machines; metadata-service runs its real MusicBrainz client against the stand-in):
#   1. metadata-service restarted with MUSICBRAINZ_URL pointing at the stand-in;
#   2. a new recording submitted with pyacoustid, linked to the fixture MBID, imported;
#   3. /v2/lookup with Picard's meta (recordings releasegroups releases tracks compress) must equal
#      the hand-written golden file scripts/golden/lookup-pretty-things.json;
#   4. metadata-service stopped during a lookup load: zero failed lookups, recording ids still there;
#   5. metadata-service started again on the default provider (the stack as ./stack up leaves it).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/stack-test.sh"
STUB_PORT=${STUB_PORT:-18484}
CLIENT=$(demo_keys | sed -n 's/^client key: //p')
USER_KEY=$(demo_keys | sed -n 's/^user key: //p')
[ -n "$CLIENT" ] && [ -n "$USER_KEY" ] || die "no demo keys: run ./stack up first"
# the lookup load below presents the exemption secret, which exempts it from the API's rate limits
SONGPRINT_EXEMPT_SECRET=$(exempt_secret)
export SONGPRINT_EXEMPT_SECRET
ensure_packages python3-acoustid libchromaprint-tools sox

work=$(mktemp -d)
stub_pid=
cleanup() {
  [ -n "$stub_pid" ] && kill "$stub_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
/usr/bin/python3 "$ROOT/scripts/musicbrainz-stub.py" "$STUB_PORT" "$ROOT/metadata-service/src/test/resources/musicbrainz/recording" &
stub_pid=$!
wait_until 10 "the MusicBrainz stand-in" port_open "$STUB_PORT" || die "the MusicBrainz stand-in did not start"

log "metadata test: metadata-service restarted on the MusicBrainz stand-in (port $STUB_PORT)"
stop_pidfile metadata-service
MUSICBRAINZ_URL="http://127.0.0.1:$STUB_PORT/ws/2" start_services

seed=$(( (RANDOM << 15 | RANDOM) % 1000000 + 1000 ))
bash "$ROOT/scripts/synth-melody.sh" "$seed" 62 "$work/new.wav"
fpcalc -plain "$work/new.wav" >"$work/new.fp" 2>/dev/null || [ $? = 3 ]
duration=$(soxi -D "$work/new.wav" | cut -d. -f1)
/usr/bin/python3 - "$BASE" "$CLIENT" "$USER_KEY" "$work/new.fp" "$duration" \
    "$ROOT/scripts/golden/lookup-pretty-things.json" "$work/track" <<'PY'
import json, sys, time, urllib.request, urllib.parse
import acoustid
base, key, user, fp_file, duration, golden_file, track_file = sys.argv[1:8]
acoustid.set_base_url(base + "/v2/")
acoustid.REQUEST_INTERVAL = 0
fingerprint = open(fp_file).read().strip()
mbid = "0f42ab32-22cd-4dcf-927b-a8d9a183d68b"
answer = acoustid.submit(key, user, {"fingerprint": fingerprint, "duration": int(duration), "mbid": mbid})
assert answer["status"] == "ok", answer
submission = answer["submissions"][0]["id"]
started = time.time()
while True:
    entry = acoustid.get_submission_status(key, submission)["submissions"][0]
    if entry["status"] == "imported":
        break
    assert time.time() - started < 30, "submission still pending"
    time.sleep(0.1)
track = entry["result"]["id"]
open(track_file, "w").write(track)
golden = json.load(open(golden_file))
golden.pop("_comment")
body = urllib.parse.urlencode({"client": key, "duration": duration, "fingerprint": fingerprint, "format": "json",
                               "meta": "recordings releasegroups releases tracks compress"}).encode()
while True:
    with urllib.request.urlopen(base + "/v2/lookup", body, timeout=10) as response:
        found = json.load(response)
    results = [r for r in found.get("results", []) if r["id"] == track]
    if results and results[0].get("recordings") and "title" in results[0]["recordings"][0]:
        break
    assert time.time() - started < 30, "no metadata for the imported track: %s" % found
    time.sleep(0.2)
got = {"recordings": results[0]["recordings"]}
if got != golden:
    print("expected:", json.dumps(golden, indent=1, sort_keys=True))
    print("got:", json.dumps(got, indent=1, sort_keys=True))
    sys.exit("metadata test: the lookup does not match the golden file")
print("metadata test: lookup with Picard's meta equals the golden file, %.2f s after submitting "
      "(metadata fetched by the real MusicBrainz client from the stand-in)" % (time.time() - started))

# the track's web page names the recording as the lookup did: title, credited artists, length
import html
with urllib.request.urlopen(base + "/track/" + track, timeout=10) as response:
    page = html.unescape(response.read().decode())
recording = golden["recordings"][0]
artist = "".join(a["name"] + a.get("joinphrase", "") for a in recording["artists"])
length = "%d:%02d" % divmod(round(recording["duration"]), 60)
for expected in (recording["title"], "by " + artist, "(" + length + ")", mbid):
    assert expected in page, "the track page does not show %r" % expected
with urllib.request.urlopen(base + "/mbid/" + mbid, timeout=10) as response:
    page = html.unescape(response.read().decode())
assert recording["title"] in page and artist in page, "the MBID page does not name the recording"
print("metadata test: the track and MBID pages name the recording: %s by %s (%s)" % (recording["title"], artist, length))
PY

# Lookups from 4 clients while metadata-service is stopped: every one must answer with the recording id.
/usr/bin/python3 - "$BASE" "$CLIENT" "$work/new.fp" "$duration" "$(cat "$work/track")" "$work/stopped" <<'PY' &
import json, os, sys, threading, time, urllib.request, urllib.parse
base, key, fp_file, duration, track, stopped = sys.argv[1:7]
mbid = "0f42ab32-22cd-4dcf-927b-a8d9a183d68b"
body = urllib.parse.urlencode({"client": key, "duration": duration, "fingerprint": open(fp_file).read().strip(),
                               "meta": "recordings releasegroups releases tracks compress"}).encode()
stop = threading.Event()
lock = threading.Lock()
outcomes = {"ok": 0, "with_title": 0, "failed": 0}
request = urllib.request.Request(base + "/v2/lookup", body, {"X-Songprint-Exempt": os.environ["SONGPRINT_EXEMPT_SECRET"]})
def load():
    while not stop.is_set():
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                found = json.load(response)
            recording = [r for r in found["results"] if r["id"] == track][0]["recordings"][0]
            assert found["status"] == "ok" and recording["id"] == mbid, found
            with lock:
                outcomes["ok"] += 1
                outcomes["with_title"] += "title" in recording
        except Exception as failure:
            with lock:
                outcomes["failed"] += 1
            print("lookup failed:", repr(failure))
threads = [threading.Thread(target=load) for _ in range(4)]
for thread in threads:
    thread.start()
deadline = time.time() + 120
while not os.path.exists(stopped) and time.time() < deadline:
    time.sleep(0.1)
time.sleep(3)
stop.set()
for thread in threads:
    thread.join()
print("metadata test: %(ok)d lookups while metadata-service stopped, %(failed)d failed, %(with_title)d with full metadata"
      % outcomes)
sys.exit(1 if outcomes["failed"] or not outcomes["ok"] else 0)
PY
load_pid=$!
sleep 2
log "metadata test: stopping metadata-service under lookup load"
stop_pidfile metadata-service
touch "$work/stopped"
load_ok=0
wait "$load_pid" || load_ok=1
log "metadata test: metadata-service started again (default provider)"
start_services
[ "$load_ok" = 0 ] || die "metadata test: lookups failed while metadata-service was down"
log "metadata test: passed"
