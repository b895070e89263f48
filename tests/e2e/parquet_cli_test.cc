// `strata parquet schema|meta|cat`: output shapes, --limit, and the exit-code contract
// (0 success, 1 runtime error with one "strata: Code: ..." line, 2 usage error).
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "testing/subprocess.h"
#include "testing/test_data.h"

namespace strata {
namespace {

using nlohmann::json;

struct Output {
  int code = -1;
  std::string text;  // stdout and stderr
};

// stdout followed by stderr: the error cases assert on the one "strata: ..." line.
Output Strata(const std::string& args) {
  testing::CommandResult r = testing::RunStrata(args);
  return {r.exit_code, r.out + r.err};
}

std::string DataFile(const std::string& name) {
  return "'" + testing::TestDataDir() + "/parquet-testing/data/" + name + "'";
}

TEST(ParquetCliTest, SchemaMetaAndCat) {
  STRATA_REQUIRE_TEST_DATA("parquet-testing/data");
  Output schema = Strata("parquet schema --json " + DataFile("nested_maps.snappy.parquet"));
  ASSERT_EQ(schema.code, 0) << schema.text;
  json s = json::parse(schema.text);
  ASSERT_EQ(s["fields"].size(), 3u);
  EXPECT_EQ(s["fields"][0]["name"], "a");
  EXPECT_EQ(s["fields"][0]["type"], "map<string, map<int32, bool>>");
  EXPECT_EQ(s["fields"][1]["nullable"], false);

  Output meta = Strata("parquet meta --json " + DataFile("alltypes_plain.snappy.parquet"));
  ASSERT_EQ(meta.code, 0) << meta.text;
  json m = json::parse(meta.text);
  EXPECT_EQ(m["num_rows"], 2);
  EXPECT_EQ(m["row_groups"][0]["columns"][0]["codec"], "snappy");
  EXPECT_EQ(m["row_groups"][0]["columns"].size(), 11u);

  Output cat = Strata("parquet cat --json --limit 3 " + DataFile("alltypes_plain.parquet"));
  ASSERT_EQ(cat.code, 0) << cat.text;
  std::istringstream lines(cat.text);
  std::string line;
  std::vector<json> rows;
  while (std::getline(lines, line)) rows.push_back(json::parse(line));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["id"], 4);
  EXPECT_EQ(rows[2]["timestamp_col"], "2009-04-01T00:00:00.000000");
  EXPECT_EQ(rows[1]["string_col"], "31");  // unannotated BYTE_ARRAY: hex
}

TEST(ParquetCliTest, ExitCodes) {
  Output missing = Strata("parquet cat /nonexistent/strata-test.parquet");
  EXPECT_EQ(missing.code, 1);
  EXPECT_EQ(missing.text.rfind("strata: NotFound", 0), 0u) << missing.text;
  Output usage = Strata("parquet cat");
  EXPECT_EQ(usage.code, 2);
  std::string dir = testing::MakeTempDir("parquet-cli");
  std::string junk = dir + "/junk.parquet";
  FILE* f = std::fopen(junk.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("PAR1 this is not a parquet file PAR1", f);
  std::fclose(f);
  Output bad = Strata("parquet schema '" + junk + "'");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.text.find("Corruption"), std::string::npos) << bad.text;
  EXPECT_NE(bad.text.find("junk.parquet"), std::string::npos) << bad.text;
}

}  // namespace
}  // namespace strata
