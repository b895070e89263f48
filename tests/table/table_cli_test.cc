// `strata table ...` against a table written through the API: the JSON contract of §12.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "io/object_store.h"
#include "table/table.h"
#include "testing/subprocess.h"
#include "testing/test_data.h"

namespace strata::table {
namespace {

using testing::CommandResult;
using testing::RunStrata;

format::RecordBatch Numbers(int64_t first, int64_t n) {
  format::RecordBatch b;
  b.schema = format::Schema({{"n", format::Int64()}, {"tag", format::String()}});
  format::Column num = format::MakeColumn(format::Int64()), tag = format::MakeColumn(format::String());
  for (int64_t i = first; i < first + n; ++i) {
    num.Append<int64_t>(i);
    tag.AppendBinary(i % 2 ? "odd" : "even");
  }
  b.columns = {std::move(num), std::move(tag)};
  b.num_rows = n;
  return b;
}

class TableCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(testing::StrataBinary())) {
      GTEST_SKIP() << "strata binary not built: " << testing::StrataBinary();
    }
    ws_ = testing::MakeTempDir("strata-cli");
    io::RegisterBuiltinStores();
    auto store = io::OpenStore(ws_);
    ASSERT_OK(store);
    auto table = Table::Create(*store, "tables/nums", Numbers(0, 0).schema, {"tag"});
    ASSERT_OK(table);
    ASSERT_OK((*table)->Append({Numbers(0, 10)}));
    ASSERT_OK((*table)->Append({Numbers(10, 5)}));
  }
  std::string ws_;
};

TEST_F(TableCliTest, ShowPrintsVersionFilesRowsAndSchema) {
  CommandResult r = RunStrata("-w " + ws_ + " table show nums --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["num_files"], 4);  // two partitions per append
  EXPECT_EQ(j["num_rows"], 15);
  ASSERT_EQ(j["schema"].size(), 2u);
  EXPECT_EQ(j["schema"][0]["name"], "n");
  EXPECT_EQ(j["schema"][0]["type"], "long");
  EXPECT_EQ(j["partition_columns"][0], "tag");
  // The same table by path, at an older version.
  r = RunStrata("table show " + ws_ + "/tables/nums --version 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["num_rows"], 10);
}

TEST_F(TableCliTest, ListLogFilesSchema) {
  CommandResult list = RunStrata("-w " + ws_ + " table list --json");
  ASSERT_EQ(list.exit_code, 0);
  auto tables = nlohmann::json::parse(list.out)["tables"];
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0]["name"], "nums");
  CommandResult log = RunStrata("-w " + ws_ + " table log nums --json");
  ASSERT_EQ(log.exit_code, 0);
  auto commits = nlohmann::json::parse(log.out)["commits"];
  ASSERT_EQ(commits.size(), 3u);
  EXPECT_EQ(commits[0]["version"], 2);
  EXPECT_EQ(commits[0]["operation"], "WRITE");
  EXPECT_EQ(commits[2]["operation"], "CREATE TABLE");
  CommandResult files = RunStrata("-w " + ws_ + " table files nums --json");
  ASSERT_EQ(files.exit_code, 0);
  int64_t rows = 0;
  auto listed = nlohmann::json::parse(files.out);
  for (const auto& f : listed["files"]) rows += f["num_rows"].get<int64_t>();
  EXPECT_EQ(rows, 15);
  CommandResult schema = RunStrata("-w " + ws_ + " table schema nums");
  ASSERT_EQ(schema.exit_code, 0);
  EXPECT_NE(schema.out.find("tag"), std::string::npos);
}

TEST_F(TableCliTest, ErrorsUseTheExitCodeContract) {
  EXPECT_EQ(RunStrata("-w " + ws_ + " table show missing").exit_code, 1);
  EXPECT_EQ(RunStrata("-w " + ws_ + " table show nums --version 99").exit_code, 1);
  EXPECT_EQ(RunStrata("-w " + ws_ + " table show").exit_code, 2);
  EXPECT_EQ(RunStrata("-w " + ws_ + " table bogus").exit_code, 2);
}

}  // namespace
}  // namespace strata::table
