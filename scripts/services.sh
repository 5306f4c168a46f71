# The four services, the reverse proxy on the public base URL, the demo data and the test run.
# Sourced by ./stack after scripts/infra.sh.

# name:port — the fixed local ports (README, "Ports")
SERVICES="fingerprint-service:8081 ingest-service:8082 account-service:8083 metadata-service:8084"
SERVICE_HEAP=${SERVICE_HEAP:--Xmx384m}
# the fingerprint index lives on the heap: ~300 MB per million fingerprints, ~1.3 GB more while
# a million are built (a maximum, not a reservation: the demo data takes a few MB)
FINGERPRINT_HEAP=${FINGERPRINT_HEAP:--Xmx3g}

mvn_cmd() {
  local flags=(-B)
  [ "${CI:-}" = true ] && flags+=(-ntp -Dstyle.color=never)
  mvn "${flags[@]}" "$@"
}

build_services() {
  log "building the services (mvn package -DskipTests)"
  mvn_cmd -q package -DskipTests >"$STATE_DIR/logs/build.log" 2>&1 || { tail -n 60 "$STATE_DIR/logs/build.log"; die "build failed; see $STATE_DIR/logs/build.log"; }
}

service_ready() { curl -fsS "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; }

# A secret of this stack, made once and kept in .stack/ like the data: stack_secret NAME.
stack_secret() {
  local file=$STATE_DIR/$1
  if [ ! -s "$file" ]; then
    mkdir -p "$STATE_DIR"
    (umask 077; head -c 24 /dev/urandom | base64 | tr '+/' 'AZ' >"$file")
  fi
  cat "$file"
}
# the cluster secret of the /internal endpoints (operators only)
admin_secret() { stack_secret admin-secret; }
# presented by the suite's own load tools (header X-Songprint-Exempt) to pass the public API's rate
# limits; a secret of its own, so a tool's secret opens no /internal endpoint
exempt_secret() { stack_secret exempt-secret; }

# launch_service NAME PORT: starts one service in the background (its readiness is not awaited).
# It listens on 127.0.0.1 only (the proxy is the public door; /internal and /q are for this machine)
# unless SONGPRINT_BIND says otherwise.
launch_service() {
  local name=$1 port=$2
  [ -f "$ROOT/$name/target/quarkus-app/quarkus-run.jar" ] || die "$name is not built"
  log "$name: starting on port $port (log: .stack/logs/$name.log)"
  # The env values are the same as the services' own defaults; they are spelled out so a changed
  # infrastructure port (PG_PORT=...) reaches the services too.
  # SONGPRINT_ALLOW_DEV_DEFAULTS: a local stack, whose Keycloak client secret is the realm file's
  SONGPRINT_ADMIN_SECRET=$(admin_secret) SONGPRINT_RATE_LIMIT_EXEMPT_SECRET=$(exempt_secret) SONGPRINT_ALLOW_DEV_DEFAULTS=true \
    QUARKUS_HTTP_HOST=${SONGPRINT_BIND:-127.0.0.1} HOSTNAME=${HOSTNAME:-$(hostname)} \
    PG_PORT=$PG_PORT REDIS_PORT=$REDIS_PORT KAFKA_PORT=$KAFKA_PORT SONGPRINT_INDEX_PATH=$STATE_DIR/index \
    nohup java $(if [ "$name" = fingerprint-service ]; then echo "$FINGERPRINT_HEAP"; else echo "$SERVICE_HEAP"; fi) -jar "$ROOT/$name/target/quarkus-app/quarkus-run.jar" \
    >"$STATE_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/run/$name.pid"
}

await_service() {
  local name=$1 port=$2
  wait_until 90 "$name readiness" service_ready "$port" || { tail -n 40 "$STATE_DIR/logs/$name.log"; die "$name did not become ready"; }
  log "$name: ready ($(grep -o 'started in [0-9.]*s' "$STATE_DIR/logs/$name.log" | tail -n 1))"
}

start_services() {
  local entry name port
  for entry in $SERVICES; do
    name=${entry%%:*}; port=${entry##*:}
    if service_ready "$port"; then log "$name: already running on port $port"; continue; fi
    launch_service "$name" "$port"
  done
  for entry in $SERVICES; do
    await_service "${entry%%:*}" "${entry##*:}"
  done
}

stop_services() {
  local entry
  for entry in $SERVICES; do stop_pidfile "${entry%%:*}"; done
}

start_proxy() {
  if port_open "$PUBLIC_PORT"; then
    if [ -f "$STATE_DIR/run/nginx.pid" ]; then log "proxy: already running on port $PUBLIC_PORT"; return 0; fi
    die "port $PUBLIC_PORT is taken by another program"
  fi
  ensure_packages nginx-light
  local dir=$STATE_DIR/nginx
  mkdir -p "$dir/tmp"
  local user_line=""
  is_root && user_line="user root root;"
  sed -e "s|@USER_LINE@|$user_line|" -e "s|@DIR@|$dir|g" -e "s|@LOGS@|$STATE_DIR/logs|g" \
      -e "s|@PID@|$STATE_DIR/run/nginx.pid|" -e "s|@PORT@|$PUBLIC_PORT|" -e "s|@ROOT@|$ROOT|g" \
      "$ROOT/scripts/nginx.conf.template" >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$STATE_DIR/logs/nginx-error.log" || die "nginx did not start; see $STATE_DIR/logs/nginx-error.log"
  wait_until 10 "proxy" port_open "$PUBLIC_PORT" || die "proxy not listening on $PUBLIC_PORT"
  log "proxy: http://127.0.0.1:$PUBLIC_PORT"
}

stop_proxy() {
  [ -f "$STATE_DIR/run/nginx.pid" ] || return 0
  nginx -p "$STATE_DIR/nginx" -c "$STATE_DIR/nginx/nginx.conf" -e "$STATE_DIR/logs/nginx-error.log" -s quit 2>/dev/null || true
  local i
  for i in $(seq 1 25); do [ -f "$STATE_DIR/run/nginx.pid" ] || break; sleep 0.2; done
  rm -f "$STATE_DIR/run/nginx.pid"
  log "proxy: stopped"
}

load_demo_data() {
  ensure_packages sox libchromaprint-tools
  bash "$ROOT/scripts/demo-data.sh" "$STATE_DIR/demo"
  # The demo key travels account-service → Kafka → fingerprint-service, the demo fingerprints reach
  # the index by its database poll (every 5 s), which can land between two of the demo rows: wait
  # until the lookup of every demo track answers with it, not only the first.
  local key fp duration file count=0
  key=$(psql_admin -d acoustid_app -c "SELECT apikey FROM application WHERE name = 'Songprint demo' ORDER BY id LIMIT 1")
  for file in "$STATE_DIR"/demo/*.fp; do
    fp=$(cat "$file")
    duration=$(soxi -D "${file%.fp}.wav" | cut -d. -f1)
    wait_until 30 "a lookup of $(basename "$file" .fp)" sh -c "curl -fsS -d client=$key -d duration=$duration \
      -d fingerprint=$fp http://127.0.0.1:$PUBLIC_PORT/v2/lookup | grep -q '\"score\"'" \
      || die "the lookup of demo track $(basename "$file" .fp) does not answer"
    count=$((count + 1))
  done
  log "demo data: a lookup of each of the $count demo tracks finds it"
}

demo_keys() {
  psql_admin -d acoustid_app -F ' ' -c "SELECT 'client key: ' || apikey FROM application WHERE name = 'Songprint demo' ORDER BY id LIMIT 1" 2>/dev/null || true
  psql_admin -d acoustid_app -F ' ' -c "SELECT 'user key: ' || apikey FROM account WHERE name = 'demo' ORDER BY id LIMIT 1" 2>/dev/null || true
}

print_summary() {
  cat <<EOF

Songprint is up on http://127.0.0.1:$PUBLIC_PORT
  lookup:            http://127.0.0.1:$PUBLIC_PORT/v2/lookup
  submit:            http://127.0.0.1:$PUBLIC_PORT/v2/submit
  submission status: http://127.0.0.1:$PUBLIC_PORT/v2/submission_status
  web pages:         http://127.0.0.1:$PUBLIC_PORT/
$(demo_keys | sed 's/^/  /')
  logs:              $STATE_DIR/logs/
Run './stack status' to see what runs where, './stack down' to stop.
EOF
}

status_line() {
  local name=$1 where=$2 state=$3
  printf '  %-20s %-28s %s\n' "$name" "$where" "$state"
}

print_status() {
  local entry name port state
  echo "Songprint stack (state in $STATE_DIR)"
  port_open "$PG_PORT" && state=up || state=down
  status_line postgresql "127.0.0.1:$PG_PORT" "$state"
  port_open "$REDIS_PORT" && state=up || state=down
  status_line redis "127.0.0.1:$REDIS_PORT" "$state"
  port_open "$KAFKA_PORT" && state=up || state=down
  status_line kafka "127.0.0.1:$KAFKA_PORT" "$state"
  keycloak_ready && state=up || state=down
  status_line keycloak "http://127.0.0.1:$KEYCLOAK_PORT" "$state"
  for entry in $SERVICES; do
    name=${entry%%:*}; port=${entry##*:}
    if service_ready "$port"; then state=ready
    elif port_open "$port"; then state="running, not ready"
    else state=down; fi
    status_line "$name" "http://127.0.0.1:$port" "$state"
  done
  port_open "$PUBLIC_PORT" && state=up || state=down
  status_line proxy "http://127.0.0.1:$PUBLIC_PORT" "$state"
  if port_open "$PG_PORT"; then demo_keys; fi
}

run_tests() {
  # real audio and real clients in the tests: sox makes audio, fpcalc fingerprints it, lame
  # re-encodes it, pyacoustid looks it up
  ensure_packages sox libsox-fmt-mp3 libchromaprint-tools lame python3-acoustid
  # kubectl renders the Kubernetes overlays (kustomize) for the manifest tests
  command -v kubectl >/dev/null || ensure_packages kubectl
  log "running all tests (mvn verify)"
  if ! mvn_cmd verify "$@"; then
    print_test_failures
    return 1
  fi
}

# The root causes of failed tests, last in the output, where a CI log's tail shows them.
print_test_failures() {
  local report
  for report in $(grep -l -E "FAILURE|ERROR" "$ROOT"/*/target/surefire-reports/*.txt "$ROOT"/*/target/failsafe-reports/*.txt 2>/dev/null); do
    echo "=== $report"
    grep -E "^(Tests run|[a-zA-Z].*(Exception|Error)|Caused by)" "$report" | grep -v "^\s*at " | cut -c1-400 | head -n 25
  done
}

# Submissions: accepted/s at /v2/submit, imported/s end to end, submit -> findable latency at 100/s.
# Waits (at most 90 s) until the machine is mostly idle: the background work a phase leaves behind
# (index merges, autovacuum of freshly filled tables, consumers catching up) must not be billed to
# the next phase.
cpu_idle_and_total() { awk '/^cpu /{print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }

wait_until_quiet() {
  local i idle
  for i in $(seq 1 30); do
    idle=$({ cpu_idle_and_total; sleep 3; cpu_idle_and_total; } | awk 'NR==1{i=$1; t=$2} NR==2{printf "%d", 100 * ($1 - i) / ($2 - t)}')
    [ "$idle" -ge 85 ] && return 0
  done
  log "  (the machine did not settle: ${idle}% idle)"
}

# Pauses or resumes the importer of the local fingerprint-service (an operator's internal call).
importer_call() {
  curl -fsS -m 60 -d "secret=$(admin_secret)" "http://127.0.0.1:8081/internal/importer/$1" >/dev/null \
    || die "could not $1 the importer"
}

# Hostile and largest-legal requests: what each costs the service answering it (CPU, peak heap).
bench_hostile() {
  build_services
  start_services
  start_proxy
  load_demo_data
  bash "$ROOT/scripts/hostile-test.sh" --report "$ROOT/docs/benchmarks.md" --repeat "${1:-10}"
}

bench_submissions() {
  local count=${1:-20000}
  ensure_packages python3-acoustid libchromaprint-tools
  build_services
  start_services
  start_proxy
  load_demo_data
  local client user since accepted drained together cold latency
  client=$(demo_keys | sed -n 's/^client key: //p')
  user=$(demo_keys | sed -n 's/^user key: //p')
  # the load tools present the exemption secret, which exempts them from the public API's rate limits
  SONGPRINT_EXEMPT_SECRET=$(exempt_secret)
  export SONGPRINT_EXEMPT_SECRET
  # The figures are about running services, not JITs compiling their code: each phase is warmed up
  # first, unmeasured. The batch path: 10000 submissions, imported.
  log "submissions benchmark: warming up the batch path (10000 submissions, imported, not measured)"
  since=$(psql_admin -d acoustid_ingest -c "SELECT COALESCE(max(id), 0) FROM submission")
  /usr/bin/python3 "$ROOT/scripts/submit-load.py" "http://127.0.0.1:$PUBLIC_PORT" "$client" "$user" 10000 >/dev/null
  /usr/bin/python3 "$ROOT/scripts/bench-submissions.py" drain psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" \
    -qtAX -d acoustid_ingest "$since" 10000 >/dev/null
  log "submissions benchmark: $count submissions with the importer paused (accepted/s)"
  importer_call pause
  wait_until_quiet
  since=$(psql_admin -d acoustid_ingest -c "SELECT COALESCE(max(id), 0) FROM submission")
  accepted=$(/usr/bin/python3 "$ROOT/scripts/submit-load.py" "http://127.0.0.1:$PUBLIC_PORT" "$client" "$user" "$count")
  log "  $accepted"
  log "submissions benchmark: importer resumed on the backlog in the topic (imported/s)"
  wait_until_quiet # the relay has published the backlog
  importer_call resume
  drained=$(/usr/bin/python3 "$ROOT/scripts/bench-submissions.py" drain psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" \
    -qtAX -d acoustid_ingest "$since" "$count")
  log "  $drained"
  log "submissions benchmark: $count submissions with the importer running (end to end, every stage at once)"
  wait_until_quiet
  since=$(psql_admin -d acoustid_ingest -c "SELECT COALESCE(max(id), 0) FROM submission")
  /usr/bin/python3 "$ROOT/scripts/submit-load.py" "http://127.0.0.1:$PUBLIC_PORT" "$client" "$user" "$count" >/dev/null
  together=$(/usr/bin/python3 "$ROOT/scripts/bench-submissions.py" drain psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" \
    -qtAX -d acoustid_ingest "$since" "$count")
  log "  $together"
  # what a restart costs: the importer's JVM starts cold on a backlog
  log "submissions benchmark: $((count / 2)) submissions while fingerprint-service is stopped, then a cold start on them"
  stop_pidfile fingerprint-service
  since=$(psql_admin -d acoustid_ingest -c "SELECT COALESCE(max(id), 0) FROM submission")
  /usr/bin/python3 "$ROOT/scripts/submit-load.py" "http://127.0.0.1:$PUBLIC_PORT" "$client" "$user" "$((count / 2))" >/dev/null
  wait_until_quiet
  start_services
  cold=$(/usr/bin/python3 "$ROOT/scripts/bench-submissions.py" drain psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" \
    -qtAX -d acoustid_ingest "$since" "$((count / 2))")
  log "  $cold"
  # steady load last, once the backlog is gone (the target is about a steady 100/s, not the tail of
  # a backlog); the importer restarted for the drain, so it is warmed up at the same rate first
  log "submissions benchmark: warming up (30 s at 100/s, not measured)"
  /usr/bin/python3 "$ROOT/scripts/bench-submissions.py" latency "http://127.0.0.1:$PUBLIC_PORT" "$client" "$user" 100 30 \
    psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -qtAX -d acoustid_ingest >/dev/null
  log "submissions benchmark: submit -> findable at 100/s for 30 s"
  latency=$(/usr/bin/python3 "$ROOT/scripts/bench-submissions.py" latency "http://127.0.0.1:$PUBLIC_PORT" "$client" "$user" 100 30 \
    psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -qtAX -d acoustid_ingest)
  log "  $latency"
  /usr/bin/python3 "$ROOT/scripts/bench-submissions.py" report "$ROOT/docs/benchmarks.md" "$accepted" "$drained" "$together" "$cold" "$latency" \
    "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'))"
}

run_benchmark() {
  if [ "${1:-}" = submit ]; then shift; bench_submissions "$@"; return; fi
  if [ "${1:-}" = hostile ]; then shift; bench_hostile "$@"; return; fi
  ensure_packages sox libchromaprint-tools
  log "building the benchmark (fingerprint-service and its test classes)"
  mvn_cmd -q install -DskipTests -pl fingerprint-service -am >"$STATE_DIR/logs/bench-build.log" 2>&1 \
    || { tail -n 40 "$STATE_DIR/logs/bench-build.log"; die "build failed"; }
  mvn_cmd -q -pl fingerprint-service dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$STATE_DIR/bench.classpath" >>"$STATE_DIR/logs/bench-build.log" 2>&1 || die "no classpath"
  local main=org.songprint.fingerprint.bench.IndexBenchmark
  case "${1:-index}" in
    lookup) main=org.songprint.fingerprint.bench.LookupLoadBenchmark; shift ;;
    index) shift || true ;;
  esac
  (cd "$ROOT/fingerprint-service" && java -Xms2g -Xmx6g \
    -cp "target/test-classes:target/classes:$(cat "$STATE_DIR/bench.classpath")" "$main" "$@")
}
