// Tables Strata writes, read by DuckDB (node peer tests/peers/duckdb_query.mjs): the data files
// hold the committed rows, and the checkpoint has Delta's checkpoint schema (add/remove/metaData/
// protocol/txn structs with partitionValues maps) with the snapshot's files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "io/object_store.h"
#include "table/log_files.h"
#include "table/table.h"
#include "testing/duckdb_peer.h"
#include "testing/test_data.h"

namespace strata::table {
namespace {

using json = nlohmann::json;

format::RecordBatch Rows(int64_t first, int64_t n) {
  format::RecordBatch b;
  b.schema = format::Schema({{"id", format::Int64()}, {"city", format::String()}});
  format::Column id = format::MakeColumn(format::Int64()), city = format::MakeColumn(format::String());
  for (int64_t i = first; i < first + n; ++i) {
    id.Append<int64_t>(i);
    city.AppendBinary(i % 3 == 0 ? "oslo" : "lima");
  }
  b.columns = {std::move(id), std::move(city)};
  b.num_rows = n;
  return b;
}

class TableDuckdbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    STRATA_REQUIRE_DUCKDB_PEER();
    dir_ = testing::MakeTempDir("table-duckdb");
  }

  // Run `sql` in DuckDB; returns {"columns", "types", "rows"}.
  json Query(const std::string& sql) { return testing::DuckDbQuery(sql, dir_); }

  std::string dir_;
};

TEST_F(TableDuckdbTest, DataFilesAndCheckpointReadByDuckDB) {
  io::RegisterBuiltinStores();
  ASSERT_OK_AND_ASSIGN(auto store, io::OpenStore(dir_));
  ASSERT_OK_AND_ASSIGN(auto table, Table::Create(store, "t", Rows(0, 0).schema, {"city"}));
  for (int i = 0; i < 9; ++i) ASSERT_OK(table->Append({Rows(i * 10, 10)}));
  AppendOptions o;
  o.app_id = "ingest";
  o.txn_version = 3;
  ASSERT_OK(table->Append({Rows(90, 10)}, o));  // version 10: checkpoint
  ASSERT_OK_AND_ASSIGN(auto snap, table->Latest());
  ASSERT_EQ(snap->version(), 10);

  // Data files (partition column in the folder names, hive style).
  json data = Query("SELECT count(*) AS n, sum(id) AS s FROM read_parquet('" + dir_ +
                    "/t/city=*/*.parquet', hive_partitioning = true) WHERE city = 'oslo'");
  ASSERT_EQ(data["rows"].size(), 1u);
  EXPECT_EQ(data["rows"][0][0].dump(), "\"34\"");  // multiples of 3 in 0..99
  int64_t oslo_sum = 0;
  for (int i = 0; i < 100; i += 3) oslo_sum += i;
  EXPECT_EQ(data["rows"][0][1].dump(), "\"" + std::to_string(oslo_sum) + "\"");

  // The checkpoint, as Delta lays it out.
  std::string cp = dir_ + "/" + CheckpointPath("t", 10);
  json adds = Query("SELECT add.path, add.partitionValues['city'], add.size FROM read_parquet('" +
                    cp + "') WHERE add IS NOT NULL ORDER BY 1");
  std::set<std::string> want, got;
  for (const AddFile& f : snap->files()) want.insert(f.path);
  for (const json& row : adds["rows"]) {
    std::string path = row[0].get<std::string>();
    got.insert(path);
    EXPECT_EQ(path.substr(0, 5 + row[1].get<std::string>().size()), "city=" + row[1].get<std::string>());
  }
  EXPECT_EQ(got, want);
  json types = Query("SELECT typeof(add.partitionValues), typeof(metaData.partitionColumns), "
                     "protocol.minReaderVersion, protocol.minWriterVersion FROM read_parquet('" +
                     cp + "') WHERE protocol IS NOT NULL");
  ASSERT_EQ(types["rows"].size(), 1u);
  EXPECT_EQ(types["rows"][0][0], "MAP(VARCHAR, VARCHAR)");
  EXPECT_EQ(types["rows"][0][1], "VARCHAR[]");
  EXPECT_EQ(types["rows"][0][2], 1);
  EXPECT_EQ(types["rows"][0][3], 2);
  json txn = Query("SELECT txn.appId, txn.version FROM read_parquet('" + cp +
                   "') WHERE txn IS NOT NULL");
  ASSERT_EQ(txn["rows"].size(), 1u);
  EXPECT_EQ(txn["rows"][0][0], "ingest");
  EXPECT_EQ(txn["rows"][0][1].dump(), "\"3\"");
  json meta = Query("SELECT metaData.schemaString FROM read_parquet('" + cp +
                    "') WHERE metaData IS NOT NULL");
  ASSERT_EQ(meta["rows"].size(), 1u);
  auto schema = json::parse(meta["rows"][0][0].get<std::string>());
  EXPECT_EQ(schema["fields"][0]["name"], "id");
  EXPECT_EQ(schema["fields"][0]["type"], "long");
}

}  // namespace
}  // namespace strata::table
