#!/usr/bin/env bash
# Catalogue dumps on the running stack (./stack up first), with fingerprint-service's own jar:
#   1. ./stack export writes the demo catalogue: a gzip'd COPY file per table and manifest.json;
#   2. ./stack import loads it into a new database (the schema made by the service's migrations);
#   3. that database exported again gives byte-identical table files;
#   4. the same dump imported again changes nothing; a dump into the stack's own, non-empty
#      catalogue is refused, with a reason, and changes nothing.
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
log "dump test: passed (the same dump twice changes nothing; a non-empty catalogue refuses a dump)"
