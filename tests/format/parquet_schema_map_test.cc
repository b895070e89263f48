// Schema mapping: Strata -> Parquet -> Strata round trip, the legacy LIST shapes, levels, and
// malformed trees.
#include "format/parquet/schema_map.h"

#include <gtest/gtest.h>

#include "testing/test_data.h"

namespace strata::format::parquet {
namespace {

SchemaElement Group(std::string name, int children, std::optional<Repetition> rep,
                    std::optional<ConvertedType> ct = std::nullopt) {
  SchemaElement e;
  e.name = std::move(name);
  e.num_children = children;
  e.repetition_type = rep;
  e.converted_type = ct;
  return e;
}

SchemaElement Leaf(std::string name, PhysicalType t, Repetition rep) {
  SchemaElement e;
  e.name = std::move(name);
  e.type = t;
  e.repetition_type = rep;
  return e;
}

TEST(SchemaMapTest, RoundTripsThroughMakeParquetSchema) {
  auto ts = std::make_shared<DataType>(*TimestampMicros(false));
  auto dec = std::make_shared<DataType>();
  dec->kind = Kind::kInt64;
  dec->logical = Logical::kDecimal;
  dec->precision = 18;
  dec->scale = 4;
  Schema schema({Field{"id", Int64(), false}, Field{"s", String(), true}, Field{"d", Date(), true},
                 Field{"t", ts, true}, Field{"m", dec, true},
                 Field{"v", ListOf(Float32(), false), true},
                 Field{"st", StructOf({Field{"a", Int32(), true}, Field{"l", ListOf(String()), true}}), false},
                 Field{"kv", MapOf(String(), Int64()), true}});
  std::vector<SchemaElement> els = MakeParquetSchema(schema);
  ASSERT_OK_AND_ASSIGN(ParquetSchema ps, MapParquetSchema(els));
  EXPECT_TRUE(ps.schema.Equals(schema)) << ps.schema.ToString() << "\nvs\n" << schema.ToString();
  ASSERT_EQ(ps.leaves.size(), 10u);
  // st.l.list.element: st required (0), l optional (1), list repeated (2), element optional (3).
  const LeafDescriptor& l = ps.leaves[7];
  EXPECT_EQ(l.path, (std::vector<std::string>{"st", "l", "list", "element"}));
  EXPECT_EQ(l.max_def, 3);
  EXPECT_EQ(l.max_rep, 1);
  EXPECT_EQ(ps.leaves[0].max_def, 0);
}

TEST(SchemaMapTest, LegacyListShapes) {
  // a: 2-level list of required int32; b: bare repeated field; c: LIST whose repeated group is
  // named "array" (element is the group, a struct).
  std::vector<SchemaElement> els = {
      Group("schema", 3, std::nullopt),
      Group("a", 1, Repetition::kOptional, ConvertedType::kList),
      Leaf("item", PhysicalType::kInt32, Repetition::kRepeated),
      Leaf("b", PhysicalType::kInt64, Repetition::kRepeated),
      Group("c", 1, Repetition::kOptional, ConvertedType::kList),
      Group("array", 1, Repetition::kRepeated),
      Leaf("x", PhysicalType::kInt32, Repetition::kOptional),
  };
  ASSERT_OK_AND_ASSIGN(ParquetSchema ps, MapParquetSchema(els));
  EXPECT_EQ(ps.schema.field(0).type->ToString(), ListOf(Int32(), false)->ToString());
  EXPECT_EQ(ps.schema.field(1).type->ToString(), ListOf(Int64(), false)->ToString());
  EXPECT_FALSE(ps.schema.field(1).nullable);
  EXPECT_EQ(ps.schema.field(2).type->kind, Kind::kList);
  EXPECT_EQ(ps.schema.field(2).type->children[0].type->kind, Kind::kStruct);
  EXPECT_EQ(ps.leaves[0].max_def, 2);
  EXPECT_EQ(ps.leaves[1].max_def, 1);
  EXPECT_EQ(ps.leaves[2].max_def, 3);
  EXPECT_EQ(ps.fields[0].children[0].slot_def, 2);
  EXPECT_EQ(ps.fields[0].children[0].slot_rep, 1);
}

TEST(SchemaMapTest, MalformedTreesFail) {
  std::vector<SchemaElement> too_many = {Group("schema", 5, std::nullopt),
                                         Leaf("a", PhysicalType::kInt32, Repetition::kRequired)};
  EXPECT_TRUE(MapParquetSchema(too_many).status().IsCorruption());
  std::vector<SchemaElement> trailing = {Group("schema", 1, std::nullopt),
                                         Leaf("a", PhysicalType::kInt32, Repetition::kRequired),
                                         Leaf("b", PhysicalType::kInt32, Repetition::kRequired)};
  EXPECT_TRUE(MapParquetSchema(trailing).status().IsCorruption());
  std::vector<SchemaElement> bad_flba = {Group("schema", 1, std::nullopt),
                                         Leaf("f", PhysicalType::kFixedLenByteArray, Repetition::kRequired)};
  EXPECT_TRUE(MapParquetSchema(bad_flba).status().IsCorruption());
  std::vector<SchemaElement> map_no_value = {
      Group("schema", 1, std::nullopt), Group("m", 1, Repetition::kOptional, ConvertedType::kMap),
      Group("key_value", 1, Repetition::kRepeated),
      Leaf("key", PhysicalType::kInt32, Repetition::kRequired)};
  EXPECT_TRUE(MapParquetSchema(map_no_value).status().IsNotSupported());
  std::vector<SchemaElement> deep = {Group("schema", 1, std::nullopt)};
  for (int i = 0; i < 100; ++i) deep.push_back(Group("g", 1, Repetition::kOptional));
  deep.push_back(Leaf("x", PhysicalType::kInt32, Repetition::kOptional));
  EXPECT_TRUE(MapParquetSchema(deep).status().IsCorruption());
}

}  // namespace
}  // namespace strata::format::parquet
