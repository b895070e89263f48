# Shared by the loopback test peers in scripts/peers/*.sh (sourced, not run: scripts/test starts
# every executable *.sh in scripts/peers). A peer script sets `peer_name` and `state` (its folder,
# holding pid, env and logs), defines start(), and ends with `peer_main "$@"`.

log() { echo "$peer_name: $*" >&2; }

# A free TCP port on 127.0.0.1 (asked of the kernel through node, which the tests need anyway).
free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => {
    console.log(s.address().port); s.close(); });'
}

# True when something accepts TCP connections on 127.0.0.1:$1.
listening() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True when the peer recorded in $state/pid is running; then print its env (already started).
already_running() {
  if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    log "already running"
    cat "$state/env"
    return 0
  fi
  return 1
}

# Wait up to 10 s until `$1 $2` (a check and a port) succeeds; fail with the log file $3 when
# the process in $state/pid dies first or the check never passes.
wait_until_up() {
  local check=$1 port=$2 logfile=$3
  for _ in $(seq 1 100); do
    if "$check" "$port"; then return 0; fi
    if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      log "failed to start; log follows"
      cat "$logfile" >&2
      exit 1
    fi
    sleep 0.1
  done
  "$check" "$port" || { log "no answer on port $port"; exit 1; }
}

# announce PORT LINE...: write the env LINE to $state/env, say where the peer listens, print it.
announce() {
  local port=$1
  shift
  echo "$*" >"$state/env"
  log "listening on 127.0.0.1:$port (pid $(cat "$state/pid"))"
  cat "$state/env"
}

# Stop the process in $state/pid (5 s grace) and remove $state. Peers with their own way of
# stopping define stop() after sourcing this file.
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

peer_main() {
  case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
  esac
}
