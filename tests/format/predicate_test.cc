#include "format/predicate.h"

#include <gtest/gtest.h>

#include "testing/test_data.h"

namespace strata::format {
namespace {

// id int64 [1, 2, 3, null], name string ["a", "b", null, "d"], score double, flag bool, day date.
RecordBatch SampleBatch() {
  RecordBatch b;
  b.schema = Schema({{"id", Int64()}, {"name", String()}, {"score", Float64()},
                     {"flag", Bool()}, {"day", Date()}});
  Column id = MakeColumn(Int64()), name = MakeColumn(String()), score = MakeColumn(Float64()),
         flag = MakeColumn(Bool()), day = MakeColumn(Date());
  id.Append<int64_t>(1);
  id.Append<int64_t>(2);
  id.Append<int64_t>(3);
  id.AppendNull();
  name.AppendBinary("a");
  name.AppendBinary("b");
  name.AppendNull();
  name.AppendBinary("d");
  for (double v : {0.5, 1.5, 2.5, 3.5}) score.Append<double>(v);
  for (uint8_t v : {1, 0, 1, 0}) flag.Append<uint8_t>(v);
  for (int32_t v : {18262, 18263, 18264, 18265}) day.Append<int32_t>(v);  // 2020-01-01..04
  b.columns = {std::move(id), std::move(name), std::move(score), std::move(flag), std::move(day)};
  b.num_rows = 4;
  return b;
}

std::vector<uint8_t> Eval(const std::string& text) {
  auto p = Predicate::Parse(text);
  EXPECT_TRUE(p.ok()) << text << ": " << p.status().ToString();
  if (!p.ok()) return {};
  auto r = p->Evaluate(SampleBatch());
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : std::vector<uint8_t>{};
}

using Mask = std::vector<uint8_t>;

TEST(PredicateTest, ComparisonsFollowSqlNullSemantics) {
  EXPECT_EQ(Eval("id = 2"), (Mask{0, 1, 0, 0}));
  EXPECT_EQ(Eval("id != 2"), (Mask{1, 0, 1, 0}));
  EXPECT_EQ(Eval("id <> 2"), (Mask{1, 0, 1, 0}));
  EXPECT_EQ(Eval("id >= 2"), (Mask{0, 1, 1, 0}));
  EXPECT_EQ(Eval("NOT id >= 2"), (Mask{1, 0, 0, 0}));  // null stays false under NOT
  EXPECT_EQ(Eval("id IS NULL"), (Mask{0, 0, 0, 1}));
  EXPECT_EQ(Eval("NOT (id IS NULL)"), (Mask{1, 1, 1, 0}));
  EXPECT_EQ(Eval("id = NULL"), (Mask{0, 0, 0, 0}));
}

TEST(PredicateTest, StringsDoublesBoolsDates) {
  EXPECT_EQ(Eval("name = 'b'"), (Mask{0, 1, 0, 0}));
  EXPECT_EQ(Eval("name > 'a'"), (Mask{0, 1, 0, 1}));
  EXPECT_EQ(Eval("name IN ('a', 'd')"), (Mask{1, 0, 0, 1}));
  EXPECT_EQ(Eval("NOT name IN ('a')"), (Mask{0, 1, 0, 1}));
  EXPECT_EQ(Eval("score < 2"), (Mask{1, 1, 0, 0}));
  EXPECT_EQ(Eval("score > 1"), (Mask{0, 1, 1, 1}));  // int literal vs double column
  EXPECT_EQ(Eval("flag = TRUE"), (Mask{1, 0, 1, 0}));
  EXPECT_EQ(Eval("day >= '2020-01-03'"), (Mask{0, 0, 1, 1}));
  EXPECT_EQ(Eval("day = 18262"), (Mask{1, 0, 0, 0}));
}

TEST(PredicateTest, BooleanStructure) {
  EXPECT_EQ(Eval("id = 1 OR name = 'd'"), (Mask{1, 0, 0, 1}));
  EXPECT_EQ(Eval("(id >= 1 AND score > 1) OR flag = true"), (Mask{1, 1, 1, 0}));
  EXPECT_EQ(Eval("NOT (id = 1 OR id = 2)"), (Mask{0, 0, 1, 0}));
  EXPECT_EQ(Eval("`name` = 'a' and not flag = false"), (Mask{1, 0, 0, 0}));
}

TEST(PredicateTest, ParseErrorsNamePosition) {
  for (const char* bad : {"", "id =", "id = 'x", "(id = 1", "id ~ 3", "1 = id", "id IN ()",
                          "id = 1 extra"}) {
    auto p = Predicate::Parse(bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(p.status().message().find("position"), std::string::npos);
  }
  std::string deep(5000, '(');
  EXPECT_FALSE(Predicate::Parse(deep).ok());
}

TEST(PredicateTest, MissingColumnIsInvalidArgument) {
  auto p = Predicate::Parse("nope = 1");
  ASSERT_TRUE(p.ok());
  auto r = p->Evaluate(SampleBatch());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(PredicateTest, RoundTripThroughToString) {
  for (const char* text : {"id = 1", "name IN ('a', 'it''s')", "NOT (a.b IS NOT NULL)",
                           "(x < 1.5) OR ((y >= -3) AND (z != TRUE))"}) {
    auto p = Predicate::Parse(text);
    ASSERT_TRUE(p.ok()) << text;
    auto again = Predicate::Parse(p->ToString());
    ASSERT_TRUE(again.ok()) << p->ToString();
    EXPECT_EQ(again->ToString(), p->ToString());
  }
  // Names that would not read back bare are back-quoted; an empty quoted name is refused
  // (found by fuzz/filter_fuzzer: "`` > 4").
  for (const char* text : {"`and` = 1", "`1st` = 2", "`a b`.c = 3", "x.`in` IS NULL"}) {
    auto p = Predicate::Parse(text);
    ASSERT_TRUE(p.ok()) << text;
    auto again = Predicate::Parse(p->ToString());
    ASSERT_TRUE(again.ok()) << p->ToString();
    EXPECT_EQ(again->ToString(), p->ToString());
    EXPECT_EQ(again->Columns(), p->Columns());
  }
  EXPECT_FALSE(Predicate::Parse("`` > 4").ok());
  // Whole-valued decimals stay decimals when printed (found by fuzz/filter_fuzzer: "-0e12").
  for (const char* text : {"x = -0e12", "x = 2e3", "x = 1.0"}) {
    auto p = Predicate::Parse(text);
    ASSERT_TRUE(p.ok()) << text;
    ASSERT_TRUE(std::holds_alternative<double>(p->values()[0])) << text;
    auto again = Predicate::Parse(p->ToString());
    ASSERT_TRUE(again.ok()) << p->ToString();
    EXPECT_TRUE(std::holds_alternative<double>(again->values()[0])) << p->ToString();
  }
  auto p = Predicate::Parse("a.b = 1 AND c = 2 AND a.b > 0");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->Columns(), (std::vector<std::string>{"a.b", "c"}));
}

TEST(PredicateTest, MayMatchUsesMinMaxAndNulls) {
  ColumnStats s;
  s.min = Literal(int64_t{10});
  s.max = Literal(int64_t{20});
  s.null_count = 0;
  s.num_values = 100;
  auto lookup = [&](std::string_view c) -> const ColumnStats* { return c == "x" ? &s : nullptr; };
  auto may = [&](const char* text) { return Predicate::Parse(text)->MayMatch(lookup); };
  EXPECT_TRUE(may("x = 10"));
  EXPECT_TRUE(may("x = 20"));
  EXPECT_FALSE(may("x = 21"));
  EXPECT_FALSE(may("x < 10"));
  EXPECT_TRUE(may("x <= 10"));
  EXPECT_FALSE(may("x > 20"));
  EXPECT_FALSE(may("x IS NULL"));
  EXPECT_TRUE(may("x IS NOT NULL"));
  EXPECT_FALSE(may("x IN (1, 2, 30)"));
  EXPECT_TRUE(may("x IN (1, 15)"));
  EXPECT_TRUE(may("x = 25.0 OR x = 15"));
  EXPECT_FALSE(may("x = 25 AND y = 1"));
  EXPECT_TRUE(may("y = 1"));  // no stats: may match
  EXPECT_FALSE(may("NOT x >= 10"));
  EXPECT_TRUE(may("NOT x = 15"));
  ColumnStats single;
  single.min = single.max = Literal(int64_t{5});
  single.null_count = 0;
  auto one = [&](std::string_view) -> const ColumnStats* { return &single; };
  EXPECT_FALSE(Predicate::Parse("x != 5")->MayMatch(one));
  ColumnStats nulls;
  nulls.null_count = 7;
  nulls.num_values = 7;
  auto all_null = [&](std::string_view) -> const ColumnStats* { return &nulls; };
  EXPECT_FALSE(Predicate::Parse("x = 1")->MayMatch(all_null));
  EXPECT_TRUE(Predicate::Parse("x IS NULL")->MayMatch(all_null));
}

TEST(PredicateTest, LiteralsCompareAndPrint) {
  EXPECT_EQ(CompareLiterals(int64_t{1}, 1.5), -1);
  EXPECT_EQ(CompareLiterals(2.0, int64_t{2}), 0);
  EXPECT_EQ(CompareLiterals(std::string("b"), std::string("a")), 1);
  EXPECT_FALSE(CompareLiterals(std::string("1"), int64_t{1}).has_value());
  EXPECT_FALSE(CompareLiterals(std::monostate{}, int64_t{1}).has_value());
  EXPECT_EQ(LiteralToString(std::string("it's")), "'it''s'");
  EXPECT_EQ(LiteralToString(true), "TRUE");
  EXPECT_EQ(LiteralToString(std::monostate{}), "NULL");
  EXPECT_EQ(LiteralToString(int64_t{-3}), "-3");
}

}  // namespace
}  // namespace strata::format
