// Tests of the Parquet writer's structure: the footer it writes (decoded with the metadata
// decoder), page offsets, shredded levels checked against hand-computed Dremel levels, row-group
// cutting, dictionary fallback and the statistics reported for Delta `add.stats`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstring>
#include <future>
#include <string>
#include <vector>

#include "common/thread_pool.h"
#include "format/column.h"
#include "format/parquet/metadata.h"
#include "format/parquet/writer.h"
#include "format/parquet/writer_levels.h"
#include "format/parquet/writer_schema.h"
#include "io/memory_store.h"
#include "testing/test_data.h"

namespace strata::format::parquet {
namespace {

RecordBatch EmptyBatch(const Schema& schema) {
  RecordBatch b{schema, {}, 0};
  for (const Field& f : schema.fields()) b.columns.push_back(MakeColumn(f.type));
  return b;
}

// Split a written file into its footer metadata; checks both magics.
FileMetaData Footer(const std::string& bytes) {
  EXPECT_GE(bytes.size(), 12u);
  EXPECT_EQ(bytes.substr(0, 4), "PAR1");
  EXPECT_EQ(bytes.substr(bytes.size() - 4), "PAR1");
  uint32_t len = 0;
  std::memcpy(&len, bytes.data() + bytes.size() - 8, 4);
  auto meta = DecodeFileMetaData(std::string_view(bytes).substr(bytes.size() - 8 - len, len));
  EXPECT_TRUE(meta.ok()) << meta.status().ToString();
  return meta.ok() ? *meta : FileMetaData{};
}

class ParquetWriterTest : public ::testing::Test {
 protected:
  std::string WriteAndGet(const RecordBatch& batch, const WriteOptions& options = {},
                          WrittenFile* written = nullptr) {
    auto w = WriteFile(store_, "f.parquet", batch, options);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    if (w.ok() && written) *written = *w;
    auto buf = store_.Get("f.parquet");
    EXPECT_TRUE(buf.ok());
    return buf.ok() ? (*buf)->ToString() : std::string();
  }
  io::MemoryStore store_;
};

TEST_F(ParquetWriterTest, SchemaLayoutWithAnnotations) {
  Schema schema({{"id", Int64(), false},
                 {"name", String(), true},
                 {"ts", TimestampMicros(), true},
                 {"vec", ListOf(Float32(), false), true},
                 {"m", MapOf(String(), Int32()), true}});
  ASSERT_OK_AND_ASSIGN(WriterSchema ws, BuildWriterSchema(schema));
  std::vector<std::string> names;
  for (const SchemaElement& e : ws.elements) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"schema", "id", "name", "ts", "vec", "list", "element",
                                             "m", "key_value", "key", "value"}));
  EXPECT_EQ(ws.elements[1].repetition_type, Repetition::kRequired);
  EXPECT_EQ(ws.elements[2].converted_type, ConvertedType::kUtf8);
  EXPECT_EQ(ws.elements[2].logical_type->kind, LogicalType::Kind::kString);
  EXPECT_EQ(ws.elements[3].converted_type, ConvertedType::kTimestampMicros);
  EXPECT_TRUE(ws.elements[3].logical_type->is_adjusted_to_utc);
  EXPECT_EQ(ws.elements[4].converted_type, ConvertedType::kList);
  EXPECT_EQ(ws.elements[5].repetition_type, Repetition::kRepeated);
  EXPECT_EQ(ws.elements[6].repetition_type, Repetition::kRequired);
  EXPECT_EQ(ws.elements[7].converted_type, ConvertedType::kMap);
  EXPECT_EQ(ws.elements[9].repetition_type, Repetition::kRequired);  // map keys
  ASSERT_EQ(ws.leaves.size(), 6u);
  EXPECT_EQ(ws.leaves[3].path, (std::vector<std::string>{"vec", "list", "element"}));
  EXPECT_EQ(ws.leaves[3].max_def, 2);
  EXPECT_EQ(ws.leaves[3].max_rep, 1);
  EXPECT_EQ(ws.leaves[5].path, (std::vector<std::string>{"m", "key_value", "value"}));
  EXPECT_EQ(ws.leaves[5].max_def, 3);
}

TEST_F(ParquetWriterTest, ListLevelsMatchDremel) {
  // rows: ["a", null], null, [], [""]  with nullable list and nullable elements.
  Schema schema({{"tags", ListOf(String(), true), true}});
  RecordBatch b = EmptyBatch(schema);
  Column& list = b.columns[0];
  Column& elems = list.mutable_children()[0];
  elems.AppendBinary("a");
  elems.AppendNull();
  list.AppendListEnd();
  list.AppendNull();
  list.AppendListEnd();
  elems.AppendBinary("");
  list.AppendListEnd();
  ASSERT_OK_AND_ASSIGN(WriterSchema ws, BuildWriterSchema(schema));
  PageLevels levels;
  ComputeLevels(list, ws.leaves[0], 0, 4, &levels);
  EXPECT_EQ(levels.def, (std::vector<int16_t>{3, 2, 0, 1, 3}));
  EXPECT_EQ(levels.rep, (std::vector<int16_t>{0, 1, 0, 0, 0}));
  ASSERT_EQ(levels.runs.size(), 1u);
  EXPECT_EQ(levels.runs[0].begin, 0);
  EXPECT_EQ(levels.runs[0].end, 3);
  // A page of the last two rows only.
  ComputeLevels(list, ws.leaves[0], 2, 4, &levels);
  EXPECT_EQ(levels.def, (std::vector<int16_t>{1, 3}));
  EXPECT_EQ(levels.num_entries, 2);
}

TEST_F(ParquetWriterTest, MapInsideNullableStructLevels) {
  // s: struct<m: map<string, string?>?>?; rows: {m: {k1: v, k2: null}}, null, {m: null}.
  TypePtr st = StructOf({{"m", MapOf(String(), String(), true), true}});
  Schema schema({{"s", st, true}});
  RecordBatch b = EmptyBatch(schema);
  Column& s = b.columns[0];
  Column& m = s.mutable_children()[0];
  m.mutable_children()[0].AppendBinary("k1");
  m.mutable_children()[1].AppendBinary("v");
  m.mutable_children()[0].AppendBinary("k2");
  m.mutable_children()[1].AppendNull();
  m.AppendListEnd();
  s.set_length(1);
  s.AppendNull();
  m.AppendNull();  // the third row's map is null
  s.mutable_validity().push_back(1);
  s.set_length(3);
  ASSERT_OK(s.Validate());
  ASSERT_OK_AND_ASSIGN(WriterSchema ws, BuildWriterSchema(schema));
  ASSERT_EQ(ws.leaves.size(), 2u);
  PageLevels keys, values;
  ComputeLevels(s, ws.leaves[0], 0, 3, &keys);
  ComputeLevels(s, ws.leaves[1], 0, 3, &values);
  EXPECT_EQ(ws.leaves[1].max_def, 4);
  EXPECT_EQ(keys.def, (std::vector<int16_t>{3, 3, 0, 1}));
  EXPECT_EQ(keys.rep, (std::vector<int16_t>{0, 1, 0, 0}));
  EXPECT_EQ(values.def, (std::vector<int16_t>{4, 3, 0, 1}));
  EXPECT_EQ(values.rep, (std::vector<int16_t>{0, 1, 0, 0}));
}

TEST_F(ParquetWriterTest, FooterDescribesChunksAndPages) {
  Schema schema({{"id", Int64(), false}, {"s", String(), true}});
  RecordBatch b = EmptyBatch(schema);
  for (int64_t i = 0; i < 1000; ++i) {
    b.columns[0].Append<int64_t>(i);
    if (i % 10 == 0) {
      b.columns[1].AppendNull();
    } else {
      b.columns[1].AppendBinary("k" + std::to_string(i % 7));
    }
  }
  b.num_rows = 1000;
  WriteOptions options;
  options.codec = CompressionCodec::kSnappy;
  options.key_value_metadata = {{"origin", std::string("test")}};
  std::string bytes = WriteAndGet(b, options);
  FileMetaData meta = Footer(bytes);
  EXPECT_EQ(meta.num_rows, 1000);
  EXPECT_EQ(meta.created_by, "strata version 0.1.0");
  ASSERT_EQ(meta.key_value_metadata.size(), 1u);
  EXPECT_EQ(meta.key_value_metadata[0].value, "test");
  ASSERT_EQ(meta.row_groups.size(), 1u);
  const RowGroup& rg = meta.row_groups[0];
  EXPECT_EQ(rg.num_rows, 1000);
  ASSERT_EQ(rg.columns.size(), 2u);
  const ColumnMetaData& s = *rg.columns[1].meta_data;
  EXPECT_EQ(s.path_in_schema, std::vector<std::string>{"s"});
  EXPECT_EQ(s.codec, CompressionCodec::kSnappy);
  EXPECT_EQ(s.num_values, 1000);
  ASSERT_TRUE(s.statistics.has_value());
  EXPECT_EQ(s.statistics->null_count, 100);
  EXPECT_EQ(s.statistics->min_value, "k0");
  EXPECT_EQ(s.statistics->max_value, "k6");
  ASSERT_TRUE(s.dictionary_page_offset.has_value());
  size_t consumed = 0;
  ASSERT_OK_AND_ASSIGN(PageHeader dict,
                       DecodePageHeader(std::string_view(bytes).substr(*s.dictionary_page_offset),
                                        &consumed));
  EXPECT_EQ(dict.type, PageType::kDictionaryPage);
  ASSERT_TRUE(dict.dictionary_page_header.has_value());
  EXPECT_EQ(dict.dictionary_page_header->num_values, 7);
  ASSERT_OK_AND_ASSIGN(PageHeader data,
                       DecodePageHeader(std::string_view(bytes).substr(s.data_page_offset),
                                        &consumed));
  EXPECT_EQ(data.type, PageType::kDataPage);
  EXPECT_EQ(data.data_page_header->encoding, Encoding::kRleDictionary);
  EXPECT_EQ(data.data_page_header->num_values, 1000);
  EXPECT_EQ(rg.columns[0].meta_data->dictionary_page_offset, 4);  // right after the magic
}

TEST_F(ParquetWriterTest, RowGroupsCutByBytesAndBatchesAccumulate) {
  Schema schema({{"id", Int64(), false}});
  auto make = [&](int64_t from, int64_t n) {
    RecordBatch b = EmptyBatch(schema);
    for (int64_t i = 0; i < n; ++i) b.columns[0].Append<int64_t>(from + i);
    b.num_rows = n;
    return b;
  };
  WriteOptions options;
  options.row_group_bytes = 8000;  // 1000 int64 values
  options.data_page_bytes = 800;
  ASSERT_OK_AND_ASSIGN(auto sink, store_.OpenWrite("g.parquet"));
  ASSERT_OK_AND_ASSIGN(auto writer, FileWriter::Open(std::move(sink), schema, options));
  ASSERT_OK(writer->Write(make(0, 300)));
  ASSERT_OK(writer->Write(make(300, 300)));   // joins the open row group
  ASSERT_OK(writer->Write(make(600, 2500)));  // completes it, two full groups, 100 left open
  ASSERT_OK_AND_ASSIGN(WrittenFile written, writer->Close());
  EXPECT_EQ(written.num_rows, 3100);
  ASSERT_OK_AND_ASSIGN(auto buf, store_.Get("g.parquet"));
  FileMetaData meta = Footer(buf->ToString());
  std::vector<int64_t> rows;
  for (const RowGroup& rg : meta.row_groups) rows.push_back(rg.num_rows);
  EXPECT_EQ(rows, (std::vector<int64_t>{1000, 1000, 1000, 100}));
  const Statistics& st = *meta.row_groups[1].columns[0].meta_data->statistics;
  int64_t lo = 0, hi = 0;
  std::memcpy(&lo, st.min_value->data(), 8);
  std::memcpy(&hi, st.max_value->data(), 8);
  EXPECT_EQ(lo, 1000);
  EXPECT_EQ(hi, 1999);
  EXPECT_EQ(writer->Write(make(0, 1)).code(), StatusCode::kInvalidArgument);
}

TEST_F(ParquetWriterTest, DictionaryFallsBackToPlain) {
  Schema schema({{"s", String(), false}});
  RecordBatch b = EmptyBatch(schema);
  for (int64_t i = 0; i < 5000; ++i) b.columns[0].AppendBinary("unique value " + std::to_string(i));
  b.num_rows = 5000;
  WriteOptions options;
  options.dictionary_page_bytes = 4096;
  options.data_page_bytes = 4096;
  FileMetaData meta = Footer(WriteAndGet(b, options));
  const ColumnMetaData& m = *meta.row_groups.at(0).columns.at(0).meta_data;
  EXPECT_NE(std::find(m.encodings.begin(), m.encodings.end(), Encoding::kRleDictionary),
            m.encodings.end());
  EXPECT_NE(std::find(m.encodings.begin(), m.encodings.end(), Encoding::kPlain), m.encodings.end());
  EXPECT_TRUE(m.dictionary_page_offset.has_value());
  EXPECT_EQ(m.statistics->min_value, "unique value 0");
  EXPECT_EQ(m.statistics->max_value, "unique value 999");
}

TEST_F(ParquetWriterTest, WrittenFileStatsPerTopLevelField) {
  Schema schema({{"i", Int32(), true},
                 {"d", Float64(), true},
                 {"nan", Float32(), true},
                 {"s", String(), true},
                 {"l", ListOf(Int64()), true}});
  RecordBatch b = EmptyBatch(schema);
  auto& c = b.columns;
  const double ds[] = {0.0, -2.5, std::nan(""), 7.25};
  for (int64_t i = 0; i < 4; ++i) {
    if (i == 2) c[0].AppendNull(); else c[0].Append<int32_t>(static_cast<int32_t>(10 - i * 3));
    c[1].Append<double>(ds[i]);
    c[2].Append<float>(std::nanf(""));
    if (i == 0) c[3].AppendNull(); else c[3].AppendBinary(i == 1 ? "b" : i == 2 ? "ab" : "\xc3\xa9");
    if (i == 3) {
      c[4].AppendNull();
    } else {
      c[4].mutable_children()[0].Append<int64_t>(i);
      c[4].AppendListEnd();
    }
  }
  b.num_rows = 4;
  WrittenFile written;
  std::string bytes = WriteAndGet(b, {}, &written);
  ASSERT_EQ(written.stats.size(), 5u);
  EXPECT_EQ(written.stats[0].min, Literal(int64_t{1}));
  EXPECT_EQ(written.stats[0].max, Literal(int64_t{10}));
  EXPECT_EQ(written.stats[0].null_count, 1);
  EXPECT_EQ(written.stats[1].min, Literal(-2.5));
  EXPECT_EQ(written.stats[1].max, Literal(7.25));
  EXPECT_FALSE(written.stats[2].min.has_value());  // only NaNs
  EXPECT_EQ(written.stats[3].min, Literal(std::string("ab")));
  EXPECT_EQ(written.stats[3].max, Literal(std::string("\xc3\xa9")));  // byte order, not signed
  EXPECT_EQ(written.stats[3].null_count, 1);
  EXPECT_FALSE(written.stats[4].min.has_value());
  EXPECT_EQ(written.stats[4].null_count, 1);
  EXPECT_EQ(written.stats[4].num_values, 4);
  // Parquet statistics: all-NaN floats have no min/max; a zero maximum is +0.0, minimum -0.0.
  FileMetaData meta = Footer(bytes);
  const auto& cols = meta.row_groups.at(0).columns;
  EXPECT_FALSE(cols[2].meta_data->statistics->min_value.has_value());
  Schema zeros({{"z", Float64(), false}});
  RecordBatch zb = EmptyBatch(zeros);
  zb.columns[0].Append<double>(0.0);
  zb.num_rows = 1;
  FileMetaData zmeta = Footer(WriteAndGet(zb));
  double lo = 1, hi = -1;
  std::memcpy(&lo, zmeta.row_groups[0].columns[0].meta_data->statistics->min_value->data(), 8);
  std::memcpy(&hi, zmeta.row_groups[0].columns[0].meta_data->statistics->max_value->data(), 8);
  EXPECT_TRUE(lo == 0 && std::signbit(lo));
  EXPECT_TRUE(hi == 0 && !std::signbit(hi));
}

TEST_F(ParquetWriterTest, RejectsMismatchedBatchAndEmptyStruct) {
  Schema schema({{"id", Int64(), false}});
  ASSERT_OK_AND_ASSIGN(auto sink, store_.OpenWrite("x.parquet"));
  ASSERT_OK_AND_ASSIGN(auto writer, FileWriter::Open(std::move(sink), schema));
  RecordBatch other = EmptyBatch(Schema({{"id", Int32(), false}}));
  EXPECT_EQ(writer->Write(other).code(), StatusCode::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(WrittenFile empty, writer->Close());
  EXPECT_EQ(empty.num_rows, 0);
  ASSERT_OK_AND_ASSIGN(auto buf, store_.Get("x.parquet"));
  EXPECT_EQ(Footer(buf->ToString()).row_groups.size(), 0u);
  auto bad = BuildWriterSchema(Schema({{"s", StructOf({}), true}}));
  EXPECT_EQ(bad.status().code(), StatusCode::kNotSupported);
}

TEST_F(ParquetWriterTest, LongStringStatisticsAreTruncatedBounds) {
  Schema schema({{"s", String(), false}});
  RecordBatch b = EmptyBatch(schema);
  std::string lo(100, 'a'), hi = std::string(63, 'z') + "\xff\xff" + "tail";
  b.columns[0].AppendBinary(lo);
  b.columns[0].AppendBinary(hi);
  b.num_rows = 2;
  WrittenFile written;
  FileMetaData meta = Footer(WriteAndGet(b, {}, &written));
  const Statistics& st = *meta.row_groups.at(0).columns.at(0).meta_data->statistics;
  EXPECT_EQ(st.min_value, std::string(64, 'a'));
  EXPECT_EQ(st.max_value, std::string(62, 'z') + "{");  // 63rd 'z' + 1, the 0xFF dropped
  EXPECT_EQ(st.is_min_value_exact, false);
  EXPECT_EQ(st.is_max_value_exact, false);
  EXPECT_EQ(written.stats[0].max, Literal(hi));  // Delta stats keep the exact value
}

TEST_F(ParquetWriterTest, WritersInsidePoolTasksDoNotDeadlock) {
  // Every worker of the default pool runs a writer whose row groups encode in parallel.
  Schema schema({{"id", Int64(), false}, {"s", String(), true}});
  RecordBatch b = EmptyBatch(schema);
  for (int64_t i = 0; i < 20000; ++i) {
    b.columns[0].Append<int64_t>(i);
    b.columns[1].AppendBinary("value " + std::to_string(i % 100));
  }
  b.num_rows = 20000;
  WriteOptions options;
  options.row_group_bytes = 32 << 10;
  ThreadPool& pool = ThreadPool::Default();
  std::vector<std::future<Status>> futures;
  for (size_t t = 0; t < pool.size() + 1; ++t) {
    futures.push_back(pool.Submit([&, t] {
      return WriteFile(store_, "pool" + std::to_string(t) + ".parquet", b, options).status();
    }));
  }
  for (auto& f : futures) {
    ASSERT_EQ(f.wait_for(std::chrono::seconds(60)), std::future_status::ready);
    EXPECT_OK(f.get());
  }
  ASSERT_OK_AND_ASSIGN(auto buf, store_.Get("pool0.parquet"));
  EXPECT_GT(Footer(buf->ToString()).row_groups.size(), 3u);
}

// A sink whose writes fail once `limit` bytes have been accepted.
class FailingSink : public io::OutputStream {
 public:
  explicit FailingSink(int64_t limit) : limit_(limit) {}
  Status Write(std::string_view data) override {
    if (size_ + static_cast<int64_t>(data.size()) > limit_) return Status::IOError("disk full");
    size_ += static_cast<int64_t>(data.size());
    return Status::OK();
  }
  int64_t Tell() const override { return size_; }
  Status Close() override { return Status::OK(); }

 private:
  int64_t limit_;
  int64_t size_ = 0;
};

TEST_F(ParquetWriterTest, SinkFailurePoisonsTheWriter) {
  Schema schema({{"id", Int64(), false}});
  RecordBatch b = EmptyBatch(schema);
  for (int64_t i = 0; i < 10000; ++i) b.columns[0].Append<int64_t>(i * 7919);
  b.num_rows = 10000;
  WriteOptions options;
  options.row_group_bytes = 16 << 10;
  options.dictionary = false;
  ASSERT_OK_AND_ASSIGN(auto writer,
                       FileWriter::Open(std::make_unique<FailingSink>(20000), schema, options));
  Status first = writer->Write(b);  // the failing flush may surface here or at Close
  Status closed = writer->Close().status();
  EXPECT_TRUE(!first.ok() || !closed.ok());
  EXPECT_EQ(closed.code(), StatusCode::kIOError);
  EXPECT_EQ(writer->Close().status().code(), StatusCode::kIOError);  // still poisoned
  // A rejected batch does not poison: the writer stays usable.
  ASSERT_OK_AND_ASSIGN(auto sink, store_.OpenWrite("ok.parquet"));
  ASSERT_OK_AND_ASSIGN(auto ok_writer, FileWriter::Open(std::move(sink), schema, options));
  RecordBatch bad = b;
  bad.num_rows = 5;  // does not match its column
  EXPECT_EQ(ok_writer->Write(bad).code(), StatusCode::kInvalidArgument);
  ASSERT_OK(ok_writer->Write(b));
  ASSERT_OK_AND_ASSIGN(WrittenFile written, ok_writer->Close());
  EXPECT_EQ(written.num_rows, 10000);
}

}  // namespace
}  // namespace strata::format::parquet
