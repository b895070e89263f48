#include "table/actions.h"

#include <gtest/gtest.h>

#include "table/delta_schema.h"
#include "table/file_stats.h"
#include "table/log_files.h"
#include "testing/test_data.h"

namespace strata::table {
namespace {

// Lines from Delta's own golden table snapshot-data1 (00000000000000000000.json).
constexpr const char* kDeltaCommit =
    R"({"commitInfo":{"timestamp":1603723967632,"operation":"WRITE","operationParameters":{"mode":"Append","partitionBy":"[]"},"isBlindAppend":true}}
{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}
{"metaData":{"id":"93351cf1-c931-4326-88f0-d10e29e71b21","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"col1\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}},{\"name\":\"col2\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}","partitionColumns":[],"configuration":{},"createdTime":1603723967515}}
{"add":{"path":"part-00000-0441e99a-c421-400e-83a1-212aa6c84c73-c000.snappy.parquet","partitionValues":{},"size":650,"modificationTime":1603723967000,"dataChange":true}}
{"remove":{"path":"a%20b/c%3Dd.parquet","deletionTimestamp":5,"dataChange":true}}
{"txn":{"appId":"stream-1","version":7,"lastUpdated":9}}
{"cdc":{"path":"_change_data/x.parquet","partitionValues":{},"size":1,"dataChange":false}}
)";

TEST(ActionsTest, ParsesDeltaWrittenCommit) {
  ASSERT_OK_AND_ASSIGN(std::vector<Action> actions, ParseCommit(kDeltaCommit, "0.json"));
  ASSERT_EQ(actions.size(), 6u);  // cdc skipped
  const auto& info = std::get<CommitInfo>(actions[0]);
  EXPECT_EQ(info.operation, "WRITE");
  EXPECT_EQ(info.timestamp, 1603723967632);
  EXPECT_EQ(info.operation_parameters.at("mode"), "Append");
  EXPECT_EQ(std::get<Protocol>(actions[1]).min_writer_version, 2);
  const auto& meta = std::get<Metadata>(actions[2]);
  EXPECT_EQ(meta.id, "93351cf1-c931-4326-88f0-d10e29e71b21");
  ASSERT_OK_AND_ASSIGN(DeltaSchema schema, ParseDeltaSchema(meta.schema_string));
  EXPECT_EQ(schema.schema.ToString(), format::Schema({{"col1", format::Int32()},
                                                      {"col2", format::String()}}).ToString());
  const auto& add = std::get<AddFile>(actions[3]);
  EXPECT_EQ(add.size, 650);
  EXPECT_FALSE(add.stats.has_value());
  EXPECT_EQ(std::get<RemoveFile>(actions[4]).path, "a b/c=d.parquet");  // decoded
  EXPECT_EQ(std::get<Txn>(actions[5]).version, 7);
}

TEST(ActionsTest, RoundTripsThroughSerialize) {
  ASSERT_OK_AND_ASSIGN(std::vector<Action> actions, ParseCommit(kDeltaCommit, "0.json"));
  std::string text = SerializeCommit(actions);
  EXPECT_NE(text.find("a%20b/c=d.parquet"), std::string::npos);  // re-encoded
  ASSERT_OK_AND_ASSIGN(std::vector<Action> again, ParseCommit(text, "again.json"));
  ASSERT_EQ(again.size(), actions.size());
  EXPECT_EQ(SerializeCommit(again), text);
  AddFile add;
  add.path = "p=x y/ü%.parquet";
  add.partition_values = {{"p", "x y"}, {"q", std::nullopt}};
  add.stats = R"({"numRecords":3})";
  ASSERT_OK_AND_ASSIGN(std::vector<Action> one, ParseCommit(SerializeCommit({add}), "a.json"));
  const auto& back = std::get<AddFile>(one[0]);
  EXPECT_EQ(back.path, add.path);
  EXPECT_EQ(back.partition_values, add.partition_values);
  EXPECT_EQ(back.stats, add.stats);
}

TEST(ActionsTest, MalformedInputIsCorruptionNamingTheFile) {
  for (const char* bad : {"{", "[1]", R"({"add":{"path":3}})", R"({"add":{"path":"x"}})",
                          R"({"protocol":{"minReaderVersion":"one","minWriterVersion":2}})",
                          R"({"add":{"path":"%zz","partitionValues":{},"size":1}})"}) {
    auto r = ParseCommit(std::string("\n") + bad, "_delta_log/00000000000000000003.json");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(r.status().IsCorruption()) << r.status().ToString();
    EXPECT_NE(r.status().message().find("00000000000000000003.json line 2"), std::string::npos)
        << r.status().ToString();
  }
}

TEST(ActionsTest, LogFileNames) {
  EXPECT_EQ(CommitPath("t", 12), "t/_delta_log/00000000000000000012.json");
  EXPECT_EQ(CheckpointPartPath("", 10, 1, 2),
            "_delta_log/00000000000000000010.checkpoint.0000000001.0000000002.parquet");
  LogFileName c = ParseLogFileName("x/_delta_log/00000000000000000012.json");
  EXPECT_EQ(c.type, LogFileName::Type::kCommit);
  EXPECT_EQ(c.version, 12);
  LogFileName p = ParseLogFileName("00000000000000000001.checkpoint.0000000002.0000000002.parquet");
  EXPECT_EQ(p.type, LogFileName::Type::kCheckpointPart);
  EXPECT_EQ(p.part, 2);
  EXPECT_EQ(ParseLogFileName("00000000000000000002.checkpoint.80a083e8-8c5f.json").type,
            LogFileName::Type::kV2Checkpoint);
  EXPECT_EQ(ParseLogFileName("00000000000000000002.crc").type, LogFileName::Type::kOther);
  EXPECT_EQ(ParseLogFileName("_last_checkpoint").type, LogFileName::Type::kOther);
  EXPECT_EQ(ParseLogFileName("99999999999999999999.json").type, LogFileName::Type::kOther);
}

TEST(DeltaSchemaTest, MapsEveryDeltaType) {
  const char* schema = R"js({"type":"struct","fields":[
    {"name":"a","type":"byte","nullable":true,"metadata":{}},
    {"name":"b","type":"short","nullable":false,"metadata":{}},
    {"name":"c","type":"long","nullable":true,"metadata":{}},
    {"name":"d","type":"decimal(10,2)","nullable":true,"metadata":{}},
    {"name":"e","type":"timestamp","nullable":true,"metadata":{}},
    {"name":"f","type":{"type":"array","elementType":"string","containsNull":true},"nullable":true,"metadata":{}},
    {"name":"g","type":{"type":"map","keyType":"string","valueType":"integer","valueContainsNull":true},"nullable":true,"metadata":{}},
    {"name":"h","type":{"type":"struct","fields":[{"name":"x","type":"date","nullable":true,"metadata":{"comment":"c"}}]},"nullable":true,"metadata":{}}]})js";
  ASSERT_OK_AND_ASSIGN(DeltaSchema parsed, ParseDeltaSchema(schema));
  const format::Schema& s = parsed.schema;
  ASSERT_EQ(s.num_fields(), 8);
  EXPECT_EQ(s.field(0).type->logical, format::Logical::kInt8);
  EXPECT_FALSE(s.field(1).nullable);
  EXPECT_EQ(s.field(3).type->kind, format::Kind::kInt64);
  EXPECT_EQ(s.field(3).type->scale, 2);
  EXPECT_EQ(s.field(4).type->logical, format::Logical::kTimestamp);
  EXPECT_EQ(s.field(6).type->kind, format::Kind::kMap);
  EXPECT_EQ(parsed.field_metadata.at("h.x"), R"({"comment":"c"})");
  ASSERT_OK_AND_ASSIGN(std::string text, ToDeltaSchemaString(s));
  ASSERT_OK_AND_ASSIGN(DeltaSchema again, ParseDeltaSchema(text));
  EXPECT_TRUE(again.schema.Equals(s)) << again.schema.ToString() << " vs " << s.ToString();
  auto variant = ParseDeltaSchema(
      R"({"type":"struct","fields":[{"name":"v","type":"variant","nullable":true}]})");
  EXPECT_TRUE(variant.status().IsNotSupported());
  EXPECT_TRUE(ParseDeltaSchema("{").status().IsCorruption());
}

TEST(FileStatsTest, ParsesTypedBoundsAndWritesThemBack) {
  format::Schema schema({{"id", format::Int64()}, {"name", format::String()},
                         {"day", format::Date()}, {"s", format::StructOf({{"x", format::Float64()}})}});
  const char* json = R"({"numRecords":10,"minValues":{"id":1,"name":"a","day":"2020-01-02","s":{"x":0.5}},
    "maxValues":{"id":9,"name":"z","day":"2020-02-01","s":{"x":2.5}},"nullCount":{"id":0,"name":2,"s":{"x":1}}})";
  ASSERT_OK_AND_ASSIGN(FileStats stats, ParseFileStats(json, schema));
  EXPECT_EQ(stats.num_records, 10);
  EXPECT_EQ(std::get<int64_t>(*stats.columns["id"].max), 9);
  EXPECT_EQ(std::get<int64_t>(*stats.columns["day"].min), 18263);
  EXPECT_EQ(std::get<double>(*stats.columns["s.x"].max), 2.5);
  EXPECT_EQ(*stats.columns["name"].null_count, 2);
  EXPECT_FALSE(format::Predicate::Parse("id > 9")->MayMatch(stats.Lookup()));
  EXPECT_TRUE(format::Predicate::Parse("s.x = 1")->MayMatch(stats.Lookup()));
  std::vector<format::ColumnStats> cols(4);
  cols[0] = stats.columns["id"];
  cols[2] = stats.columns["day"];
  std::string written = FileStatsJson(10, schema, cols);
  ASSERT_OK_AND_ASSIGN(FileStats back, ParseFileStats(written, schema));
  EXPECT_EQ(std::get<int64_t>(*back.columns["day"].max), 18293);
  EXPECT_EQ(std::get<int64_t>(*back.columns["id"].min), 1);
  EXPECT_TRUE(ParseFileStats("nope", schema).status().IsCorruption());
  // Long strings keep a UTF-8-safe prefix as min and drop the max.
  std::vector<format::ColumnStats> text(4);
  text[1].min = format::Literal(std::string(31, 'a') + "\xC3\xA9" + std::string(40, 'b'));
  text[1].max = format::Literal(std::string(50, 'z'));
  ASSERT_OK_AND_ASSIGN(FileStats cut, ParseFileStats(FileStatsJson(1, schema, text), schema));
  EXPECT_EQ(std::get<std::string>(*cut.columns["name"].min), std::string(31, 'a'));
  EXPECT_FALSE(cut.columns["name"].max.has_value());
}

}  // namespace
}  // namespace strata::table
