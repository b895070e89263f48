#!/usr/bin/env bash
# Strata's cl100k_base tokenizer against js-tiktoken (tests/peers) on the same text in one run:
# the Cranfield abstracts (English, $STRATA_TEST_DATA/cranfield) followed by Strata's own C++
# sources (code). Both encode the whole text repeatedly, single-threaded; prints MB/s of each
# and the ratio, by CPU time (robust on a loaded machine) and by wall time. The rank file is
# exported from js-tiktoken's data, so both use identical ranks; the token counts must agree.
#
# Usage: bench/tokenize_vs_tiktoken.sh [BUILD_DIR]   (BUILD_DIR built with -DSTRATA_BENCH=ON)
# Env:   STRATA_TEST_DATA (../shared/data), SECS (5: minimum seconds per encoder)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
DATA=${STRATA_TEST_DATA:-../shared/data}
SECS=${SECS:-5}
BIN="$BUILD/bench/tokenize_benchmark"
[ -x "$BIN" ] || { echo "missing $BIN: configure with -DSTRATA_BENCH=ON and build tokenize_benchmark" >&2; exit 2; }
[ -f "$DATA/cranfield/cran.all.1400" ] || { echo "missing $DATA/cranfield/cran.all.1400" >&2; exit 2; }
[ -d tests/peers/node_modules/js-tiktoken ] || (cd tests/peers && npm ci --silent)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

node tests/process/tokenize_oracle.mjs export cl100k_base "$TMP/cl100k_base.tiktoken"
{ cat "$DATA/cranfield/cran.all.1400"; find src -name '*.h' -o -name '*.cc' | LC_ALL=C sort | xargs cat; } \
  > "$TMP/text.txt"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); node $(node --version)"
echo "text: $(wc -c < "$TMP/text.txt") bytes (Cranfield abstracts + src/**/*.{h,cc}); load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== js-tiktoken 1.0.21"
node tests/process/tokenize_oracle.mjs bench cl100k_base "$TMP/text.txt" "$SECS" | tee "$TMP/js.json"

echo "== Strata (Google Benchmark)"
STRATA_TOKENIZE_RANKS="$TMP/cl100k_base.tiktoken" STRATA_TOKENIZE_TEXT="$TMP/text.txt" \
  "$BIN" --benchmark_out="$TMP/strata.json" --benchmark_out_format=json

node -e '
const fs = require("fs");
const js = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const st = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).benchmarks;
const enc = st.find((b) => b.name.startsWith("BM_Cl100kEncode") && !b.name.includes("Offsets"));
const cpu = enc.bytes_per_second / 1e6;  // Google Benchmark: bytes over CPU time
const wall = enc.text_bytes / (enc.real_time / 1e3) / 1e6;  // real_time: ms per iteration
if (enc.tokens !== js.tokens) { console.log(`TOKEN COUNT MISMATCH: strata ${enc.tokens} js ${js.tokens}`); process.exitCode = 1; }
console.log(`tokens: ${js.tokens} (both)`);
console.log(`CPU time:  js-tiktoken ${js.cpu_mb_per_s.toFixed(2)} MB/s; strata ${cpu.toFixed(2)} MB/s; ratio ${(cpu / js.cpu_mb_per_s).toFixed(2)}x`);
console.log(`wall time: js-tiktoken ${js.mb_per_s.toFixed(2)} MB/s; strata ${wall.toFixed(2)} MB/s; ratio ${(wall / js.mb_per_s).toFixed(2)}x`);
' "$TMP/js.json" "$TMP/strata.json"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
