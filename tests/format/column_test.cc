#include "format/column.h"

#include <gtest/gtest.h>

#include "testing/test_data.h"

namespace strata::format {
namespace {

TEST(ColumnTest, BuildsNullableStrings) {
  Column c = MakeColumn(String());
  c.AppendBinary("a");
  c.AppendNull();
  c.AppendBinary("");
  c.AppendBinary("xyz");
  ASSERT_OK(c.Validate());
  EXPECT_EQ(c.length(), 4);
  EXPECT_EQ(c.null_count(), 1);
  EXPECT_EQ(c.binary(0), "a");
  EXPECT_FALSE(c.IsValid(1));
  EXPECT_EQ(c.binary(2), "");
  EXPECT_EQ(c.binary(3), "xyz");
}

TEST(ColumnTest, BuildsListOfFloat) {
  Column c = MakeColumn(ListOf(Float32()));
  for (float f : {1.f, 2.f, 3.f}) c.mutable_children()[0].Append(f);
  c.AppendListEnd();
  c.AppendNull();
  c.AppendListEnd();  // empty list
  ASSERT_OK(c.Validate());
  EXPECT_EQ(c.length(), 3);
  EXPECT_EQ(c.list_range(0), (std::make_pair<int64_t, int64_t>(0, 3)));
  EXPECT_FALSE(c.IsValid(1));
  EXPECT_EQ(c.list_range(2), (std::make_pair<int64_t, int64_t>(3, 3)));
  EXPECT_EQ(c.child(0).value<float>(2), 3.f);
}

TEST(ColumnTest, ValidateCatchesLengthMismatch) {
  Column c = MakeColumn(Int64());
  c.Append<int64_t>(1);
  c.mutable_data().resize(3);
  EXPECT_TRUE(c.Validate().IsCorruption());
}

TEST(RecordBatchTest, ConcatenateShiftsOffsets) {
  Schema schema({{"id", Int64(), false}, {"s", String(), true}});
  auto make = [&](int64_t base) {
    RecordBatch b{schema, {MakeColumn(Int64()), MakeColumn(String())}, 2};
    b.columns[0].Append<int64_t>(base);
    b.columns[0].Append<int64_t>(base + 1);
    b.columns[1].AppendBinary("v" + std::to_string(base));
    b.columns[1].AppendNull();
    return b;
  };
  ASSERT_OK_AND_ASSIGN(RecordBatch all, Concatenate({make(0), make(10)}));
  ASSERT_OK(all.Validate());
  EXPECT_EQ(all.num_rows, 4);
  EXPECT_EQ(all.columns[0].value<int64_t>(2), 10);
  EXPECT_EQ(all.columns[1].binary(2), "v10");
  EXPECT_FALSE(all.columns[1].IsValid(3));
}

TEST(SchemaTest, PrintsNestedTypes) {
  auto t = StructOf({{"path", String(), false}, {"tags", MapOf(String(), String()), true}});
  EXPECT_EQ(t->ToString(), "struct<path: string, tags: map<string, string>>");
  EXPECT_EQ(ListOf(Float32())->ToString(), "list<float>");
  EXPECT_TRUE(ListOf(Float32())->Equals(*ListOf(Float32())));
  EXPECT_FALSE(ListOf(Float32())->Equals(*ListOf(Float64())));
}

}  // namespace
}  // namespace strata::format
