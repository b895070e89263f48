#include "workspace/workspace.h"

#include <gtest/gtest.h>

#include "testing/test_data.h"
#include "workspace/core_tables.h"

namespace strata::workspace {
namespace {

class WorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    io::RegisterBuiltinStores();
    dir_ = strata::testing::MakeTempDir("ws") + "/ws";
  }
  std::string dir_;
};

TEST_F(WorkspaceTest, InitCreatesCoreTablesOnceAndKeepsThem) {
  InitReport first;
  ASSERT_OK_AND_ASSIGN(auto ws, Workspace::Init(dir_, &first));
  EXPECT_TRUE(first.wrote_config);
  EXPECT_EQ(first.created,
            (std::vector<std::string>{"documents", "chunks", "embeddings", "quarantine", "runs",
                                      "inputs"}));
  ASSERT_OK_AND_ASSIGN(auto names, ws->ListTables());
  EXPECT_EQ(names, (std::vector<std::string>{"chunks", "documents", "embeddings", "inputs",
                                             "quarantine", "runs"}));

  InitReport second;
  ASSERT_OK_AND_ASSIGN(auto again, Workspace::Init(dir_, &second));
  EXPECT_FALSE(second.wrote_config);
  EXPECT_TRUE(second.created.empty());
  EXPECT_EQ(second.existing.size(), 6u);
}

TEST_F(WorkspaceTest, CoreTableSchemasSurviveTheLog) {
  InitReport report;
  ASSERT_OK_AND_ASSIGN(auto ws, Workspace::Init(dir_, &report));
  for (const CoreTable& core : CoreTables()) {
    ASSERT_OK_AND_ASSIGN(auto t, ws->OpenTable(core.name));
    ASSERT_OK_AND_ASSIGN(auto snap, t->Latest());
    EXPECT_EQ(snap->version(), 0);
    EXPECT_TRUE(snap->schema().Equals(core.schema))
        << core.name << ":\n" << snap->schema().ToString() << "vs\n" << core.schema.ToString();
    EXPECT_TRUE(snap->files().empty());
  }
}

TEST_F(WorkspaceTest, OpenRequiresInit) {
  auto ws = Workspace::Open(dir_);
  ASSERT_FALSE(ws.ok());
  EXPECT_TRUE(ws.status().IsNotFound());
  EXPECT_NE(ws.status().message().find("strata init"), std::string::npos);
}

TEST_F(WorkspaceTest, RejectsTableNamesThatEscape) {
  InitReport report;
  ASSERT_OK_AND_ASSIGN(auto ws, Workspace::Init(dir_, &report));
  for (const char* bad : {"../x", "a/b", "", ".hidden", "with space"}) {
    auto t = ws->OpenTable(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  auto missing = ws->OpenTable("nope");
  EXPECT_TRUE(missing.status().IsNotFound());
}

}  // namespace
}  // namespace strata::workspace
