# The benchmarks of ./stack bench: each starts what it measures and writes its figures into
# docs/benchmarks.md. Sourced by ./stack after scripts/infra.sh and scripts/services.sh.

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
  curl -fsS -m 60 -d "secret=$(admin_secret)" "http://127.0.0.1:$FINGERPRINT_PORT/internal/importer/$1" >/dev/null \
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

# Submissions: accepted/s at /v2/submit, imported/s end to end, submit -> findable latency at 100/s.
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
    pages) main=org.songprint.fingerprint.bench.CataloguePageBenchmark; shift ;;
    scale) main=org.songprint.fingerprint.bench.ScaleBenchmark; shift ;;
    cold-start) main=org.songprint.fingerprint.bench.ColdStartBenchmark; shift ;;
    search-cpu) main=org.songprint.fingerprint.bench.SearchCpuProbe; shift ;;
    log-size) main=org.songprint.fingerprint.bench.LogSizeProbe; shift ;;
    excerpt)
      main=org.songprint.fingerprint.bench.ExcerptBenchmark; shift
      ensure_packages ffmpeg lame
      bash "$ROOT/scripts/music-corpus.sh" "$ROOT/.stack/music" ;;
    index) shift || true ;;
  esac
  # BENCH_JAVA_OPTS: options for the benchmark's own JVM, after the defaults (e.g. -Xmx16g for an
  # in-process index of 10 M, whose build needs ~1.3 GB a million)
  local -a jvm_opts=()
  read -r -a jvm_opts <<<"${BENCH_JAVA_OPTS:-}"
  (cd "$ROOT/fingerprint-service" && java -Xms2g -Xmx6g "${jvm_opts[@]}" \
    -cp "target/test-classes:target/classes:$(cat "$STATE_DIR/bench.classpath")" "$main" "$@")
}
