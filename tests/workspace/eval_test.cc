// Retrieval quality through the whole path (ingest → embed → index → search), on BEIR SciFact
// and Cranfield with the default settings. Prints the report; checks BM25 against the
// published Anserini figure and that the default hybrid mode is never worse than the better
// single retriever.
#include <algorithm>
#include <cstdio>

#include <gtest/gtest.h>

#include "testing/test_data.h"
#include "workspace/evaluation.h"

namespace strata::workspace {
namespace {

EvalReport Evaluate(const index::EvalSet& set) {
  EvalOptions options;
  options.workspace = testing::MakeTempDir("strata-eval") + "/ws";
  auto report = RunEvaluation(set, options);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  if (!report.ok()) return {};
  std::printf("%s: %lld documents, %lld chunks, %lld queries, loaded in %.1f s\n",
              report->dataset.c_str(), static_cast<long long>(report->documents),
              static_cast<long long>(report->chunks), static_cast<long long>(report->queries),
              report->load_seconds);
  for (const auto& m : report->modes) {
    std::printf("  %-7s nDCG@10 %.4f  recall@100 %.4f  MRR@10 %.4f  %.0f QPS\n",
                std::string(index::SearchModeName(m.mode)).c_str(), m.quality.ndcg_at_10,
                m.quality.recall_at_100, m.quality.mrr_at_10, m.queries_per_second);
  }
  return *report;
}

const EvalModeResult& Mode(const EvalReport& r, index::SearchMode mode) {
  return *std::find_if(r.modes.begin(), r.modes.end(),
                       [&](const EvalModeResult& m) { return m.mode == mode; });
}

void ExpectHybridNeverWorse(const EvalReport& r) {
  ASSERT_EQ(r.modes.size(), 3u);
  double text = Mode(r, index::SearchMode::kText).quality.ndcg_at_10;
  double vector = Mode(r, index::SearchMode::kVector).quality.ndcg_at_10;
  double hybrid = Mode(r, index::SearchMode::kHybrid).quality.ndcg_at_10;
  EXPECT_GE(hybrid, std::max(text, vector)) << r.dataset;
}

TEST(Eval, SciFactBm25MatchesAnseriniAndHybridIsNeverWorse) {
  STRATA_REQUIRE_TEST_DATA("beir-scifact");
  ASSERT_OK_AND_ASSIGN(auto set, index::LoadBeir(testing::TestDataDir() + "/beir-scifact", "test"));
  EvalReport r = Evaluate(set);
  ASSERT_EQ(r.documents, 5183);
  ASSERT_EQ(r.modes.size(), 3u);
  EXPECT_NEAR(Mode(r, index::SearchMode::kText).quality.ndcg_at_10, 0.665, 0.02);
  ExpectHybridNeverWorse(r);
}

TEST(Eval, CranfieldHybridIsNeverWorse) {
  STRATA_REQUIRE_TEST_DATA("cranfield");
  ASSERT_OK_AND_ASSIGN(auto set, index::LoadCranfield(testing::TestDataDir() + "/cranfield"));
  EvalReport r = Evaluate(set);
  ASSERT_EQ(r.modes.size(), 3u);
  ExpectHybridNeverWorse(r);
}

}  // namespace
}  // namespace strata::workspace
