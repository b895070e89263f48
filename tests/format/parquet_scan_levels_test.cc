// The reader's fast paths for all-defined levels: pages whose definition levels are one RLE run
// of the maximum are kept unexpanded until a page with nulls or empty lists arrives, and several
// row groups are read in parallel and concatenated. The values read back must equal the values
// written, whichever row groups and pages hold the nulls.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "format/column.h"
#include "format/parquet/reader.h"
#include "format/parquet/writer.h"
#include "io/memory_store.h"
#include "testing/test_data.h"

namespace strata::format::parquet {
namespace {

// Rows [0, clean) hold non-null, non-empty vectors of non-null floats; later rows mix in null
// lists, empty lists and null texts.
RecordBatch MakeVectors(int64_t n, int64_t clean) {
  Schema schema({{"id", Int64(), false},
                 {"text", String(), true},
                 {"vec", ListOf(Float32(), true), true}});
  RecordBatch b{schema, {}, n};
  for (const Field& f : schema.fields()) b.columns.push_back(MakeColumn(f.type));
  auto& c = b.columns;
  for (int64_t r = 0; r < n; ++r) {
    c[0].Append<int64_t>(r);
    bool dirty = r >= clean;
    if (dirty && r % 7 == 0) c[1].AppendNull(); else c[1].AppendBinary("t" + std::to_string(r));
    if (dirty && r % 5 == 0) {
      c[2].AppendNull();
      continue;
    }
    Column& elems = c[2].mutable_children()[0];
    int len = dirty && r % 5 == 1 ? 0 : 8;
    for (int k = 0; k < len; ++k) {
      if (dirty && r % 5 == 2 && k == 3) elems.AppendNull(); else elems.Append<float>(r * 0.5f + k);
    }
    c[2].AppendListEnd();
  }
  return b;
}

void ExpectSame(const RecordBatch& want, const RecordBatch& got) {
  ASSERT_EQ(got.num_rows, want.num_rows);
  const Column& ids = got.columns[0];
  const Column& texts = got.columns[1];
  const Column& vecs = got.columns[2];
  const Column& want_vecs = want.columns[2];
  for (int64_t r = 0; r < want.num_rows; ++r) {
    ASSERT_EQ(ids.value<int64_t>(r), r);
    ASSERT_EQ(texts.IsValid(r), want.columns[1].IsValid(r)) << r;
    if (texts.IsValid(r)) {
      ASSERT_EQ(texts.binary(r), want.columns[1].binary(r)) << r;
    }
    ASSERT_EQ(vecs.IsValid(r), want_vecs.IsValid(r)) << r;
    if (!vecs.IsValid(r)) continue;
    auto [b, e] = vecs.list_range(r);
    auto [wb, we] = want_vecs.list_range(r);
    ASSERT_EQ(e - b, we - wb) << r;
    for (int64_t k = 0; k < e - b; ++k) {
      const Column& got_el = vecs.child(0);
      const Column& want_el = want_vecs.child(0);
      ASSERT_EQ(got_el.IsValid(b + k), want_el.IsValid(wb + k)) << r << "/" << k;
      if (want_el.IsValid(wb + k)) {
        ASSERT_EQ(got_el.value<float>(b + k), want_el.value<float>(wb + k)) << r << "/" << k;
      }
    }
  }
}

class ParquetScanLevelsTest : public ::testing::TestWithParam<int64_t> {};

TEST_P(ParquetScanLevelsTest, NullsAfterCleanPagesReadBack) {
  const int64_t rows = 3000, clean = GetParam();
  RecordBatch batch = MakeVectors(rows, clean);
  ASSERT_OK(batch.Validate());
  io::MemoryStore store;
  WriteOptions options;
  options.dictionary = false;
  options.row_group_bytes = 32 << 10;
  options.data_page_bytes = 2 << 10;
  ASSERT_OK(WriteFile(store, "v.parquet", batch, options).status());
  for (bool threads : {true, false}) {
    ReadOptions read;
    read.use_threads = threads;
    ASSERT_OK_AND_ASSIGN(RecordBatch back, ReadFile(store, "v.parquet", read));
    ExpectSame(batch, back);
    EXPECT_EQ(back.columns[2].has_nulls(), clean < rows);
    EXPECT_EQ(back.columns[2].child(0).has_nulls(), clean < rows);
  }
  ASSERT_OK_AND_ASSIGN(auto file, store.OpenRead("v.parquet"));
  ASSERT_OK_AND_ASSIGN(auto reader,
                       FileReader::Open(std::shared_ptr<io::RandomAccessFile>(std::move(file))));
  EXPECT_GT(reader->num_row_groups(), 2);
}

// All clean; clean for the first pages of the first row group; clean for the first row groups;
// nulls from the start.
INSTANTIATE_TEST_SUITE_P(CleanPrefix, ParquetScanLevelsTest,
                         ::testing::Values(int64_t{3000}, int64_t{40}, int64_t{2500}, int64_t{0}));

}  // namespace
}  // namespace strata::format::parquet
