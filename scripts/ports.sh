# The suite's local ports, defined once: sourced by scripts/infra.sh (so by ./stack and every script
# that sources it) and by the scripts that run alone; the README's tables list the same values.
# The infrastructure's ports can be changed through the environment; a server already answering on
# its port is reused. The services' ports are those of their application.yaml (quarkus.http.port).

PG_PORT=${PG_PORT:-15432}
REDIS_PORT=${REDIS_PORT:-16379}
KAFKA_PORT=${KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
KEYCLOAK_PORT=${KEYCLOAK_PORT:-18080}
KEYCLOAK_MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-19000}
# the reverse proxy: the public base URL
PUBLIC_PORT=${PUBLIC_PORT:-8080}

FINGERPRINT_PORT=8081
INGEST_PORT=8082
ACCOUNT_PORT=8083
METADATA_PORT=8084
# name:port of the four services, in start order
SERVICES="fingerprint-service:$FINGERPRINT_PORT ingest-service:$INGEST_PORT account-service:$ACCOUNT_PORT metadata-service:$METADATA_PORT"
SERVICE_PORTS="$FINGERPRINT_PORT $INGEST_PORT $ACCOUNT_PORT $METADATA_PORT"
