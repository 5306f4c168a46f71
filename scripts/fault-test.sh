#!/usr/bin/env bash
# Fault tests on the running stack's real processes (./stack up first):
#   1. kill -9 fingerprint-service while it imports 5,000 submissions, start it again;
#   2. stop Kafka, submit 1,000 (still accepted), start Kafka again.
# Each proves with row counts that every submission was imported exactly once: no lost and no
# doubled fingerprints, links or counts. Usage: scripts/fault-test.sh [COUNT_KILL] [COUNT_KAFKA]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=${STACK_STATE_DIR:-$ROOT/.stack}
. "$ROOT/scripts/infra.sh"
. "$ROOT/scripts/services.sh"
KILL_COUNT=${1:-5000}
KAFKA_COUNT=${2:-1000}
BASE=http://127.0.0.1:$PUBLIC_PORT
CLIENT=$(demo_keys | sed -n 's/^client key: //p')
USER_KEY=$(demo_keys | sed -n 's/^user key: //p')
[ -n "$CLIENT" ] && [ -n "$USER_KEY" ] || die "no demo keys: run ./stack up first"
# the load tool presents the cluster secret, which exempts it from the public API's rate limits
SONGPRINT_ADMIN_SECRET=$(admin_secret)
export SONGPRINT_ADMIN_SECRET

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

log "fault test 1: kill -9 fingerprint-service while it imports $KILL_COUNT submissions"
before=$(snapshot); since=$(last_id)
submit "$KILL_COUNT" --seed "$RANDOM$RANDOM" --repeat-every 5 >"$STATE_DIR/fault-load.json"
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
log "  killed fingerprint-service (-9) with $imported_at_kill of $KILL_COUNT imported"
sleep 1
start_services
await_handled "$KILL_COUNT" "$since" 300 || die "not every submission was imported after the restart"
await_counted $(( ${before##*|} + KILL_COUNT )) || die "account-service did not count every submission"
after=$(snapshot)
check "$before" "$after" "$KILL_COUNT" "$distinct" || die "fault test 1 failed: lost or doubled rows"
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
log "fault test 2 passed"
