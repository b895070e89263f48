// Tests of the Parquet write-side encoders against bytes computed by hand from the format spec.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/hash.h"
#include "format/column.h"
#include "format/parquet/encoding/dictionary_encoder.h"
#include "format/parquet/encoding/plain_encoder.h"
#include "format/parquet/encoding/rle_encoder.h"
#include "format/parquet/metadata.h"
#include "format/parquet/thrift/compact_writer.h"
#include "testing/test_data.h"

namespace strata::format::parquet {
namespace {

using encoding::SlotRun;

std::string Hex(const std::string& s) { return HexEncode(s); }

template <typename T>
std::string Rle(std::vector<T> v, int width) {
  std::string out;
  encoding::EncodeRleHybrid(std::span<const T>(v), width, &out);
  return out;
}

TEST(ParquetEncodingTest, BitWidth) {
  EXPECT_EQ(encoding::BitWidth(0), 0);
  EXPECT_EQ(encoding::BitWidth(1), 1);
  EXPECT_EQ(encoding::BitWidth(2), 2);
  EXPECT_EQ(encoding::BitWidth(7), 3);
  EXPECT_EQ(encoding::BitWidth(8), 4);
  EXPECT_EQ(encoding::BitWidth(UINT32_MAX), 32);
}

TEST(ParquetEncodingTest, RleRunOfEight) {
  // header 8 << 1 = 0x10, value in one byte.
  EXPECT_EQ(Hex(Rle<int16_t>({1, 1, 1, 1, 1, 1, 1, 1}, 1)), "1001");
  // 300 zeros at width 9: varint(600) = d8 04, value in two bytes.
  EXPECT_EQ(Hex(Rle<uint32_t>(std::vector<uint32_t>(300, 0x1AB), 9)), "d804ab01");
}

TEST(ParquetEncodingTest, BitPackedGroupFromSpec) {
  // The spec's example: 0..7 at width 3 packs to 88 c6 fa; header (1 group << 1) | 1.
  EXPECT_EQ(Hex(Rle<int16_t>({0, 1, 2, 3, 4, 5, 6, 7}, 3)), "0388c6fa");
}

TEST(ParquetEncodingTest, LiteralsBorrowFromFollowingRun) {
  // 1,2,3 then ten 5s: one literal group 1,2,3,5,5,5,5,5 then a run of five 5s.
  std::vector<int16_t> v = {1, 2, 3};
  v.insert(v.end(), 10, 5);
  EXPECT_EQ(Hex(Rle<int16_t>(v, 3)), "03d1dab60a05");
}

TEST(ParquetEncodingTest, TrailingLiteralsArePadded) {
  // 1,0,1 at width 1: one group, bits 101 then zero padding.
  EXPECT_EQ(Hex(Rle<uint8_t>({1, 0, 1}, 1)), "0305");
}

TEST(ParquetEncodingTest, LevelsV1HaveLengthPrefix) {
  std::vector<int16_t> levels(10, 1);
  std::string out;
  encoding::EncodeLevelsV1(levels, 1, &out);
  EXPECT_EQ(Hex(out), "02000000" "1401");
}

TEST(ParquetEncodingTest, PlainInt32SkipsNulls) {
  Column c = MakeColumn(Int32());
  c.Append<int32_t>(1);
  c.AppendNull();
  c.Append<int32_t>(-2);
  c.Append<int32_t>(258);
  std::vector<SlotRun> runs = {{0, 3}, {3, 4}};
  std::string out;
  encoding::PlainEncode(c, runs, &out);
  EXPECT_EQ(Hex(out), "01000000" "feffffff" "02010000");
  EXPECT_EQ(encoding::CountPresent(c, runs), 3);
}

TEST(ParquetEncodingTest, PlainBinaryAndBool) {
  Column s = MakeColumn(String());
  s.AppendBinary("ab");
  s.AppendBinary("");
  s.AppendNull();
  s.AppendBinary("c");
  std::string out;
  encoding::PlainEncode(s, std::vector<SlotRun>{{0, 4}}, &out);
  EXPECT_EQ(out, std::string("\x02\0\0\0ab\0\0\0\0\x01\0\0\0c", 15));

  Column b = MakeColumn(Bool());
  for (int v : {1, 0, 1, 1, 0, 0, 0, 0, 1}) b.Append<uint8_t>(static_cast<uint8_t>(v));
  out.clear();
  encoding::PlainEncode(b, std::vector<SlotRun>{{0, 9}}, &out);
  EXPECT_EQ(Hex(out), "0d01");
}

TEST(ParquetEncodingTest, DictionaryIndicesAndPage) {
  Column s = MakeColumn(String());
  for (const char* v : {"a", "b", "a", "c"}) s.AppendBinary(v);
  encoding::DictionaryEncoder dict(*s.type());
  std::vector<uint32_t> idx;
  dict.Put(s, std::vector<SlotRun>{{0, 4}}, &idx);
  EXPECT_EQ(idx, (std::vector<uint32_t>{0, 1, 0, 2}));
  EXPECT_EQ(dict.num_entries(), 3);
  EXPECT_EQ(dict.plain(), std::string("\x01\0\0\0a\x01\0\0\0b\x01\0\0\0c", 15));
  std::string out;
  dict.EncodeIndices(idx, &out);
  EXPECT_EQ(Hex(out), "02" "03" "8400");
}

TEST(ParquetEncodingTest, DictionaryManyDistinctValues) {
  Column c = MakeColumn(Int64());
  for (int64_t i = 0; i < 5000; ++i) c.Append<int64_t>(i % 3000);
  encoding::DictionaryEncoder dict(*c.type());
  std::vector<uint32_t> idx;
  dict.Put(c, std::vector<SlotRun>{{0, 5000}}, &idx);
  ASSERT_EQ(idx.size(), 5000u);
  EXPECT_EQ(dict.num_entries(), 3000);
  EXPECT_EQ(dict.size_bytes(), 3000 * 8);
  for (int64_t i = 0; i < 5000; ++i) ASSERT_EQ(idx[i], static_cast<uint32_t>(i % 3000));
}

TEST(ParquetEncodingTest, CompactWriterFieldHeaders) {
  thrift::CompactWriter w;
  w.FieldI32(1, -1);       // delta 1, i32 (5): 0x15, zigzag(-1) = 1
  w.FieldBinary(2, "ab");  // delta 1, binary (8): 0x18, len 2
  w.FieldI64(20, 3);       // long form: type 6, zigzag(20) = 40 = 0x28, zigzag(3) = 6
  w.FieldBool(21, true);   // 0x11
  w.FieldListBegin(22, thrift::ThriftType::kI32, 2);  // 0x19, 0x25
  w.WriteI32(1);
  w.WriteI32(2);
  w.StructEnd();
  EXPECT_EQ(Hex(w.buffer()), "1501" "18026162" "062806" "11" "192502" "04" "00");
}

TEST(ParquetEncodingTest, PageHeaderRoundTripsThroughDecoder) {
  PageHeader h;
  h.type = PageType::kDataPage;
  h.uncompressed_page_size = 1000;
  h.compressed_page_size = 400;
  DataPageHeader d;
  d.num_values = 77;
  d.encoding = Encoding::kRleDictionary;
  Statistics st;
  st.null_count = 3;
  st.min_value = "aa";
  st.max_value = "zz";
  d.statistics = st;
  h.data_page_header = d;
  std::string bytes = EncodePageHeader(h);
  bytes += "payload";
  size_t consumed = 0;
  ASSERT_OK_AND_ASSIGN(PageHeader back, DecodePageHeader(bytes, &consumed));
  EXPECT_EQ(consumed, bytes.size() - 7);
  EXPECT_EQ(back.compressed_page_size, 400);
  ASSERT_TRUE(back.data_page_header.has_value());
  EXPECT_EQ(back.data_page_header->num_values, 77);
  EXPECT_EQ(back.data_page_header->encoding, Encoding::kRleDictionary);
  ASSERT_TRUE(back.data_page_header->statistics.has_value());
  EXPECT_EQ(back.data_page_header->statistics->max_value, "zz");
  EXPECT_EQ(back.data_page_header->statistics->null_count, 3);
}

}  // namespace
}  // namespace strata::format::parquet
