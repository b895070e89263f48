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
peer_name=mosquitto
state=${STRATA_MOSQUITTO_STATE:-${TMPDIR:-/tmp}/strata-mosquitto-$(id -u)}
broker=$(command -v mosquitto || echo /usr/sbin/mosquitto)

# shellcheck source=scripts/peers/lib/peer.bash
source "$(dirname "$0")/lib/peer.bash"

start() {
  already_running && return
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
  wait_until_up listening "$port" "$state/mosquitto.log"
  announce "$port" "export STRATA_TEST_MQTT=mqtt://127.0.0.1:$port"
}

peer_main "$@"
