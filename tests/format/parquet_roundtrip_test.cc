// Round trips writer -> reader: every column type, nulls, lists, structs and maps, every codec,
// several row groups and pages, dictionary and PLAIN pages; the values read back must equal
// the values written, row by row.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "format/column.h"
#include "format/parquet/compression.h"
#include "format/parquet/reader.h"
#include "format/parquet/writer.h"
#include "io/memory_store.h"
#include "testing/test_data.h"

namespace strata::format::parquet {
namespace {

// Compare row i of `a` with row j of `b` by value; on mismatch describe it in *why.
bool RowEq(const Column& a, int64_t i, const Column& b, int64_t j, std::string* why) {
  if (a.IsValid(i) != b.IsValid(j)) return *why = "validity", false;
  if (!a.IsValid(i)) return true;
  const DataType& t = *a.type();
  switch (t.kind) {
    case Kind::kBool:
      if ((a.data()[i] != 0) != (b.data()[j] != 0)) return *why = "bool", false;
      return true;
    case Kind::kBinary:
    case Kind::kFixedBinary:
      if (a.binary(i) != b.binary(j)) return *why = "bytes " + std::string(a.binary(i)), false;
      return true;
    case Kind::kList:
    case Kind::kMap: {
      auto [ab, ae] = a.list_range(i);
      auto [bb, be] = b.list_range(j);
      if (ae - ab != be - bb) return *why = "list length", false;
      for (int c = 0; c < a.num_children(); ++c) {
        for (int64_t k = 0; k < ae - ab; ++k) {
          if (!RowEq(a.child(c), ab + k, b.child(c), bb + k, why)) return false;
        }
      }
      return true;
    }
    case Kind::kStruct:
      for (int c = 0; c < a.num_children(); ++c) {
        if (!RowEq(a.child(c), i, b.child(c), j, why)) return *why = "field " + t.children[c].name + ": " + *why, false;
      }
      return true;
    default: {
      size_t w = t.kind == Kind::kInt32 || t.kind == Kind::kFloat ? 4 : 8;
      if (std::memcmp(a.data().data() + i * w, b.data().data() + j * w, w) != 0) {
        return *why = "fixed value", false;
      }
      return true;
    }
  }
}

void ExpectBatchesEqual(const RecordBatch& want, const RecordBatch& got) {
  ASSERT_EQ(got.num_rows, want.num_rows);
  ASSERT_EQ(got.columns.size(), want.columns.size());
  for (size_t c = 0; c < want.columns.size(); ++c) {
    for (int64_t r = 0; r < want.num_rows; ++r) {
      std::string why;
      ASSERT_TRUE(RowEq(want.columns[c], r, got.columns[c], r, &why))
          << "column " << want.schema.field(static_cast<int>(c)).name << " row " << r << ": "
          << why;
    }
  }
}

RecordBatch MakeMixed(int64_t n) {
  TypePtr kv = MapOf(String(), String(), true);
  TypePtr st = StructOf({{"path", String(), false}, {"pv", kv, true}, {"size", Int64(), true}});
  Schema schema({{"id", Int64(), false},        {"flag", Bool(), true},
                 {"i", Int32(), true},          {"f", Float32(), true},
                 {"d", Float64(), false},       {"s", String(), true},
                 {"day", Date(), true},         {"ts", TimestampMicros(), true},
                 {"vec", ListOf(Float32(), false), true},
                 {"tags", ListOf(String(), true), true},
                 {"add", st, true}});
  RecordBatch b{schema, {}, n};
  for (const Field& f : schema.fields()) b.columns.push_back(MakeColumn(f.type));
  auto& c = b.columns;
  for (int64_t r = 0; r < n; ++r) {
    c[0].Append<int64_t>(r * 37 - 1000);
    if (r % 5 == 1) c[1].AppendNull(); else c[1].Append<uint8_t>(r % 2);
    if (r % 6 == 2) c[2].AppendNull(); else c[2].Append<int32_t>(static_cast<int32_t>(r % 100));
    if (r % 7 == 3) c[3].AppendNull(); else c[3].Append<float>(static_cast<float>(r) / 8);
    c[4].Append<double>(r * 0.1);
    if (r % 4 == 0) c[5].AppendNull(); else c[5].AppendBinary(r % 4 == 1 ? "" : "s" + std::to_string(r % 9));
    if (r % 9 == 0) c[6].AppendNull(); else c[6].Append<int32_t>(static_cast<int32_t>(18000 + r));
    if (r % 8 == 0) c[7].AppendNull(); else c[7].Append<int64_t>(1700000000000000 + r);
    if (r % 10 == 0) {
      c[8].AppendNull();
    } else {
      for (int k = 0; k < 16; ++k) c[8].mutable_children()[0].Append<float>(static_cast<float>(r * k));
      c[8].AppendListEnd();
    }
    Column& tags = c[9].mutable_children()[0];
    if (r % 3 == 0) {
      c[9].AppendNull();
    } else {
      for (int k = 0; k < r % 4; ++k) {
        if (k == 1) tags.AppendNull(); else tags.AppendBinary("t" + std::to_string(k));
      }
      c[9].AppendListEnd();
    }
    Column& add = c[10];
    if (r % 5 == 0) {
      add.AppendNull();
    } else {
      auto& ch = add.mutable_children();
      ch[0].AppendBinary("p" + std::to_string(r));
      if (r % 5 == 1) {
        ch[1].AppendNull();
      } else {
        ch[1].mutable_children()[0].AppendBinary("k");
        if (r % 2) ch[1].mutable_children()[1].AppendNull(); else ch[1].mutable_children()[1].AppendBinary("v");
        ch[1].AppendListEnd();
      }
      ch[2].Append<int64_t>(r);
      if (!add.mutable_validity().empty()) add.mutable_validity().push_back(1);
      add.set_length(add.length() + 1);
    }
  }
  return b;
}

class ParquetRoundTripTest : public ::testing::TestWithParam<CompressionCodec> {};

TEST_P(ParquetRoundTripTest, MixedSchemaManyRowGroups) {
  RecordBatch batch = MakeMixed(3000);
  ASSERT_OK(batch.Validate());
  io::MemoryStore store;
  WriteOptions options;
  options.codec = GetParam();
  options.row_group_bytes = 48 << 10;
  options.data_page_bytes = 4 << 10;
  options.dictionary_page_bytes = 1 << 10;
  ASSERT_OK_AND_ASSIGN(WrittenFile written, WriteFile(store, "t.parquet", batch, options));
  EXPECT_EQ(written.num_rows, 3000);
  ASSERT_OK_AND_ASSIGN(auto file, store.OpenRead("t.parquet"));
  ASSERT_OK_AND_ASSIGN(auto reader, FileReader::Open(std::shared_ptr<io::RandomAccessFile>(std::move(file))));
  EXPECT_GT(reader->num_row_groups(), 2);
  ASSERT_OK_AND_ASSIGN(RecordBatch back, reader->Read());
  ExpectBatchesEqual(batch, back);
  // Row-group statistics as the reader sees them.
  ColumnStats id0 = reader->RowGroupStats(0, 0);
  EXPECT_EQ(id0.min, Literal(int64_t{-1000}));
}

INSTANTIATE_TEST_SUITE_P(Codecs, ParquetRoundTripTest,
                         ::testing::Values(CompressionCodec::kUncompressed,
                                           CompressionCodec::kSnappy, CompressionCodec::kGzip,
                                           CompressionCodec::kZstd, CompressionCodec::kLz4Raw,
                                           CompressionCodec::kBrotli),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

TEST(ParquetRoundTripNoDictTest, PlainOnlyAndSingleRowPages) {
  RecordBatch batch = MakeMixed(200);
  io::MemoryStore store;
  WriteOptions options;
  options.dictionary = false;
  options.data_page_bytes = 1;  // one row per page
  ASSERT_OK_AND_ASSIGN(WrittenFile written, WriteFile(store, "p.parquet", batch, options));
  ASSERT_OK_AND_ASSIGN(RecordBatch back, ReadFile(store, "p.parquet"));
  ExpectBatchesEqual(batch, back);
}

}  // namespace
}  // namespace strata::format::parquet

namespace strata::format::parquet {
namespace {

// Vectors and ids without nulls are assembled straight into their final columns across row
// groups; a nullable column with nulls in some row groups only, and a list column whose empty
// lists make its value count differ from its level count in one row group, take the merged path
// (the first by statistics, the second by the check after decoding). All must read back exactly.
RecordBatch MakeVectors(int64_t n, int64_t empty_list_row) {
  Schema schema({{"id", Int64(), false},
                 {"vec", ListOf(Float32(), false), false},
                 {"maybe", Int32(), true},
                 {"sparse", ListOf(Float32(), false), false}});
  RecordBatch b{schema, {}, n};
  for (const Field& f : schema.fields()) b.columns.push_back(MakeColumn(f.type));
  for (int64_t r = 0; r < n; ++r) {
    b.columns[0].Append<int64_t>(r);
    for (int k = 0; k < 8; ++k) b.columns[1].mutable_children()[0].Append<float>(r * 8.0f + k);
    b.columns[1].AppendListEnd();
    if (r > n / 2 && r % 3 == 0) b.columns[2].AppendNull(); else b.columns[2].Append<int32_t>(r);
    if (r != empty_list_row) {
      for (int k = 0; k < 2; ++k) b.columns[3].mutable_children()[0].Append<float>(-r - k);
    }
    b.columns[3].AppendListEnd();
  }
  return b;
}

TEST(ParquetDirectAssemblyTest, ManyRowGroupsReadBackExactly) {
  for (int64_t empty_row : {int64_t{-1}, int64_t{4321}}) {
    RecordBatch batch = MakeVectors(6000, empty_row);
    ASSERT_OK(batch.Validate());
    io::MemoryStore store;
    WriteOptions options;
    options.row_group_bytes = 32 << 10;
    ASSERT_OK(WriteFile(store, "v.parquet", batch, options).status());
    ASSERT_OK_AND_ASSIGN(auto file, store.OpenRead("v.parquet"));
    ASSERT_OK_AND_ASSIGN(auto reader,
                         FileReader::Open(std::shared_ptr<io::RandomAccessFile>(std::move(file))));
    EXPECT_GT(reader->num_row_groups(), 4);
    ASSERT_OK_AND_ASSIGN(RecordBatch back, reader->Read());
    ASSERT_OK(back.Validate());
    ExpectBatchesEqual(batch, back);
    EXPECT_EQ(back.columns[1].child(0).length(), 6000 * 8);
  }
}

}  // namespace
}  // namespace strata::format::parquet
