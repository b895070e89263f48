// End-to-end retrieval through a workspace: ingest → embed → index → search, with labels,
// filters, edits, version pinning and incremental index builds.
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "testing/test_data.h"
#include "workspace/workspace.h"

namespace strata::workspace {
namespace {

namespace fs = std::filesystem;

void WriteFile(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = testing::MakeTempDir("strata-search");
    // 12 acme documents that mention apples once, 40 globex documents that are all about
    // apples: globex's rows win every unrestricted ranking.
    for (int i = 0; i < 12; ++i) {
      WriteFile(root_ + "/acme/a" + std::to_string(i) + ".txt",
                "Acme quarterly note " + std::to_string(i) + " about logistics, trucks and " +
                    "one crate of apples shipped on day " + std::to_string(i * 7) + ".");
    }
    for (int i = 0; i < 40; ++i) {
      WriteFile(root_ + "/globex/b" + std::to_string(i) + ".txt",
                "Apples apples apples: the globex orchard grows apples, red apples and green " +
                    std::string("apples, batch ") + std::to_string(i) + ".");
    }
    WriteFile(root_ + "/acme/unique.txt", "The zebracorn migration starts at dawn near the river.");
    InitReport report;
    ASSERT_OK_AND_ASSIGN(ws_, Workspace::Init(root_ + "/ws", &report));
    ASSERT_OK_AND_ASSIGN(config_, ws_->RetrievalSettings());
  }

  Result<RefreshSummary> IngestAll() {
    pipeline::IngestOptions options;
    for (std::string tenant : {"acme", "globex"}) {
      STRATA_ASSIGN_OR_RETURN(ingest::SourceConfig source,
                              ingest::SourceConfigFromArgument(root_ + "/" + tenant));
      source.name = tenant + "-files";
      source.labels.tenant = tenant;
      options.sources.push_back(source);
    }
    STRATA_ASSIGN_OR_RETURN(auto summary, ws_->Ingest(options));
    return ws_->Refresh(config_, summary.run_id);
  }

  std::vector<std::string> Ids(const index::SearchResponse& r) {
    std::vector<std::string> ids;
    for (const auto& h : r.hits) ids.push_back(h.chunk_id);
    return ids;
  }

  std::string root_;
  std::unique_ptr<Workspace> ws_;
  index::RetrievalConfig config_;
};

TEST_F(SearchTest, AclAppliesInsideEveryRetrieverSoKResultsComeBack) {
  ASSERT_OK(IngestAll());
  ASSERT_OK_AND_ASSIGN(auto session, ws_->OpenSearch(config_, -1));
  ASSERT_OK_AND_ASSIGN(index::Principal acme, index::ParsePrincipal("tenant=acme"));
  for (auto mode : {index::SearchMode::kText, index::SearchMode::kVector,
                    index::SearchMode::kHybrid}) {
    index::SearchRequest request;
    request.query = "apples";
    request.k = 10;
    request.mode = mode;
    ASSERT_OK_AND_ASSIGN(auto owner, session->Search(request));
    ASSERT_EQ(owner.hits.size(), 10u);
    // Unrestricted, globex's apple-heavy rows fill the top.
    EXPECT_NE(owner.hits[0].uri.find("/globex/"), std::string::npos);
    request.principal = acme;
    ASSERT_OK_AND_ASSIGN(auto restricted, session->Search(request));
    ASSERT_EQ(restricted.hits.size(), 10u) << index::SearchModeName(mode);
    for (const auto& h : restricted.hits) {
      EXPECT_NE(h.uri.find("/acme/"), std::string::npos) << h.uri;
      EXPECT_FALSE(h.text.empty());
    }
  }
}

TEST_F(SearchTest, FiltersOnDocumentColumnsAndRejectUnknownOnes) {
  ASSERT_OK(IngestAll());
  ASSERT_OK_AND_ASSIGN(auto session, ws_->OpenSearch(config_, -1));
  index::SearchRequest request;
  request.query = "apples";
  request.k = 5;
  request.filter = "source = 'acme-files' AND NOT uri = '" + root_ + "/acme/a3.txt'";
  ASSERT_OK_AND_ASSIGN(auto r, session->Search(request));
  ASSERT_EQ(r.hits.size(), 5u);
  for (const auto& h : r.hits) {
    EXPECT_NE(h.uri.find("/acme/"), std::string::npos);
    EXPECT_EQ(h.uri.find("a3.txt"), std::string::npos);
  }
  request.filter = "colour = 'red'";
  auto bad = session->Search(request);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("colour"), std::string::npos);
}

TEST_F(SearchTest, EditedChunksNeverComeBackAndPinnedVersionsReplayExactly) {
  ASSERT_OK(IngestAll());
  ASSERT_OK_AND_ASSIGN(auto before, ws_->OpenSearch(config_, -1));
  index::SearchRequest request;
  request.query = "zebracorn migration";
  request.k = 5;
  ASSERT_OK_AND_ASSIGN(auto first, before->Search(request));
  ASSERT_FALSE(first.hits.empty());
  const std::string old_chunk = first.hits[0].chunk_id;
  const int64_t pinned = first.version;

  WriteFile(root_ + "/acme/unique.txt", "The river is quiet; nothing migrates at dawn any more.");
  WriteFile(root_ + "/acme/late.txt", "A late report about apples and pears.");
  ASSERT_OK_AND_ASSIGN(auto refresh, IngestAll());
  // Only the edited and the new document changed: two chunks in, one out, in both indexes.
  for (const auto& index : refresh.indexes) {
    EXPECT_EQ(index.stats.added, 2) << index.name;
    EXPECT_EQ(index.stats.removed, 1) << index.name;
    EXPECT_EQ(index.from_version, pinned) << index.name;
  }
  EXPECT_EQ(refresh.embed.embedded, 2);
  EXPECT_EQ(refresh.embed.removed, 1);

  ASSERT_OK_AND_ASSIGN(auto after, ws_->OpenSearch(config_, -1));
  EXPECT_GT(after->info().version, pinned);
  for (auto mode : {index::SearchMode::kText, index::SearchMode::kVector,
                    index::SearchMode::kHybrid}) {
    request.mode = mode;
    request.k = 60;
    ASSERT_OK_AND_ASSIGN(auto now, after->Search(request));
    for (const auto& h : now.hits) EXPECT_NE(h.chunk_id, old_chunk);
  }
  request.mode = index::SearchMode::kText;
  ASSERT_OK_AND_ASSIGN(auto text, after->Search(request));
  for (const auto& h : text.hits) EXPECT_EQ(h.text.find("zebracorn"), std::string::npos);

  // The pinned version answers as it did, from its own builds.
  request.mode = index::SearchMode::kHybrid;
  request.k = 5;
  ASSERT_OK_AND_ASSIGN(auto pinned_session, ws_->OpenSearch(config_, pinned));
  EXPECT_EQ(pinned_session->info().text_build, pinned);
  ASSERT_OK_AND_ASSIGN(auto again, pinned_session->Search(request));
  EXPECT_EQ(Ids(again), Ids(first));
  for (size_t i = 0; i < again.hits.size(); ++i) {
    EXPECT_DOUBLE_EQ(again.hits[i].score, first.hits[i].score);
  }
}

TEST_F(SearchTest, RefreshWithNothingNewLeavesBuildsAlone) {
  ASSERT_OK(IngestAll());
  ASSERT_OK_AND_ASSIGN(auto again, ws_->Refresh(config_, "r2"));
  EXPECT_EQ(again.embed.embedded, 0);
  for (const auto& index : again.indexes) EXPECT_TRUE(index.up_to_date) << index.name;
  // Builds are on disk with their manifests.
  for (const auto& index : again.indexes) {
    ASSERT_OK_AND_ASSIGN(auto versions, index::IndexBuild::Versions(*ws_->store(), index.name));
    ASSERT_EQ(versions.size(), 1u);
    EXPECT_EQ(versions[0].first, index.version);
  }
}

}  // namespace
}  // namespace strata::workspace
