#!/usr/bin/env bash
# mosquitto (Debian) as the MQTT test peer on loopback.
#
#   scripts/peers/mosquitto.sh start   start a mosquitto broker on a free 127.0.0.1 port
#                                      (anonymous, no persistence) and print the environment
#                                      for the tests on stdout:
#                                      export STRATA_TEST_MQTT=mqtt://127.0.0.1:PORT
#                                      (also written to $STATE/env for `source`)
#   scripts/peers/mosquitto.sh stop    stop it and remove its folder
#
# Only the export line goes to stdout; progress goes to stderr. STATE defaults to
# ${TMPDIR:-/tmp}/strata-mosquitto-$UID.
set -euo pipefail
state=${STRATA_MOSQUITTO_STATE:-${TMPDIR:-/tmp}/strata-mosquitto-$(id -u)}
broker=$(command -v mosquitto || echo /usr/sbin/mosquitto)

log() { echo "mosquitto: $*" >&2; }

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => {
    console.log(s.address().port); s.close(); });'
}

listening() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    log "already running"
    cat "$state/env"
    return
  fi
  [ -x "$broker" ] || { log "mosquitto missing (apt-get install mosquitto)"; exit 1; }
  rm -rf "$state"
  mkdir -p "$state"
  chmod 755 "$state"
  local port
  port=$(free_port)
  cat >"$state/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
log_dest stderr
CONF
  chmod 644 "$state/mosquitto.conf"
  setsid "$broker" -c "$state/mosquitto.conf" >"$state/mosquitto.log" 2>&1 &
  echo $! >"$state/pid"
  for _ in $(seq 1 100); do
    if listening "$port"; then break; fi
    if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      log "failed to start; log follows"
      cat "$state/mosquitto.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  listening "$port" || { log "no answer on port $port"; exit 1; }
  echo "export STRATA_TEST_MQTT=mqtt://127.0.0.1:$port" >"$state/env"
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
