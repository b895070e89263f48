// The recall checks of hnsw_index_test.cc, int8_test.cc and persistence_test.cc at full size:
// 1M×128 and 200k×384 clustered vectors. A binary of its own whose ctest entries carry the
// `slow` label (tests/vector/CMakeLists.txt).
//
// STRATA_SLOW_SCALE (a positive factor, default 1) shrinks every size; under CI=true with the
// variable unset it defaults to 0.05, so CI runs the same code paths in seconds.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "io/local_store.h"
#include "vector/hnsw_checks.h"

namespace strata::index::testing {
namespace {

double Scale() {
  const char* s = std::getenv("STRATA_SLOW_SCALE");
  if (s && *s) {
    double v = std::atof(s);
    return v > 0 ? v : 1.0;
  }
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true" ? 0.05 : 1.0;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void RunAtScale(size_t full_n, size_t dim) {
  size_t n = std::max<size_t>(2000, size_t(double(full_n) * Scale()));
  size_t extra = n / 100;
  Dataset all = MakeDataset(n + extra, dim, 200);
  Dataset d = all;
  d.n = n;
  d.data.resize(n * dim);
  std::printf("%zu x %zu (scale %.3f)\n", n, dim, Scale());
  auto start = std::chrono::steady_clock::now();
  auto hnsw = BuildIndex(d, {.kind = "hnsw"});
  std::printf("hnsw build: %.1f s\n", Seconds(start));
  auto flat = BuildIndex(d, {.kind = "flat"});
  ASSERT_TRUE(hnsw && flat);

  RecallResult r = MeasureRecall(*hnsw, *flat, d, {.k = 10});
  std::printf("recall@10 at default ef: %.4f\n", r.recall);
  EXPECT_GE(r.recall, 0.95);
  EXPECT_EQ(r.wrong_count, 0u);
  for (double s : {0.01, 0.10, 0.50}) ExpectFilteredRecall(*hnsw, *flat, d, s);
  ExpectTinyAllowSets(*hnsw, d);

  auto flat8 = BuildIndex(d, {.kind = "flat", .int8 = true});
  double int8_recall = MeasureRecall(*flat8, *flat, d, {.k = 10}).recall;
  std::printf("flat int8 recall@10: %.4f\n", int8_recall);
  EXPECT_GE(int8_recall, 0.95);
  flat8.reset();

  // Save, load (mapped), add 1% and compare with the flat index over all vectors.
  auto store = io::LocalStore::Open(strata::testing::MakeTempDir("vector-slow")).value();
  ASSERT_OK(hnsw->Save(*store, "v1"));
  hnsw.reset();
  start = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(auto loaded, VectorIndex::Load(*store, "v1"));
  ASSERT_OK(loaded->Add(all.data.data() + n * dim, extra));
  ASSERT_OK(loaded->Save(*store, "v2"));
  std::printf("load + add %zu + save: %.1f s\n", extra, Seconds(start));
  ASSERT_OK(flat->Add(all.data.data() + n * dim, extra));
  all.n = n + extra;
  r = MeasureRecall(*loaded, *flat, all, {.k = 10});
  std::printf("recall@10 after incremental add: %.4f\n", r.recall);
  EXPECT_GE(r.recall, 0.95);
  ExpectTombstones(*loaded, *flat, all);
}

TEST(VectorSlow, Clustered1Mx128) { RunAtScale(1000000, 128); }
TEST(VectorSlow, Clustered200kx384) { RunAtScale(200000, 384); }

}  // namespace
}  // namespace strata::index::testing
