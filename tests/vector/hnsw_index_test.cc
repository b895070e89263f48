// HNSW recall, filtering and tombstones against the flat index on clustered data (quick sizes;
// slow_scale_test.cc runs the same checks at full size).
#include <gtest/gtest.h>

#include <cstdio>

#include "index/vector/filter_policy.h"
#include "vector/hnsw_checks.h"

namespace strata::index::testing {
namespace {

// One test per data set, because ctest runs every test in its own process and the builds
// dominate the time.
TEST(HnswIndexTest, Clustered20kx128) {
  Dataset d = MakeDataset(20000, 128, 200);
  auto hnsw = BuildIndex(d, {.kind = "hnsw"});
  auto flat = BuildIndex(d, {.kind = "flat"});
  RecallResult r = MeasureRecall(*hnsw, *flat, d, {.k = 10});
  std::printf("recall@10 at default ef: %.4f\n", r.recall);
  EXPECT_GE(r.recall, 0.95);
  EXPECT_EQ(r.wrong_count, 0u);
  for (double s : {0.01, 0.10, 0.50}) ExpectFilteredRecall(*hnsw, *flat, d, s);
  // The same with the filtered graph walk forced where the policy would scan exactly.
  vector::HnswFilterPolicy().exact_factor = 0;
  for (double s : {0.01, 0.10}) ExpectFilteredRecall(*hnsw, *flat, d, s);
  vector::HnswFilterPolicy() = {};
  ExpectTinyAllowSets(*hnsw, d);
  double low = MeasureRecall(*hnsw, *flat, d, {.k = 10, .ef_search = 16}).recall;
  double high = MeasureRecall(*hnsw, *flat, d, {.k = 10, .ef_search = 200}).recall;
  std::printf("recall@10 at ef 16: %.4f, at ef 200: %.4f\n", low, high);
  EXPECT_GE(high, low);
  EXPECT_GE(high, 0.99);
  ExpectTombstones(*hnsw, *flat, d);
}

TEST(HnswIndexTest, Clustered10kx384) {
  Dataset d = MakeDataset(10000, 384, 200);
  auto hnsw = BuildIndex(d, {.kind = "hnsw"});
  auto flat = BuildIndex(d, {.kind = "flat"});
  RecallResult r = MeasureRecall(*hnsw, *flat, d, {.k = 10});
  std::printf("recall@10 at default ef: %.4f\n", r.recall);
  EXPECT_GE(r.recall, 0.95);
  ExpectFilteredRecall(*hnsw, *flat, d, 0.10);
  ExpectTombstones(*hnsw, *flat, d);
}

TEST(HnswIndex, SingleThreadBuildIsDeterministic) {
  Dataset d = MakeDataset(3000, 32, 20);
  auto a = BuildIndex(d, {.kind = "hnsw", .metric = Metric::kL2, .threads = 1});
  auto b = BuildIndex(d, {.kind = "hnsw", .metric = Metric::kL2, .threads = 1});
  for (size_t q = 0; q < d.queries; ++q) {
    auto ra = a->Search(d.query(q), {.k = 10, .ef_search = 20});
    auto rb = b->Search(d.query(q), {.k = 10, .ef_search = 20});
    ASSERT_TRUE(ra.ok() && rb.ok());
    ASSERT_EQ(ra->size(), rb->size());
    for (size_t i = 0; i < ra->size(); ++i) EXPECT_EQ((*ra)[i].id, (*rb)[i].id);
  }
}

TEST(HnswIndex, MetricsAndSmallIndexes) {
  for (Metric m : {Metric::kCosine, Metric::kDot, Metric::kL2}) {
    Dataset d = MakeDataset(500, 24, 30);
    auto hnsw = BuildIndex(d, {.kind = "hnsw", .metric = m, .m = 8, .ef_construction = 64});
    auto flat = BuildIndex(d, {.kind = "flat", .metric = m});
    RecallResult r = MeasureRecall(*hnsw, *flat, d, {.k = 10});
    EXPECT_GE(r.recall, 0.97) << MetricName(m);
  }
  // One vector, then k larger than the index.
  auto one = VectorIndex::Create({.kind = "hnsw", .dimension = 2});
  ASSERT_TRUE(one.ok());
  float v[] = {1, 2};
  ASSERT_TRUE((*one)->Add(v, 1).ok());
  auto got = (*one)->Search(v, {.k = 5});
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 1u);
  EXPECT_NEAR((*got)[0].distance, 0, 1e-6);
}

}  // namespace
}  // namespace strata::index::testing
