// `strata search` and `strata eval` through the binary: output contracts (DESIGN §12), exit
// codes, version pinning and usage errors.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing/subprocess.h"
#include "testing/test_data.h"

namespace strata {
namespace {

using testing::RunStrata;
using testing::ShellQuote;

class SearchCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("strata-search-cli");
    ws_ = ShellQuote(dir_ + "/ws");
    std::filesystem::create_directories(dir_ + "/docs");
    Write("docs/ocean.md", "# Tides\n\nThe moon pulls the ocean; tides rise twice a day.\n");
    Write("docs/bread.md", "# Bread\n\nKnead the dough, let it rise, bake it at 230 degrees.\n");
    auto r = RunStrata("ingest " + ShellQuote(dir_ + "/docs") + " -w " + ws_ + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto summary = nlohmann::json::parse(r.out);
    EXPECT_EQ(summary["embed"]["embedded"], 2);
    ASSERT_EQ(summary["indexes"].size(), 2u);
  }
  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(dir_ + "/" + rel, std::ios::binary) << text;
  }
  std::string dir_, ws_;
};

TEST_F(SearchCliTest, JsonShapeAndVersionPinning) {
  auto r = RunStrata("search 'why do tides rise' --k 1 --json -w " + ws_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto first = nlohmann::json::parse(r.out);
  ASSERT_EQ(first["results"].size(), 1u);
  const auto& hit = first["results"][0];
  for (const char* key : {"chunk_id", "doc_id", "score", "text", "uri", "section", "page"}) {
    EXPECT_TRUE(hit.contains(key)) << key;
  }
  EXPECT_NE(hit["uri"].get<std::string>().find("ocean.md"), std::string::npos);
  EXPECT_TRUE(first.contains("took_ms"));
  int64_t version = first["version"];

  Write("docs/ocean.md", "# Tides\n\nTides are a thing of the past here.\n");
  Write("docs/moon.md", "# Moon\n\nThe moon pulls the ocean and the tides rise.\n");
  ASSERT_EQ(RunStrata("ingest " + ShellQuote(dir_ + "/docs") + " -w " + ws_).exit_code, 0);
  auto pinned = RunStrata("search 'why do tides rise' --k 1 --json --version " +
                          std::to_string(version) + " -w " + ws_);
  ASSERT_EQ(pinned.exit_code, 0) << pinned.err;
  auto again = nlohmann::json::parse(pinned.out);
  EXPECT_EQ(again["results"], first["results"]);
  auto latest = nlohmann::json::parse(RunStrata("search 'why do tides rise' --k 3 --json -w " + ws_).out);
  EXPECT_GT(latest["version"].get<int64_t>(), version);
  for (const auto& h : latest["results"]) EXPECT_NE(h["chunk_id"], hit["chunk_id"]);
}

TEST_F(SearchCliTest, HumanOutputAndErrors) {
  auto r = RunStrata("search 'knead dough' --mode text -w " + ws_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("bread.md"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Knead the dough"), std::string::npos) << r.out;

  auto bad_filter = RunStrata("search x --filter 'lang = ' -w " + ws_);
  EXPECT_EQ(bad_filter.exit_code, 2);
  EXPECT_NE(bad_filter.err.find("strata:"), std::string::npos);
  auto bad_mode = RunStrata("search x --mode fuzzy -w " + ws_);
  EXPECT_EQ(bad_mode.exit_code, 2);
  EXPECT_NE(bad_mode.err.find("fuzzy"), std::string::npos);
  auto bad_as = RunStrata("search x --as 'tenant=a;role=admin' -w " + ws_);
  EXPECT_EQ(bad_as.exit_code, 2);
  EXPECT_NE(bad_as.err.find("role"), std::string::npos);
  // A principal of another tenant sees nothing, in any mode.
  auto other = RunStrata("search tides --json --as 'tenant=other' -w " + ws_);
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_TRUE(nlohmann::json::parse(other.out)["results"].empty());
  auto missing = RunStrata("search x -w " + ShellQuote(dir_ + "/nowhere"));
  EXPECT_EQ(missing.exit_code, 1);
}

TEST(EvalCli, CranfieldReportHasEveryMode) {
  STRATA_REQUIRE_TEST_DATA("cranfield");
  auto r = RunStrata("eval --cranfield " + ShellQuote(testing::TestDataDir() + "/cranfield") +
                         " --json",
                     300);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["queries"], 225);
  ASSERT_EQ(report["modes"].size(), 3u);
  for (const auto& m : report["modes"]) {
    EXPECT_GT(m["ndcg@10"].get<double>(), 0.25) << m.dump();
    EXPECT_GT(m["recall@100"].get<double>(), 0.5) << m.dump();
  }
  EXPECT_EQ(RunStrata("eval --beir /nonexistent").exit_code, 1);
  EXPECT_EQ(RunStrata("eval").exit_code, 2);
}

}  // namespace
}  // namespace strata
