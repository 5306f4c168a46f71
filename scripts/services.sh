# The four services, the reverse proxy on the public base URL, the demo data and the test run.
# Sourced by ./stack after scripts/infra.sh.

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
    SONGPRINT_CATALOGUE_URL=http://127.0.0.1:$FINGERPRINT_PORT \
    nohup java $(if [ "$name" = fingerprint-service ]; then echo "$FINGERPRINT_HEAP"; else echo "$SERVICE_HEAP"; fi) -XX:+ExitOnOutOfMemoryError -jar "$ROOT/$name/target/quarkus-app/quarkus-run.jar" \
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

# The catalogue dump commands of fingerprint-service's own jar (export [--since MANIFEST] DIR,
# import DIR), on the stack's database (SONGPRINT_DATABASE names another). A running
# fingerprint-service finds imported rows with its database follower and indexes them.
dump_command() {
  local action=$1 since=() dir
  shift
  if [ "$action" = export ] && [ "${1:-}" = --since ]; then
    [ -n "${2:-}" ] || die "usage: ./stack export [--since MANIFEST] DIR"
    since=(--since "$(readlink -m "$2")")
    shift 2
  fi
  dir=${1:-}
  [ -n "$dir" ] || die "usage: ./stack export [--since MANIFEST] DIR, ./stack import DIR"
  local jar=$ROOT/fingerprint-service/target/quarkus-app/quarkus-run.jar
  [ -f "$jar" ] || build_services
  PG_HOST=127.0.0.1 PG_PORT=$PG_PORT PG_USER=$PG_USER SONGPRINT_DATABASE=${SONGPRINT_DATABASE:-acoustid_fingerprint} \
    java -jar "$jar" "$action" "${since[@]}" "$(readlink -m "$dir")"
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
      -e "s|@FINGERPRINT_PORT@|$FINGERPRINT_PORT|" -e "s|@INGEST_PORT@|$INGEST_PORT|" -e "s|@ACCOUNT_PORT@|$ACCOUNT_PORT|" \
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
