#!/usr/bin/env bash
# Fault tests on the running stack's real processes (./stack up first):
#   1. with a second fingerprint-service replica beside the stack's (two importers sharing the
#      submissions partitions, committing interleaved ids), kill -9 the stack's replica while they
#      import 5,000 submissions, start it again;
#   2. stop Kafka, submit 1,000 (still accepted), start Kafka again.
# Each proves with row counts that every submission was imported exactly once: no lost and no
# doubled fingerprints, links or counts. After each, every replica's index must hold exactly the
# database's fingerprint ids (POST /internal/index/check, a set comparison, not a count), and after
# the first a lookup of every fingerprint submitted must find its track on every replica.
# Usage: scripts/fault-test.sh [COUNT_KILL] [COUNT_KAFKA]   (REPLICA2_PORT, default 8091)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/stack-test.sh"
KILL_COUNT=${1:-5000}
KAFKA_COUNT=${2:-1000}
REPLICA2_PORT=${REPLICA2_PORT:-8091}
CLIENT=$(demo_keys | sed -n 's/^client key: //p')
USER_KEY=$(demo_keys | sed -n 's/^user key: //p')
[ -n "$CLIENT" ] && [ -n "$USER_KEY" ] || die "no demo keys: run ./stack up first"
# the load tool presents the exemption secret, which exempts it from the public API's rate limits
SONGPRINT_ADMIN_SECRET=$(admin_secret)
SONGPRINT_EXEMPT_SECRET=$(exempt_secret)
export SONGPRINT_ADMIN_SECRET SONGPRINT_EXEMPT_SECRET

fp_sql() { psql_admin -d acoustid_fingerprint -c "$1"; }
ingest_sql() { psql_admin -d acoustid_ingest -c "$1"; }
account_total() { psql_admin -d acoustid_app -c "SELECT COALESCE(sum(submission_count), 0) FROM account"; }

# One line of counters; the deltas between two snapshots are checked against the submissions sent.
snapshot() {
  printf '%s|%s|%s\n' \
    "$(fp_sql "SELECT (SELECT count(*) FROM fingerprint_source) || '|' || (SELECT COALESCE(sum(submission_count), 0) FROM fingerprint)
        || '|' || (SELECT count(*) FROM fingerprint) || '|' || (SELECT count(*) FROM track)
        || '|' || (SELECT COALESCE(sum(submission_count), 0) FROM track_mbid) || '|' || (SELECT count(*) FROM track_mbid_source)
        || '|' || (SELECT count(*) FROM fingerprint_data)")" \
    "$(ingest_sql "SELECT (SELECT count(*) FROM submission_result WHERE status = 'imported') || '|' ||
        (SELECT count(*) FROM submission WHERE handled) || '|' || (SELECT count(*) FROM pending_submission)")" \
    "$(account_total)"
}

# check BEFORE AFTER SUBMITTED DISTINCT
check() {
  local names=(fingerprint_source fingerprint.submission_count fingerprint track track_mbid.submission_count
    track_mbid_source fingerprint_data submission_result.imported submission.handled pending_submission
    account.submission_count)
  local expected=("$3" "$3" "$4" "$4" "$3" "$3" "$4" "$3" "$3" 0 "$3")
  IFS='|' read -r -a before <<<"$1"
  IFS='|' read -r -a after <<<"$2"
  local i ok=1
  for i in "${!names[@]}"; do
    local delta=$(( after[i] - before[i] ))
    [ "${names[i]}" = pending_submission ] && delta=$(( after[i] - before[i] ))
    if [ "$delta" != "${expected[i]}" ]; then
      log "  MISMATCH ${names[i]}: +$delta, expected +${expected[i]}"; ok=0
    else
      log "  ${names[i]}: +$delta"
    fi
  done
  [ "$ok" = 1 ]
}

# Waits until every submission sent is handled (its outcome recorded in acoustid_ingest).
await_handled() {
  local total=$1 since=$2 deadline=$(( $(date +%s) + ${3:-300} )) done_count
  while :; do
    done_count=$(ingest_sql "SELECT count(*) FROM submission WHERE handled AND id > $since")
    [ "$done_count" -ge "$total" ] && return 0
    [ "$(date +%s)" -ge "$deadline" ] && { log "only $done_count of $total handled"; return 1; }
    sleep 0.5
  done
}

# Waits until account-service has counted the submissions sent (it reads `submissions` on its own),
# then a little longer, so a submission counted twice would show.
await_counted() {
  local target=$1 deadline=$(( $(date +%s) + 60 ))
  until [ "$(account_total)" -ge "$target" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "account-service counted $(account_total) of $target submissions"; return 1; }
    sleep 0.5
  done
  sleep 2
}

submit() { /usr/bin/python3 "$ROOT/scripts/submit-load.py" "$BASE" "$CLIENT" "$USER_KEY" "$@"; }
last_id() { ingest_sql "SELECT COALESCE(max(id), 0) FROM submission"; }

# A second replica of fingerprint-service, as a StatefulSet's second pod would be: its own index
# directory (kept in .stack/ across runs, so a later run only catches up), its own consumer group of
# `fingerprints` and its own static importer membership (both from HOSTNAME).
start_replica2() {
  port_open "$REPLICA2_PORT" && die "port $REPLICA2_PORT is taken: set REPLICA2_PORT"
  log "second fingerprint-service: starting on port $REPLICA2_PORT (log: .stack/logs/fingerprint-service-replica2.log)"
  SONGPRINT_ADMIN_SECRET=$SONGPRINT_ADMIN_SECRET SONGPRINT_RATE_LIMIT_EXEMPT_SECRET=$SONGPRINT_EXEMPT_SECRET HOSTNAME="${HOSTNAME:-$(hostname)}-replica2" QUARKUS_HTTP_PORT=$REPLICA2_PORT \
    QUARKUS_HTTP_HOST=${SONGPRINT_BIND:-127.0.0.1} SONGPRINT_ALLOW_DEV_DEFAULTS=true \
    PG_PORT=$PG_PORT REDIS_PORT=$REDIS_PORT KAFKA_PORT=$KAFKA_PORT SONGPRINT_INDEX_PATH=$STATE_DIR/index-replica2 \
    nohup java $FINGERPRINT_HEAP -jar "$ROOT/fingerprint-service/target/quarkus-app/quarkus-run.jar" \
    >"$STATE_DIR/logs/fingerprint-service-replica2.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/run/fingerprint-service-replica2.pid"
  # a first start builds its index from the database (~80 s per million fingerprints)
  wait_until 900 "the second fingerprint-service's readiness" service_ready "$REPLICA2_PORT" \
    || { tail -n 40 "$STATE_DIR/logs/fingerprint-service-replica2.log"; die "the second fingerprint-service did not become ready"; }
  wait_until 60 "the second importer's partitions" \
    grep -q 'submission importer: partitions \[.' "$STATE_DIR/logs/fingerprint-service-replica2.log" \
    || die "the second importer got no partitions of submissions"
}
stop_replica2() { stop_pidfile fingerprint-service-replica2; }
trap stop_replica2 EXIT

# index_exact PORT: this replica's index against acoustid_fingerprint, id by id (the service compares
# per-range summaries and lists the ids either side lacks). Events of the last imports may still be
# on their way: a difference must be gone within 60 s; a hole stays.
index_exact() {
  local port=$1 deadline=$(( $(date +%s) + 60 )) answer
  while :; do
    answer=$(curl -fsS -m 120 -d "secret=$SONGPRINT_ADMIN_SECRET" "http://127.0.0.1:$port/internal/index/check") \
      || { log "  index check on port $port failed (no /internal/index/check?)"; return 1; }
    # the same ids, each held once (a count above the database's is an id held twice)
    if /usr/bin/python3 -c 'import json, sys; i = json.load(sys.stdin)["index"]
sys.exit(0 if i["exact"] and i["fingerprints"] == i["database_fingerprints"] else 1)' <<<"$answer"; then
      log "  index on port $port: $(/usr/bin/python3 -c 'import json, sys; i = json.load(sys.stdin)["index"]
print("%d fingerprints, the same ids as the database (%d)" % (i["fingerprints"], i["database_fingerprints"]))' <<<"$answer")"
      return 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "  index on port $port differs from the database: $(/usr/bin/python3 -c 'import json, sys; i = json.load(sys.stdin)["index"]
print("%d held, %d in the database: %d missing %s, %d extra %s" % (i["fingerprints"], i["database_fingerprints"],
      i["missing_count"], i["missing"][:20], i["extra_count"], i["extra"][:20]))' <<<"$answer")"
      return 1
    fi
    sleep 1
  done
}

# lookup_all PORT SEED IDS_FILE SINCE: looks up every distinct fingerprint submit-load.py sent (it makes
# them again from the seed) on one replica directly, and expects the track each was imported onto.
lookup_all() {
  local port=$1 seed=$2 ids=$3 since=$4
  fp_sql "SELECT s.submission_id || ' ' || t.gid FROM fingerprint_source s JOIN fingerprint f ON f.id = s.fingerprint_id
          JOIN track t ON t.id = f.track_id WHERE s.submission_id > $since" >"$STATE_DIR/fault-tracks.txt"
  /usr/bin/python3 - "http://127.0.0.1:$port" "$CLIENT" "$KILL_COUNT" "$seed" "$ids" "$STATE_DIR/fault-tracks.txt" \
    "$ROOT/scripts/submit-load.py" <<'PY'
import importlib.util, os, sys
import requests
base, client, count, seed, ids_file, tracks_file, load_path = sys.argv[1:]
spec = importlib.util.spec_from_file_location("submit_load", load_path)
load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load)
entries = list(load.fingerprints(int(count), 5, int(seed)))
ids = [int(line) for line in open(ids_file).read().split()]
track_of = dict(line.split() for line in open(tracks_file) if line.strip())
expected = {}
for (fp, duration, _), submission in zip(entries, ids):
    expected.setdefault((fp, duration), track_of.get(str(submission)))
pairs = list(expected.items())
session = requests.Session()
session.headers["X-Songprint-Exempt"] = os.environ["SONGPRINT_EXEMPT_SECRET"]
missed = []
BATCH = 20  # AcoustID's most fingerprint queries per lookup (error 19 past it)
for start in range(0, len(pairs), BATCH):
    form = {"client": client, "format": "json", "batch": "1"}
    for n, ((fp, duration), _) in enumerate(pairs[start:start + BATCH]):
        form["fingerprint.%d" % n] = fp
        form["duration.%d" % n] = str(duration)
    answer = session.post(base + "/v2/lookup", data=form, timeout=60).json()
    for entry in answer.get("fingerprints", []):
        track = pairs[start + entry["index"]][1]
        if track is None or track not in [r["id"] for r in entry["results"] if r["score"] >= 0.99]:
            missed.append(track)
    if answer.get("status") != "ok" or len(answer.get("fingerprints", [])) != len(pairs[start:start + BATCH]):
        missed.append("lookup failed: %s" % str(answer)[:200])
print("%d fingerprints looked up, %d not found on their track%s" % (len(pairs), len(missed),
      (": " + ", ".join(str(m) for m in missed[:10])) if missed else ""))
sys.exit(1 if missed else 0)
PY
}

log "fault test 1: two importers, kill -9 fingerprint-service while they import $KILL_COUNT submissions"
start_replica2
before=$(snapshot); since=$(last_id); seed=$RANDOM$RANDOM
submit "$KILL_COUNT" --seed "$seed" --repeat-every 5 --ids "$STATE_DIR/fault-ids.txt" >"$STATE_DIR/fault-load.json"
distinct=$(sed -E 's/.*"distinct_fingerprints": ([0-9]+).*/\1/' "$STATE_DIR/fault-load.json")
log "  submitted: $(cat "$STATE_DIR/fault-load.json")"
# kill once a part is imported, so the crash lands mid-stream
deadline=$(( $(date +%s) + 120 ))
until [ "$(fp_sql "SELECT count(*) FROM fingerprint_source WHERE submission_id > $since")" -ge $(( KILL_COUNT / 5 )) ]; do
  [ "$(date +%s)" -lt "$deadline" ] || die "import did not start"
  sleep 0.2
done
imported_at_kill=$(fp_sql "SELECT count(*) FROM fingerprint_source WHERE submission_id > $since")
kill -9 "$(cat "$STATE_DIR/run/fingerprint-service.pid")"
log "  killed fingerprint-service (-9) with $imported_at_kill of $KILL_COUNT imported; the second replica imports on"
sleep 1
start_services
await_handled "$KILL_COUNT" "$since" 300 || die "not every submission was imported after the restart"
await_counted $(( ${before##*|} + KILL_COUNT )) || die "account-service did not count every submission"
after=$(snapshot)
check "$before" "$after" "$KILL_COUNT" "$distinct" || die "fault test 1 failed: lost or doubled rows"
for port in "$FINGERPRINT_PORT" "$REPLICA2_PORT"; do
  index_exact "$port" || die "fault test 1 failed: the index on port $port lacks or keeps fingerprints the database does not"
  found=$(lookup_all "$port" "$seed" "$STATE_DIR/fault-ids.txt" "$since") \
    || die "fault test 1 failed on port $port: $found"
  log "  lookups on port $port: $found"
done
stop_replica2
log "fault test 1 passed"

log "fault test 2: Kafka stopped, $KAFKA_COUNT submissions, Kafka started"
before=$(snapshot); since=$(last_id)
stop_kafka
submit "$KAFKA_COUNT" --seed "$RANDOM$RANDOM" --repeat-every 4 >"$STATE_DIR/fault-load.json"
distinct=$(sed -E 's/.*"distinct_fingerprints": ([0-9]+).*/\1/' "$STATE_DIR/fault-load.json")
log "  accepted with Kafka down: $(cat "$STATE_DIR/fault-load.json")"
unsent=$(ingest_sql "SELECT count(*) FROM pending_submission p WHERE sent IS NULL AND submission_id > $since")
[ "$unsent" = "$KAFKA_COUNT" ] || die "expected $KAFKA_COUNT unsent outbox rows, found $unsent"
start_kafka
await_handled "$KAFKA_COUNT" "$since" 300 || die "the backlog did not drain after Kafka came back"
await_counted $(( ${before##*|} + KAFKA_COUNT )) || die "account-service did not count every submission"
after=$(snapshot)
check "$before" "$after" "$KAFKA_COUNT" "$distinct" || die "fault test 2 failed: lost or doubled rows"
index_exact "$FINGERPRINT_PORT" || die "fault test 2 failed: the index lacks or keeps fingerprints the database does not"
log "fault test 2 passed"
