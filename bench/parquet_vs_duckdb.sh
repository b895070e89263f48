#!/usr/bin/env bash
# Strata's Parquet writer/reader against DuckDB on one data set: ROWS rows of (id int64,
# ~200-byte text, 384-d list<float>), generated identically by bench/parquet_benchmark.cc and
# bench/parquet_vs_duckdb.mjs. Each engine writes its file (ZSTD), then both files are scanned
# fully by both engines. Prints medians of REPEATS runs and the ratios.
#
# Usage: bench/parquet_vs_duckdb.sh [BUILD_DIR]   (BUILD_DIR built with -DSTRATA_BENCH=ON)
# Env:   ROWS (1000000), REPEATS (3), OUT (/tmp/strata-bench; needs ~3 GB free)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
ROWS=${ROWS:-1000000}
REPEATS=${REPEATS:-3}
OUT=${OUT:-/tmp/strata-bench}
BIN="$BUILD/bench/parquet_benchmark"
[ -x "$BIN" ] || { echo "missing $BIN: configure with -DSTRATA_BENCH=ON and build parquet_benchmark" >&2; exit 2; }
[ -d tests/peers/node_modules/@duckdb/node-api ] || (cd tests/peers && npm ci --silent)
mkdir -p "$OUT"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GB RAM"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); rows: $ROWS; repeats: $REPEATS; out: $OUT"

echo "== DuckDB: build table, COPY TO parquet (zstd) x$REPEATS"
node bench/parquet_vs_duckdb.mjs write "$OUT" "$ROWS" "$REPEATS" > "$OUT/duckdb_write.json"

echo "== Strata: write, encode-only and scans (Google Benchmark)"
STRATA_BENCH_ROWS=$ROWS STRATA_BENCH_DIR=$OUT STRATA_BENCH_DUCKDB_FILE=$OUT/duckdb.parquet \
  "$BIN" --benchmark_repetitions="$REPEATS" --benchmark_out="$OUT/strata_gbench.json" \
  --benchmark_out_format=json

echo "== DuckDB: full scans of both files x$REPEATS"
node bench/parquet_vs_duckdb.mjs scan "$REPEATS" "$OUT/strata.parquet" "$OUT/duckdb.parquet" \
  > "$OUT/duckdb_scan.json"
cat "$OUT/duckdb_scan.json"; echo

echo "== DuckDB: the two files hold the same values"
node bench/parquet_vs_duckdb.mjs verify "$OUT/strata.parquet" "$OUT/duckdb.parquet"

ls -l "$OUT"/strata.parquet "$OUT"/duckdb.parquet
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/parquet_vs_duckdb.mjs report "$OUT"
