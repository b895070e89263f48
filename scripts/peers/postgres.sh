#!/usr/bin/env bash
# PostgreSQL 15 (Debian) as the SQL test peer on loopback.
#
#   scripts/peers/postgres.sh start   initdb a throw-away cluster (trust authentication, user
#                                     strata, database strata_test), start it on a free
#                                     127.0.0.1 port and print the environment for the tests:
#                                     export STRATA_TEST_POSTGRES=postgresql://strata@127.0.0.1:PORT/strata_test
#                                     (also written to $STATE/env for `source`)
#   scripts/peers/postgres.sh stop    stop it and remove the cluster
#
# initdb and postgres refuse to run as root: as root the cluster belongs to, and the server runs
# as, the unprivileged user `nobody` (via runuser), with STATE under /tmp so that it can reach it.
# Only the export line goes to stdout; progress goes to stderr. STATE defaults to
# ${TMPDIR:-/tmp}/strata-postgres-$UID (/tmp/strata-postgres-0 as root).
set -euo pipefail
bin=${STRATA_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
if [ "$(id -u)" = 0 ]; then
  state=${STRATA_POSTGRES_STATE:-/tmp/strata-postgres-0}
  as_owner() { runuser -u nobody -- "$@"; }
else
  state=${STRATA_POSTGRES_STATE:-${TMPDIR:-/tmp}/strata-postgres-$(id -u)}
  as_owner() { "$@"; }
fi
user=strata
db=strata_test
peer_name=postgres

# shellcheck source=scripts/peers/lib/peer.bash
source "$(dirname "$0")/lib/peer.bash"

start() {
  if [ -f "$state/env" ] && as_owner "$bin/pg_ctl" -D "$state/data" status >/dev/null 2>&1; then
    log "already running"
    cat "$state/env"
    return
  fi
  [ -x "$bin/initdb" ] || { log "$bin/initdb missing (apt-get install postgresql-15)"; exit 1; }
  rm -rf "$state"
  mkdir -p "$state"
  [ "$(id -u)" = 0 ] && chown nobody "$state"
  local port
  port=$(free_port)
  as_owner "$bin/initdb" -D "$state/data" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$state/initdb.log" 2>&1 || { log "initdb failed; log follows"; cat "$state/initdb.log" >&2; exit 1; }
  if ! as_owner "$bin/pg_ctl" -D "$state/data" -l "$state/postgres.log" -w -t 60 \
      -o "-p $port -k $state -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
    log "failed to start; log follows"
    cat "$state/postgres.log" >&2
    exit 1
  fi
  psql -X -q -h 127.0.0.1 -p "$port" -U "$user" -d postgres -c "CREATE DATABASE $db" >&2
  echo "export STRATA_TEST_POSTGRES=postgresql://$user@127.0.0.1:$port/$db" >"$state/env"
  log "listening on 127.0.0.1:$port"
  cat "$state/env"
}

stop() {
  if [ -d "$state/data" ]; then
    as_owner "$bin/pg_ctl" -D "$state/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$state"
}

peer_main "$@"
