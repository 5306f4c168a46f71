#!/usr/bin/env bash
# Edge and account checks on the running stack's real processes (./stack up first), as an attacker and
# an operator would meet them:
#   1. a client writing its own X-Forwarded-For through the real nginx gets no fresh rate-limit bucket:
#      it is limited by the address nginx saw (error 14, HTTP 429, past 4/s over AcoustID's 20 s
#      window), and create_anonymous stores that address, not the forged one;
#   2. the operational paths (/q/…, /internal/…) answer 404 through the proxy, and every service
#      listens on 127.0.0.1 only;
#   3. keys regenerated and deactivated while Kafka is stopped, with account-service then killed -9
#      and started again, are refused by /v2/lookup and /v2/submit within 2 s of Kafka's return;
#   4. a restarted ingest-service is not ready before it has replayed the key topic: its first
#      answer after turning ready accepts a valid key;
#   5. account-service started as in production, with the local stack's OIDC defaults, refuses to
#      start and names the settings.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/stack-test.sh"
FP=$(cat "$STATE_DIR/demo/demo-aurora.fp")
[ -n "$FP" ] || die "no demo fingerprint: run ./stack up first"
app_sql() { psql_admin -d acoustid_app -c "$1"; }
new_key() { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20; }

# api_code PATH ARGS...: "ok" or the AcoustID error code of a POST through the proxy (no exemption)
api_code() {
  local path=$1; shift
  curl -sS -m 10 "$@" "$BASE$path" | python3 -c '
import json, sys
try:
    answer = json.load(sys.stdin)
except ValueError:
    print("unreadable"); sys.exit()
print("ok" if answer.get("status") == "ok" else answer.get("error", {}).get("code"))'
}
lookup_code() { api_code /v2/lookup -H "X-Songprint-Exempt: $(exempt_secret)" -d "client=$1" -d duration=30 --data-urlencode "fingerprint=$FP"; }
# a submission with valid keys and no fingerprint is refused for the missing fingerprint, after the keys
submit_code() { api_code /v2/submit -H "X-Songprint-Exempt: $(exempt_secret)" -d "client=$1" -d "user=$2" -d duration=30; }
key_refused() { [ "$(lookup_code "$1")" = 4 ]; }
user_refused() { [ "$(submit_code "$1" "$2")" = "$3" ]; }

# An account with two applications, made in SQL as an operator would (the triggers note the keys)
ACCOUNT_KEY=$(new_key); APP_A=$(new_key); APP_B=$(new_key); APP_SPOOF=$(new_key)
app_sql "WITH a AS (INSERT INTO account (name, apikey) VALUES ('edge test', '$ACCOUNT_KEY') RETURNING id)
  INSERT INTO application (name, apikey, account_id) SELECT n, k, id FROM a,
  (VALUES ('edge A', '$APP_A'), ('edge B', '$APP_B'), ('edge spoof', '$APP_SPOOF')) AS v(n, k)" >/dev/null
wait_until 10 "the new keys" bash -c "[ \"\$(curl -sS -m 5 -H 'X-Songprint-Exempt: $(exempt_secret)' -d client=$APP_B -d duration=30 --data-urlencode 'fingerprint=$FP' $BASE/v2/lookup | grep -c '\"status\": *\"ok\"')\" = 1 ]" \
  || die "the new application keys were not accepted within 10 s"

log "edge test 1: a forged X-Forwarded-For through nginx changes neither the bucket nor the stored address"
anon=$(curl -sS -m 10 -H "X-Forwarded-For: 203.0.113.99" -d "client=$APP_SPOOF" "$BASE/v2/user/create_anonymous" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["apikey"])') || die "create_anonymous failed"
created_from=$(app_sql "SELECT host(created_from) FROM account WHERE apikey = '$anon'")
[ "$created_from" = 127.0.0.1 ] || die "create_anonymous stored $created_from, not the address nginx saw (127.0.0.1)"
log "  create_anonymous with a forged X-Forwarded-For stored $created_from"
first_limited=$(python3 - "$BASE" "$APP_SPOOF" "$FP" <<'PY'
import json, random, sys, urllib.error, urllib.parse, urllib.request
base, key, fp = sys.argv[1:4]
body = urllib.parse.urlencode({"client": key, "duration": 30, "fingerprint": fp}).encode()
for i in range(1, 121):
    forged = ".".join(str(random.randint(1, 254)) for _ in range(4))
    request = urllib.request.Request(base + "/v2/lookup", body, {"X-Forwarded-For": forged})
    try:
        urllib.request.urlopen(request, timeout=10).read()
    except urllib.error.HTTPError as error:
        answer = json.loads(error.read())
        if error.code == 429 and answer["error"]["code"] == 14 and "4.0" in answer["error"]["message"]:
            print(i)
            sys.exit()
        raise
print(0)
PY
)
# 4/s over the 20 s window: the 81st request is the first refused (one more counted: create_anonymous)
[ "$first_limited" -ge 70 ] && [ "$first_limited" -le 82 ] \
  || die "per-IP limit with forged X-Forwarded-For: first 429 at request $first_limited, expected about 80"
log "  120 lookups, each with a new forged X-Forwarded-For: the per-IP limit (4/s) refused request $first_limited on"

log "edge test 2: operational paths are not served through the proxy; services listen on 127.0.0.1 only"
for path in /q/metrics /q/openapi /q/health/ready /internal/api-keys /internal/stats/parked; do
  status=$(curl -sS -o /dev/null -w '%{http_code}' -m 10 "$BASE$path")
  [ "$status" = 404 ] || die "$path through the proxy answered $status, expected 404"
done
[ "$(curl -sS -o /dev/null -w '%{http_code}' -m 10 http://127.0.0.1:$ACCOUNT_PORT/internal/api-keys)" = 200 ] \
  || die "/internal/api-keys is not served to a direct caller"
python3 - $SERVICE_PORTS <<'PY' || die "a service listens beyond 127.0.0.1"
import sys
ports = {int(port) for port in sys.argv[1:]}
bad = []
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    with open(table) as f:
        next(f)
        for line in f:
            fields = line.split()
            address, port = fields[1].split(":")
            if fields[3] == "0A" and int(port, 16) in ports and address not in ("0100007F", "00000000000000000000000001000000", "0000000000000000FFFF00000100007F"):
                bad.append((table, address, int(port, 16)))
if bad:
    print("listening beyond loopback:", bad, file=sys.stderr)
    sys.exit(1)
PY
log "  /q/* and /internal/* through the proxy: 404; ports $SERVICE_PORTS bound to loopback"

log "edge test 3: keys changed while Kafka is down and account-service is killed -9 stay revoked"
NEW_A=$(new_key); NEW_USER=$(new_key)
stop_kafka
app_sql "UPDATE application SET apikey = '$NEW_A' WHERE apikey = '$APP_A';
  UPDATE application SET active = false WHERE apikey = '$APP_B';
  UPDATE account SET apikey = '$NEW_USER' WHERE apikey = '$ACCOUNT_KEY'" >/dev/null
noted=$(app_sql "SELECT count(*) FROM api_key_change WHERE apikey IN ('$APP_A', '$NEW_A', '$APP_B', '$ACCOUNT_KEY', '$NEW_USER')")
[ "$noted" -ge 5 ] || die "only $noted of the 5 key changes are in the outbox"
kill -9 "$(cat "$STATE_DIR/run/account-service.pid")"
log "  regenerated A, deactivated B, regenerated the user key with Kafka stopped; account-service killed -9"
# with the broker away the replicas cannot learn anything: the old keys still work until it is back
[ "$(lookup_code "$APP_A")" = ok ] || die "the old key was refused while no revocation could be sent"
launch_service account-service "$ACCOUNT_PORT"
wait_until 90 "account-service to answer" port_open "$ACCOUNT_PORT" || die "account-service did not start"
sleep 2
# The checks poll from before the broker starts (start_kafka also creates topics, which takes seconds
# after the broker is up); each refusal is timed from the broker's own log: the moment the key topic's
# partition has its leader again (see below).
refusals=$STATE_DIR/edge-refusals.txt
python3 - "$BASE" "$(exempt_secret)" "$FP" "$refusals" "$APP_A" "$APP_B" "$NEW_A" "$NEW_USER" "$ACCOUNT_KEY" <<'PY' &
import http.client, json, sys, time, urllib.parse
base, exempt, fp, out, app_a, app_b, new_a, new_user, old_user = sys.argv[1:10]
host = urllib.parse.urlsplit(base)
connection = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
def code(path, fields):
    connection.request("POST", path, urllib.parse.urlencode(fields),
                       {"Content-Type": "application/x-www-form-urlencoded", "X-Songprint-Exempt": exempt})
    answer = json.loads(connection.getresponse().read())
    return "ok" if answer.get("status") == "ok" else answer["error"]["code"]
lookup = lambda key: ("/v2/lookup", {"client": key, "duration": 30, "fingerprint": fp})
submit = lambda key, user: ("/v2/submit", {"client": key, "user": user, "duration": 30})
checks = {"old key A, lookup": (lookup(app_a), 4), "deactivated B, lookup": (lookup(app_b), 4),
          "old key A, submit": (submit(app_a, new_user), 4), "old user key, submit": (submit(new_a, old_user), 6)}
deadline = time.time() + 120
with open(out, "w") as results:
    while checks and time.time() < deadline:
        for name, ((path, fields), expected) in list(checks.items()):
            try:
                got = code(path, fields)
            except (OSError, http.client.HTTPException, ValueError):
                connection.close()
                continue
            if got == expected:
                results.write(f"{name}|{time.time()}\n")
                results.flush()
                del checks[name]
        time.sleep(0.02)
PY
checker=$!
start_kafka
wait "$checker"
# Kafka is back for the keys once the broker has started and loaded the leader of the key topic's
# partition (a few hundred ms after its "started" line, while it loads every partition it holds):
# before that no client can read or write the topic
back=$(python3 - "$STATE_DIR/logs/kafka.log" <<'PY'
import re, sys, datetime
log = open(sys.argv[1]).read()
stamp = r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})\]"
when = lambda text: datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S,%f").timestamp()
started = [m for m in re.finditer(stamp + r".*Kafka Server started", log, re.M)][-1]
leader = re.search(stamp + r".*Leader applications-0 ", log[started.end():], re.M)
print("%.3f|%.3f" % (when(leader.group(1)) if leader else when(started.group(1)), when(started.group(1))))
PY
)
started=${back#*|}
back=${back%|*}
[ "$(wc -l <"$refusals")" = 4 ] || die "edge test 3 failed: refused only: $(cut -d'|' -f1 "$refusals" | paste -sd,)"
summary=$(python3 - "$back" "$refusals" <<'PY'
import sys
back = float(sys.argv[1])
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[2])]
took = {name: float(at) - back for name, at in rows}
print("; ".join(f"{name} {t:.2f} s" for name, t in took.items()) + f"|{max(took.values()):.2f}")
PY
)
max=${summary##*|}
log "  refused after Kafka's return (its 'applications' partition led again, $(python3 -c "print('%.2f' % ($back - $started))") s after its 'started' line): ${summary%|*}; slowest $max s"
python3 -c "import sys; sys.exit(0 if $max <= 2.0 else 1)" || die "revocation took $max s after Kafka's return, more than 2 s"
[ "$(submit_code "$NEW_A" "$NEW_USER")" = 2 ] || die "the new keys are not accepted by /v2/submit"
await_service account-service "$ACCOUNT_PORT"

log "edge test 4: a restarted ingest-service is ready only once it knows the keys"
kill -9 "$(cat "$STATE_DIR/run/ingest-service.pid")"
launch_service ingest-service "$INGEST_PORT"
deadline=$(( $(date +%s) + 90 ))
until curl -fsS -m 2 "http://127.0.0.1:$INGEST_PORT/q/health/ready" >/dev/null 2>&1; do
  [ "$(date +%s)" -lt "$deadline" ] || die "ingest-service did not become ready"
  sleep 0.05
done
first=$(curl -sS -m 10 -d "client=$NEW_A" -d "user=$NEW_USER" -d duration=30 "http://127.0.0.1:$INGEST_PORT/v2/submit")
grep -q '"code": *2' <<<"$first" || die "the first submit after readiness did not know the keys: $first"
curl -fsS "http://127.0.0.1:$INGEST_PORT/q/health/ready" | grep -q '"API key replica"' || die "no key replica in ingest-service's readiness"
log "  first answer after readiness knew the keys: $first"

log "edge test 5: a production start with development defaults refuses, naming the settings"
refusal=$STATE_DIR/logs/account-service-refusal.log
set +e
PG_PORT=$PG_PORT REDIS_PORT=$REDIS_PORT KAFKA_PORT=$KAFKA_PORT QUARKUS_HTTP_PORT=8093 QUARKUS_HTTP_HOST=127.0.0.1 \
  timeout 180 java $SERVICE_HEAP -jar "$ROOT/account-service/target/quarkus-app/quarkus-run.jar" >"$refusal" 2>&1 </dev/null
code=$?
set -e
[ "$code" != 0 ] && [ "$code" != 124 ] || die "account-service started with development defaults (exit $code); see $refusal"
grep -q "refusing to start with development defaults" "$refusal" \
  && grep -q "quarkus.oidc.songprint.credentials.secret" "$refusal" \
  && grep -q "quarkus.oidc.songprint.auth-server-url" "$refusal" \
  || die "the refusal does not name the settings; see $refusal"
log "  exit $code: $(grep -o 'refusing to start with development defaults.*' "$refusal" | head -n 1 | cut -c1-220)…"

# leave the per-IP bucket of 127.0.0.1 drained for whatever runs next
wait_until 30 "the per-IP rate-limit window" bash -c "[ \"\$(curl -sS -o /dev/null -w '%{http_code}' -m 5 -d client=$NEW_A -d duration=30 --data-urlencode 'fingerprint=$FP' $BASE/v2/lookup)\" = 200 ]" || true
log "edge test passed"
