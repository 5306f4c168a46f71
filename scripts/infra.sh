# Local infrastructure of the suite: PostgreSQL, Redis and a Kafka broker on 127.0.0.1.
# Sourced by ./stack. Every function is idempotent: a server already answering on its configured
# port is reused, otherwise it is installed (Debian packages / Maven Central jars) and started with
# its data under $STATE_DIR.

# shellcheck source=scripts/ports.sh
. "$(dirname "${BASH_SOURCE[0]}")/ports.sh"
PG_USER=${PG_USER:-postgres}
KEYCLOAK_VERSION=${KEYCLOAK_VERSION:-26.5.6}
# The four service databases, and the test databases the @QuarkusTest suites use (so a test run
# never wipes the demo data of a running stack).
DATABASES="acoustid_fingerprint acoustid_ingest acoustid_app musicbrainz"
TEST_DATABASES="acoustid_fingerprint_test acoustid_ingest_test acoustid_app_test musicbrainz_test"

log() { printf '[stack %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
is_root() { [ "$(id -u)" = 0 ]; }
as_root() { if is_root; then "$@"; else sudo "$@"; fi; }

# wait_until SECONDS DESCRIPTION COMMAND...: poll every 0.3 s
wait_until() {
  local secs=$1 what=$2; shift 2
  local end=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || { log "timed out after ${secs}s waiting for $what"; return 1; }
    sleep 0.3
  done
}

# Installs the Debian packages that are missing (one apt-get run for all of them).
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
psql_admin() { PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtAX "$@"; }

# PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' user; its data
# directory must then be reachable by that user, which a checkout under /root is not.
pg_data_dir() {
  local dir=$STATE_DIR/pg
  if is_root && ! runuser -u postgres -- test -x "$STATE_DIR" 2>/dev/null; then
    dir=/var/tmp/songprint-pg-$(printf '%s' "$STATE_DIR" | md5sum | cut -c1-12)
  fi
  printf '%s' "$dir"
}

pg_ctl_cmd() {
  if is_root; then runuser -u postgres -- "$(pg_bin)/pg_ctl" "$@"; else "$(pg_bin)/pg_ctl" "$@"; fi
}

start_postgres() {
  if port_open "$PG_PORT"; then
    log "PostgreSQL: reusing the server on port $PG_PORT"
  else
    ensure_packages postgresql postgresql-contrib
    local data; data=$(pg_data_dir)
    if [ ! -s "$data/PG_VERSION" ]; then
      log "PostgreSQL: creating a cluster in $data"
      if is_root; then
        install -d -o postgres -g postgres -m 700 "$data"
        runuser -u postgres -- "$(pg_bin)/initdb" -D "$data" -U "$PG_USER" -A trust -E UTF8 --locale=C.UTF-8 >"$STATE_DIR/logs/pg-initdb.log"
      else
        mkdir -p "$data" && chmod 700 "$data"
        "$(pg_bin)/initdb" -D "$data" -U "$PG_USER" -A trust -E UTF8 --locale=C.UTF-8 >"$STATE_DIR/logs/pg-initdb.log"
      fi
    fi
    [ "$data" = "$STATE_DIR/pg" ] || ln -sfn "$data" "$STATE_DIR/pg"
    # Durability settings are relaxed: this is a development and test cluster.
    pg_ctl_cmd -D "$data" -l "$data/server.log" -w -t 60 -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 \
      -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" start >/dev/null \
      || die "PostgreSQL did not start; see $data/server.log"
    log "PostgreSQL: started on port $PG_PORT"
  fi
  local db
  for db in $DATABASES $TEST_DATABASES; do
    [ "$(psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" = 1 ] \
      || psql_admin -d postgres -c "CREATE DATABASE $db" || die "cannot create database $db"
  done
}

stop_postgres() {
  local data=$STATE_DIR/pg
  [ -s "$data/PG_VERSION" ] || return 0
  pg_ctl_cmd -D "$(readlink -f "$data")" -m fast -w status >/dev/null 2>&1 || return 0
  pg_ctl_cmd -D "$(readlink -f "$data")" -m fast -w stop >/dev/null && log "PostgreSQL: stopped"
}

start_redis() {
  if port_open "$REDIS_PORT"; then log "Redis: reusing the server on port $REDIS_PORT"; return 0; fi
  ensure_packages redis-server
  mkdir -p "$STATE_DIR/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --pidfile "$STATE_DIR/run/redis.pid" \
    --dir "$STATE_DIR/redis" --save "" --appendonly no --logfile "$STATE_DIR/logs/redis.log" >/dev/null
  wait_until 20 "Redis" redis-cli -p "$REDIS_PORT" ping || die "Redis did not start; see $STATE_DIR/logs/redis.log"
  log "Redis: started on port $REDIS_PORT"
}

stop_pidfile() {
  local name=$1 file=$STATE_DIR/run/$1.pid pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill "$pid" 2>/dev/null; then
    local i
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    log "$name: stopped"
  fi
  rm -f "$file"
}

stop_redis() { stop_pidfile redis; }

kafka_lib() { printf '%s' "$STATE_DIR/kafka/lib"; }

fetch_kafka() {
  local lib; lib=$(kafka_lib)
  [ -f "$lib/.complete" ] && return 0
  log "Kafka: fetching the broker jars from Maven Central"
  mkdir -p "$lib"
  mvn -q -B -f "$ROOT/scripts/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$lib" >"$STATE_DIR/logs/kafka-fetch.log" 2>&1 || die "fetching Kafka failed; see $STATE_DIR/logs/kafka-fetch.log"
  touch "$lib/.complete"
}

start_kafka() {
  if port_open "$KAFKA_PORT"; then
    log "Kafka: reusing the broker on port $KAFKA_PORT"
  else
    fetch_kafka
    local dir=$STATE_DIR/kafka
    mkdir -p "$dir/data"
    cat >"$dir/server.properties" <<EOF
# Single-node KRaft broker (combined broker and controller) for development and tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.backoff.ms=5000
EOF
    cat >"$dir/log4j2.properties" <<'EOF'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = ${sys:kafka.log.level:-INFO}
rootLogger.appenderRef.stdout.ref = STDOUT
EOF
    local logcfg="-Dlog4j2.configurationFile=$dir/log4j2.properties" lib; lib=$(kafka_lib)
    if [ ! -f "$dir/data/meta.properties" ]; then
      local cluster_id
      cluster_id=$(java "$logcfg" -Dkafka.log.level=WARN -cp "$lib/*" kafka.tools.StorageTool random-uuid)
      java "$logcfg" -Dkafka.log.level=WARN -cp "$lib/*" kafka.tools.StorageTool format -t "$cluster_id" \
        -c "$dir/server.properties" >"$STATE_DIR/logs/kafka-format.log" 2>&1 || die "formatting Kafka storage failed"
    fi
    : >"$STATE_DIR/logs/kafka.log"
    nohup java -Xms256m -Xmx512m "$logcfg" -cp "$lib/*" kafka.Kafka "$dir/server.properties" \
      >>"$STATE_DIR/logs/kafka.log" 2>&1 </dev/null &
    echo $! >"$STATE_DIR/run/kafka.pid"
    wait_until 120 "Kafka" grep -q "Kafka Server started" "$STATE_DIR/logs/kafka.log" \
      || die "Kafka did not start; see $STATE_DIR/logs/kafka.log"
    log "Kafka: started on port $KAFKA_PORT"
  fi
  create_topics
}

# The suite's topics, and the same set prefixed "test." for the tests, so a test run never feeds a
# running stack's consumers.
create_topics() {
  fetch_kafka
  local prefix
  for prefix in "" test.; do
    java -cp "$(kafka_lib)/*" "$ROOT/scripts/kafka/CreateTopics.java" "127.0.0.1:$KAFKA_PORT" "$ROOT/scripts/topics.conf" \
      "$prefix" 2>>"$STATE_DIR/logs/kafka-topics.log" | while read -r line; do log "Kafka: $line"; done
    [ "${PIPESTATUS[0]}" = 0 ] || die "creating Kafka topics failed; see $STATE_DIR/logs/kafka-topics.log"
  done
}

stop_kafka() { stop_pidfile kafka; }

# Keycloak: the local OpenID Connect provider the web pages log in with (realm "songprint", imported
# from scripts/keycloak/ at the first start). Keycloak 26 needs Java 21+: Temurin 25 where present.
keycloak_java_home() {
  local jdk
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    [ -x "$jdk/bin/java" ] && { printf '%s' "$jdk"; return 0; }
  done
  return 1
}

keycloak_ready() { curl -fsS "http://127.0.0.1:$KEYCLOAK_MANAGEMENT_PORT/health/ready" >/dev/null 2>&1; }

fetch_keycloak() {
  local home=$STATE_DIR/keycloak/keycloak-$KEYCLOAK_VERSION
  [ -f "$home/.built" ] && return 0
  ensure_packages unzip
  log "Keycloak: fetching keycloak-quarkus-dist $KEYCLOAK_VERSION from Maven Central"
  mkdir -p "$STATE_DIR/keycloak"
  mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$STATE_DIR/keycloak" \
    >"$STATE_DIR/logs/keycloak-fetch.log" 2>&1 || die "fetching Keycloak failed; see $STATE_DIR/logs/keycloak-fetch.log"
  rm -rf "$home"
  (cd "$STATE_DIR/keycloak" && unzip -q "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" && rm -f "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip")
  log "Keycloak: building its server image once (kc.sh build)"
  JAVA_HOME=$(keycloak_java_home) "$home/bin/kc.sh" build --db=dev-file --health-enabled=true \
    >"$STATE_DIR/logs/keycloak-build.log" 2>&1 || die "kc.sh build failed; see $STATE_DIR/logs/keycloak-build.log"
  touch "$home/.built"
}

start_keycloak() {
  if port_open "$KEYCLOAK_PORT"; then log "Keycloak: reusing the server on port $KEYCLOAK_PORT"; return 0; fi
  keycloak_java_home >/dev/null || die "Keycloak needs Java 21 or newer (none found in /usr/lib/jvm)"
  fetch_keycloak
  local home=$STATE_DIR/keycloak/keycloak-$KEYCLOAK_VERSION
  mkdir -p "$home/data/import"
  # Keycloak imports a realm only into an empty database: a changed realm file starts a fresh one
  local realm_sum; realm_sum=$(cat "$ROOT"/scripts/keycloak/*-realm.json | md5sum | cut -c1-32)
  if [ "$(cat "$home/data/import/.sum" 2>/dev/null)" != "$realm_sum" ]; then
    rm -rf "$home/data/h2" "$home"/data/import/*.json
    cp "$ROOT"/scripts/keycloak/*-realm.json "$home/data/import/"
    echo "$realm_sum" >"$home/data/import/.sum"
  fi
  : >"$STATE_DIR/logs/keycloak.log"
  # the admin console is for local use only: its password is the stack's admin secret
  JAVA_HOME=$(keycloak_java_home) JAVA_OPTS_KC_HEAP="-Xms128m -Xmx512m" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=$(admin_secret) \
    nohup "$home/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
    --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" --hostname-strict=false --import-realm \
    >>"$STATE_DIR/logs/keycloak.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/run/keycloak.pid"
  wait_until 150 "Keycloak" keycloak_ready || { tail -n 30 "$STATE_DIR/logs/keycloak.log"; die "Keycloak did not start; see $STATE_DIR/logs/keycloak.log"; }
  log "Keycloak: started on http://127.0.0.1:$KEYCLOAK_PORT (realm songprint)"
}

stop_keycloak() { stop_pidfile keycloak; }

infra_up() {
  mkdir -p "$STATE_DIR/logs" "$STATE_DIR/run"
  chmod 755 "$STATE_DIR"
  start_postgres
  start_redis
  start_kafka
  start_keycloak
}

infra_down() {
  stop_keycloak
  stop_kafka
  stop_redis
  stop_postgres
}
