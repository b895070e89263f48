#include "index/vector/exact_scan.h"

#include <algorithm>

#include "common/thread_pool.h"
#include "index/vector/top_k.h"

namespace strata::index::vector {
namespace {

// Below this many rows per thread, splitting costs more than it saves.
constexpr size_t kMinRowsPerThread = 16384;

template <typename Scorer>
void ScanRange(const VectorStore& store, const Scorer& score, size_t lo, size_t hi, TopK* top) {
  const uint64_t* removed = store.removed_words();
  for (size_t w = lo / 64; w * 64 < hi; ++w) {
    size_t begin = std::max(lo, w * 64), end = std::min(hi, w * 64 + 64);
    uint64_t dead = removed[w];
    for (size_t i = begin; i < end; ++i) {
      if ((dead >> (i & 63)) & 1) continue;
      float d = score(uint32_t(i));
      if (d < top->threshold()) top->Push(uint32_t(i), d);
    }
  }
}

template <typename Scorer>
void ScanIds(const VectorStore& store, const Scorer& score, const uint32_t* ids, size_t n,
             TopK* top) {
  for (size_t j = 0; j < n; ++j) {
    uint32_t id = ids[j];
    if (id >= store.size() || store.IsRemoved(id)) continue;
    if (j + 4 < n && ids[j + 4] < store.size()) score.Prefetch(ids[j + 4]);
    float d = score(id);
    if (d < top->threshold()) top->Push(id, d);
  }
}

template <typename Scorer>
std::vector<Neighbor> Scan(const VectorStore& store, const Scorer& score, size_t k,
                           const AllowSet* allow, int threads) {
  std::vector<uint32_t> ids;
  size_t rows = store.size();
  if (allow) {
    ids.reserve(allow->count());
    allow->ForEach([&](uint32_t id) { ids.push_back(id); });
    rows = ids.size();
  }
  size_t parts = std::clamp<size_t>(rows / kMinRowsPerThread, 1, size_t(std::max(threads, 1)));
  std::vector<TopK> tops(parts, TopK(k));
  auto scan_part = [&](size_t p) {
    // Blocks of whole 64-row words, so that no two parts share a tombstone word.
    size_t words = (rows + 63) / 64;
    size_t lo = std::min(rows, words * p / parts * 64);
    size_t hi = std::min(rows, words * (p + 1) / parts * 64);
    if (allow) {
      ScanIds(store, score, ids.data() + lo, hi - lo, &tops[p]);
    } else {
      ScanRange(store, score, lo, hi, &tops[p]);
    }
  };
  if (parts == 1) {
    scan_part(0);
  } else {
    ThreadPool::Default().ParallelFor(parts, scan_part);
  }
  for (size_t p = 1; p < parts; ++p) tops[0].Merge(tops[p]);
  return tops[0].Take();
}

}  // namespace

std::vector<Neighbor> Rerank(const VectorStore& store, const PreparedQuery& query,
                             const std::vector<Neighbor>& candidates, size_t k) {
  TopK top(k);
  for (const Neighbor& c : candidates) top.Push(c.id, store.Distance(query.values.data(), c.id));
  return top.Take();
}

std::vector<Neighbor> ExactSearch(const VectorStore& store, const PreparedQuery& query, size_t k,
                                  const AllowSet* allow, int threads) {
  if (!store.int8()) {
    return Scan(store, FloatScorer{&store, query.values.data()}, k, allow, threads);
  }
  std::vector<Neighbor> candidates =
      Scan(store, CodeScorer{&store, &query}, RerankDepth(k), allow, threads);
  return Rerank(store, query, candidates, k);
}

}  // namespace strata::index::vector
