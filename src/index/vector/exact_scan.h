// Exact k-nearest-neighbour search over a VectorStore: the flat index's search, the HNSW
// index's path for selective allow-sets, and the recall oracle for both.
//
// Rows are split into blocks of 64-row words across `threads` (ThreadPool::Default()), each
// block keeping its own TopK that is merged at the end. int8 stores scan codes for the best
// RerankDepth(k) rows and re-rank those with the float vectors.
// Thread-safety: reads the store only; safe from many threads.
#pragma once

#include <cstddef>
#include <vector>

#include "index/allow_set.h"
#include "index/vector/vector_store.h"

namespace strata::index::vector {

/// How many code-scored candidates an int8 search re-ranks with floats to return k.
inline size_t RerankDepth(size_t k) { return k * 4 < 32 ? 32 : k * 4; }

/// The k closest live rows (allowed ones only when `allow` is set), closest first.
std::vector<Neighbor> ExactSearch(const VectorStore& store, const PreparedQuery& query, size_t k,
                                  const AllowSet* allow, int threads);

/// Re-score `candidates` with float vectors and keep the k closest.
std::vector<Neighbor> Rerank(const VectorStore& store, const PreparedQuery& query,
                             const std::vector<Neighbor>& candidates, size_t k);

}  // namespace strata::index::vector
