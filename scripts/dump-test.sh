#!/usr/bin/env bash
# Catalogue dumps on the running stack (./stack up first), with fingerprint-service's own jar:
#   1. ./stack export writes the demo catalogue: a gzip'd COPY file per table and manifest.json;
#   2. ./stack import loads it into a new database (the schema made by the service's migrations);
#   3. that database exported again gives byte-identical table files;
#   4. the same dump imported again changes nothing; a dump into the stack's own, non-empty
#      catalogue is refused, with a reason, and changes nothing;
#   5. the stack changes (two new recordings submitted with pyacoustid, one merged into the other,
#      a link disabled), ./stack export --since writes only that, and the mirror that imports it has
#      tables identical to the stack's.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/stack-test.sh"
MIRROR=songprint_dump_mirror
work=$(mktemp -d)
trap 'rm -rf "$work"; psql_admin -d postgres -c "DROP DATABASE IF EXISTS $MIRROR WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

log "dump test: exporting the stack's catalogue"
"$ROOT/stack" export "$work/first" 2>"$work/export.log" || { cat "$work/export.log"; die "dump test: export failed"; }
[ -f "$work/first/manifest.json" ] || die "dump test: no manifest.json"
tracks=$(psql_admin -d acoustid_fingerprint -c "SELECT count(*) FROM track")
dumped=$(zcat "$work/first/track.gz" | wc -l)
[ "$tracks" = "$dumped" ] || die "dump test: $dumped tracks in track.gz, $tracks in the catalogue"

log "dump test: importing it into a new database ($MIRROR)"
psql_admin -d postgres -c "DROP DATABASE IF EXISTS $MIRROR WITH (FORCE)" -c "CREATE DATABASE $MIRROR" >/dev/null
SONGPRINT_DATABASE=$MIRROR "$ROOT/stack" import "$work/first" 2>"$work/import.log" \
  || { cat "$work/import.log"; die "dump test: import failed"; }
SONGPRINT_DATABASE=$MIRROR "$ROOT/stack" export "$work/second" 2>/dev/null
for file in "$work"/first/*.gz; do
  cmp -s "$file" "$work/second/$(basename "$file")" || die "dump test: $(basename "$file") differs after export -> import -> export"
done
log "dump test: export -> import -> export gives identical files ($(ls "$work"/first/*.gz | wc -l) tables, $tracks tracks)"

SONGPRINT_DATABASE=$MIRROR "$ROOT/stack" import "$work/first" 2>"$work/again.log" || { cat "$work/again.log"; die "dump test: a second import failed"; }
grep -q "imported already" "$work/again.log" || die "dump test: a second import of the same dump was not recognised"
if "$ROOT/stack" import "$work/first" 2>"$work/refused.log"; then
  die "dump test: an import into the stack's non-empty catalogue was not refused"
fi
grep -q "the catalogue is not empty" "$work/refused.log" || { cat "$work/refused.log"; die "dump test: refused without the reason"; }
after=$(psql_admin -d acoustid_fingerprint -c "SELECT count(*) FROM track")
[ "$after" = "$tracks" ] || die "dump test: the refused import changed the catalogue ($tracks -> $after tracks)"
log "dump test: the same dump twice changes nothing; a non-empty catalogue refuses a dump"

log "dump test: changing the stack (two recordings submitted, merged, a link disabled)"
key=$("$ROOT/stack" status | sed -n 's/^client key: //p')
user=$("$ROOT/stack" status | sed -n 's/^user key: //p')
seed=$(( (RANDOM << 15 | RANDOM) % 1000000 + 2000 ))
for n in 1 2; do
  bash "$ROOT/scripts/synth-melody.sh" "$((seed + n))" 40 "$work/new$n.wav"
  fpcalc -plain "$work/new$n.wav" >"$work/new$n.fp" 2>/dev/null || [ $? = 3 ]
done
read -r kept merged mbid < <(/usr/bin/python3 - "$BASE" "$key" "$user" "$work/new1.fp" "$work/new2.fp" <<'PY'
import sys, time, uuid
import acoustid
base, key, user = sys.argv[1:4]
acoustid.set_base_url(base + "/v2/")
acoustid.REQUEST_INTERVAL = 0
mbid = str(uuid.uuid4())
entries = [{"fingerprint": open(f).read().strip(), "duration": 40, "mbid": mbid} for f in sys.argv[4:6]]
answer = acoustid.submit(key, user, entries)
assert answer["status"] == "ok", answer
ids = [s["id"] for s in answer["submissions"]]
started, tracks = time.time(), {}
while len(tracks) < len(ids):
    for entry in acoustid.get_submission_status(key, ids)["submissions"]:
        if entry["status"] == "imported":
            tracks[entry["id"]] = entry["result"]["id"]
    assert time.time() - started < 30, "submissions still pending after 30 s"
    time.sleep(0.05)
assert tracks[ids[0]] != tracks[ids[1]], "two different recordings became one track"
print(tracks[ids[0]], tracks[ids[1]], mbid)
PY
)
secret=$(admin_secret)
curl -fsS -o /dev/null --data-urlencode "secret=$secret" --data-urlencode "target=$kept" --data-urlencode "source=$merged" \
  "http://127.0.0.1:$FINGERPRINT_PORT/internal/merge_tracks" || die "dump test: merging $merged into $kept failed"
curl -fsS -o /dev/null --data-urlencode "secret=$secret" --data-urlencode "track=$kept" --data-urlencode "mbid=$mbid" \
  --data-urlencode disabled=1 --data-urlencode account=1 --data-urlencode "note=dump test" \
  "http://127.0.0.1:$FINGERPRINT_PORT/internal/set_mbid_disabled" || die "dump test: disabling $mbid on $kept failed"

# The stack keeps moving on its own (housekeeping), so the mirror follows it by increments until a
# whole export of each compares equal; the first increment must carry the changes above.
since=$work/first
for round in 1 2 3; do
  "$ROOT/stack" export --since "$since/manifest.json" "$work/increment-$round" 2>"$work/increment.log" \
    || { cat "$work/increment.log"; die "dump test: incremental export failed"; }
  if [ "$round" = 1 ]; then
    changed=$(zcat "$work/increment-1/track.gz" | wc -l)
    [ "$changed" -lt "$tracks" ] || die "dump test: the increment holds $changed tracks, as many as the whole catalogue"
    zcat "$work/increment-1/track_mbid_change.gz" | grep -q "dump test" || die "dump test: the increment lacks the disabled link"
    zcat "$work/increment-1/deleted.gz" | grep -q "^track_mbid" || die "dump test: the increment lacks the merge's deleted link"
  fi
  SONGPRINT_DATABASE=$MIRROR "$ROOT/stack" import "$work/increment-$round" 2>"$work/increment.log" \
    || { cat "$work/increment.log"; die "dump test: importing the increment failed"; }
  rm -rf "$work/stack-now" "$work/mirror-now"
  "$ROOT/stack" export "$work/stack-now" 2>/dev/null
  SONGPRINT_DATABASE=$MIRROR "$ROOT/stack" export "$work/mirror-now" 2>/dev/null
  differs=""
  for file in "$work"/stack-now/*.gz; do
    cmp -s "$file" "$work/mirror-now/$(basename "$file")" || differs="$differs $(basename "$file")"
  done
  [ -z "$differs" ] && break
  log "dump test: after increment $round the mirror differs in$differs (the stack moved on); one more"
  since=$work/increment-$round
done
[ -z "$differs" ] || die "dump test: after 3 increments the mirror still differs in$differs"
log "dump test: passed (an increment of $changed tracks brought the mirror to the stack's tables after $round round(s))"
