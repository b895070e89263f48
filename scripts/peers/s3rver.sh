#!/usr/bin/env bash
# s3rver (npm) as the S3 test peer on loopback.
#
#   scripts/peers/s3rver.sh start   install s3rver into tests/peers/node_modules if missing, start
#                                   it on 127.0.0.1 with a temporary data folder and a bucket, and
#                                   print the environment for the S3 tests on stdout:
#                                   export STRATA_S3_TEST_URI=s3://strata-test/it AWS_ENDPOINT_URL=...
#                                   (also written to $STATE/env for `source`)
#   scripts/peers/s3rver.sh stop    stop it and remove its data folder
#
# Only the export line goes to stdout; progress goes to stderr. STATE defaults to
# ${TMPDIR:-/tmp}/strata-s3rver-$UID.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
peers="$root/tests/peers"
peer_name=s3rver
state=${STRATA_S3RVER_STATE:-${TMPDIR:-/tmp}/strata-s3rver-$(id -u)}
bucket=strata-test
version=3.7.1

# shellcheck source=scripts/peers/lib/peer.bash
source "$(dirname "$0")/lib/peer.bash"

ensure_installed() {
  mkdir -p "$peers"
  # Merge s3rver into the shared package.json (other peers add their own packages to it).
  (
    flock 9
    node -e '
      const fs = require("fs");
      const [file, version] = process.argv.slice(1);
      let pkg = {};
      try { pkg = JSON.parse(fs.readFileSync(file, "utf8")); } catch (e) {}
      pkg.name = pkg.name || "strata-test-peers";
      pkg.private = true;
      pkg.dependencies = pkg.dependencies || {};
      if (!pkg.dependencies.s3rver) pkg.dependencies.s3rver = version;
      fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
    ' "$peers/package.json" "$version"
    if [ ! -x "$peers/node_modules/.bin/s3rver" ]; then
      log "installing s3rver@$version with npm"
      npm install --prefix "$peers" --no-audit --no-fund --loglevel=error >&2
    fi
  ) 9>"${TMPDIR:-/tmp}/strata-peers-npm-$(id -u).lock"
}

start() {
  already_running && return
  ensure_installed
  rm -rf "$state"
  mkdir -p "$state/data"
  local port
  port=$(free_port)
  # s3rver signs ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy
  # provider: without it every paged listing fails with 500 InternalError.
  NODE_OPTIONS="${NODE_OPTIONS:-} --openssl-legacy-provider" \
    setsid "$peers/node_modules/.bin/s3rver" --directory "$state/data" --address 127.0.0.1 \
      --port "$port" --silent --configure-bucket "$bucket" >"$state/s3rver.log" 2>&1 &
  echo $! >"$state/pid"
  wait_until_up listening "$port" "$state/s3rver.log"
  announce "$port" "export STRATA_S3_TEST_URI=s3://$bucket/it AWS_ENDPOINT_URL=http://127.0.0.1:$port" \
    "AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1" \
    "STRATA_S3_PATH_STYLE=true"
}

peer_main "$@"
