// Files written by Strata's Parquet writer, read back by DuckDB (through the node peer
// tests/peers/duckdb_query.mjs) and compared with the values the test generated: every column
// type and codec the writer supports, nulls, empty strings, 384-d vectors, list<string> with
// null and empty lists, a Delta-checkpoint-like struct/map shape and multiple row groups.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "format/column.h"
#include "format/parquet/compression.h"
#include "format/parquet/writer.h"
#include "io/object_store.h"
#include "testing/duckdb_peer.h"
#include "testing/test_data.h"

namespace strata::format::parquet {
namespace {

using nlohmann::json;
using OptStr = std::optional<std::string>;

// --- Column building helpers. ---

void AppendStr(Column& c, const OptStr& v) {
  if (v) {
    c.AppendBinary(*v);
  } else {
    c.AppendNull();
  }
}

// Close a valid row of a struct column whose children were appended.
void EndStructRow(Column& s) {
  if (!s.mutable_validity().empty()) s.mutable_validity().push_back(1);
  s.set_length(s.length() + 1);
}

void AppendMap(Column& m, const std::vector<std::pair<std::string, OptStr>>& kvs) {
  for (const auto& [k, v] : kvs) {
    m.mutable_children()[0].AppendBinary(k);
    AppendStr(m.mutable_children()[1], v);
  }
  m.AppendListEnd();
}

json MapJson(const std::vector<std::pair<std::string, OptStr>>& kvs) {
  json out = json::array();
  for (const auto& [k, v] : kvs) out.push_back({{"key", k}, {"value", v ? json(*v) : json()}});
  return out;
}

json StrJson(const OptStr& v) { return v ? json(*v) : json(); }

class ParquetDuckdbWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    STRATA_REQUIRE_DUCKDB_PEER();
    dir_ = testing::MakeTempDir("parquet-duckdb");
    ASSERT_OK_AND_ASSIGN(store_, io::OpenStore(dir_));
  }

  std::string PathOf(const std::string& name) const { return dir_ + "/" + name; }

  // Run `sql` in DuckDB; returns {"columns", "types", "rows"}.
  json Query(const std::string& sql) { return testing::DuckDbQuery(sql, dir_); }

  void Write(const std::string& name, const RecordBatch& batch, const WriteOptions& options) {
    ASSERT_OK(batch.Validate());
    ASSERT_OK_AND_ASSIGN(WrittenFile written, WriteFile(*store_, name, batch, options));
    EXPECT_EQ(written.num_rows, batch.num_rows);
  }

  std::string dir_;
  std::shared_ptr<io::ObjectStore> store_;
};

// --- Flat columns of every type. ---

struct FlatData {
  RecordBatch batch;
  std::vector<json> rows;  // as DuckDB prints the query in FlatQuery()
};

FlatData MakeFlat(int64_t n) {
  Schema schema({{"id", Int64(), false},      {"b", Bool(), true},      {"i32", Int32(), true},
                 {"f", Float32(), false},     {"d", Float64(), true},   {"s", String(), true},
                 {"text", String(), false},   {"bin", Binary(), true},  {"dt", Date(), true},
                 {"ts", TimestampMicros(), true}});
  FlatData out;
  out.batch.schema = schema;
  for (const Field& f : schema.fields()) out.batch.columns.push_back(MakeColumn(f.type));
  auto& c = out.batch.columns;
  for (int64_t i = 0; i < n; ++i) {
    json row = json::array();
    c[0].Append<int64_t>(i * 1000003 - 7);
    row.push_back(std::to_string(i * 1000003 - 7));
    if (i % 7 == 3) {
      c[1].AppendNull(), row.push_back(nullptr);
    } else {
      c[1].Append<uint8_t>(i % 3 == 0), row.push_back(i % 3 == 0);
    }
    if (i % 11 == 5) {
      c[2].AppendNull(), row.push_back(nullptr);
    } else {
      int32_t v = static_cast<int32_t>((i * 7919) % 1000 - 500);
      c[2].Append<int32_t>(v), row.push_back(v);
    }
    float f = static_cast<float>(i) * 0.37f - 100.0f;
    c[3].Append<float>(f), row.push_back(static_cast<double>(f));
    if (i % 13 == 0) {
      c[4].Append<double>(std::nan("")), row.push_back("NaN");
    } else if (i % 13 == 1) {
      c[4].AppendNull(), row.push_back(nullptr);
    } else {
      c[4].Append<double>(i / 3.0), row.push_back(i / 3.0);
    }
    OptStr s = i % 5 == 4 ? OptStr() : i % 5 == 0 ? OptStr("") : OptStr("v" + std::to_string(i % 17));
    AppendStr(c[5], s), row.push_back(StrJson(s));
    std::string text = "row " + std::to_string(i) + " " + std::string(static_cast<size_t>(i % 40), 'x');
    c[6].AppendBinary(text), row.push_back(text);
    if (i % 9 == 2) {
      c[7].AppendNull(), row.push_back(nullptr);
    } else {
      std::string bytes = {static_cast<char>(i % 256), '\0', static_cast<char>(0xFF)};
      c[7].AppendBinary(bytes);
      char hex[8];
      std::snprintf(hex, sizeof(hex), "%02X00FF", static_cast<unsigned>(i % 256));
      row.push_back(hex);
    }
    int32_t days = static_cast<int32_t>(19000 + i - n / 2);
    c[8].Append<int32_t>(days), row.push_back(days);
    if (i % 4 == 1) {
      c[9].AppendNull(), row.push_back(nullptr);
    } else {
      int64_t us = 1700000000000000 + i * 1000003;
      c[9].Append<int64_t>(us), row.push_back(std::to_string(us));
    }
    out.rows.push_back(row);
  }
  out.batch.num_rows = n;
  return out;
}

std::string FlatQuery(const std::string& path) {
  return "SELECT id, b, i32, f, d, s, text, hex(bin), CAST(dt - DATE '1970-01-01' AS INTEGER), "
         "epoch_us(ts) FROM read_parquet('" + path + "')";
}

TEST_F(ParquetDuckdbWriteTest, FlatColumnsInEveryCodec) {
  FlatData data = MakeFlat(5000);
  for (CompressionCodec codec :
       {CompressionCodec::kUncompressed, CompressionCodec::kSnappy, CompressionCodec::kGzip,
        CompressionCodec::kZstd, CompressionCodec::kLz4Raw, CompressionCodec::kBrotli}) {
    SCOPED_TRACE(std::string(CodecName(codec)));
    WriteOptions options;
    options.codec = codec;
    options.row_group_bytes = 64 << 10;
    options.data_page_bytes = 4 << 10;
    options.dictionary_page_bytes = 2 << 10;  // `text` falls back to PLAIN mid-chunk
    std::string name = "flat_" + std::string(CodecName(codec)) + ".parquet";
    Write(name, data.batch, options);
    json got = Query(FlatQuery(PathOf(name)));
    ASSERT_EQ(got["rows"].size(), data.rows.size());
    for (size_t r = 0; r < data.rows.size(); ++r) {
      ASSERT_EQ(got["rows"][r], data.rows[r]) << "row " << r;
    }
    json meta = Query("SELECT count(DISTINCT row_group_id), list(DISTINCT compression) FROM "
                      "parquet_metadata('" + PathOf(name) + "')");
    EXPECT_GT(std::stoll(meta["rows"][0][0].get<std::string>()), 3);
  }
}

TEST_F(ParquetDuckdbWriteTest, LogicalTypesAsDuckdbSeesThem) {
  FlatData data = MakeFlat(10);
  Write("types.parquet", data.batch, {});
  json got = Query("SELECT * FROM read_parquet('" + PathOf("types.parquet") + "') LIMIT 0");
  EXPECT_EQ(got["types"], json({"BIGINT", "BOOLEAN", "INTEGER", "FLOAT", "DOUBLE", "VARCHAR",
                                "VARCHAR", "BLOB", "DATE", "TIMESTAMP WITH TIME ZONE"}));
}

TEST_F(ParquetDuckdbWriteTest, StatisticsMatchEachRowGroup) {
  FlatData data = MakeFlat(5000);
  WriteOptions options;
  options.row_group_bytes = 64 << 10;
  Write("stats.parquet", data.batch, options);
  json got = Query("SELECT row_group_id, row_group_num_rows, path_in_schema, stats_min_value, "
                   "stats_max_value, stats_null_count FROM parquet_metadata('" +
                   PathOf("stats.parquet") + "') WHERE path_in_schema IN ('id', 's') "
                   "ORDER BY row_group_id, path_in_schema");
  ASSERT_GT(got["rows"].size(), 2u);
  int64_t start = 0;
  for (const json& row : got["rows"]) {
    int64_t rows = std::stoll(row[1].get<std::string>());
    if (row[2] == "id") {
      EXPECT_EQ(row[3], std::to_string(start * 1000003 - 7));
      EXPECT_EQ(row[4], std::to_string((start + rows - 1) * 1000003 - 7));
      EXPECT_EQ(row[5], "0");
      continue;
    }
    std::string lo = "\xff", hi;
    int64_t nulls = 0;
    for (int64_t i = start; i < start + rows; ++i) {
      if (data.rows[i][5].is_null()) {
        ++nulls;
        continue;
      }
      std::string v = data.rows[i][5];
      lo = std::min(lo, v), hi = std::max(hi, v);
    }
    EXPECT_EQ(row[3], lo);
    EXPECT_EQ(row[4], hi);
    EXPECT_EQ(row[5], std::to_string(nulls));
    start += rows;
  }
  EXPECT_EQ(start, 5000);
}

// --- Lists: 384-d vectors and list<string> with null and empty lists. ---

TEST_F(ParquetDuckdbWriteTest, VectorsAndStringLists) {
  constexpr int kDim = 384;
  const int64_t n = 1500;
  Schema schema({{"id", Int64(), false},
                 {"vec", ListOf(Float32(), false), true},
                 {"emb", ListOf(Float32(), false), false},
                 {"tags", ListOf(String(), true), true}});
  RecordBatch batch{schema, {}, n};
  for (const Field& f : schema.fields()) batch.columns.push_back(MakeColumn(f.type));
  auto& c = batch.columns;
  std::vector<json> rows;
  for (int64_t i = 0; i < n; ++i) {
    json row = json::array({std::to_string(i)});
    c[0].Append<int64_t>(i);
    if (i % 50 == 7) {
      c[1].AppendNull(), row.push_back(nullptr);
    } else {
      json vec = json::array();
      for (int k = 0; k < kDim; ++k) {
        float v = static_cast<float>((i * kDim + k) % 1000) * 0.001f - 0.5f;
        c[1].mutable_children()[0].Append<float>(v);
        vec.push_back(static_cast<double>(v));
      }
      c[1].AppendListEnd(), row.push_back(vec);
    }
    json emb = json::array();
    for (int k = 0; k < static_cast<int>(i % 4); ++k) {  // 0..3 elements, never null
      c[2].mutable_children()[0].Append<float>(static_cast<float>(k) + 0.5f);
      emb.push_back(k + 0.5);
    }
    c[2].AppendListEnd(), row.push_back(emb);
    Column& elems = c[3].mutable_children()[0];
    std::vector<OptStr> tags;
    switch (i % 6) {
      case 0: c[3].AppendNull(); break;
      case 1: break;
      case 2: tags = {"a"}; break;
      case 3: tags = {"", OptStr(), "x" + std::to_string(i)}; break;
      case 4: tags = {"t" + std::to_string(i % 10), "u"}; break;
      default: tags = {OptStr()};
    }
    if (i % 6 == 0) {
      row.push_back(nullptr);
    } else {
      json arr = json::array();
      for (const OptStr& t : tags) AppendStr(elems, t), arr.push_back(StrJson(t));
      c[3].AppendListEnd(), row.push_back(arr);
    }
    rows.push_back(row);
  }
  for (CompressionCodec codec : {CompressionCodec::kZstd, CompressionCodec::kSnappy}) {
    SCOPED_TRACE(std::string(CodecName(codec)));
    WriteOptions options;
    options.codec = codec;
    options.row_group_bytes = 512 << 10;
    options.data_page_bytes = 64 << 10;
    std::string name = "lists_" + std::string(CodecName(codec)) + ".parquet";
    Write(name, batch, options);
    json got = Query("SELECT id, vec, emb, tags FROM read_parquet('" + PathOf(name) + "')");
    ASSERT_EQ(got["types"], json({"BIGINT", "FLOAT[]", "FLOAT[]", "VARCHAR[]"}));
    ASSERT_EQ(got["rows"].size(), rows.size());
    for (size_t r = 0; r < rows.size(); ++r) ASSERT_EQ(got["rows"][r], rows[r]) << "row " << r;
    json groups = Query("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" +
                        PathOf(name) + "')");
    EXPECT_GT(std::stoll(groups["rows"][0][0].get<std::string>()), 1);
  }
}

// --- Structs and maps in the shape of a Delta checkpoint. ---

TypePtr StringMap() { return MapOf(String(), String(), true); }

Schema CheckpointSchema() {
  TypePtr add = StructOf({{"path", String(), false},
                          {"partitionValues", StringMap(), true},
                          {"size", Int64(), false},
                          {"modificationTime", Int64(), false},
                          {"dataChange", Bool(), false},
                          {"stats", String(), true},
                          {"tags", StringMap(), true}});
  TypePtr remove = StructOf({{"path", String(), false},
                             {"deletionTimestamp", Int64(), true},
                             {"dataChange", Bool(), false}});
  TypePtr format = StructOf({{"provider", String(), false}, {"options", StringMap(), true}});
  TypePtr meta = StructOf({{"id", String(), false},
                           {"format", format, true},
                           {"schemaString", String(), true},
                           {"partitionColumns", ListOf(String(), false), true},
                           {"configuration", StringMap(), true},
                           {"createdTime", Int64(), true}});
  TypePtr protocol =
      StructOf({{"minReaderVersion", Int32(), false}, {"minWriterVersion", Int32(), false}});
  TypePtr txn = StructOf(
      {{"appId", String(), false}, {"version", Int64(), false}, {"lastUpdated", Int64(), true}});
  return Schema({{"txn", txn, true},
                 {"add", add, true},
                 {"remove", remove, true},
                 {"metaData", meta, true},
                 {"protocol", protocol, true}});
}

// Append one checkpoint row with exactly one action set (`which`: 0 txn .. 4 protocol).
json AppendAction(std::vector<Column>& c, int which, int64_t i) {
  json row = json::array({nullptr, nullptr, nullptr, nullptr, nullptr});
  for (int f = 0; f < 5; ++f) {
    if (f != which) c[f].AppendNull();
  }
  auto& ch = c[which].mutable_children();
  if (which == 0) {
    ch[0].AppendBinary("app-" + std::to_string(i));
    ch[1].Append<int64_t>(i);
    if (i % 2) ch[2].AppendNull(); else ch[2].Append<int64_t>(1000 + i);
    row[0] = {{"appId", "app-" + std::to_string(i)}, {"version", std::to_string(i)},
              {"lastUpdated", i % 2 ? json() : json(std::to_string(1000 + i))}};
  } else if (which == 1) {
    std::vector<std::pair<std::string, OptStr>> pv = {{"date", "2024-01-0" + std::to_string(i % 9 + 1)},
                                                      {"region", i % 3 ? OptStr("eu") : OptStr()}};
    std::string path = "part-" + std::to_string(i) + ".parquet";
    std::string stats = "{\"numRecords\":" + std::to_string(i) + "}";
    ch[0].AppendBinary(path);
    AppendMap(ch[1], pv);
    ch[2].Append<int64_t>(i * 100);
    ch[3].Append<int64_t>(1700000000000 + i);
    ch[4].Append<uint8_t>(1);
    AppendStr(ch[5], stats);
    json tags = nullptr;
    if (i % 4 == 0) {
      ch[6].AppendNull();
    } else {
      std::vector<std::pair<std::string, OptStr>> kv;
      if (i % 4 == 2) kv = {{"owner", "x"}};
      AppendMap(ch[6], kv);
      tags = MapJson(kv);
    }
    row[1] = {{"path", path}, {"partitionValues", MapJson(pv)}, {"size", std::to_string(i * 100)},
              {"modificationTime", std::to_string(1700000000000 + i)}, {"dataChange", true},
              {"stats", stats}, {"tags", tags}};
  } else if (which == 2) {
    ch[0].AppendBinary("old-" + std::to_string(i));
    ch[1].Append<int64_t>(5 * i);
    ch[2].Append<uint8_t>(0);
    row[2] = {{"path", "old-" + std::to_string(i)}, {"deletionTimestamp", std::to_string(5 * i)},
              {"dataChange", false}};
  } else if (which == 3) {
    ch[0].AppendBinary("table-id");
    Column& format = ch[1];
    format.mutable_children()[0].AppendBinary("parquet");
    AppendMap(format.mutable_children()[1], {});
    EndStructRow(format);
    AppendStr(ch[2], OptStr("{\"type\":\"struct\"}"));
    ch[3].mutable_children()[0].AppendBinary("date");
    ch[3].AppendListEnd();
    AppendMap(ch[4], {{"delta.checkpointInterval", "10"}, {"k", OptStr()}});
    ch[5].AppendNull();
    row[3] = {{"id", "table-id"},
              {"format", {{"provider", "parquet"}, {"options", json::array()}}},
              {"schemaString", "{\"type\":\"struct\"}"},
              {"partitionColumns", {"date"}},
              {"configuration", MapJson({{"delta.checkpointInterval", "10"}, {"k", OptStr()}})},
              {"createdTime", nullptr}};
  } else {
    ch[0].Append<int32_t>(1);
    ch[1].Append<int32_t>(2);
    row[4] = {{"minReaderVersion", 1}, {"minWriterVersion", 2}};
  }
  EndStructRow(c[which]);
  return row;
}

TEST_F(ParquetDuckdbWriteTest, CheckpointShapedStructsAndMaps) {
  Schema schema = CheckpointSchema();
  RecordBatch batch{schema, {}, 0};
  for (const Field& f : schema.fields()) batch.columns.push_back(MakeColumn(f.type));
  std::vector<json> rows;
  rows.push_back(AppendAction(batch.columns, 4, 0));
  rows.push_back(AppendAction(batch.columns, 3, 1));
  for (int64_t i = 2; i < 400; ++i) {
    rows.push_back(AppendAction(batch.columns, i % 7 == 0 ? 2 : i % 50 == 1 ? 0 : 1, i));
  }
  batch.num_rows = static_cast<int64_t>(rows.size());
  WriteOptions options;
  options.row_group_bytes = 16 << 10;
  Write("checkpoint.parquet", batch, options);
  json got = Query("SELECT txn, add, remove, metaData, protocol FROM read_parquet('" +
                   PathOf("checkpoint.parquet") + "')");
  ASSERT_EQ(got["rows"].size(), rows.size());
  for (size_t r = 0; r < rows.size(); ++r) ASSERT_EQ(got["rows"][r], rows[r]) << "row " << r;
  // Projection of a nested field, as Delta log replay does.
  json paths = Query("SELECT count(add.path), count(remove.path), sum(add.size) FROM read_parquet('" +
                     PathOf("checkpoint.parquet") + "')");
  int64_t adds = 0, size = 0;
  for (const json& row : rows) {
    if (!row[1].is_null()) ++adds, size += std::stoll(row[1]["size"].get<std::string>());
  }
  EXPECT_EQ(paths["rows"][0][0], std::to_string(adds));
  EXPECT_EQ(paths["rows"][0][2], std::to_string(size));
}

}  // namespace
}  // namespace strata::format::parquet
