#include "table/table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "common/clock.h"
#include "io/memory_store.h"
#include "table/checkpoint.h"
#include "table/log_files.h"
#include "table/vacuum.h"
#include "testing/test_data.h"

namespace strata::table {
namespace {

using format::Column;
using format::RecordBatch;

format::Schema PeopleSchema() {
  return format::Schema({{"id", format::Int64()}, {"name", format::String()},
                         {"city", format::String()}, {"day", format::Date()}});
}

// Rows id = first..first+n-1, name "n<id>", city alternating "paris"/"oslo", day 18262 + id % 3.
RecordBatch People(int64_t first, int64_t n) {
  RecordBatch b;
  b.schema = PeopleSchema();
  Column id = format::MakeColumn(format::Int64()), name = format::MakeColumn(format::String()),
         city = format::MakeColumn(format::String()), day = format::MakeColumn(format::Date());
  for (int64_t i = first; i < first + n; ++i) {
    id.Append<int64_t>(i);
    if (i % 7 == 0) {
      name.AppendNull();
    } else {
      name.AppendBinary("n" + std::to_string(i));
    }
    city.AppendBinary(i % 2 ? "oslo" : "paris");
    day.Append<int32_t>(static_cast<int32_t>(18262 + i % 3));
  }
  b.columns = {std::move(id), std::move(name), std::move(city), std::move(day)};
  b.num_rows = n;
  return b;
}

std::vector<int64_t> Ids(const RecordBatch& b) {
  int idx = b.schema.IndexOf("id");
  std::vector<int64_t> out;
  for (int64_t i = 0; i < b.num_rows; ++i) out.push_back(b.columns[idx].value<int64_t>(i));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int64_t> Range(int64_t first, int64_t last) {
  std::vector<int64_t> out;
  for (int64_t i = first; i <= last; ++i) out.push_back(i);
  return out;
}

class TableTest : public ::testing::Test {
 protected:
  std::shared_ptr<io::ObjectStore> store_ = std::make_shared<io::MemoryStore>();
};

TEST_F(TableTest, AppendThenScanReturnsEveryRowWithStats) {
  ASSERT_OK_AND_ASSIGN(auto table, Table::Create(store_, "people", PeopleSchema()));
  ASSERT_OK_AND_ASSIGN(AppendResult r1, table->Append({People(0, 100)}));
  EXPECT_EQ(r1.version, 1);
  EXPECT_EQ(r1.rows_added, 100);
  ASSERT_OK_AND_ASSIGN(AppendResult r2, table->Append({People(100, 50), People(150, 50)}));
  EXPECT_EQ(r2.version, 2);
  EXPECT_EQ(r2.files_added, 2);
  ASSERT_OK_AND_ASSIGN(ScanResult all, table->Scan());
  EXPECT_EQ(Ids(all.batch), Range(0, 199));
  ASSERT_OK_AND_ASSIGN(auto snap, table->Latest());
  EXPECT_EQ(snap->NumRows(), 200);
  // Stats skip the files that cannot hold id 120..130 and rows are filtered exactly.
  ScanOptions opts;
  opts.predicate = *format::Predicate::Parse("id >= 120 AND id <= 130");
  opts.columns = {"name"};
  ASSERT_OK_AND_ASSIGN(ScanResult some, table->Scan(opts));
  EXPECT_EQ(some.files_skipped, 2);
  EXPECT_EQ(some.batch.num_rows, 11);
  EXPECT_EQ(some.batch.schema.num_fields(), 1);
  // Time travel by version.
  opts = ScanOptions();
  opts.at.version = 1;
  ASSERT_OK_AND_ASSIGN(ScanResult v1, table->Scan(opts));
  EXPECT_EQ(Ids(v1.batch), Range(0, 99));
}

TEST_F(TableTest, PartitionedTableWritesHiveFoldersAndFillsPartitionValues) {
  ASSERT_OK_AND_ASSIGN(auto table, Table::Create(store_, "p", PeopleSchema(), {"city", "day"}));
  ASSERT_OK_AND_ASSIGN(AppendResult r, table->Append({People(0, 60)}));
  EXPECT_EQ(r.files_added, 6);  // 2 cities x 3 days
  ASSERT_OK_AND_ASSIGN(auto snap, table->Latest());
  for (const AddFile& f : snap->files()) {
    EXPECT_EQ(f.path.rfind("city=", 0), 0u) << f.path;
    EXPECT_NE(f.path.find("/day=2020-01-0"), std::string::npos) << f.path;
  }
  ScanOptions opts;
  opts.predicate = *format::Predicate::Parse("city = 'oslo' AND day = '2020-01-02'");
  ASSERT_OK_AND_ASSIGN(ScanResult s, table->Scan(opts));
  EXPECT_EQ(s.files_read, 1);
  EXPECT_EQ(s.files_skipped, 5);
  std::vector<int64_t> want;
  for (int64_t i = 0; i < 60; ++i) {
    if (i % 2 == 1 && i % 3 == 1) want.push_back(i);
  }
  EXPECT_EQ(Ids(s.batch), want);
  int city = s.batch.schema.IndexOf("city");
  for (int64_t i = 0; i < s.batch.num_rows; ++i) {
    EXPECT_EQ(s.batch.columns[city].binary(i), "oslo");
  }
}

TEST_F(TableTest, TimestampPartitionsRoundTripAsIsoUtc) {
  format::Schema schema({{"ts", format::TimestampMicros()}, {"v", format::Int64()}});
  ASSERT_OK_AND_ASSIGN(auto table, Table::Create(store_, "ts", schema, {"ts"}));
  RecordBatch b;
  b.schema = schema;
  Column ts = format::MakeColumn(format::TimestampMicros()), v = format::MakeColumn(format::Int64());
  // 2021-09-08T11:11:11.000123Z, the same, and null.
  const int64_t micros = 1631099471000123;
  ts.Append<int64_t>(micros);
  ts.Append<int64_t>(micros);
  ts.AppendNull();
  for (int64_t i = 0; i < 3; ++i) v.Append<int64_t>(i);
  b.columns = {std::move(ts), std::move(v)};
  b.num_rows = 3;
  ASSERT_OK(table->Append({b}));
  ASSERT_OK_AND_ASSIGN(auto snap, table->Latest());
  ASSERT_EQ(snap->files().size(), 2u);
  std::set<std::optional<std::string>> values;
  for (const AddFile& f : snap->files()) values.insert(f.partition_values.at("ts"));
  EXPECT_EQ(values, (std::set<std::optional<std::string>>{std::nullopt,
                                                          "2021-09-08T11:11:11.000123Z"}));
  ScanOptions opts;
  opts.predicate = *format::Predicate::Parse("ts = '2021-09-08 11:11:11.000123'");
  ASSERT_OK_AND_ASSIGN(ScanResult s, table->Scan(opts));
  EXPECT_EQ(s.files_skipped, 1);
  ASSERT_EQ(s.batch.num_rows, 2);
  EXPECT_EQ(s.batch.columns[0].value<int64_t>(0), micros);
  opts.predicate = *format::Predicate::Parse("ts IS NULL");
  ASSERT_OK_AND_ASSIGN(ScanResult nulls, table->Scan(opts));
  ASSERT_EQ(nulls.batch.num_rows, 1);
  EXPECT_EQ(nulls.batch.columns[1].value<int64_t>(0), 2);
}

TEST_F(TableTest, DeleteRewritesOnlyFilesWithMatchingRows) {
  ASSERT_OK_AND_ASSIGN(auto table, Table::Create(store_, "d", PeopleSchema()));
  ASSERT_OK(table->Append({People(0, 10)}));
  ASSERT_OK(table->Append({People(10, 10)}));
  ASSERT_OK(table->Append({People(20, 10)}));
  ASSERT_OK_AND_ASSIGN(auto before, table->Latest());
  // Matches rows in file 2 only; file 1 is skipped by stats; file 3 is read but has no match.
  ASSERT_OK_AND_ASSIGN(DeleteResult d,
                       table->Delete(*format::Predicate::Parse("id IN (12, 13) OR name = 'zz'")));
  EXPECT_EQ(d.rows_deleted, 2);
  EXPECT_EQ(d.files_removed, 1);
  EXPECT_EQ(d.files_added, 1);
  EXPECT_EQ(d.version, 4);
  ASSERT_OK_AND_ASSIGN(auto after, table->Latest());
  std::set<std::string> old_paths, new_paths;
  for (const AddFile& f : before->files()) old_paths.insert(f.path);
  for (const AddFile& f : after->files()) new_paths.insert(f.path);
  int kept = 0;
  for (const std::string& p : old_paths) kept += new_paths.count(p);
  EXPECT_EQ(kept, 2);
  ASSERT_OK_AND_ASSIGN(ScanResult s, table->Scan());
  std::vector<int64_t> want = Range(0, 29);
  want.erase(std::remove_if(want.begin(), want.end(), [](int64_t v) { return v == 12 || v == 13; }),
             want.end());
  EXPECT_EQ(Ids(s.batch), want);
  // Nothing matches: no new version.
  ASSERT_OK_AND_ASSIGN(DeleteResult none, table->Delete(*format::Predicate::Parse("id > 1000")));
  EXPECT_EQ(none.version, 4);
  EXPECT_EQ(none.rows_deleted, 0);
  // Deleting a whole file writes no replacement.
  ASSERT_OK_AND_ASSIGN(DeleteResult whole, table->Delete(*format::Predicate::Parse("id < 10")));
  EXPECT_EQ(whole.rows_deleted, 10);
  EXPECT_EQ(whole.files_added, 0);
  EXPECT_FALSE(table->Delete(*format::Predicate::Parse("nope = 1")).ok());
}

TEST_F(TableTest, IdempotentAppendsSkipRecordedTxnVersions) {
  ASSERT_OK_AND_ASSIGN(auto table, Table::Create(store_, "i", PeopleSchema()));
  AppendOptions o;
  o.app_id = "stream";
  o.txn_version = 1;
  ASSERT_OK_AND_ASSIGN(AppendResult first, table->Append({People(0, 5)}, o));
  EXPECT_FALSE(first.skipped);
  ASSERT_OK_AND_ASSIGN(AppendResult replay, table->Append({People(0, 5)}, o));
  EXPECT_TRUE(replay.skipped);
  EXPECT_EQ(replay.version, first.version);
  o.txn_version = 0;
  ASSERT_OK_AND_ASSIGN(AppendResult older, table->Append({People(0, 5)}, o));
  EXPECT_TRUE(older.skipped);
  o.txn_version = 2;
  ASSERT_OK_AND_ASSIGN(AppendResult next, table->Append({People(5, 5)}, o));
  EXPECT_FALSE(next.skipped);
  ASSERT_OK_AND_ASSIGN(ScanResult s, table->Scan());
  EXPECT_EQ(Ids(s.batch), Range(0, 9));
  ASSERT_OK_AND_ASSIGN(auto snap, table->Latest());
  EXPECT_EQ(snap->AppVersion("stream"), 2);
}

TEST_F(TableTest, AddColumnsReadsOldFilesAsNulls) {
  ASSERT_OK_AND_ASSIGN(auto table, Table::Create(store_, "s", PeopleSchema()));
  ASSERT_OK(table->Append({People(0, 3)}));
  ASSERT_OK_AND_ASSIGN(int64_t v, table->AddColumns({{"score", format::Float64(), true}}));
  EXPECT_EQ(v, 2);
  RecordBatch more = People(3, 2);
  more.schema = format::Schema({{"id", format::Int64()}, {"name", format::String()},
                                {"city", format::String()}, {"day", format::Date()},
                                {"score", format::Float64()}});
  Column score = format::MakeColumn(format::Float64());
  score.Append<double>(1.5);
  score.Append<double>(2.5);
  more.columns.push_back(std::move(score));
  EXPECT_FALSE(table->Append({People(9, 1)}).ok());  // old schema is refused now
  ASSERT_OK(table->Append({more}));
  ScanOptions opts;
  opts.columns = {"id", "score"};
  opts.predicate = *format::Predicate::Parse("score IS NULL");
  ASSERT_OK_AND_ASSIGN(ScanResult s, table->Scan(opts));
  EXPECT_EQ(Ids(s.batch), Range(0, 2));
  opts.at.version = 1;  // the old schema has no score column
  EXPECT_FALSE(table->Scan(opts).ok());
}

TEST_F(TableTest, CheckpointsEveryTenCommitsAndLoadsFromThem) {
  ASSERT_OK_AND_ASSIGN(auto table, Table::Create(store_, "c", PeopleSchema(), {"city"}));
  for (int i = 0; i < 23; ++i) ASSERT_OK(table->Append({People(i * 2, 2)}));
  ASSERT_OK(table->Delete(*format::Predicate::Parse("id = 3")));  // version 24
  AppendOptions o;
  o.app_id = "app";
  o.txn_version = 5;
  ASSERT_OK(table->Append({People(100, 1)}, o));  // 25
  for (int i = 0; i < 5; ++i) ASSERT_OK(table->Append({People(200 + i, 1)}));  // 26..30
  ASSERT_OK_AND_ASSIGN(auto objects, store_->List("c/_delta_log/"));
  std::set<std::string> names;
  for (const auto& o : objects) names.insert(o.path);
  EXPECT_TRUE(names.count(CheckpointPath("c", 10)));
  EXPECT_TRUE(names.count(CheckpointPath("c", 20)));
  EXPECT_TRUE(names.count(CheckpointPath("c", 30)));
  ASSERT_OK_AND_ASSIGN(LastCheckpoint last, ReadLastCheckpoint(*store_, "c"));
  EXPECT_EQ(last.version, 30);
  ASSERT_OK_AND_ASSIGN(auto from_log, table->Latest());
  // Remove the commits a checkpoint covers: the state must come from the checkpoint alone.
  for (int v = 0; v <= 30; ++v) ASSERT_OK(store_->Delete(CommitPath("c", v)));
  ASSERT_OK_AND_ASSIGN(auto from_cp, table->Latest());
  EXPECT_EQ(from_cp->version(), 30);
  EXPECT_EQ(from_cp->files().size(), from_log->files().size());
  EXPECT_EQ(from_cp->AppVersion("app"), 5);
  EXPECT_EQ(from_cp->tombstones().size(), 1u);
  EXPECT_EQ(from_cp->partition_columns(), std::vector<std::string>{"city"});
  EXPECT_TRUE(from_cp->schema().Equals(PeopleSchema()));
  ASSERT_OK_AND_ASSIGN(ScanResult s, table->Scan());
  std::vector<int64_t> want = Range(0, 45);
  want.erase(want.begin() + 3);
  want.push_back(100);
  for (int i = 0; i < 5; ++i) want.push_back(200 + i);
  EXPECT_EQ(Ids(s.batch), want);
}

TEST_F(TableTest, VacuumRemovesOnlyExpiredUnreferencedFiles) {
  std::string dir = testing::MakeTempDir("strata-vacuum");
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<io::ObjectStore> store, io::OpenStore(dir));
  ASSERT_OK_AND_ASSIGN(auto table, Table::Create(store, "v", PeopleSchema()));
  ASSERT_OK(table->Append({People(0, 10)}));
  ASSERT_OK(table->Append({People(10, 10)}));
  ASSERT_OK_AND_ASSIGN(auto v2, table->Latest());
  ASSERT_OK(table->Delete(*format::Predicate::Parse("id < 10")));
  ASSERT_OK(store->Put("v/orphan.parquet", "junk"));
  // Within the retention nothing goes.
  ASSERT_OK_AND_ASSIGN(VacuumResult none, Vacuum(*table));
  EXPECT_TRUE(none.deleted.empty());
  // Far in the future: the removed file and the orphan go; the live file and the log stay.
  VacuumOptions later;
  later.now_ms = NowMillis() + 8LL * 24 * 3600 * 1000;
  ASSERT_OK_AND_ASSIGN(VacuumResult r, Vacuum(*table, later));
  EXPECT_EQ(r.deleted.size(), 2u);
  ASSERT_OK_AND_ASSIGN(ScanResult s, table->Scan());
  EXPECT_EQ(Ids(s.batch), Range(10, 19));
  ScanOptions old;
  old.at.version = 2;
  EXPECT_FALSE(table->Scan(old).ok());  // its file was vacuumed
}

}  // namespace
}  // namespace strata::table
