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
state=${STRATA_REDIS_STATE:-${TMPDIR:-/tmp}/strata-redis-$(id -u)}

log() { echo "redis: $*" >&2; }

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => {
    console.log(s.address().port); s.close(); });'
}

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]; }

start() {
  if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    log "already running"
    cat "$state/env"
    return
  fi
  command -v redis-server >/dev/null || { log "redis-server missing (apt-get install redis-server)"; exit 1; }
  rm -rf "$state"
  mkdir -p "$state/data"
  local port
  port=$(free_port)
  setsid redis-server --bind 127.0.0.1 --port "$port" --dir "$state/data" --save "" \
    --appendonly no --daemonize no --protected-mode yes >"$state/redis.log" 2>&1 &
  echo $! >"$state/pid"
  for _ in $(seq 1 100); do
    if answers "$port"; then break; fi
    if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      log "failed to start; log follows"
      cat "$state/redis.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  answers "$port" || { log "no answer on port $port"; exit 1; }
  echo "export STRATA_TEST_REDIS=redis://127.0.0.1:$port" >"$state/env"
  log "listening on 127.0.0.1:$port (pid $(cat "$state/pid"))"
  cat "$state/env"
}

stop() {
  if [ -f "$state/pid" ]; then
    local pid
    pid=$(cat "$state/pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  rm -rf "$state"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
