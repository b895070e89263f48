// The text and markdown parsers: decoding (BOM, UTF-16, Latin-1 fallback, repair of stray
// invalid bytes) and Markdown heading sections, worked out by hand.
#include <gtest/gtest.h>

#include "ingest/parsers/parser.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

Result<std::vector<Document>> ParseAs(std::string_view parser, std::string uri,
                                      std::string content) {
  ParserRegistry registry;
  RegisterTextParsers(&registry);
  RawInput input;
  input.source = "test";
  input.uri = std::move(uri);
  input.content = std::move(content);
  ParserOptions options;
  ParseContext context{options, std::chrono::steady_clock::now() + std::chrono::seconds(60)};
  std::vector<Document> docs;
  Status st = registry.ByName(parser)->Parse(input, context, [&](Document d) {
    docs.push_back(std::move(d));
    return Status::OK();
  });
  if (!st.ok()) return st;
  return docs;
}

std::string TextOf(std::string_view parser, std::string content) {
  auto docs = ParseAs(parser, "f.txt", std::move(content));
  if (!docs.ok()) return "error: " + docs.status().ToString();
  return docs->size() == 1 ? (*docs)[0].text : "wrong document count";
}

TEST(ParserTextTest, DecodesUtf8AndStripsBom) {
  EXPECT_EQ(TextOf("text", "\xEF\xBB\xBFhello caf\xC3\xA9"), "hello caf\xC3\xA9");
  auto docs = ParseAs("text", "f.txt", "x");
  ASSERT_OK(docs);
  EXPECT_EQ((*docs)[0].mime, "text/plain");  // called directly: the parser's own type
}

TEST(ParserTextTest, Utf16WithBomIsConverted) {
  EXPECT_EQ(TextOf("text", std::string("\xFF\xFEh\0i\0\xE9\0", 8)), "hi\xC3\xA9");
  EXPECT_EQ(TextOf("text", std::string("\xFE\xFF\0h\0i", 6)), "hi");
}

TEST(ParserTextTest, Latin1FallbackWhenInvalidUtf8Dominates) {
  // é ï are Latin-1 bytes; 0x80 is the euro sign in windows-1252.
  EXPECT_EQ(TextOf("text", "caf\xE9 na\xEFve \x80"),
            "caf\xC3\xA9 na\xC3\xAFve \xE2\x82\xAC");
}

TEST(ParserTextTest, StrayInvalidBytesInUtf8AreReplaced) {
  // Two bytes of valid multi-byte UTF-8 outweigh one stray byte: repair, not re-decode.
  EXPECT_EQ(TextOf("text", "caf\xC3\xA9 \xFF ok"), "caf\xC3\xA9 \xEF\xBF\xBD ok");
  // A truncated sequence at the end, and an overlong encoding of '/'.
  EXPECT_EQ(TextOf("text", "\xE2\x82\xAC\xE2\x82\xAC \xC0\xAF \xE2\x82"),
            "\xE2\x82\xAC\xE2\x82\xAC \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(ParserTextTest, ControlBytesAreBinary) {
  std::string content(100, 'a');
  for (int i = 0; i < 10; ++i) content[i * 10] = '\x01';
  auto docs = ParseAs("text", "notes.log", content);
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().message(), "binary content in a .log file");
}

TEST(ParserTextTest, TenMegabyteLineIsLinear) {
  std::string line(10 << 20, 'x');
  line[5 << 20] = '\xFF';  // one stray byte, repaired
  auto start = std::chrono::steady_clock::now();
  auto docs = ParseAs("text", "big.txt", line);
  ASSERT_OK(docs);
  // 0xFF is the only non-ASCII byte: windows-1252 fallback, U+00FF is two bytes.
  EXPECT_EQ((*docs)[0].text.size(), line.size() + 1);
  docs = ParseAs("markdown", "big.md", line);
  ASSERT_OK(docs);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

constexpr std::string_view kGuide =
    "---\n"
    "title: \"Front Title\"\n"
    "---\n"
    "Intro line.\n"
    "\n"
    "# Guide #\n"
    "\n"
    "Welcome.\n"
    "\n"
    "## Setup\n"
    "Install it.\n"
    "\n"
    "```sh\n"
    "# not a heading\n"
    "```\n"
    "\n"
    "Usage\n"
    "-----\n"
    "Run it.\n"
    "\n"
    "    # indented code, not a heading\n"
    "\n"
    "#hashtag is not a heading\n"
    "\n"
    "- a list item\n"
    "---\n"
    "\n"
    "Reference\n"
    "Manual\n"
    "=========\n"
    "The end.\n";

TEST(ParserMarkdownTest, HeadingsBecomeSections) {
  ASSERT_OK_AND_ASSIGN(auto docs, ParseAs("markdown", "guide.md", std::string(kGuide)));
  ASSERT_EQ(docs.size(), 1u);
  const Document& doc = docs[0];
  EXPECT_EQ(doc.text, kGuide);  // nothing dropped
  EXPECT_EQ(doc.title, "Guide");
  EXPECT_EQ(doc.mime, "text/markdown");
  auto at = [&](std::string_view s) { return static_cast<int64_t>(kGuide.find(s)); };
  ASSERT_EQ(doc.segments.size(), 4u);
  EXPECT_EQ(doc.segments[0].section, "Guide");
  EXPECT_EQ(doc.segments[0].begin, at("# Guide #"));
  EXPECT_EQ(doc.segments[0].end, at("## Setup"));
  EXPECT_EQ(doc.segments[1].section, "Guide > Setup");
  EXPECT_EQ(doc.segments[1].end, at("Usage\n"));
  EXPECT_EQ(doc.segments[2].section, "Guide > Usage");
  EXPECT_EQ(doc.segments[2].begin, at("Usage\n"));
  EXPECT_EQ(doc.segments[2].end, at("Reference\n"));
  EXPECT_EQ(doc.segments[3].section, "Reference Manual");  // a two-line setext H1
  EXPECT_EQ(doc.segments[3].begin, at("Reference\n"));
  EXPECT_EQ(doc.segments[3].end, static_cast<int64_t>(kGuide.size()));
  for (const Segment& s : doc.segments) EXPECT_EQ(s.page, 0);
}

TEST(ParserMarkdownTest, TitleFallsBackToFrontMatterAndLevelsPop) {
  std::string md = "---\ntitle: 'Notes'\n---\n### Deep\nx\n## Mid\ny\n#### Deeper\nz\n";
  ASSERT_OK_AND_ASSIGN(auto docs, ParseAs("markdown", "n.md", md));
  const Document& doc = docs[0];
  EXPECT_EQ(doc.title, "Notes");
  ASSERT_EQ(doc.segments.size(), 3u);
  EXPECT_EQ(doc.segments[0].section, "Deep");
  EXPECT_EQ(doc.segments[1].section, "Mid");  // ## pops ###
  EXPECT_EQ(doc.segments[2].section, "Mid > Deeper");
  EXPECT_EQ(doc.segments[2].begin, static_cast<int64_t>(md.find("#### Deeper")));
}

TEST(ParserMarkdownTest, LongHeadingsAreCutInSectionsOnly) {
  std::string heading(3000, 'h');
  heading.replace(1023, 2, "\xC3\xA9");  // a character straddling the 1024-byte cut
  ASSERT_OK_AND_ASSIGN(auto docs, ParseAs("markdown", "l.md", "# " + heading + "\n## b\nx\n"));
  ASSERT_EQ(docs[0].segments.size(), 2u);
  EXPECT_EQ(docs[0].segments[1].section, std::string(1023, 'h') + " > b");
  EXPECT_EQ(docs[0].title, heading);
}

TEST(ParserMarkdownTest, NoHeadingsNoSegments) {
  ASSERT_OK_AND_ASSIGN(auto docs, ParseAs("markdown", "p.md", "Just text.\n\n---\n\nMore.\n"));
  EXPECT_TRUE(docs[0].segments.empty());
  EXPECT_EQ(docs[0].title, "");
}

}  // namespace
}  // namespace strata::ingest
