// CSV and JSONL parsers and the row template: RFC 4180 quoting, delimiter sniffing, header
// repair, JSON flattening, bad lines, limits — expected documents worked out by hand.
#include <gtest/gtest.h>

#include "ingest/parsers/csv_reader.h"
#include "ingest/parsers/parser.h"
#include "ingest/parsers/row_template.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

struct Parsed {
  Status status;
  std::vector<Document> docs;
};

Parsed ParseRows(std::string uri, std::string content, ParserOptions options = {},
                 std::string mime_hint = "") {
  ParserRegistry registry;
  RegisterTextParsers(&registry);
  RawInput input;
  input.source = "test";
  input.uri = std::move(uri);
  input.content = std::move(content);
  input.mime_hint = std::move(mime_hint);
  input.metadata["origin"] = "unit";
  Parsed out;
  out.status = ParseInput(registry, input, options, [&](Document d) {
    out.docs.push_back(std::move(d));
    return Status::OK();
  });
  return out;
}

TEST(ParserRowTemplateTest, PlaceholdersEscapesAndErrors) {
  ASSERT_OK_AND_ASSIGN(RowTemplate t, RowTemplate::Parse("{{{ a }}} {b}-{missing}"));
  EXPECT_EQ(t.Render({{"a", "1"}, {"b", "2"}}), "{1} 2-");
  ASSERT_OK_AND_ASSIGN(RowTemplate all, RowTemplate::Parse(""));
  EXPECT_EQ(all.Render({{"a", "1"}, {"b", ""}}), "a: 1\nb: ");
  EXPECT_EQ(RowTemplate::Parse("x {open").status().message(),
            "row_template: unterminated '{' at offset 2");
  EXPECT_FALSE(RowTemplate::Parse("{ }").ok());
}

TEST(ParserCsvTest, QuotingEdgeCases) {
  ParserOptions options;
  options.row_template = "{name} says {quote} ({missing})";
  options.title_field = "name";
  std::string csv =
      "name,quote,n\r\n"
      "alice,\"Hello, \"\"world\"\"\",1\r\n"
      "bob,\"multi\r\nline\",2\r\n"
      "\r\n"
      "carol,,3\r\n"
      "dan,it\"s,4";
  Parsed p = ParseRows("people.csv", csv, options);
  ASSERT_OK(p.status);
  ASSERT_EQ(p.docs.size(), 4u);
  EXPECT_EQ(p.docs[0].text, "alice says Hello, \"world\" ()");
  EXPECT_EQ(p.docs[0].uri, "people.csv#row=1");
  EXPECT_EQ(p.docs[0].title, "alice");
  EXPECT_EQ(p.docs[0].mime, "text/csv");
  EXPECT_EQ(p.docs[0].metadata.at("quote"), "Hello, \"world\"");
  EXPECT_EQ(p.docs[0].metadata.at("n"), "1");
  EXPECT_EQ(p.docs[0].metadata.at("origin"), "unit");
  EXPECT_EQ(p.docs[1].text, "bob says multi\r\nline ()");
  EXPECT_EQ(p.docs[2].text, "carol says  ()");
  EXPECT_EQ(p.docs[2].uri, "people.csv#row=3");  // the blank line is not a row
  EXPECT_EQ(p.docs[3].text, "dan says it\"s ()");  // a quote inside an unquoted field
}

TEST(ParserCsvTest, DelimiterIsSniffed) {
  EXPECT_EQ(SniffDelimiter("a;b;c\n1;2,5;3\n"), ';');
  EXPECT_EQ(SniffDelimiter("a\tb\n1\t2\n"), '\t');
  EXPECT_EQ(SniffDelimiter("a|b|c\nx|y|z\n"), '|');
  EXPECT_EQ(SniffDelimiter("\"a;b\",c\n\"1;2\",3\n"), ',');  // delimiters inside quotes ignored
  EXPECT_EQ(SniffDelimiter("single column\nrow\n"), ',');
  Parsed p = ParseRows("eu.csv", "a;b;c\n1;2,5;3\n");
  ASSERT_OK(p.status);
  ASSERT_EQ(p.docs.size(), 1u);
  EXPECT_EQ(p.docs[0].text, "a: 1\nb: 2,5\nc: 3");  // the empty template: every field
}

TEST(ParserCsvTest, HeaderNamesAreRepairedAndShortRowsRenderEmpty) {
  ParserOptions options;
  options.row_template = "{x}|{x_2}|{column_3}|{column_4}";
  Parsed p = ParseRows("h.csv", "x,x,\n1,2,3,4\n5\n", options);
  ASSERT_OK(p.status);
  ASSERT_EQ(p.docs.size(), 2u);
  EXPECT_EQ(p.docs[0].text, "1|2|3|4");
  EXPECT_EQ(p.docs[1].text, "5|||");
  EXPECT_EQ(p.docs[1].metadata.count("x_2"), 0u);
}

TEST(ParserCsvTest, UnterminatedQuoteNamesTheLine) {
  Parsed p = ParseRows("bad.csv", "a,b\n1,2\n3,\"open\nstill open\n");
  EXPECT_EQ(p.status.message(), "bad.csv: csv: line 3: unterminated quoted field");
  EXPECT_EQ(p.docs.size(), 1u);
}

TEST(ParserCsvTest, MaxDocumentsIsHonoured) {
  ParserOptions options;
  options.limits.max_documents = 2;
  Parsed p = ParseRows("n.csv", "n\n1\n2\n3\n", options);
  EXPECT_EQ(p.status.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(p.status.message(), "n.csv: csv: line 4: more than max_documents=2 rows");
  EXPECT_EQ(p.docs.size(), 2u);
}

TEST(ParserCsvTest, TabSeparatedByType) {
  Parsed p = ParseRows("t.tsv", "a\tb\n1,5\t2\n");
  ASSERT_OK(p.status);
  ASSERT_EQ(p.docs.size(), 1u);
  EXPECT_EQ(p.docs[0].mime, "text/tab-separated-values");
  EXPECT_EQ(p.docs[0].metadata.at("a"), "1,5");
}

TEST(ParserCsvTest, TenMegabyteFieldIsLinear) {
  std::string big(10 << 20, 'y');
  auto start = std::chrono::steady_clock::now();
  Parsed p = ParseRows("big.csv", "a,b\n\"" + big + "\"," + big + "\n");
  ASSERT_OK(p.status);
  ASSERT_EQ(p.docs.size(), 1u);
  EXPECT_EQ(p.docs[0].metadata.at("a").size(), big.size());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(ParserJsonlTest, NestedFieldsByDottedPath) {
  ParserOptions options;
  options.row_template = "{id}:{user.name}:{user.tags}:{user.tags.1}:{user}";
  options.title_field = "user.name";
  std::string jsonl =
      "{\"id\": 1, \"user\": {\"name\": \"Ann\", \"tags\": [\"a\", \"b\"]}, \"note\": null}\n"
      "   \n"
      "{\"id\": 2.5, \"user\": {\"name\": \"B\\u00f6b\"}, \"items\": [{\"k\": \"x\"}], \"ok\": true}\n";
  Parsed p = ParseRows("r.jsonl", jsonl, options);
  ASSERT_OK(p.status);
  ASSERT_EQ(p.docs.size(), 2u);
  EXPECT_EQ(p.docs[0].text, "1:Ann:a, b:b:{\"name\":\"Ann\",\"tags\":[\"a\",\"b\"]}");
  EXPECT_EQ(p.docs[0].uri, "r.jsonl#line=1");
  EXPECT_EQ(p.docs[0].title, "Ann");
  EXPECT_EQ(p.docs[0].mime, "application/jsonl");
  EXPECT_EQ(p.docs[0].metadata.at("user.tags"), "a, b");
  EXPECT_EQ(p.docs[0].metadata.at("note"), "");
  EXPECT_EQ(p.docs[0].metadata.count("user"), 0u);  // objects are not metadata, their leaves are
  EXPECT_EQ(p.docs[1].text, "2.5:B\xC3\xB6" "b:::{\"name\":\"B\xC3\xB6" "b\"}");
  EXPECT_EQ(p.docs[1].uri, "r.jsonl#line=3");
  EXPECT_EQ(p.docs[1].metadata.at("items.0.k"), "x");
  EXPECT_EQ(p.docs[1].metadata.at("ok"), "true");
}

TEST(ParserJsonlTest, DefaultTemplateListsLeaves) {
  Parsed p = ParseRows("r.jsonl", "{\"a\":1,\"b\":{\"c\":\"x\"},\"d\":[]}\n");
  ASSERT_OK(p.status);
  ASSERT_EQ(p.docs.size(), 1u);
  EXPECT_EQ(p.docs[0].text, "a: 1\nb.c: x\nd: ");
}

TEST(ParserJsonlTest, BadLinesNameTheLine) {
  Parsed p = ParseRows("r.jsonl", "{\"a\":1}\n{bad\n{\"a\":3}\n");
  EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status.message().rfind("r.jsonl: jsonl: line 2: ", 0), 0u) << p.status.ToString();
  EXPECT_EQ(p.docs.size(), 1u);
  p = ParseRows("r.jsonl", "[1,2]\n", {}, "application/jsonl");
  EXPECT_EQ(p.status.message(), "r.jsonl: jsonl: line 1: expected a JSON object");
  p = ParseRows("r.jsonl", "{\"a\":1} {\"b\":2}\n", {}, "application/jsonl");
  EXPECT_EQ(p.status.message().rfind("r.jsonl: jsonl: line 1: ", 0), 0u) << p.status.ToString();
}

TEST(ParserJsonlTest, LongKeysOverWideArraysCannotExplode) {
  // Every element would repeat the 100 KB key in its path "<key>.N": 100000 x 100 KB.
  std::string line = "{\"" + std::string(100000, 'k') + "\": [";
  for (int i = 0; i < 100000; ++i) line += i ? ",1" : "1";
  line += "]}\n";
  auto start = std::chrono::steady_clock::now();
  Parsed p = ParseRows("wide.jsonl", line);
  EXPECT_EQ(p.status.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(p.status.message(),
            "wide.jsonl: jsonl: line 1: the record's flattened fields exceed 8 times its size");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ParserJsonlTest, MaxDocumentsAndLongLines) {
  ParserOptions options;
  options.limits.max_documents = 1;
  Parsed p = ParseRows("r.jsonl", "{\"a\":1}\n{\"a\":2}\n", options);
  EXPECT_EQ(p.status.message(), "r.jsonl: jsonl: line 2: more than max_documents=1 records");
  EXPECT_EQ(p.docs.size(), 1u);

  std::string big(10 << 20, 'z');
  auto start = std::chrono::steady_clock::now();
  p = ParseRows("big.jsonl", "{\"t\":\"" + big + "\"}\n");
  ASSERT_OK(p.status);
  EXPECT_EQ(p.docs[0].metadata.at("t").size(), big.size());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
}  // namespace strata::ingest
