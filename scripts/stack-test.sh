# Sourced, after ROOT is set, by the scripts that test the running stack's real processes (./stack up
# first): the stack's state directory, its infrastructure and service helpers (infra.sh, services.sh),
# and BASE, the public proxy that clients' calls go through.
STATE_DIR=${STACK_STATE_DIR:-$ROOT/.stack}
# shellcheck source=scripts/infra.sh
. "$ROOT/scripts/infra.sh"
# shellcheck source=scripts/services.sh
. "$ROOT/scripts/services.sh"
BASE=http://127.0.0.1:$PUBLIC_PORT
