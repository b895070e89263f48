// Chunkers: hand-computed chunkings of small texts, and invariants (bounds, character
// boundaries, coverage, sizes, exact token counts, overlap, segments, sections and pages) on
// crafted and random documents in several scripts, with the word tokenizer and with simple
// byte-level tokenizers that take the recount paths.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/document.h"
#include "ingest/parsers/parser.h"
#include "process/chunk/chunker.h"
#include "process/tokenize/tokenizer.h"
#include "testing/test_data.h"

namespace strata::process {
namespace {

using ingest::Document;
using ingest::Segment;
using Strings = std::vector<std::string>;

/// One token per byte, whitespace included: not the word tokenizer, so chunk counts are
/// recounted.
class ByteTokenizer : public Tokenizer {
 public:
  std::string_view name() const override { return "test:bytes"; }
  int64_t Count(std::string_view text) const override { return static_cast<int64_t>(text.size()); }
  std::vector<int32_t> Encode(std::string_view text) const override {
    return std::vector<int32_t>(text.begin(), text.end());
  }
  void EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                         std::vector<uint32_t>* ends) const override {
    *ids = Encode(text);
    ends->clear();
    for (size_t i = 0; i < text.size(); ++i) {
      // A byte inside a multi-byte character ends at the end of that character.
      size_t e = i + 1;
      while (e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
      ends->push_back(static_cast<uint32_t>(e));
    }
  }
};

/// A byte per token plus one for each byte equal to the byte before it: the count of a
/// concatenation can exceed the sum of the counts of its parts ("a" + "a" = 2, "aa" = 3), which
/// the packer must notice.
class RepeatTokenizer : public ByteTokenizer {
 public:
  std::string_view name() const override { return "test:repeat"; }
  int64_t Count(std::string_view text) const override {
    int64_t n = static_cast<int64_t>(text.size());
    for (size_t i = 1; i < text.size(); ++i) n += text[i] == text[i - 1];
    return n;
  }
  std::vector<int32_t> Encode(std::string_view text) const override {
    return std::vector<int32_t>(Count(text), 0);
  }
};

Document Doc(std::string text, std::vector<Segment> segments = {}) {
  Document doc;
  doc.text = std::move(text);
  doc.segments = std::move(segments);
  return doc;
}

std::vector<Chunk> Split(const Document& doc, std::string strategy, int size, int overlap,
                         const Tokenizer& tok = WordTokenizer()) {
  auto chunker = MakeChunker(ChunkOptions{std::move(strategy), size, overlap});
  EXPECT_TRUE(chunker.ok()) << chunker.status().ToString();
  return chunker.ok() ? (*chunker)->Split(doc, tok) : std::vector<Chunk>{};
}

Strings Texts(const Document& doc, const std::vector<Chunk>& chunks) {
  Strings out;
  for (const Chunk& c : chunks)
    out.push_back(doc.text.substr(c.char_start, c.char_end - c.char_start));
  return out;
}

bool IsSpaceText(std::string_view s) {
  // ASCII whitespace and the few Unicode spaces the random documents use.
  for (std::string_view sp : {"\u00a0", "\u3000", "\u2003"}) {
    while (s.substr(0, sp.size()) == sp) s.remove_prefix(sp.size());
  }
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

bool OnCharBoundary(const std::string& text, int64_t pos) {
  return pos == static_cast<int64_t>(text.size()) ||
         (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

int CodePoints(std::string_view s) {
  return static_cast<int>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// The invariants every chunking must satisfy. A chunk may exceed `size` tokens only when it is
/// a single code point (the tokenizer counts one character as more than `size` tokens).
void CheckInvariants(const Document& doc, const std::vector<Chunk>& chunks, const ChunkOptions& o,
                     const Tokenizer& tok) {
  const std::string& text = doc.text;
  std::vector<bool> covered(text.size(), false);
  for (size_t i = 0; i < chunks.size(); ++i) {
    const Chunk& c = chunks[i];
    SCOPED_TRACE("chunk " + std::to_string(i) + " [" + std::to_string(c.char_start) + ", " +
                 std::to_string(c.char_end) + ") of " + o.strategy);
    ASSERT_LE(0, c.char_start);
    ASSERT_LT(c.char_start, c.char_end);
    ASSERT_LE(c.char_end, static_cast<int64_t>(text.size()));
    ASSERT_TRUE(OnCharBoundary(text, c.char_start));
    ASSERT_TRUE(OnCharBoundary(text, c.char_end));
    std::string_view body(text.data() + c.char_start, c.char_end - c.char_start);
    ASSERT_FALSE(IsSpaceText(body));
    ASSERT_EQ(c.token_count, tok.Count(body));
    if (CodePoints(body) > 1) {
      ASSERT_LE(c.token_count, o.size);
    }
    if (i > 0) {  // ordered, and no chunk inside the one before
      // Token windows that begin with whitespace tokens may trim to the same start.
      ASSERT_LE(chunks[i - 1].char_start, c.char_start);
      if (o.strategy != "tokens") {
        ASSERT_LT(chunks[i - 1].char_start, c.char_start);
      }
      ASSERT_LT(chunks[i - 1].char_end, c.char_end);
    }
    std::string section;
    int32_t page = 0;
    for (const Segment& s : doc.segments) {
      if (s.begin <= c.char_start && c.char_start < s.end) {
        section = s.section;
        page = s.page;
      }
      bool crosses = c.char_start < s.begin && s.begin < c.char_end;
      crosses |= c.char_start < s.end && s.end < c.char_end;
      if (o.strategy == "markdown" || o.strategy == "html") {
        ASSERT_FALSE(crosses);
      }
    }
    ASSERT_EQ(c.section, section);
    ASSERT_EQ(c.page, page);
    std::fill(covered.begin() + c.char_start, covered.begin() + c.char_end, true);
  }
  for (size_t i = 0; i < text.size();) {  // every uncovered run is whitespace
    if (covered[i]) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && !covered[j]) ++j;
    ASSERT_TRUE(IsSpaceText(std::string_view(text).substr(i, j - i)))
        << o.strategy << ": bytes [" << i << ", " << j << ") are in no chunk";
    i = j;
  }
}

void CheckAllStrategies(const Document& doc, int size, int overlap, const Tokenizer& tok) {
  for (const char* strategy : {"recursive", "markdown", "html", "sentence", "tokens"}) {
    ChunkOptions o{strategy, size, overlap};
    SCOPED_TRACE(std::string(strategy) + " size " + std::to_string(size) + " overlap " +
                 std::to_string(overlap) + " " + std::string(tok.name()));
    std::vector<Chunk> chunks = Split(doc, strategy, size, overlap, tok);
    CheckInvariants(doc, chunks, o, tok);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

/// A random document of words in several scripts, sentence ends, lines, blank lines, odd
/// whitespace, emoji and long unbroken runs, with random segments (sections and pages) that
/// leave some gaps.
Document RandomDoc(std::mt19937* rng) {
  static const Strings kWords = {
      "alpha",  "beta",    "Gamma", "x",          "42",    "naïve", "Привет", "мир",
      "日本語", "中文",    "東京",  "한국어",     "مرحبا", "नमस्ते",  "😀",      "👨‍👩‍👧",
      "❤️", "e\u0301", "(a)",   "snake_case", "3.14"};
  static const Strings kGlue = {" ",       " ",      " ",      " ",  ", ",  ". ",
                                "! ",      "? ",     "。",     "！", "\n",  "\n\n",
                                "\n \n\n", "\u00a0", "\u3000", "\t", ".\n", "  "};
  std::string text;
  int n = static_cast<int>((*rng)() % 300);
  for (int i = 0; i < n; ++i) {
    if ((*rng)() % 60 == 0) text += std::string((*rng)() % 200, 'z');  // a long unbroken run
    text += kWords[(*rng)() % kWords.size()];
    text += kGlue[(*rng)() % kGlue.size()];
  }
  if ((*rng)() % 4 == 0) text = "  \n" + text;
  std::vector<Segment> segments;
  int64_t pos = 0;
  while (pos < static_cast<int64_t>(text.size()) && (*rng)() % 8 != 0) {
    int64_t begin = pos + ((*rng)() % 3 == 0 ? (*rng)() % 40 : 0);
    int64_t end = begin + 1 + (*rng)() % 400;
    begin = std::min<int64_t>(begin, text.size());
    end = std::min<int64_t>(end, text.size());
    while (!OnCharBoundary(text, begin)) ++begin;
    while (!OnCharBoundary(text, end)) ++end;
    if (begin >= end) break;
    segments.push_back(Segment{begin, end, "S" + std::to_string(segments.size()),
                               static_cast<int32_t>((*rng)() % 3)});
    pos = end;
  }
  return Doc(std::move(text), std::move(segments));
}

TEST(Chunker, RejectsBadOptions) {
  EXPECT_FALSE(MakeChunker(ChunkOptions{"semantic", 10, 0}).ok());
  EXPECT_FALSE(MakeChunker(ChunkOptions{"recursive", 10, 10}).ok());
  EXPECT_FALSE(MakeChunker(ChunkOptions{"recursive", 0, 0}).ok());
  EXPECT_FALSE(MakeChunker(ChunkOptions{"tokens", 10, -1}).ok());
  auto bad = MakeChunker(ChunkOptions{"semantic", 10, 0});
  EXPECT_NE(bad.status().ToString().find("semantic"), std::string::npos);
  EXPECT_OK(MakeChunker(ChunkOptions{}));
}

TEST(Chunker, EmptyAndWhitespaceOnlyDocumentsHaveNoChunks) {
  for (const char* strategy : {"recursive", "markdown", "html", "sentence", "tokens"}) {
    EXPECT_TRUE(Split(Doc(""), strategy, 8, 2).empty()) << strategy;
    EXPECT_TRUE(Split(Doc(" \n\n \t\u3000\n"), strategy, 8, 2).empty()) << strategy;
    EXPECT_TRUE(Split(Doc(" \n\n \t\n"), strategy, 8, 2, ByteTokenizer()).empty()) << strategy;
  }
}

TEST(Chunker, SmallDocumentIsOneTrimmedChunk) {
  Document doc = Doc("\n  Hello, world.\n\nBye.  \n");
  for (const char* strategy : {"recursive", "markdown", "html", "sentence", "tokens"}) {
    std::vector<Chunk> chunks = Split(doc, strategy, 100, 10);
    ASSERT_EQ(chunks.size(), 1u) << strategy;
    EXPECT_EQ(chunks[0].char_start, 3);
    EXPECT_EQ(Texts(doc, chunks), (Strings{"Hello, world.\n\nBye."}));
    EXPECT_EQ(chunks[0].token_count, 6);  // Hello , world . Bye .
  }
}

// Paragraphs 4, 7 and 2 tokens, size 5: the first paragraph is emitted before the too-big second
// is cut at words (it is at least half full); the last words of the second paragraph and the
// third fit together.
TEST(Chunker, RecursiveHandComputed) {
  Document doc = Doc("One two three.\n\nFour five six seven eight nine.\n\nTen.");
  std::vector<Chunk> chunks = Split(doc, "recursive", 5, 0);
  EXPECT_EQ(Texts(doc, chunks),
            (Strings{"One two three.", "Four five six seven eight", "nine.\n\nTen."}));
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0].token_count, 4);
  EXPECT_EQ(chunks[1].token_count, 5);
  EXPECT_EQ(chunks[2].token_count, 4);
}

TEST(Chunker, RecursiveOverlapCarriesTrailingWords) {
  Document doc = Doc("a b c d e f g");
  EXPECT_EQ(Texts(doc, Split(doc, "recursive", 4, 2)), (Strings{"a b c d", "c d e f", "e f g"}));
  // Paragraphs of 5 tokens each, size 6, overlap 2: the overlap is cut inside the paragraph at
  // words, and limited so the next paragraph still fits (none before the second paragraph).
  Document paras = Doc("a b c d.\n\ne f g h.\n\ni j.");
  EXPECT_EQ(Texts(paras, Split(paras, "recursive", 6, 2)),
            (Strings{"a b c d.", "e f g h.", "h.\n\ni j."}));
}

TEST(Chunker, SentenceHandComputed) {
  // Sentences of 3, 4, 9 and 2 tokens, size 6: the 9-token sentence is cut at words.
  Document doc = Doc("A b. C d e. F g h i j k l m. N.");
  EXPECT_EQ(Texts(doc, Split(doc, "sentence", 6, 0)),
            (Strings{"A b.", "C d e.", "F g h i j k", "l m. N."}));
  // Overlap carries whole sentences only.
  Document two = Doc("A. B. C d e. F.");
  EXPECT_EQ(Texts(two, Split(two, "sentence", 6, 2)), (Strings{"A. B.", "B. C d e.", "F."}));
  // CJK terminators end sentences without a space; 。 is one token, each ideograph one token.
  Document cjk = Doc("我爱你。你好吗？好。");
  EXPECT_EQ(Texts(cjk, Split(cjk, "sentence", 8, 0)), (Strings{"我爱你。你好吗？", "好。"}));
}

TEST(Chunker, TokenWindowsHandComputed) {
  // Tokens a | b | , | c | d end at 1, 3, 4, 6, 8; windows of 3 step 2.
  Document doc = Doc("a b, c d");
  std::vector<Chunk> chunks = Split(doc, "tokens", 3, 1);
  EXPECT_EQ(Texts(doc, chunks), (Strings{"a b,", ", c d"}));
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[1].char_start, 3);
  EXPECT_EQ(chunks[1].token_count, 3);
  // Without overlap: 5 tokens in windows of 2.
  EXPECT_EQ(Texts(doc, Split(doc, "tokens", 2, 0)), (Strings{"a b", ", c", "d"}));
}

TEST(Chunker, TokenWindowsHaveExactlySizeTokensButTheLast) {
  std::mt19937 rng(7);
  std::string text;
  for (int i = 0; i < 5; ++i) text += RandomDoc(&rng).text;
  Document doc = Doc(text);
  ASSERT_GT(WordTokenizer().Count(doc.text), 500);
  for (int size : {1, 5, 64}) {
    std::vector<Chunk> chunks = Split(doc, "tokens", size, size / 3);
    for (size_t i = 0; i + 1 < chunks.size(); ++i) EXPECT_EQ(chunks[i].token_count, size);
    int64_t total = WordTokenizer().Count(doc.text);
    int64_t step = size - size / 3;
    if (!chunks.empty()) {
      EXPECT_EQ(static_cast<int64_t>(chunks.size()),
                total <= size ? 1 : 1 + (total - size + step - 1) / step);
    }
  }
}

TEST(Chunker, MarkdownChunksStayInsideSegments) {
  std::string text = "# A\nalpha beta\n\n# B\ngamma delta epsilon\n";
  int64_t b = static_cast<int64_t>(text.find("# B"));
  Document doc =
      Doc(text, {Segment{0, b, "A", 0}, Segment{b, static_cast<int64_t>(text.size()), "A > B", 0}});
  std::vector<Chunk> md = Split(doc, "markdown", 100, 10);
  EXPECT_EQ(Texts(doc, md), (Strings{"# A\nalpha beta", "# B\ngamma delta epsilon"}));
  ASSERT_EQ(md.size(), 2u);
  EXPECT_EQ(md[0].section, "A");
  EXPECT_EQ(md[1].section, "A > B");
  // The recursive strategy ignores segments for cutting; the section is where the chunk starts.
  std::vector<Chunk> rec = Split(doc, "recursive", 100, 10);
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].section, "A");
  EXPECT_EQ(rec[0].token_count, 9);
}

TEST(Chunker, SectionAndPageOfTheSegmentHoldingTheStart) {
  // Page 1 covers "one two", page 2 "three four"; " five" is outside every segment.
  Document doc = Doc("one two three four five", {Segment{0, 8, "", 1}, Segment{8, 18, "Intro", 2}});
  std::vector<Chunk> chunks = Split(doc, "tokens", 2, 0);
  EXPECT_EQ(Texts(doc, chunks), (Strings{"one two", "three four", "five"}));
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0].page, 1);
  EXPECT_EQ(chunks[1].page, 2);
  EXPECT_EQ(chunks[1].section, "Intro");
  EXPECT_EQ(chunks[2].page, 0);
  EXPECT_EQ(chunks[2].section, "");
  std::vector<Chunk> html = Split(doc, "html", 10, 0);  // one chunk per segment and gap
  EXPECT_EQ(Texts(doc, html), (Strings{"one two", "three four", "five"}));
}

TEST(Chunker, CjkAndEmojiCutOnCharacterBoundaries) {
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += i % 7 == 0 ? "👨‍👩‍👧" : i % 3 == 0 ? "。" : "漢字";
  Document doc = Doc(text);
  for (int size : {1, 2, 3, 10}) {
    CheckAllStrategies(doc, size, size / 2, WordTokenizer());
    CheckAllStrategies(doc, size + 3, 1, ByteTokenizer());
  }
}

TEST(Chunker, InvariantsOnRandomDocuments) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 300; ++round) {
    Document doc = RandomDoc(&rng);
    int size = 1 + static_cast<int>(rng() % 60);
    int overlap = static_cast<int>(rng() % size);
    SCOPED_TRACE("round " + std::to_string(round));
    CheckAllStrategies(doc, size, overlap, WordTokenizer());
    CheckAllStrategies(doc, size + 4, overlap, ByteTokenizer());
    CheckAllStrategies(doc, size + 4, overlap, RepeatTokenizer());
    if (HasFatalFailure()) return;
  }
}

// Overlap: the text shared by consecutive chunks has at most `overlap` tokens, and with word-sized
// pieces the recursive chunker carries as much as fits.
TEST(Chunker, RecursiveOverlapIsBoundedAndUsed) {
  std::mt19937 rng(99);
  std::string text;
  for (int i = 0; i < 3000; ++i) text += std::string(1 + rng() % 8, 'a' + rng() % 26) + " ";
  Document doc = Doc(text);
  for (int overlap : {0, 1, 5, 20}) {
    std::vector<Chunk> chunks = Split(doc, "recursive", 50, overlap);
    ASSERT_GT(chunks.size(), 10u);
    for (size_t i = 1; i < chunks.size(); ++i) {
      int64_t shared = std::max<int64_t>(0, chunks[i - 1].char_end - chunks[i].char_start);
      std::string_view common(doc.text.data() + chunks[i].char_start, shared);
      EXPECT_EQ(WordTokenizer().Count(common), overlap);  // one token per piece, always fits
      EXPECT_EQ(chunks[i - 1].token_count, 50);
    }
  }
}

// One 10 MB line with no separator at all (no space, newline or sentence end), in ideographs
// (one word token each): cut at code points into runs of 512 ideographs, the next starting 64
// ideographs (192 bytes) before the end of the previous.
TEST(Chunker, HugeLineWithoutSeparators) {
  const Strings ideographs = {"中", "文", "字", "漢", "語", "書"};
  std::mt19937 rng(11);
  std::string text;
  while (text.size() < (10u << 20)) text += ideographs[rng() % ideographs.size()];
  Document doc = Doc(text);
  std::vector<Chunk> chunks = Split(doc, "recursive", 512, 64);
  const auto n = static_cast<int64_t>(text.size() / 3);  // ideographs, one token each
  ASSERT_EQ(static_cast<int64_t>(chunks.size()), 1 + (n - 512 + 447) / 448);
  for (size_t i = 0; i + 1 < chunks.size(); ++i) {
    ASSERT_EQ(chunks[i].char_end - chunks[i].char_start, 512 * 3);
    ASSERT_EQ(chunks[i + 1].char_start, chunks[i].char_end - 64 * 3);
    ASSERT_EQ(chunks[i].token_count, 512);
  }
  EXPECT_EQ(chunks.back().char_end, static_cast<int64_t>(text.size()));
  CheckInvariants(doc, chunks, ChunkOptions{"recursive", 512, 64}, WordTokenizer());
  CheckInvariants(doc, Split(doc, "sentence", 512, 64), ChunkOptions{"sentence", 512, 64},
                  WordTokenizer());
}

// A 10 MB run of letters is one word token, hence one chunk; a tokenizer that counts bytes cuts
// it into 512-byte chunks stepping by 448.
TEST(Chunker, HugeRunOfLetters) {
  Document doc = Doc(std::string(10 << 20, 'x'));
  std::vector<Chunk> words = Split(doc, "recursive", 512, 64);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0].char_end, 10 << 20);
  EXPECT_EQ(words[0].token_count, 1);
  std::vector<Chunk> bytes = Split(doc, "recursive", 512, 64, ByteTokenizer());
  ASSERT_EQ(static_cast<int64_t>(bytes.size()), 1 + ((10 << 20) - 512 + 447) / 448);
  for (size_t i = 0; i < bytes.size(); ++i) {
    ASSERT_EQ(bytes[i].char_start, static_cast<int64_t>(448 * i));
    ASSERT_EQ(bytes[i].char_end, std::min<int64_t>(448 * i + 512, 10 << 20));
  }
}

// One 10 MB line of words with no sentence end: every chunk but the last holds exactly 512
// one-token words, and the next starts 64 words before its end.
TEST(Chunker, HugeLineOfWords) {
  std::string text;
  std::mt19937 rng(5);
  while (text.size() < (10u << 20)) text += std::string(1 + rng() % 9, 'a' + rng() % 26) + ' ';
  Document doc = Doc(text);
  std::vector<Chunk> chunks = Split(doc, "recursive", 512, 64);
  int64_t words = WordTokenizer().Count(text);
  ASSERT_EQ(static_cast<int64_t>(chunks.size()), 1 + (words - 512 + 447) / 448);
  for (size_t i = 0; i + 1 < chunks.size(); ++i) {
    ASSERT_EQ(chunks[i].token_count, 512);
    std::string_view shared(text.data() + chunks[i + 1].char_start,
                            chunks[i].char_end - chunks[i + 1].char_start);
    ASSERT_EQ(WordTokenizer().Count(shared), 64);
  }
  CheckInvariants(doc, chunks, ChunkOptions{"recursive", 512, 64}, WordTokenizer());
}

TEST(Chunker, RepeatTokenizerRecountKeepsChunksWithinSize) {
  // "aaaa..." cut at code points: each piece counts 1, but the joined text counts 2n - 1, so
  // the packer must give pieces back until the recount fits: 5 letters = 9 tokens <= 10.
  Document doc = Doc(std::string(23, 'a'));
  std::vector<Chunk> chunks = Split(doc, "recursive", 10, 0, RepeatTokenizer());
  ASSERT_EQ(chunks.size(), 5u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(chunks[i].char_end - chunks[i].char_start, 5);
    EXPECT_EQ(chunks[i].token_count, 9);
  }
  EXPECT_EQ(chunks[4].token_count, 5);  // 3 letters
}

// A real tokenizer whose counts are not additive (WordPiece from a BERT tokenizer.json): the
// same invariants, with every count a recount.
TEST(Chunker, InvariantsWithWordPiece) {
  STRATA_REQUIRE_TEST_DATA("model2vec-rs-fixtures");
  ASSERT_OK_AND_ASSIGN(
      auto wordpiece,
      MakeTokenizer("hf:" + ::strata::testing::TestDataDir() +
                    "/model2vec-rs-fixtures/tests/fixtures/test-model-float32/tokenizer.json"));
  std::mt19937 rng(2024);
  for (int round = 0; round < 40; ++round) {
    Document doc = RandomDoc(&rng);
    int size = 2 + static_cast<int>(rng() % 60);
    SCOPED_TRACE("round " + std::to_string(round));
    CheckAllStrategies(doc, size, static_cast<int>(rng() % size), *wordpiece);
    if (HasFatalFailure()) return;
  }
}

/// The documents the built-in parser `parser` makes of `content`.
std::vector<Document> ParseWith(std::string_view parser, std::string content, std::string mime) {
  ingest::RawInput input;
  input.source = "test";
  input.uri = "test:" + std::string(parser);
  input.content = std::move(content);
  input.mime_hint = mime;
  ingest::ParserOptions options;
  ingest::ParseContext context{options, std::chrono::steady_clock::now() + std::chrono::minutes(1),
                               mime};
  std::vector<Document> docs;
  const ingest::Parser* p = ingest::ParserRegistry::Default().ByName(parser);
  EXPECT_NE(p, nullptr) << parser;
  if (p == nullptr) return docs;
  EXPECT_OK(p->Parse(input, context, [&](Document doc) {
    docs.push_back(std::move(doc));
    return Status::OK();
  }));
  return docs;
}

// Documents as the Markdown and HTML parsers make them (text, heading-path segments): the
// invariants hold and the markdown/html chunks carry the sections.
TEST(Chunker, ParsedMarkdownAndHtml) {
  std::vector<Document> docs;
  for (const char* path : {"README.md", "docs/storage.md", "docs/cli.md"}) {
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::stringstream content;
    content << in.rdbuf();
    for (Document& d : ParseWith("markdown", content.str(), "text/markdown")) {
      docs.push_back(std::move(d));
    }
  }
  std::string html = "<html><head><title>T</title></head><body><h1>Guide</h1><p>";
  for (int i = 0; i < 200; ++i) html += "Sentence " + std::to_string(i) + " of the guide. ";
  html += "</p><h2>Setup</h2><p>Install it.</p><ul><li>one</li><li>two</li></ul></body></html>";
  for (Document& d : ParseWith("html", html, "text/html")) docs.push_back(std::move(d));
  ASSERT_GE(docs.size(), 4u);
  for (const Document& doc : docs) {
    SCOPED_TRACE(doc.uri);
    ASSERT_FALSE(doc.segments.empty());
    CheckAllStrategies(doc, 64, 8, WordTokenizer());
    std::vector<Chunk> chunks = Split(doc, "markdown", 64, 8);
    EXPECT_TRUE(std::any_of(chunks.begin(), chunks.end(),
                            [](const Chunk& c) { return !c.section.empty(); }));
  }
}

TEST(Chunker, Deterministic) {
  std::mt19937 rng(3);
  Document doc = RandomDoc(&rng);
  for (const char* strategy : {"recursive", "markdown", "sentence", "tokens"}) {
    std::vector<Chunk> a = Split(doc, strategy, 20, 5);
    std::vector<Chunk> b = Split(doc, strategy, 20, 5);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].char_start, b[i].char_start);
      EXPECT_EQ(a[i].char_end, b[i].char_end);
    }
  }
}

}  // namespace
}  // namespace strata::process
