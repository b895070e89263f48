// Recall checks shared by the quick HNSW tests (hnsw_index_test.cc) and their full-size versions
// (slow_scale_test.cc): each builds what it needs from a Dataset, measures against the flat
// index as the oracle, and states its expectations with gtest.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <random>
#include <vector>

#include "index/vector/vector_index.h"
#include "testing/test_data.h"
#include "vector/gaussian_mixture.h"
#include "vector/recall.h"

namespace strata::index::testing {

struct Dataset {
  size_t dim = 0;
  size_t n = 0;
  size_t queries = 0;
  std::vector<float> data;
  std::vector<float> query_data;
  const float* query(size_t i) const { return &query_data[i * dim]; }
};

inline Dataset MakeDataset(size_t n, size_t dim, size_t queries, uint64_t seed = 7) {
  GaussianMixture mix({.dim = dim});
  return {dim, n, queries, mix.Sample(n, seed), mix.Sample(queries, seed + 1)};
}

inline std::unique_ptr<VectorIndex> BuildIndex(const Dataset& d, VectorIndexOptions o) {
  o.dimension = int(d.dim);
  auto index = VectorIndex::Create(o);
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  if (!index.ok()) return nullptr;
  Status st = (*index)->Add(d.data.data(), d.n);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return std::move(index).value();
}

struct RecallResult {
  double recall = 0;
  size_t wrong_count = 0;  // searches that returned other than min(k, admissible) results
  size_t forbidden = 0;    // results that were removed or not allowed
};

/// Mean recall@k of `index` against `oracle` (same data, same removals) over the queries.
inline RecallResult MeasureRecall(const VectorIndex& index, const VectorIndex& oracle,
                                  const Dataset& d, VectorSearchOptions o) {
  RecallResult r;
  VectorSearchOptions exact = o;
  exact.threads = 2;
  for (size_t q = 0; q < d.queries; ++q) {
    auto got = index.Search(d.query(q), o);
    auto want = oracle.Search(d.query(q), exact);
    EXPECT_TRUE(got.ok() && want.ok());
    if (!got.ok() || !want.ok()) return r;
    r.recall += Recall(*got, *want);
    r.wrong_count += got->size() != want->size();
    for (const Neighbor& n : *got) {
      r.forbidden += index.IsRemoved(n.id) || (o.allow && !o.allow->Contains(n.id));
    }
  }
  r.recall /= double(d.queries);
  return r;
}

/// A set allowing each id with probability `selectivity`.
inline AllowSet RandomAllowSet(uint32_t n, double selectivity, uint64_t seed) {
  AllowSet allow(n);
  std::mt19937_64 rng(seed);
  for (uint32_t id = 0; id < n; ++id) {
    if (double(rng() >> 11) * 0x1.0p-53 < selectivity) allow.Add(id);
  }
  return allow;
}

inline void ExpectFilteredRecall(const VectorIndex& hnsw, const VectorIndex& flat, const Dataset& d,
                                 double selectivity) {
  AllowSet allow = RandomAllowSet(uint32_t(d.n), selectivity, 99);
  RecallResult r = MeasureRecall(hnsw, flat, d, {.k = 10, .allow = &allow});
  std::printf("filtered recall@10 at selectivity %.2f: %.4f\n", selectivity, r.recall);
  EXPECT_GE(r.recall, 0.95) << "selectivity " << selectivity;
  EXPECT_EQ(r.wrong_count, 0u) << "selectivity " << selectivity;
  EXPECT_EQ(r.forbidden, 0u) << "selectivity " << selectivity;
}

/// Allow-sets of 0..12 ids: exactly min(k, size) results, all of them allowed.
inline void ExpectTinyAllowSets(const VectorIndex& hnsw, const Dataset& d) {
  std::mt19937_64 rng(5);
  for (uint32_t size : {0u, 1u, 3u, 9u, 10u, 12u}) {
    AllowSet allow(uint32_t(d.n));
    while (allow.count() < size) allow.Add(uint32_t(rng() % d.n));
    auto got = hnsw.Search(d.query(size % d.queries), {.k = 10, .allow = &allow});
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->size(), std::min<size_t>(10, size));
    for (const Neighbor& n : *got) EXPECT_TRUE(allow.Contains(n.id));
  }
}

/// Remove the true nearest neighbours of every query plus a random tenth: none comes back, and
/// recall against the flat index with the same removals stays high.
inline void ExpectTombstones(VectorIndex& hnsw, VectorIndex& flat, const Dataset& d) {
  std::mt19937_64 rng(11);
  for (size_t q = 0; q < d.queries; ++q) {
    auto top = flat.Search(d.query(q), {.k = 3});
    ASSERT_TRUE(top.ok());
    for (const Neighbor& n : *top) {
      ASSERT_TRUE(hnsw.Remove(n.id).ok());
      ASSERT_TRUE(flat.Remove(n.id).ok());
    }
  }
  for (size_t i = 0; i < d.n / 10; ++i) {
    uint32_t id = uint32_t(rng() % d.n);
    ASSERT_TRUE(hnsw.Remove(id).ok());
    ASSERT_TRUE(flat.Remove(id).ok());
  }
  EXPECT_EQ(hnsw.live(), flat.live());
  RecallResult r = MeasureRecall(hnsw, flat, d, {.k = 10});
  std::printf("recall@10 with %u of %zu removed: %.4f\n", unsigned(d.n - hnsw.live()), d.n,
              r.recall);
  EXPECT_EQ(r.forbidden, 0u);
  EXPECT_EQ(r.wrong_count, 0u);
  EXPECT_GE(r.recall, 0.95);
}

}  // namespace strata::index::testing
