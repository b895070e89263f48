// Retrieval quality of the hash embedder on Cranfield (1400 aeronautics abstracts, 225 judged
// queries): exact cosine search, nDCG@10 logged and held above a floor; likewise BEIR SciFact (5183
// abstracts, 300 queries). Quick (about 1 s each).
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "embed/hash_embedder.h"
#include "index/eval/datasets.h"
#include "testing/test_data.h"

namespace strata::embed {
namespace {

index::QualityReport EvaluateDense(const Embedder& e, const index::EvalSet& set) {
  std::vector<std::string> doc_texts;
  for (const auto& d : set.corpus) doc_texts.push_back(d.title + "\n" + d.text);
  std::vector<std::string_view> views(doc_texts.begin(), doc_texts.end());
  std::vector<float> docs;
  EXPECT_OK(e.Embed(views, &docs));
  const size_t dim = static_cast<size_t>(e.dimension());
  index::Run run;
  std::vector<float> q;
  for (const auto& [qid, text] : set.queries) {
    const std::string_view one[] = {text};
    EXPECT_OK(e.Embed(one, &q));
    std::vector<std::pair<float, size_t>> scored;
    for (size_t d = 0; d < set.corpus.size(); ++d) {
      const float* v = docs.data() + d * dim;
      scored.emplace_back(std::inner_product(q.begin(), q.end(), v, 0.0f), d);
    }
    std::partial_sort(scored.begin(), scored.begin() + 100, scored.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    auto& ranked = run[qid];
    for (size_t i = 0; i < 100; ++i) ranked.push_back(set.corpus[scored[i].second].id);
  }
  return index::Evaluate(run, set.qrels);
}

TEST(HashEmbedderQualityTest, CranfieldNdcgAt10) {
  STRATA_REQUIRE_TEST_DATA("cranfield");
  ASSERT_OK_AND_ASSIGN(const index::EvalSet set,
                       index::LoadCranfield(testing::TestDataDir() + "/cranfield"));
  ASSERT_OK_AND_ASSIGN(auto e, HashEmbedder::Make());
  const index::QualityReport r = EvaluateDense(*e, set);
  std::printf("hash-384-v1 on Cranfield: nDCG@10 %.4f, recall@100 %.4f, MRR@10 %.4f (%d queries)\n",
              r.ndcg_at_10, r.recall_at_100, r.mrr_at_10, r.queries);
  RecordProperty("ndcg_at_10", std::to_string(r.ndcg_at_10));
  EXPECT_GT(r.ndcg_at_10, 0.25);
}

TEST(HashEmbedderQualityTest, SciFactNdcgAt10) {
  STRATA_REQUIRE_TEST_DATA("beir-scifact");
  ASSERT_OK_AND_ASSIGN(const index::EvalSet set,
                       index::LoadBeir(testing::TestDataDir() + "/beir-scifact"));
  ASSERT_OK_AND_ASSIGN(auto e, HashEmbedder::Make());
  const index::QualityReport r = EvaluateDense(*e, set);
  std::printf("hash-384-v1 on SciFact: nDCG@10 %.4f, recall@100 %.4f, MRR@10 %.4f (%d queries)\n",
              r.ndcg_at_10, r.recall_at_100, r.mrr_at_10, r.queries);
  RecordProperty("ndcg_at_10", std::to_string(r.ndcg_at_10));
  EXPECT_GT(r.ndcg_at_10, 0.3);
}

}  // namespace
}  // namespace strata::embed
