#!/usr/bin/env bash
# redis-server (Debian) as the Redis Streams test peer on loopback.
#
#   scripts/peers/redis.sh start   start redis-server on a free 127.0.0.1 port with its data in a
#                                  temporary folder (no persistence) and print the environment
#                                  for the tests on stdout:
#                                  export STRATA_TEST_REDIS=redis://127.0.0.1:PORT
#                                  (also written to $STATE/env for `source`)
#   scripts/peers/redis.sh stop    stop it and remove its folder
#
# Only the export line goes to stdout; progress goes to stderr. STATE defaults to
# ${TMPDIR:-/tmp}/strata-redis-$UID.
set -euo pipefail
peer_name=redis
state=${STRATA_REDIS_STATE:-${TMPDIR:-/tmp}/strata-redis-$(id -u)}

# shellcheck source=scripts/peers/lib/peer.bash
source "$(dirname "$0")/lib/peer.bash"

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]; }

start() {
  already_running && return
  command -v redis-server >/dev/null || { log "redis-server missing (apt-get install redis-server)"; exit 1; }
  rm -rf "$state"
  mkdir -p "$state/data"
  local port
  port=$(free_port)
  setsid redis-server --bind 127.0.0.1 --port "$port" --dir "$state/data" --save "" \
    --appendonly no --daemonize no --protected-mode yes >"$state/redis.log" 2>&1 &
  echo $! >"$state/pid"
  wait_until_up answers "$port" "$state/redis.log"
  announce "$port" "export STRATA_TEST_REDIS=redis://127.0.0.1:$port"
}

peer_main "$@"
