// FilterPolicy: when an HNSW search with an allow-set scans the allowed ids exactly instead of
// walking the graph. Defaults come from the measurements in docs/vector-index.md; the benchmark
// overrides them to time both paths at every selectivity.
// Thread-safety: set it before searches start; reads are unsynchronized.
#pragma once

#include <cstddef>

namespace strata::index::vector {

// Cost model: an exact scan of the allowed ids costs about `count` distance computations on
// rows read in increasing order; a filtered walk must reach about ef / selectivity nodes, i.e.
// ef * size / count, each a random access. The scan is preferred while
//   count^2 <= exact_factor * ef * size,
// e.g. below ~8% selectivity at 100k vectors and ~2.5% at 1M (ef 64); docs/vector-index.md has
// the measurements that set exact_factor.
struct FilterPolicy {
  double exact_factor = 10;
};

/// The process-wide policy (benchmarks only change it).
FilterPolicy& HnswFilterPolicy();

}  // namespace strata::index::vector
