// Unit tests of the retrieval glue: quality metrics, access rule, fusion, dataset loaders.
#include <cmath>

#include <gtest/gtest.h>

#include "index/access.h"
#include "index/eval/datasets.h"
#include "index/eval/metrics.h"
#include "index/fusion.h"
#include "testing/test_data.h"

namespace strata::index {
namespace {

TEST(Metrics, NdcgUsesGradesAndIdealOrder) {
  // DCG = 1/log2(2) + 2/log2(4) = 2; ideal = 2/log2(2) + 1/log2(3).
  double ndcg = NdcgAt({"a", "b", "c"}, {{"a", 1}, {"c", 2}, {"z", 0}}, 10);
  EXPECT_NEAR(ndcg, 2.0 / (2.0 + 1.0 / std::log2(3.0)), 1e-12);
  EXPECT_DOUBLE_EQ(NdcgAt({"c", "a"}, {{"a", 1}, {"c", 2}}, 10), 1.0);
  EXPECT_DOUBLE_EQ(NdcgAt({"b", "c"}, {{"c", 1}}, 1), 0.0);  // cut at k
}

TEST(Metrics, RecallAndMrr) {
  std::map<std::string, int> judged{{"a", 1}, {"b", 1}, {"c", 0}};
  EXPECT_DOUBLE_EQ(RecallAt({"x", "a", "c"}, judged, 100), 0.5);
  EXPECT_DOUBLE_EQ(MrrAt({"x", "c", "b"}, judged, 10), 1.0 / 3);
  EXPECT_DOUBLE_EQ(MrrAt({"x", "c", "b"}, judged, 2), 0.0);
}

TEST(Metrics, EvaluateAveragesJudgedQueriesAndCountsMissingRunsAsZero) {
  Qrels qrels{{"q1", {{"a", 1}}}, {"q2", {{"b", 1}}}, {"q3", {{"c", 0}}}};
  index::Run run{{"q1", {"a"}}};
  QualityReport r = Evaluate(run, qrels);
  EXPECT_EQ(r.queries, 2);  // q3 has no relevant document
  EXPECT_DOUBLE_EQ(r.ndcg_at_10, 0.5);
  EXPECT_DOUBLE_EQ(r.mrr_at_10, 0.5);
}

TEST(Access, TenantGroupsAndClearance) {
  ASSERT_OK_AND_ASSIGN(Principal p, ParsePrincipal("tenant=acme;groups=eng,ops;clearance=internal"));
  EXPECT_TRUE(CanSee(p, "acme", {}, ""));
  EXPECT_TRUE(CanSee(p, "acme", {"ops", "hr"}, "internal"));
  EXPECT_FALSE(CanSee(p, "globex", {}, ""));                 // other tenant
  EXPECT_FALSE(CanSee(p, "acme", {"hr"}, ""));               // no shared group
  EXPECT_FALSE(CanSee(p, "acme", {}, "confidential"));       // clearance too low
  EXPECT_FALSE(CanSee(p, "acme", {}, "secret-project"));     // unknown level: exact name only
  EXPECT_TRUE(CanSee(Principal::Owner(), "globex", {"hr"}, "restricted"));
  Principal empty;
  EXPECT_TRUE(CanSee(empty, "", {}, "public"));
  EXPECT_FALSE(CanSee(empty, "acme", {}, ""));
}

TEST(Access, BadPrincipalSpecsNameTheProblem) {
  auto r = ParsePrincipal("tenant=acme;team=x");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown key 'team'"), std::string::npos);
  EXPECT_FALSE(ParsePrincipal("acme").ok());
}

TEST(Fusion, RrfRewardsAgreement) {
  RankedList text{{1, 2, 3}, {9, 5, 1}};
  RankedList vec{{3, 4, 1}, {0.9f, 0.8f, 0.1f}};
  auto fused = Fuse({text, vec}, {FusionMethod::kRrf, 60}, 4);
  ASSERT_EQ(fused.size(), 4u);
  EXPECT_EQ(fused[0].id, 1u);  // ranks 1 and 3
  EXPECT_EQ(fused[1].id, 3u);  // ranks 3 and 1, tie on score, worse best rank? equal: by id
  EXPECT_NEAR(fused[0].score, 1.0 / 61 + 1.0 / 63, 1e-12);
}

TEST(Fusion, WeightedNormalizesEachList) {
  RankedList text{{1, 2}, {10, 0}, 0.5};
  RankedList vec{{2, 1}, {0.9f, 0.7f}, 1.0};
  auto fused = Fuse({text, vec}, {FusionMethod::kWeighted, 60}, 2);
  ASSERT_EQ(fused.size(), 2u);
  // id 1: 0.5*1 + 1.0*0 = 0.5; id 2: 0.5*0 + 1.0*1 = 1.
  EXPECT_EQ(fused[0].id, 2u);
  EXPECT_NEAR(fused[0].score, 1.0, 1e-6);
  EXPECT_NEAR(fused[1].score, 0.5, 1e-6);
}

TEST(Datasets, SciFactAndCranfieldLoad) {
  STRATA_REQUIRE_TEST_DATA("beir-scifact");
  ASSERT_OK_AND_ASSIGN(EvalSet scifact, LoadBeir(testing::TestDataDir() + "/beir-scifact", "test"));
  EXPECT_EQ(scifact.corpus.size(), 5183u);
  EXPECT_EQ(scifact.queries.size(), 300u);
  EXPECT_EQ(scifact.qrels.size(), 300u);
  STRATA_REQUIRE_TEST_DATA("cranfield");
  ASSERT_OK_AND_ASSIGN(EvalSet cran, LoadCranfield(testing::TestDataDir() + "/cranfield"));
  EXPECT_EQ(cran.corpus[0].id, "1");
  EXPECT_NE(cran.corpus[0].text.find("slipstream"), std::string::npos);
  EXPECT_EQ(cran.qrels["1"]["184"], 3);  // code 2 -> grade 3
}

TEST(Datasets, MissingFilesAreNamed) {
  auto r = LoadBeir("/nonexistent/beir", "test");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/beir/qrels/test.tsv"), std::string::npos);
}

}  // namespace
}  // namespace strata::index
