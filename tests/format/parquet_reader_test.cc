// FileReader: round trips through the writer (flat, nullable, list, struct, map), projection,
// limit, row-group pruning by statistics, known values of parquet-testing files, and hostile
// inputs (truncation, bad magic, every byte flipped) that must fail cleanly.
#include "format/parquet/reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "format/parquet/writer.h"
#include "io/object_store.h"
#include "testing/test_data.h"

namespace strata::format::parquet {
namespace {

// A RandomAccessFile over bytes in memory.
class BytesFile : public io::RandomAccessFile {
 public:
  explicit BytesFile(std::string bytes) : bytes_(std::move(bytes)) {}
  int64_t Size() const override { return static_cast<int64_t>(bytes_.size()); }
  Result<std::shared_ptr<io::Buffer>> ReadAt(int64_t offset, int64_t length) const override {
    if (offset < 0 || length < 0 || offset > Size() || length > Size() - offset) {
      return Status::Corruption(path_ + ": read past the end");
    }
    return io::Buffer::FromString(bytes_.substr(offset, length));
  }
  const std::string& path() const override { return path_; }

 private:
  std::string bytes_;
  std::string path_ = "mem.parquet";
};

// Render row i of a column as text, independently of the CLI's JSON.
std::string Text(const Column& c, int64_t i) {
  if (!c.IsValid(i)) return "null";
  const DataType& t = *c.type();
  switch (t.kind) {
    case Kind::kBool: return c.value<uint8_t>(i) ? "true" : "false";
    case Kind::kInt32: return std::to_string(c.value<int32_t>(i));
    case Kind::kInt64: return std::to_string(c.value<int64_t>(i));
    case Kind::kFloat: return std::to_string(c.value<float>(i));
    case Kind::kDouble: return std::to_string(c.value<double>(i));
    case Kind::kBinary:
    case Kind::kFixedBinary: return "'" + std::string(c.binary(i)) + "'";
    case Kind::kStruct: {
      std::string s = "{";
      for (int k = 0; k < c.num_children(); ++k) s += (k ? "," : "") + Text(c.child(k), i);
      return s + "}";
    }
    default: {
      auto [b, e] = c.list_range(i);
      std::string s = "[";
      for (int64_t j = b; j < e; ++j) {
        s += (j > b ? "," : "") + Text(c.child(0), j);
        if (t.kind == Kind::kMap) s += ":" + Text(c.child(1), j);
      }
      return s + "]";
    }
  }
}

std::vector<std::string> Rows(const RecordBatch& b) {
  std::vector<std::string> rows;
  for (int64_t i = 0; i < b.num_rows; ++i) {
    std::string r;
    for (size_t k = 0; k < b.columns.size(); ++k) r += (k ? " | " : "") + Text(b.columns[k], i);
    rows.push_back(r);
  }
  return rows;
}

RecordBatch MakeBatch(int64_t n) {
  Schema schema({Field{"id", Int64(), false}, Field{"name", String(), true},
                 Field{"vec", ListOf(Float32(), false), true},
                 Field{"tags", ListOf(String(), true), true},
                 Field{"meta", StructOf({Field{"a", Int32(), true}, Field{"b", String(), true}}), true},
                 Field{"kv", MapOf(String(), Int64(), true), true}});
  RecordBatch b;
  b.schema = schema;
  for (const Field& f : schema.fields()) b.columns.push_back(MakeColumn(f.type));
  for (int64_t i = 0; i < n; ++i) {
    b.columns[0].Append<int64_t>(i);
    if (i % 3 == 0) b.columns[1].AppendNull(); else b.columns[1].AppendBinary("n" + std::to_string(i));
    if (i % 5 == 4) {
      b.columns[2].AppendNull();
    } else {
      for (int k = 0; k < i % 4; ++k) b.columns[2].mutable_children()[0].Append<float>(i + k * 0.5f);
      b.columns[2].AppendListEnd();
    }
    Column& tags = b.columns[3];
    if (i % 2 == 0) tags.mutable_children()[0].AppendBinary("t" + std::to_string(i));
    if (i % 4 == 1) tags.mutable_children()[0].AppendNull();
    tags.AppendListEnd();
    Column& meta = b.columns[4];
    if (i % 7 == 6) {
      meta.AppendNull();
    } else {
      meta.mutable_children()[0].Append<int32_t>(static_cast<int32_t>(i * 10));
      if (i % 2) meta.mutable_children()[1].AppendNull(); else meta.mutable_children()[1].AppendBinary("b");
      if (!meta.mutable_validity().empty()) meta.mutable_validity().push_back(1);
      meta.set_length(meta.length() + 1);
    }
    Column& kv = b.columns[5];
    for (int k = 0; k < i % 3; ++k) {
      kv.mutable_children()[0].AppendBinary("k" + std::to_string(k));
      if (k == 1) kv.mutable_children()[1].AppendNull(); else kv.mutable_children()[1].Append<int64_t>(i * k);
    }
    kv.AppendListEnd();
  }
  b.num_rows = n;
  return b;
}

class ParquetReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK_AND_ASSIGN(store_, io::OpenStore("memory://reader-test")); }

  std::string WriteBytes(const RecordBatch& batch, WriteOptions options = {}) {
    EXPECT_OK(WriteFile(*store_, "f.parquet", batch, options));
    auto buf = store_->Get("f.parquet");
    EXPECT_TRUE(buf.ok());
    return buf.ok() ? (*buf)->ToString() : "";
  }

  std::unique_ptr<FileReader> OpenBytes(std::string bytes) {
    auto r = FileReader::Open(std::make_shared<BytesFile>(std::move(bytes)));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }

  std::shared_ptr<io::ObjectStore> store_;
};

TEST_F(ParquetReaderTest, RoundTripsNestedColumnsWithNulls) {
  RecordBatch in = MakeBatch(200);
  for (CompressionCodec codec : {CompressionCodec::kZstd, CompressionCodec::kSnappy,
                                 CompressionCodec::kUncompressed}) {
    WriteOptions options;
    options.codec = codec;
    auto reader = OpenBytes(WriteBytes(in, options));
    ASSERT_NE(reader, nullptr);
    EXPECT_TRUE(reader->schema().Equals(in.schema)) << reader->schema().ToString();
    for (bool threads : {false, true}) {
      ReadOptions ro;
      ro.use_threads = threads;
      ASSERT_OK_AND_ASSIGN(RecordBatch out, reader->Read(ro));
      ASSERT_OK(out.Validate());
      EXPECT_EQ(Rows(out), Rows(in));
    }
  }
}

TEST_F(ParquetReaderTest, ProjectionAndLimitAcrossRowGroups) {
  RecordBatch in = MakeBatch(3000);
  WriteOptions options;
  options.row_group_bytes = 16 << 10;
  auto reader = OpenBytes(WriteBytes(in, options));
  ASSERT_NE(reader, nullptr);
  ASSERT_GT(reader->num_row_groups(), 2);
  ReadOptions ro;
  ro.columns = {"tags", "id"};
  ro.limit = 1234;
  ASSERT_OK_AND_ASSIGN(RecordBatch out, reader->Read(ro));
  ASSERT_OK(out.Validate());
  ASSERT_EQ(out.num_rows, 1234);
  ASSERT_EQ(out.schema.num_fields(), 2);
  EXPECT_EQ(out.schema.field(0).name, "tags");
  for (int64_t i = 0; i < out.num_rows; i += 97) {
    EXPECT_EQ(Text(out.columns[1], i), std::to_string(i));
    EXPECT_EQ(Text(out.columns[0], i), Text(in.columns[3], i));
  }
  ro.columns = {"nope"};
  EXPECT_FALSE(reader->Read(ro).ok());
}

TEST_F(ParquetReaderTest, PrunesRowGroupsByStatistics) {
  RecordBatch in = MakeBatch(3000);
  WriteOptions options;
  options.row_group_bytes = 16 << 10;
  auto reader = OpenBytes(WriteBytes(in, options));
  ASSERT_NE(reader, nullptr);
  int groups = reader->num_row_groups();
  ASSERT_GT(groups, 2);
  ColumnStats first = reader->RowGroupStats(0, 0);
  ASSERT_TRUE(first.min && first.max);
  EXPECT_EQ(std::get<int64_t>(*first.min), 0);
  int64_t cut = std::get<int64_t>(*first.max);
  std::vector<int> selected =
      reader->SelectRowGroups(Predicate::Compare(Predicate::Op::kGt, "id", Literal(cut)));
  EXPECT_EQ(static_cast<int>(selected.size()), groups - 1);
  EXPECT_EQ(selected.front(), 1);
  Predicate pred = Predicate::Compare(Predicate::Op::kLe, "id", Literal(int64_t{0}));
  ReadOptions ro;
  ro.filter = &pred;
  ASSERT_OK_AND_ASSIGN(RecordBatch out, reader->Read(ro));
  EXPECT_EQ(out.num_rows, reader->metadata().row_groups[0].num_rows);
  ColumnStats names = reader->RowGroupStats(0, 1);
  ASSERT_TRUE(names.null_count.has_value());
  EXPECT_GT(*names.null_count, 0);
}

TEST_F(ParquetReaderTest, RowGroupsReadAloneAndConcurrently) {
  RecordBatch in = MakeBatch(2000);
  WriteOptions options;
  options.row_group_bytes = 16 << 10;
  auto reader = OpenBytes(WriteBytes(in, options));
  ASSERT_NE(reader, nullptr);
  ASSERT_GT(reader->num_row_groups(), 1);
  std::vector<std::string> expected = Rows(in), got;
  for (int rg = 0; rg < reader->num_row_groups(); ++rg) {
    ASSERT_OK_AND_ASSIGN(RecordBatch b, reader->ReadRowGroup(rg, {0, 2, 3, 4, 5}));
    EXPECT_EQ(b.num_rows, reader->metadata().row_groups[rg].num_rows);
    for (const std::string& r : Rows(b)) got.push_back(r);
  }
  RecordBatch projected = in;
  projected.columns.erase(projected.columns.begin() + 1);
  EXPECT_EQ(got, Rows(projected));
  EXPECT_FALSE(reader->ReadRowGroup(reader->num_row_groups(), {0}).ok());
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto b = reader->Read();
      ok[t] = b.ok() && Rows(*b) == expected;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok, (std::vector<int>{1, 1, 1, 1}));
}

TEST_F(ParquetReaderTest, ReadsKnownValuesOfAlltypesPlain) {
  STRATA_REQUIRE_TEST_DATA("parquet-testing/data");
  std::ifstream f(testing::TestDataDir() + "/parquet-testing/data/alltypes_plain.parquet",
                  std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  auto reader = OpenBytes(ss.str());
  ASSERT_NE(reader, nullptr);
  ASSERT_OK_AND_ASSIGN(RecordBatch b, reader->Read());
  ASSERT_EQ(b.num_rows, 8);
  int id = b.schema.IndexOf("id"), ts = b.schema.IndexOf("timestamp_col");
  ASSERT_GE(id, 0);
  ASSERT_GE(ts, 0);
  std::vector<int32_t> ids;
  for (int64_t i = 0; i < 8; ++i) ids.push_back(b.columns[id].value<int32_t>(i));
  EXPECT_EQ(ids, (std::vector<int32_t>{4, 5, 6, 7, 2, 3, 0, 1}));
  const DataType& tt = *b.schema.field(ts).type;
  EXPECT_EQ(tt.logical, Logical::kTimestamp);
  EXPECT_EQ(tt.unit, TimeUnit::kMicros);
  EXPECT_EQ(b.columns[ts].value<int64_t>(0), 1235865600000000LL);  // 2009-03-01T00:00:00
}

TEST_F(ParquetReaderTest, RejectsBadFramingCleanly) {
  std::string good = WriteBytes(MakeBatch(50));
  for (std::string bad : {std::string("PAR1"), std::string(20, 'x'), good.substr(0, good.size() - 1),
                          "PAR1" + good.substr(4, good.size() - 8) + "PARX"}) {
    auto r = FileReader::Open(std::make_shared<BytesFile>(bad));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.status().IsCorruption()) << r.status().ToString();
  }
  std::string huge_footer = good;
  huge_footer[huge_footer.size() - 5] = '\x7f';
  auto r = FileReader::Open(std::make_shared<BytesFile>(huge_footer));
  EXPECT_TRUE(r.status().IsCorruption()) << r.status().ToString();
}

TEST_F(ParquetReaderTest, EveryFlippedByteFailsCleanlyOrReads) {
  std::string good = WriteBytes(MakeBatch(40));
  int failures = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    auto r = FileReader::Open(std::make_shared<BytesFile>(bad));
    Status st = r.status();
    if (r.ok()) {
      ReadOptions ro;
      ro.use_threads = false;
      Result<RecordBatch> b = (*r)->Read(ro);
      st = b.status();
      if (b.ok()) st = b->Validate();
    }
    if (!st.ok()) {
      ++failures;
      EXPECT_TRUE(st.IsCorruption() || st.IsNotSupported()) << "byte " << i << ": " << st.ToString();
    }
  }
  EXPECT_GT(failures, 0);
}

}  // namespace
}  // namespace strata::format::parquet
