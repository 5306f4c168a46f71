#!/usr/bin/env bash
# Loads the demo data set: a few tracks whose fingerprints Debian's fpcalc made from melodies that
# sox synthesises, each linked to a MusicBrainz recording id, and a demo account with a user API key
# and an application with a client API key. Idempotent: what exists already is left alone.
# Usage: demo-data.sh WORK_DIR   (audio and fingerprints are kept there; needs sox, fpcalc, psql)
set -euo pipefail
WORK=${1:?work dir}
# shellcheck source=scripts/ports.sh
. "$(dirname "$0")/ports.sh"
PG_USER=${PG_USER:-postgres}
mkdir -p "$WORK"
psql_db() { psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtAX -d "$1" "${@:2}"; }

# name | seed | seconds | MusicBrainz recording id (ids of the demo catalogue, not real recordings)
TRACKS="
demo-aurora|11|48|5b4a5e0c-8d4f-4c49-9a3e-6a1f1f6d2c01
demo-harbour|23|55|0e7f3c2a-1b6d-4f0e-8c5a-2d9b7e4a3c02
demo-lantern|37|62|9c2d8e1f-3a4b-4c5d-9e6f-7a8b9c0d1e03
demo-meridian|41|45|3f1e2d3c-4b5a-4697-8a1b-2c3d4e5f6a04
demo-quarry|53|70|7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c05
demo-tidewater|67|58|1d2c3b4a-5e6f-4789-8a9b-0c1d2e3f4a06
"

for row in $TRACKS; do
  IFS='|' read -r name seed seconds mbid <<<"$row"
  wav=$WORK/$name.wav
  if [ ! -s "$WORK/$name.raw" ]; then
    bash "$(dirname "$0")/synth-melody.sh" "$seed" "$seconds" "$wav"
    # fpcalc exits with 3 on files shorter than its 120 s window, after printing a valid fingerprint.
    fpcalc -raw -signed -plain "$wav" >"$WORK/$name.raw" 2>/dev/null || [ $? = 3 ]
    fpcalc -plain "$wav" >"$WORK/$name.fp" 2>/dev/null || [ $? = 3 ]
  fi
  duration=$(soxi -D "$wav" | cut -d. -f1)
  gid=$(printf 'songprint-demo-%s' "$name" | md5sum | sed -E 's/^(.{8})(.{4}).(.{3}).(.{3})(.{12}).*/\1-\2-4\3-8\4-\5/')
  psql_db acoustid_fingerprint <<SQL
DO \$\$
DECLARE t integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM track WHERE gid = '$gid') THEN
    INSERT INTO track (gid) VALUES ('$gid') RETURNING id INTO t;
    INSERT INTO fingerprint (track_id, fingerprint, length) VALUES (t, '{$(cat "$WORK/$name.raw")}', $duration);
    INSERT INTO track_mbid (track_id, mbid) VALUES (t, '$mbid');
  END IF;
END \$\$;
SQL
done
echo "[demo] $(psql_db acoustid_fingerprint -c 'SELECT count(*) FROM track') tracks, fingerprints in $WORK/*.fp" >&2

# Keys carry 128+ bits of randomness (pgcrypto), URL-safe.
psql_db acoustid_app <<SQL
DO \$\$
DECLARE a integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM account WHERE name = 'demo') THEN
    INSERT INTO account (name, apikey)
      VALUES ('demo', translate(encode(gen_random_bytes(18), 'base64'), '+/', 'AZ')) RETURNING id INTO a;
    INSERT INTO application (name, version, apikey, account_id, email, website)
      VALUES ('Songprint demo', '1.0', translate(encode(gen_random_bytes(18), 'base64'), '+/', 'AZ'), a,
              'demo@songprint.invalid', 'http://127.0.0.1:$PUBLIC_PORT/');
  END IF;
END \$\$;
SQL
