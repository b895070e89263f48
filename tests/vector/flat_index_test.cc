// The flat index against a brute force written here in double precision; options and errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "index/vector/vector_index.h"
#include "testing/test_data.h"
#include "vector/gaussian_mixture.h"

namespace strata::index {
namespace {

using testing::GaussianMixture;
using testing::MixtureSpec;

/// The k ids closest to `q` by `metric`, skipping ids `skip` rejects; computed in double.
template <typename Skip>
std::vector<uint32_t> BruteForce(const std::vector<float>& data, size_t dim, const float* q,
                                 Metric metric, size_t k, Skip skip) {
  size_t n = data.size() / dim;
  std::vector<std::pair<double, uint32_t>> scored;
  double qn = 0;
  for (size_t i = 0; i < dim; ++i) qn += double(q[i]) * q[i];
  for (size_t r = 0; r < n; ++r) {
    if (skip(uint32_t(r))) continue;
    const float* x = &data[r * dim];
    double dot = 0, xn = 0, l2 = 0;
    for (size_t i = 0; i < dim; ++i) {
      dot += double(x[i]) * q[i];
      xn += double(x[i]) * x[i];
      l2 += (double(x[i]) - q[i]) * (double(x[i]) - q[i]);
    }
    double d = metric == Metric::kL2    ? l2
               : metric == Metric::kDot ? -dot
                                        : 1 - dot / std::sqrt(xn * qn);
    scored.push_back({d, uint32_t(r)});
  }
  size_t m = std::min(k, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + m, scored.end());
  std::vector<uint32_t> ids;
  for (size_t i = 0; i < m; ++i) ids.push_back(scored[i].second);
  return ids;
}

std::vector<uint32_t> Ids(const std::vector<Neighbor>& v) {
  std::vector<uint32_t> ids;
  for (const Neighbor& n : v) ids.push_back(n.id);
  return ids;
}

class FlatIndexTest : public ::testing::TestWithParam<Metric> {};

TEST_P(FlatIndexTest, MatchesBruteForce) {
  const size_t dim = 37, n = 3000;
  GaussianMixture mix({.dim = dim, .latent = 12});
  std::vector<float> data = mix.Sample(n, 1), queries = mix.Sample(20, 2);
  VectorIndexOptions o{.kind = "flat", .metric = GetParam(), .dimension = int(dim)};
  ASSERT_OK_AND_ASSIGN(auto index, VectorIndex::Create(o));
  ASSERT_OK(index->Add(data.data(), n));
  EXPECT_EQ(index->size(), n);
  for (size_t q = 0; q < 20; ++q) {
    const float* query = &queries[q * dim];
    ASSERT_OK_AND_ASSIGN(auto got, index->Search(query, {.k = 10}));
    auto want = BruteForce(data, dim, query, GetParam(), 10, [](uint32_t) { return false; });
    // Computed in float against double: near-ties could swap, but this data has none.
    EXPECT_EQ(Ids(got), want);
    EXPECT_TRUE(std::is_sorted(got.begin(), got.end(),
                               [](auto& a, auto& b) { return a.distance < b.distance; }));
  }
}

INSTANTIATE_TEST_SUITE_P(Metrics, FlatIndexTest,
                         ::testing::Values(Metric::kCosine, Metric::kDot, Metric::kL2),
                         [](const auto& info) { return std::string(MetricName(info.param)); });

TEST(FlatIndex, ThreadsAndTombstonesAndAllowSet) {
  const size_t dim = 64, n = 70000;
  GaussianMixture mix({.dim = dim});
  std::vector<float> data = mix.Sample(n, 3), queries = mix.Sample(5, 4);
  ASSERT_OK_AND_ASSIGN(
      auto index,
      VectorIndex::Create({.kind = "flat", .metric = Metric::kL2, .dimension = int(dim)}));
  ASSERT_OK(index->Add(data.data(), n));
  for (uint32_t id = 0; id < n; id += 3) ASSERT_OK(index->Remove(id));
  AllowSet allow(n);
  for (uint32_t id = 0; id < n; id += 2) allow.Add(id);
  for (size_t q = 0; q < 5; ++q) {
    const float* query = &queries[q * dim];
    ASSERT_OK_AND_ASSIGN(auto one, index->Search(query, {.k = 15, .threads = 1}));
    ASSERT_OK_AND_ASSIGN(auto four, index->Search(query, {.k = 15, .threads = 4}));
    EXPECT_EQ(Ids(one), Ids(four));
    for (const Neighbor& nb : one) EXPECT_NE(nb.id % 3, 0u);
    auto want =
        BruteForce(data, dim, query, Metric::kL2, 15, [](uint32_t id) { return id % 3 == 0; });
    EXPECT_EQ(Ids(one), want);
    ASSERT_OK_AND_ASSIGN(auto filtered,
                         index->Search(query, {.k = 15, .allow = &allow, .threads = 2}));
    auto want_f = BruteForce(data, dim, query, Metric::kL2, 15,
                             [](uint32_t id) { return id % 3 == 0 || id % 2 == 1; });
    EXPECT_EQ(Ids(filtered), want_f);
  }
  EXPECT_EQ(index->live(), n - (n + 2) / 3);
}

TEST(FlatIndex, FewerLiveThanK) {
  std::vector<float> data = {1, 0, 0, 1, 1, 1};
  ASSERT_OK_AND_ASSIGN(auto index, VectorIndex::Create({.kind = "flat", .dimension = 2}));
  ASSERT_OK(index->Add(data.data(), 3));
  ASSERT_OK(index->Remove(1));
  ASSERT_OK(index->Remove(1));  // no-op
  EXPECT_TRUE(index->IsRemoved(1));
  EXPECT_EQ(index->live(), 2u);
  float q[] = {1, 0.1f};
  ASSERT_OK_AND_ASSIGN(auto got, index->Search(q, {.k = 10}));
  EXPECT_EQ(Ids(got), (std::vector<uint32_t>{0, 2}));
  EXPECT_NEAR(got[0].distance, 1 - 1 / std::sqrt(1.01), 1e-6);
}

TEST(VectorIndex, RejectsBadInput) {
  EXPECT_TRUE(VectorIndex::Create({.kind = "ivf", .dimension = 4}).status().code() ==
              StatusCode::kInvalidArgument);
  EXPECT_FALSE(VectorIndex::Create({.kind = "flat", .dimension = 0}).ok());
  EXPECT_FALSE(VectorIndex::Create({.kind = "hnsw", .dimension = 4, .m = 1}).ok());
  EXPECT_FALSE(ParseMetric("manhattan").ok());
  for (Metric m : {Metric::kCosine, Metric::kDot, Metric::kL2}) {
    ASSERT_OK_AND_ASSIGN(Metric back, ParseMetric(MetricName(m)));
    EXPECT_EQ(back, m);
  }
  ASSERT_OK_AND_ASSIGN(auto index, VectorIndex::Create({.kind = "flat", .dimension = 4}));
  Status st = index->Remove(0);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("never assigned"), std::string::npos);
  EXPECT_FALSE(index->Search(nullptr, {}).ok());
  float q[4] = {1, 2, 3, 4};
  EXPECT_FALSE(index->Search(q, {.k = -1}).ok());
  ASSERT_OK_AND_ASSIGN(auto empty, index->Search(q, {}));
  EXPECT_TRUE(empty.empty());
}

}  // namespace
}  // namespace strata::index
