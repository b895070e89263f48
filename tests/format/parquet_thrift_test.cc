// Thrift compact-protocol decoding and the parquet.thrift structs built on it.
#include <gtest/gtest.h>

#include <string>

#include "format/parquet/metadata.h"
#include "format/parquet/thrift/compact_reader.h"
#include "testing/test_data.h"

namespace strata::format::parquet {
namespace {

using thrift::CompactReader;
using thrift::ThriftType;

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) s.push_back(static_cast<char>(x));
  return s;
}

TEST(CompactReaderTest, FieldsWithDeltaAndLongIds) {
  // field 1 i32 = 5 (zigzag 10); field 4 binary "ab"; field 300 (long form) i64 = -3; bool true
  // as field 301; stop.
  std::string in = Bytes({0x15, 0x0a, 0x38, 0x02, 'a', 'b', 0x06, 0xd8, 0x04, 0x05, 0x11, 0x00});
  CompactReader r(in);
  int32_t i32 = 0;
  std::string s;
  int64_t i64 = 0;
  bool flag = false;
  ASSERT_OK(thrift::ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (id == 1) return r.ReadI32(&i32);
    if (id == 4) return r.ReadString(&s);
    if (id == 300) return r.ReadI64(&i64);
    if (id == 301) {
      flag = t == ThriftType::kBoolTrue;
      return Status::OK();
    }
    return Status::Corruption("unexpected field " + std::to_string(id));
  }));
  EXPECT_EQ(i32, 5);
  EXPECT_EQ(s, "ab");
  EXPECT_EQ(i64, -3);
  EXPECT_TRUE(flag);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(CompactReaderTest, SkipsNestedValues) {
  // list<i32> of 3, map<binary,i32> of 1, nested struct with a double, then i32 field 9.
  std::string in = Bytes({0x19, 0x35, 0x02, 0x04, 0x06,                 // field 1 list
                          0x1b, 0x01, 0x85, 0x01, 'k', 0x02,            // field 2 map
                          0x1c, 0x17, 1, 2, 3, 4, 5, 6, 7, 8, 0x00,     // field 3 struct
                          0x65, 0x12, 0x00});                           // field 9 = 9
  CompactReader r(in);
  int32_t nine = 0;
  ASSERT_OK(thrift::ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (id == 9) return r.ReadI32(&nine);
    return r.Skip(t);
  }));
  EXPECT_EQ(nine, 9);
}

TEST(CompactReaderTest, HostileInputIsCorruption) {
  // Binary length past the end.
  std::string a_in = Bytes({0x18, 0x7f, 'x'});
  CompactReader a(a_in);
  Status st = thrift::ReadStruct(a, [&](int16_t, ThriftType t) { return a.Skip(t); });
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  // List claiming a billion elements.
  std::string b_in = Bytes({0x19, 0xf5, 0x80, 0x80, 0x80, 0x80, 0x04, 0x00});
  CompactReader b(b_in);
  st = thrift::ReadStruct(b, [&](int16_t, ThriftType t) { return b.Skip(t); });
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  // Deeply nested structs.
  std::string deep(1000, static_cast<char>(0x1c));
  CompactReader c(deep);
  st = thrift::ReadStruct(c, [&](int16_t, ThriftType t) { return c.Skip(t); });
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  // Overlong varint and a truncated struct.
  std::string d_in =
      Bytes({0x15, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
  CompactReader d(d_in);
  int32_t v;
  st = thrift::ReadStruct(d, [&](int16_t, ThriftType) { return d.ReadI32(&v); });
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  std::string e_in = Bytes({0x15, 0x02});
  CompactReader e(e_in);
  st = thrift::ReadStruct(e, [&](int16_t, ThriftType) { return e.ReadI32(&v); });
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
}

TEST(MetadataDecodeTest, FileMetaDataByHand) {
  std::string in = Bytes({0x15, 0x02,                                  // version 1
                          0x19, 0x2c,                                  // schema: 2 structs
                          0x48, 0x04, 'r', 'o', 'o', 't', 0x15, 0x02, 0x00,  // root, 1 child
                          0x15, 0x04, 0x25, 0x02, 0x18, 0x01, 'x',     // INT64, OPTIONAL, "x"
                          0x6c, 0x8c, 0x00, 0x00, 0x00,                // logical: TIMESTAMP{}
                          0x16, 0x06,                                  // num_rows 3
                          0x00});
  ASSERT_OK_AND_ASSIGN(FileMetaData meta, DecodeFileMetaData(in));
  EXPECT_EQ(meta.version, 1);
  EXPECT_EQ(meta.num_rows, 3);
  ASSERT_EQ(meta.schema.size(), 2u);
  EXPECT_EQ(meta.schema[0].name, "root");
  EXPECT_EQ(meta.schema[0].num_children, 1);
  EXPECT_EQ(meta.schema[1].name, "x");
  EXPECT_EQ(meta.schema[1].type, PhysicalType::kInt64);
  EXPECT_EQ(meta.schema[1].repetition_type, Repetition::kOptional);
  ASSERT_TRUE(meta.schema[1].logical_type.has_value());
  EXPECT_EQ(meta.schema[1].logical_type->kind, LogicalType::Kind::kTimestamp);
  EXPECT_TRUE(DecodeFileMetaData(in.substr(0, in.size() - 3)).status().IsCorruption());
}

TEST(MetadataDecodeTest, PageHeaderByHand) {
  // DATA_PAGE, sizes 100/80, data_page_header {num_values 10, encoding RLE_DICTIONARY}.
  std::string in = Bytes({0x15, 0x00, 0x15, 0xc8, 0x01, 0x15, 0xa0, 0x01,
                          0x2c, 0x15, 0x14, 0x15, 0x10, 0x00, 0x00, 0xff});
  size_t used = 0;
  ASSERT_OK_AND_ASSIGN(PageHeader h, DecodePageHeader(in, &used));
  EXPECT_EQ(used, in.size() - 1);
  EXPECT_EQ(h.type, PageType::kDataPage);
  EXPECT_EQ(h.uncompressed_page_size, 100);
  EXPECT_EQ(h.compressed_page_size, 80);
  ASSERT_TRUE(h.data_page_header.has_value());
  EXPECT_EQ(h.data_page_header->num_values, 10);
  EXPECT_EQ(h.data_page_header->encoding, Encoding::kRleDictionary);
}

}  // namespace
}  // namespace strata::format::parquet
