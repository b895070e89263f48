#!/usr/bin/env bash
# Strata's BM25 text index against Xapian 1.4 (Glass) on the same documents and queries in one
# run, single-threaded (bench/text_benchmark.cc says how terms, weights and timing are matched):
# BEIR SciFact (all 1109 queries of queries.jsonl) and a deterministic synthetic passage corpus
# sampled from SciFact's token distribution.
#
# Usage: bench/text_vs_xapian.sh [BUILD_DIR] [SYNTHETIC_DOCS]   (defaults: build, 1000000)
# Env:   STRATA_TEST_DATA (../shared/data), QUERIES (1000: synthetic queries)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
DOCS=${2:-1000000}
DATA=${STRATA_TEST_DATA:-../shared/data}
BIN="$BUILD/bench/text_benchmark"
[ -x "$BIN" ] || { echo "missing $BIN: configure with -DSTRATA_BENCH=ON and build text_benchmark" >&2; exit 2; }
[ -f "$DATA/beir-scifact/corpus.jsonl" ] || { echo "missing $DATA/beir-scifact/corpus.jsonl" >&2; exit 2; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); xapian $(pkg-config --modversion xapian-core 2>/dev/null || echo '?'); load $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" --corpus scifact --data "$DATA"
"$BIN" --corpus synthetic --docs "$DOCS" --queries "${QUERIES:-1000}" --data "$DATA"
