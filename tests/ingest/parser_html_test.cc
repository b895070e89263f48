// The html parser: boilerplate dropped, block breaks, heading sections, title, entities and
// charsets — expected texts worked out by hand from the markup.
#include <gtest/gtest.h>

#include "ingest/parsers/parser.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

Result<Document> ParseHtml(std::string content) {
  ParserRegistry registry;
  RegisterTextParsers(&registry);
  RawInput input;
  input.source = "test";
  input.uri = "page.html";
  input.content = std::move(content);
  std::vector<Document> docs;
  Status st = ParseInput(registry, input, {}, [&](Document d) {
    docs.push_back(std::move(d));
    return Status::OK();
  });
  if (!st.ok()) return st;
  if (docs.size() != 1) return Status::Internal("expected one document");
  return std::move(docs[0]);
}

TEST(ParserHtmlTest, BoilerplateDroppedHeadingsKept) {
  std::string page =
      "<!DOCTYPE html><html><head><title>Page &amp; Title</title>"
      "<style>p { color: red }</style><script>var x = 1;</script></head>\n"
      "<body><header><nav><a href=\"/\">Home</a> <a href=\"/b\">Blog</a></nav></header>\n"
      "<h1>Main   heading</h1><p>First&nbsp;para with <b>bold</b>\n text.</p>\n"
      "<nav>skip me</nav><h2>Sub</h2><p>Line one<br>Line two</p>"
      "<ul><li>a</li><li>b</li></ul><noscript>enable js</noscript>\n"
      "<aside>advert</aside><form><input value=\"x\">Search</form>"
      "<div hidden>secret</div><div role=\"navigation\">menu</div>"
      "<template><p>tpl</p></template><svg><text>chart</text></svg>"
      "<footer>(c) 2024</footer></body></html>";
  ASSERT_OK_AND_ASSIGN(Document doc, ParseHtml(page));
  EXPECT_EQ(doc.mime, "text/html");
  EXPECT_EQ(doc.title, "Page & Title");
  const std::string expected =
      "Main heading\n\nFirst\xC2\xA0para with bold text.\n\nSub\n\nLine one\nLine two\n\na\nb";
  EXPECT_EQ(doc.text, expected);
  ASSERT_EQ(doc.segments.size(), 2u);
  EXPECT_EQ(doc.segments[0].section, "Main heading");
  EXPECT_EQ(doc.segments[0].begin, 0);
  EXPECT_EQ(doc.segments[0].end, static_cast<int64_t>(expected.find("Sub")));
  EXPECT_EQ(doc.segments[1].section, "Main heading > Sub");
  EXPECT_EQ(doc.segments[1].begin, static_cast<int64_t>(expected.find("Sub")));
  EXPECT_EQ(doc.segments[1].end, static_cast<int64_t>(expected.size()));
}

TEST(ParserHtmlTest, ArticleHeaderWithoutNavIsKeptAndTitleFallsBackToH1) {
  std::string page =
      "<article><header><h1>Post</h1><p>by Ann</p></header><p>Body &eacute; &#8364;</p>"
      "<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>"
      "<pre>  keep\n    spacing</pre><h3>Deep</h3><p>end</p></article>";
  ASSERT_OK_AND_ASSIGN(Document doc, ParseHtml(page));
  EXPECT_EQ(doc.title, "Post");
  EXPECT_EQ(doc.text,
            "Post\n\nby Ann\n\nBody \xC3\xA9 \xE2\x82\xAC\n\nk v\na 1\n\n  keep\n    spacing"
            "\n\nDeep\n\nend");
  ASSERT_EQ(doc.segments.size(), 2u);
  EXPECT_EQ(doc.segments[1].section, "Post > Deep");
}

TEST(ParserHtmlTest, DeclaredAndGuessedCharsets) {
  ASSERT_OK_AND_ASSIGN(
      Document doc,
      ParseHtml("<html><head><meta charset=\"windows-1252\"></head><body><p>\x80 caf\xE9</p>"));
  EXPECT_EQ(doc.text, "\xE2\x82\xAC caf\xC3\xA9");
  ASSERT_OK_AND_ASSIGN(doc, ParseHtml("<html><body><p>na\xEFve</p></body></html>"));
  EXPECT_EQ(doc.text, "na\xC3\xAFve");  // no declaration, not UTF-8: windows-1252
  ASSERT_OK_AND_ASSIGN(doc, ParseHtml("<html><body><p>\xE2\x82\xAC</p></body></html>"));
  EXPECT_EQ(doc.text, "\xE2\x82\xAC");
}

TEST(ParserHtmlTest, BrokenMarkupIsRecovered) {
  ASSERT_OK_AND_ASSIGN(Document doc, ParseHtml("<p>one<p>two<div><b>three</div>"));
  EXPECT_EQ(doc.text, "one\n\ntwo\n\nthree");  // <p> closes <p>, <div> closes <p>
}

TEST(ParserHtmlTest, TenMegabyteLine) {
  std::string words;
  while (words.size() < (10u << 20)) words += "word ";
  auto start = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(Document doc, ParseHtml("<html><body><p>" + words + "</p></body></html>"));
  EXPECT_EQ(doc.text.size(), words.size() - 1);  // the trailing space is trimmed
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(ParserHtmlTest, DeepNestingDoesNotOverflowTheStack) {
  auto nested = [](int depth) {
    std::string page;
    for (int i = 0; i < depth; ++i) page += "<div><span>";
    return page + "deep";
  };
  ASSERT_OK_AND_ASSIGN(Document doc, ParseHtml(nested(100)));
  EXPECT_EQ(doc.text, "deep");
  // libxml2 stops descending at its depth limit (256); the walk itself has no recursion.
  ASSERT_OK(ParseHtml(nested(100000)));
}

}  // namespace
}  // namespace strata::ingest
