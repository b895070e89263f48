#!/usr/bin/env bash
# Strata's vector index against hnswlib and FAISS (IndexHNSWFlat) at the acceptance sizes, each in
# one process run of bench/vector_benchmark.cc: same clustered vectors (Gaussian mixture, see
# tests/vector/gaussian_mixture.h), same threads, M=16, efC=200, cosine. Prints, per size: memory
# bandwidth and exact-scan GB/s, int8 vs float, build time (THREADS and 1 thread), memory, QPS
# and recall@10 per ef, QPS at recall@10 >= 0.95 and the ratios, filtered-search timings, and
# (1M only) Load + Add 1% + Save against a full rebuild.
#
# Usage: bench/vector_vs_peers.sh [BUILD_DIR]   (BUILD_DIR built with -DSTRATA_BENCH=ON)
# Env:   THREADS (2), QUERIES (1000), SIZES ("1000000x128 200000x384"), OUT (/tmp/strata-bench),
#        ARGS_1M, ARGS_OTHER (extra flags, e.g. "--skip-faiss": FAISS's 1M build takes ~15 min)
# The full sizes take tens of minutes on 2 cores and need ~6 GB of memory.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
THREADS=${THREADS:-2}
QUERIES=${QUERIES:-1000}
SIZES=${SIZES:-"1000000x128 200000x384"}
OUT=${OUT:-/tmp/strata-bench}
BIN="$BUILD/bench/vector_benchmark"
[ -x "$BIN" ] || { echo "missing $BIN: configure with -DSTRATA_BENCH=ON and build vector_benchmark" >&2; exit 2; }
mkdir -p "$OUT"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GB RAM"
for size in $SIZES; do
  n=${size%x*}
  dim=${size#*x}
  if [ "$n" -ge 1000000 ]; then
    read -r -a extra <<< "--incremental ${ARGS_1M:-}"
  else
    read -r -a extra <<< "${ARGS_OTHER:-}"
  fi
  echo "== $n x $dim (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  "$BIN" --n "$n" --dim "$dim" --queries "$QUERIES" --threads "$THREADS" ${extra[@]+"${extra[@]}"} \
    | tee "$OUT/vector_${n}x${dim}.txt"
done
