// Delta's golden tables (written by Delta/Spark itself) read by Strata. Expected rows come from the
// generator that wrote each table (delta-io/delta connectors/golden-tables/.../GoldenTables.scala),
// encoded here by hand: e.g. snapshot-data1 is writeData((0 until 10).map(x => (x, "data-1-x"))).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common/clock.h"
#include "io/object_store.h"
#include "table/table.h"
#include "table/value_text.h"
#include "testing/test_data.h"

namespace strata::table {
namespace {

using format::Column;
using format::Kind;
using format::Logical;

std::string GoldenDir() {
  return testing::TestDataDir() +
         "/delta-golden/connectors/golden-tables/src/main/resources/golden/";
}

std::string DecimalText(const Column& col, int64_t row, int scale) {
  const format::DataType& t = *col.type();
  __int128 v = 0;
  if (t.kind == Kind::kInt32) {
    v = col.value<int32_t>(row);
  } else if (t.kind == Kind::kInt64) {
    v = col.value<int64_t>(row);
  } else {
    std::string_view bytes = col.binary(row);
    v = bytes.empty() || (static_cast<unsigned char>(bytes[0]) & 0x80) == 0 ? 0 : -1;
    for (unsigned char b : bytes) v = (v << 8) | b;
  }
  bool neg = v < 0;
  unsigned __int128 u = neg ? -v : v;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u);
  if (scale > 0) {
    while (static_cast<int>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - scale, '.');
  }
  return (neg ? "-" : "") + digits;
}

// A cell as text: numbers plainly, dates/timestamps ISO, decimals exact, nested as [..]/{..}.
std::string CellText(const Column& col, int64_t row) {
  if (!col.IsValid(row)) return "null";
  const format::DataType& t = *col.type();
  if (t.logical == Logical::kDecimal) return DecimalText(col, row, t.scale);
  if (t.logical == Logical::kDate) return FormatDate(col.value<int32_t>(row));
  if (t.logical == Logical::kTimestamp) {
    int64_t v = col.value<int64_t>(row);
    if (t.unit == format::TimeUnit::kMillis) v *= 1000;
    if (t.unit == format::TimeUnit::kNanos) v /= 1000;
    return FormatTimestampMicros(v, false);
  }
  char buf[64];
  switch (t.kind) {
    case Kind::kBool: return col.value<uint8_t>(row) ? "true" : "false";
    case Kind::kInt32: return std::to_string(col.value<int32_t>(row));
    case Kind::kInt64: return std::to_string(col.value<int64_t>(row));
    case Kind::kFloat: std::snprintf(buf, sizeof(buf), "%g", col.value<float>(row)); return buf;
    case Kind::kDouble: std::snprintf(buf, sizeof(buf), "%g", col.value<double>(row)); return buf;
    case Kind::kBinary:
    case Kind::kFixedBinary: return std::string(col.binary(row));
    case Kind::kStruct: {
      std::string out = "{";
      for (int c = 0; c < col.num_children(); ++c) {
        out += (c ? "," : "") + CellText(col.child(c), row);
      }
      return out + "}";
    }
    case Kind::kList:
    case Kind::kMap: {
      std::string out = "[";
      auto [begin, end] = col.list_range(row);
      for (int64_t i = begin; i < end; ++i) {
        out += (i > begin ? "," : "") + CellText(col.child(0), i);
        if (t.kind == Kind::kMap) out += ":" + CellText(col.child(1), i);
      }
      return out + "]";
    }
  }
  return "?";
}

// Rows of a batch as "c1|c2|..." strings, sorted.
std::vector<std::string> Rows(const format::RecordBatch& b) {
  std::vector<std::string> out;
  for (int64_t r = 0; r < b.num_rows; ++r) {
    std::string line;
    for (size_t c = 0; c < b.columns.size(); ++c) {
      line += (c ? "|" : "") + CellText(b.columns[c], r);
    }
    out.push_back(std::move(line));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> IdRange(int64_t first, int64_t end) {
  std::vector<std::string> out;
  for (int64_t i = first; i < end; ++i) out.push_back(std::to_string(i));
  return out;
}

std::vector<std::string> Concat(std::vector<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return Sorted(std::move(out));
}

class DeltaGoldenTest : public ::testing::Test {
 protected:
  void SetUp() override { STRATA_REQUIRE_TEST_DATA("delta-golden"); }

  Result<std::unique_ptr<Table>> OpenGolden(const std::string& name) {
    io::RegisterBuiltinStores();
    STRATA_ASSIGN_OR_RETURN(std::shared_ptr<io::ObjectStore> store,
                            io::OpenStore(GoldenDir() + name));
    return Table::Open(std::move(store), "");
  }

  Result<std::vector<std::string>> Read(const std::string& name, std::optional<int64_t> version,
                                        std::vector<std::string> columns = {}) {
    STRATA_ASSIGN_OR_RETURN(std::unique_ptr<Table> table, OpenGolden(name));
    ScanOptions opts;
    opts.at.version = version;
    opts.columns = std::move(columns);
    STRATA_ASSIGN_OR_RETURN(ScanResult r, table->Scan(opts));
    return Rows(r.batch);
  }
};

std::vector<std::string> SnapshotRows(int data, int n) {
  std::vector<std::string> out;
  for (int x = 0; x < n; ++x) {
    out.push_back(std::to_string(x) + "|data-" + std::to_string(data) + "-" + std::to_string(x));
  }
  return out;
}

TEST_F(DeltaGoldenTest, SnapshotTablesAtEveryVersion) {
  // data0: append 0..9; data1: append; data2: overwrite; data3: append 0..19;
  // data2-deleted: delete col2 like 'data-2-%'; repartitioned: rewrite (dataChange=false).
  std::vector<std::vector<std::string>> want = {
      Sorted(SnapshotRows(0, 10)),
      Concat({SnapshotRows(0, 10), SnapshotRows(1, 10)}),
      Sorted(SnapshotRows(2, 10)),
      Concat({SnapshotRows(2, 10), SnapshotRows(3, 20)}),
      Sorted(SnapshotRows(3, 20)),
      Sorted(SnapshotRows(3, 20)),
  };
  for (int64_t v = 0; v < 6; ++v) {
    ASSERT_OK_AND_ASSIGN(auto rows, Read("snapshot-repartitioned", v));
    EXPECT_EQ(rows, want[v]) << "version " << v;
  }
  ASSERT_OK_AND_ASSIGN(auto latest, Read("snapshot-data2-deleted", std::nullopt));
  EXPECT_EQ(latest, want[4]);
  // Vacuumed: the latest version still reads; older versions lost their files.
  ASSERT_OK_AND_ASSIGN(auto vacuumed, Read("snapshot-vacuumed", std::nullopt));
  EXPECT_EQ(vacuumed, want[5]);
  EXPECT_FALSE(Read("snapshot-vacuumed", 1).ok());
}

TEST_F(DeltaGoldenTest, InsertsAndDeletesAcrossACheckpoint) {
  // Generator: five appends of 10 ids, deletes of x5..x9, appends 50..79, delete id >= 66.
  auto range = [](int a, int b) { return IdRange(a, b); };
  std::vector<std::string> v4 = range(0, 50);
  ASSERT_OK_AND_ASSIGN(auto at4, Read("basic-with-inserts-deletes-checkpoint", 4));
  EXPECT_EQ(at4, Sorted(v4));
  std::vector<std::string> v9 =
      Concat({range(0, 5), range(10, 15), range(20, 25), range(30, 35), range(40, 45)});
  ASSERT_OK_AND_ASSIGN(auto at9, Read("basic-with-inserts-deletes-checkpoint", 9));
  EXPECT_EQ(at9, v9);
  ASSERT_OK_AND_ASSIGN(auto at10, Read("basic-with-inserts-deletes-checkpoint", 10));
  EXPECT_EQ(at10, Concat({v9, range(50, 60)}));
  ASSERT_OK_AND_ASSIGN(auto at12, Read("basic-with-inserts-deletes-checkpoint", 12));
  EXPECT_EQ(at12, Concat({v9, range(50, 80)}));
  ASSERT_OK_AND_ASSIGN(auto latest, Read("basic-with-inserts-deletes-checkpoint", std::nullopt));
  EXPECT_EQ(latest, Concat({v9, range(50, 66)}));
}

TEST_F(DeltaGoldenTest, MultiPartCheckpoint) {
  // range(1) then range(30) in 9 files, checkpoint every commit, 5 actions per part.
  ASSERT_OK_AND_ASSIGN(auto table, OpenGolden("multi-part-checkpoint"));
  ASSERT_OK_AND_ASSIGN(auto snap, table->Latest());
  EXPECT_EQ(snap->version(), 1);
  EXPECT_EQ(snap->files().size(), 10u);
  ASSERT_OK_AND_ASSIGN(auto rows, Read("multi-part-checkpoint", std::nullopt));
  EXPECT_EQ(rows, Concat({IdRange(0, 1), IdRange(0, 30)}));
  ASSERT_OK_AND_ASSIGN(auto v0, Read("multi-part-checkpoint", 0));
  EXPECT_EQ(v0, IdRange(0, 1));
}

TEST_F(DeltaGoldenTest, LogOnlyCheckpointTables) {
  // checkpoint: commit i adds file "i" and removes "i-1" (i = 1..15); checkpoint at 10.
  ASSERT_OK_AND_ASSIGN(auto table, OpenGolden("checkpoint"));
  for (int64_t v : {0, 9, 10, 11, 14}) {
    ASSERT_OK_AND_ASSIGN(auto snap, table->At({.version = v}));
    ASSERT_EQ(snap->files().size(), 1u) << v;
    EXPECT_EQ(snap->files()[0].path, std::to_string(v + 1));
  }
  // corrupted-last-checkpoint: files 0..10, with an unreadable _last_checkpoint.
  ASSERT_OK_AND_ASSIGN(auto corrupted, OpenGolden("corrupted-last-checkpoint"));
  ASSERT_OK_AND_ASSIGN(auto csnap, corrupted->Latest());
  EXPECT_EQ(csnap->files().size(), 11u);
  // delete-re-add-same-file-different-transactions: foo re-added after its removal, plus bar.
  ASSERT_OK_AND_ASSIGN(auto readd, OpenGolden("delete-re-add-same-file-different-transactions"));
  ASSERT_OK_AND_ASSIGN(auto rsnap, readd->Latest());
  ASSERT_EQ(rsnap->files().size(), 2u);
  EXPECT_EQ(rsnap->files()[0].path, "bar");
  EXPECT_EQ(rsnap->files()[1].path, "foo");
  EXPECT_EQ(rsnap->files()[1].modification_time, 1700000000000);
  // update-deleted-directory: ten files in one commit, then a checkpoint at version 0.
  ASSERT_OK_AND_ASSIGN(auto upd, OpenGolden("update-deleted-directory"));
  ASSERT_OK_AND_ASSIGN(auto usnap, upd->Latest());
  EXPECT_EQ(usnap->files().size(), 10u);
}

TEST_F(DeltaGoldenTest, CorruptLogsFailCleanly) {
  auto gap = OpenGolden("versions-not-contiguous");
  if (gap.ok()) {
    auto snap = (*gap)->Latest();
    EXPECT_TRUE(snap.status().IsCorruption()) << snap.status().ToString();
  }
  for (const char* name : {"deltalog-state-reconstruction-without-protocol",
                           "deltalog-state-reconstruction-without-metadata",
                           "deltalog-state-reconstruction-from-checkpoint-missing-protocol",
                           "deltalog-state-reconstruction-from-checkpoint-missing-metadata"}) {
    ASSERT_OK_AND_ASSIGN(auto t, OpenGolden(name));
    auto snap = t->Latest();
    EXPECT_FALSE(snap.ok()) << name;
    EXPECT_TRUE(snap.status().IsCorruption()) << name << ": " << snap.status().ToString();
  }
  ASSERT_OK_AND_ASSIGN(auto future, OpenGolden("deltalog-invalid-protocol-version"));
  auto fsnap = future->Latest();
  EXPECT_TRUE(fsnap.status().IsNotSupported()) << fsnap.status().ToString();
  EXPECT_NE(fsnap.status().message().find("99"), std::string::npos);
}

TEST_F(DeltaGoldenTest, TimeTravelByVersionAndCommitTimestamp) {
  // generateCommits: version v appends range(v * 10, v * 10 + 10).
  const std::string name = "time-travel-start-start20-start40";
  for (int64_t v = 0; v < 3; ++v) {
    ASSERT_OK_AND_ASSIGN(auto rows, Read(name, v));
    EXPECT_EQ(rows, Sorted(IdRange(0, 10 * (v + 1)))) << v;
  }
  ASSERT_OK_AND_ASSIGN(auto table, OpenGolden(name));
  // commitInfo timestamps in the log: 1603724019870, 1603724021190, 1603724022561.
  ASSERT_OK_AND_ASSIGN(auto s0, table->At({.timestamp_ms = 1603724021189}));
  EXPECT_EQ(s0->version(), 0);
  ASSERT_OK_AND_ASSIGN(auto s1, table->At({.timestamp_ms = 1603724021190}));
  EXPECT_EQ(s1->version(), 1);
  ASSERT_OK_AND_ASSIGN(auto s2, table->At({.timestamp_ms = 1703724021190}));
  EXPECT_EQ(s2->version(), 2);
  EXPECT_TRUE(table->At({.timestamp_ms = 1603724019869}).status().IsNotFound());
}

TEST_F(DeltaGoldenTest, SchemaAndPartitionChangesUseTheVersionsSchema) {
  // schema-changes-b: v0 range(10) as id; v1 range(10, 20) with part = id (mergeSchema).
  ASSERT_OK_AND_ASSIGN(auto v0, Read("time-travel-schema-changes-b", 0));
  EXPECT_EQ(v0, Sorted(IdRange(0, 10)));
  ASSERT_OK_AND_ASSIGN(auto v1, Read("time-travel-schema-changes-b", 1));
  std::vector<std::string> want;
  for (int i = 0; i < 10; ++i) want.push_back(std::to_string(i) + "|null");
  for (int i = 10; i < 20; ++i) want.push_back(std::to_string(i) + "|" + std::to_string(i));
  EXPECT_EQ(v1, Sorted(want));
  // partition-changes-b: v0 partitioned by part5 = id % 5; v1 overwrite by part2 = id % 2.
  ASSERT_OK_AND_ASSIGN(auto p0, Read("time-travel-partition-changes-b", 0));
  want.clear();
  for (int i = 0; i < 10; ++i) want.push_back(std::to_string(i) + "|" + std::to_string(i % 5));
  EXPECT_EQ(p0, Sorted(want));
  ASSERT_OK_AND_ASSIGN(auto p1, Read("time-travel-partition-changes-b", 1));
  want.clear();
  for (int i = 10; i < 20; ++i) want.push_back(std::to_string(i) + "|" + std::to_string(i % 2));
  EXPECT_EQ(p1, Sorted(want));
}

TEST_F(DeltaGoldenTest, PartitionedHiveTablesAndEscapedPaths) {
  // deltatbl-partition-prune: (city, date, name, cnt) partitioned by date, city.
  ASSERT_OK_AND_ASSIGN(auto rows,
                       Read("hive/deltatbl-partition-prune", std::nullopt,
                            {"city", "date", "name", "cnt"}));
  EXPECT_EQ(rows, Sorted({"hz|20180520|Jim|3", "hz|20180718|Jone|7", "bj|20180520|Trump|1",
                          "sh|20180512|Jay|4", "sz|20181212|Linda|8"}));
  ASSERT_OK_AND_ASSIGN(auto table, OpenGolden("hive/deltatbl-partition-prune"));
  ScanOptions opts;
  opts.predicate = *format::Predicate::Parse("city = 'hz' AND date = '20180520'");
  ASSERT_OK_AND_ASSIGN(ScanResult pruned, table->Scan(opts));
  EXPECT_EQ(pruned.files_read, 1);
  EXPECT_EQ(pruned.batch.num_rows, 1);
  // Special characters in partition values: "+ =%0" / "+ =%1".
  ASSERT_OK_AND_ASSIGN(auto special,
                       Read("hive/deltatbl-special-chars-in-partition-column", std::nullopt));
  std::vector<std::string> want_special;
  for (int x = 0; x < 10; ++x) want_special.push_back(std::to_string(x) + "|+ =%" + std::to_string(x % 2));
  EXPECT_EQ(special, Sorted(want_special));
  // data-reader-escaped-chars: three appends partitioned by _2 = "bar+%21" ...
  ASSERT_OK_AND_ASSIGN(auto escaped, Read("data-reader-escaped-chars", std::nullopt));
  EXPECT_EQ(escaped, Sorted({"foo1|bar+%21", "foo2|bar+%22", "foo3|bar+%23"}));
}

TEST_F(DeltaGoldenTest, PrimitiveTypesWithNulls) {
  // createRow(i) for i in 0..9 plus one all-null row.
  ASSERT_OK_AND_ASSIGN(auto rows, Read("data-reader-primitives", std::nullopt));
  std::vector<std::string> want = {"null|null|null|null|null|null|null|null|null|null"};
  for (int i = 0; i < 10; ++i) {
    std::string s = std::to_string(i);
    std::string bin = std::string(1, static_cast<char>(i)) + std::string(1, static_cast<char>(i));
    want.push_back(s + "|" + s + "|" + s + "|" + s + "|" + (i % 2 == 0 ? "true" : "false") + "|" +
                   s + "|" + s + "|" + s + "|" + bin + "|" + s);
  }
  EXPECT_EQ(rows, Sorted(want));
}

TEST_F(DeltaGoldenTest, DecimalsOfEveryPhysicalType) {
  // basic-decimal-table: part decimal(12,5) partition, col1 (5,2) int32, col2 (10,5) int64,
  // col3 (20,10) fixed binary.
  ASSERT_OK_AND_ASSIGN(auto rows, Read("basic-decimal-table", std::nullopt));
  EXPECT_EQ(rows, Sorted({"234.00000|1.00|2.00000|3.0000000000",
                          "2342222.23454|111.11|22222.22222|3333333333.3333333333",
                          "0.00004|0.00|0.00000|0.0000000000",
                          "-2342342.23423|-999.99|-99999.99999|-9999999999.9999999999"}));
  ASSERT_OK_AND_ASSIGN(auto big, Read("124-decimal-decode-bug", std::nullopt));
  EXPECT_EQ(big, std::vector<std::string>{"1000000"});
}

TEST_F(DeltaGoldenTest, EmptyCommitsAndManyVersions) {
  // 125-iterator-bug: twelve appends, most empty, of 1..5.
  ASSERT_OK_AND_ASSIGN(auto rows, Read("125-iterator-bug", std::nullopt));
  EXPECT_EQ(rows, Sorted({"1", "2", "3", "4", "5"}));
  // corrupted-last-checkpoint-kernel: 11 appends of range(10), then overwrite with range(100).
  ASSERT_OK_AND_ASSIGN(auto v10, Read("corrupted-last-checkpoint-kernel", 10));
  EXPECT_EQ(v10.size(), 110u);
  ASSERT_OK_AND_ASSIGN(auto latest, Read("corrupted-last-checkpoint-kernel", std::nullopt));
  EXPECT_EQ(latest, Sorted(IdRange(0, 100)));
}

TEST_F(DeltaGoldenTest, TimestampsOfEveryParquetEncoding) {
  // writeBasicTimestampTable in UTC: (id, part, time) partitioned by part; written as INT96,
  // TIMESTAMP_MICROS and TIMESTAMP_MILLIS.
  std::vector<std::string> want = Sorted({
      "0|2020-01-01 08:09:10.001000|2020-02-01 08:09:10.000000",
      "1|2021-10-01 08:09:20.000000|1999-01-01 09:00:00.000000",
      "2|2021-10-01 08:09:20.000000|2000-01-01 09:00:00.000000",
      "3|1969-01-01 00:00:00.000000|1969-01-01 00:00:00.000000",
      "4|null|null"});
  for (const char* name : {"kernel-timestamp-INT96", "kernel-timestamp-TIMESTAMP_MICROS",
                           "kernel-timestamp-TIMESTAMP_MILLIS"}) {
    ASSERT_OK_AND_ASSIGN(auto rows, Read(name, std::nullopt, {"id", "part", "time"}));
    EXPECT_EQ(rows, want) << name;
  }
  // data-reader-date-types-UTC: Timestamp.valueOf("2020-01-01 08:09:10"), Date "2020-01-01".
  ASSERT_OK_AND_ASSIGN(auto utc, Read("data-reader-date-types-UTC", std::nullopt));
  EXPECT_EQ(utc, std::vector<std::string>{"2020-01-01 08:09:10.000000|2020-01-01"});
}

TEST_F(DeltaGoldenTest, PartitionValuesOfEveryTypeAndNestedData) {
  // data-reader-partition-values: createRow(0), createRow(1) and a row whose twelve partition
  // values are null. as_timestamp is left out: its partition text has no zone and was written in
  // America/Los_Angeles, which a reader cannot know (Strata reads such values as UTC).
  std::vector<std::string> cols = {"as_int", "as_long", "as_byte", "as_short", "as_boolean",
                                   "as_float", "as_double", "as_string", "as_string_lit_null",
                                   "as_date", "as_big_decimal", "as_list_of_records",
                                   "as_nested_struct", "value"};
  ASSERT_OK_AND_ASSIGN(auto rows, Read("data-reader-partition-values", std::nullopt, cols));
  std::vector<std::string> want;
  for (int i = 0; i < 2; ++i) {
    std::string s = std::to_string(i);
    want.push_back(s + "|" + s + "|" + s + "|" + s + "|" + (i % 2 == 0 ? "true" : "false") + "|" +
                   s + "|" + s + "|" + s + "|null|2021-09-08|" + s + "|[{" + s + "},{" + s +
                   "},{" + s + "}]|{" + s + "," + s + ",{" + s + "," + s + "}}|" + s);
  }
  want.push_back("null|null|null|null|null|null|null|null|null|null|null|[{2},{2},{2}]|"
                 "{2,2,{2,2}}|2");
  EXPECT_EQ(rows, Sorted(want));
  // data-reader-nested-struct: Row(Row(i, i, Row(i, i)), i).
  ASSERT_OK_AND_ASSIGN(auto nested, Read("data-reader-nested-struct", std::nullopt));
  std::vector<std::string> want_nested;
  for (int i = 0; i < 10; ++i) {
    std::string s = std::to_string(i);
    want_nested.push_back("{" + s + "," + s + ",{" + s + "," + s + "}}|" + s);
  }
  EXPECT_EQ(nested, Sorted(want_nested));
}

TEST_F(DeltaGoldenTest, StrataWritesIntoADeltaWrittenTable) {
  // A copy of snapshot-data3 (30 rows: data-2-0..9 and data-3-0..19, col1 int, col2 string).
  std::string dir = testing::MakeTempDir("golden-copy");
  std::filesystem::copy(GoldenDir() + "snapshot-data3", dir,
                        std::filesystem::copy_options::recursive);
  for (auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
  }
  io::RegisterBuiltinStores();
  ASSERT_OK_AND_ASSIGN(auto store, io::OpenStore(dir));
  ASSERT_OK_AND_ASSIGN(auto table, Table::Open(store, ""));
  ASSERT_OK_AND_ASSIGN(auto before, table->Latest());
  format::RecordBatch batch;
  batch.schema = before->schema();
  format::Column c1 = format::MakeColumn(before->schema().field(0).type);
  format::Column c2 = format::MakeColumn(before->schema().field(1).type);
  for (int i = 0; i < 3; ++i) {
    c1.Append<int32_t>(100 + i);
    c2.AppendBinary("strata-" + std::to_string(i));
  }
  batch.columns = {std::move(c1), std::move(c2)};
  batch.num_rows = 3;
  ASSERT_OK_AND_ASSIGN(AppendResult appended, table->Append({batch}));
  EXPECT_EQ(appended.version, 4);
  // Delete rewrites Delta's own files (copy-on-write) and keeps the rest.
  ASSERT_OK_AND_ASSIGN(DeleteResult deleted,
                       table->Delete(*format::Predicate::Parse("col2 = 'data-3-5' OR col1 = 101")));
  EXPECT_EQ(deleted.rows_deleted, 2);
  ASSERT_OK_AND_ASSIGN(ScanResult all, table->Scan());
  std::vector<std::string> want = SnapshotRows(2, 10);
  for (const std::string& r : SnapshotRows(3, 20)) {
    if (r != "5|data-3-5") want.push_back(r);
  }
  want.push_back("100|strata-0");
  want.push_back("102|strata-2");
  EXPECT_EQ(Rows(all.batch), Sorted(want));
  ScanOptions old;
  old.at.version = 3;
  ASSERT_OK_AND_ASSIGN(ScanResult v3, table->Scan(old));
  EXPECT_EQ(Rows(v3.batch), Concat({SnapshotRows(2, 10), SnapshotRows(3, 20)}));
}

TEST_F(DeltaGoldenTest, UnsupportedFeaturesAreRefusedByName) {
  struct Case {
    const char* table;
    const char* feature;
  };
  for (const Case& c : {Case{"dv-partitioned-with-checkpoint", "deletionVectors"},
                        Case{"dv-with-columnmapping", "deletionVectors"},
                        Case{"table-with-columnmapping-mode-name", "columnMapping"},
                        Case{"table-with-columnmapping-mode-id", "columnMapping"},
                        Case{"log-replay-dv-key-cases", "deletionVectors"},
                        Case{"v2-checkpoint-parquet", "v2Checkpoint"},
                        Case{"spark-variant-checkpoint", "variantType"}}) {
    ASSERT_OK_AND_ASSIGN(auto t, OpenGolden(c.table));
    auto scan = t->Scan();
    ASSERT_FALSE(scan.ok()) << c.table;
    EXPECT_TRUE(scan.status().IsNotSupported()) << c.table << ": " << scan.status().ToString();
    EXPECT_NE(scan.status().message().find(c.feature), std::string::npos)
        << c.table << ": " << scan.status().ToString();
  }
}

}  // namespace
}  // namespace strata::table
