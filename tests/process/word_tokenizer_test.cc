// The built-in word tokenizer: hand-counted token boundaries in several scripts, agreement of
// Count, Encode and EncodeWithOffsets, ids as hashes of the token bytes.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/hash.h"
#include "process/tokenize/tokenizer.h"

namespace strata::process {
namespace {

/// The tokens of `text` as strings, cut from the end offsets (a token starts at the first
/// non-space byte after the previous end).
std::vector<std::string> Tokens(std::string_view text) {
  std::vector<int32_t> ids;
  std::vector<uint32_t> ends;
  WordTokenizer().EncodeWithOffsets(text, &ids, &ends);
  EXPECT_EQ(ids.size(), ends.size());
  std::vector<std::string> out;
  uint32_t prev = 0;
  for (uint32_t end : ends) {
    std::string_view piece = text.substr(prev, end - prev);
    size_t first = piece.find_first_not_of(" \t\n\r\f\v");
    out.emplace_back(first == std::string_view::npos ? "" : piece.substr(first));
    prev = end;
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(WordTokenizer, NameIsWords) { EXPECT_EQ(WordTokenizer().name(), "words"); }

TEST(WordTokenizer, EmptyAndWhitespaceHaveNoTokens) {
  EXPECT_EQ(WordTokenizer().Count(""), 0);
  EXPECT_EQ(WordTokenizer().Count(" \t\n\r\f\v  "), 0);
  EXPECT_EQ(WordTokenizer().Count("\u00a0\u2003\u3000\u2028\u0085"), 0);  // Unicode spaces
  EXPECT_TRUE(WordTokenizer().Encode("   ").empty());
}

TEST(WordTokenizer, AsciiWordsAndPunctuation) {
  EXPECT_EQ(Tokens("Hello, world!"), (Strings{"Hello", ",", "world", "!"}));
  EXPECT_EQ(Tokens("it's 3.14 x2"), (Strings{"it", "'", "s", "3", ".", "14", "x2"}));
  EXPECT_EQ(Tokens("snake_case--"), (Strings{"snake", "_", "case", "-", "-"}));
  EXPECT_EQ(Tokens("  a  b\n\nc "), (Strings{"a", "b", "c"}));
  EXPECT_EQ(WordTokenizer().Count("The quick (brown) fox."), 7);
}

TEST(WordTokenizer, LatinWithAccentsAndCombiningMarks) {
  EXPECT_EQ(Tokens("café naïve"), (Strings{"café", "naïve"}));
  // "e" + U+0301 COMBINING ACUTE: the mark continues the run.
  EXPECT_EQ(Tokens("cafe\u0301 ok"), (Strings{"cafe\u0301", "ok"}));
  // A mark after a space opens a run of its own.
  EXPECT_EQ(Tokens(" \u0301x"), (Strings{"\u0301x"}));
}

TEST(WordTokenizer, CyrillicGreekArabicHebrewDevanagari) {
  EXPECT_EQ(Tokens("Привет, мир!"), (Strings{"Привет", ",", "мир", "!"}));
  EXPECT_EQ(Tokens("Καλημέρα κόσμε"), (Strings{"Καλημέρα", "κόσμε"}));
  EXPECT_EQ(Tokens("مرحبا بالعالم؟"), (Strings{"مرحبا", "بالعالم", "؟"}));
  EXPECT_EQ(Tokens("שלום עולם"), (Strings{"שלום", "עולם"}));
  // Devanagari vowel signs (Mc/Mn) stay inside the word.
  EXPECT_EQ(Tokens("नमस्ते दुनिया।"), (Strings{"नमस्ते", "दुनिया", "।"}));
}

TEST(WordTokenizer, CjkIdeographsAreOneTokenEach) {
  EXPECT_EQ(Tokens("我爱北京。"), (Strings{"我", "爱", "北", "京", "。"}));
  // Kana runs stay together, the ideographs between them split.
  EXPECT_EQ(Tokens("東京はきれい"), (Strings{"東", "京", "はきれい"}));
  // Hangul is a letter script with spaces between words.
  EXPECT_EQ(Tokens("안녕하세요 세계"), (Strings{"안녕하세요", "세계"}));
  EXPECT_EQ(WordTokenizer().Count("中文abc123"), 3);  // 中, 文, abc123
}

TEST(WordTokenizer, EmojiAndSymbols) {
  EXPECT_EQ(Tokens("hi👋🏽!"), (Strings{"hi", "👋", "🏽", "!"}));
  // U+FE0F VARIATION SELECTOR-16 is a mark: it belongs to the heart.
  EXPECT_EQ(Tokens("I ❤️ it"), (Strings{"I", "❤️", "it"}));
  EXPECT_EQ(Tokens("€5 + 2 = ∑"), (Strings{"€", "5", "+", "2", "=", "∑"}));
}

TEST(WordTokenizer, InvalidUtf8BytesAreSingleTokens) {
  std::string text =
      "ab\xff\xfe"
      "cd \xc3";  // two bad bytes, then a truncated sequence
  EXPECT_EQ(WordTokenizer().Count(text), 5);
  std::vector<int32_t> ids;
  std::vector<uint32_t> ends;
  WordTokenizer().EncodeWithOffsets(text, &ids, &ends);
  EXPECT_EQ(ends, (std::vector<uint32_t>{2, 3, 4, 6, 8}));
}

TEST(WordTokenizer, EndOffsetsAreTokenEnds) {
  std::vector<int32_t> ids;
  std::vector<uint32_t> ends;
  WordTokenizer().EncodeWithOffsets("ab, cé 日本", &ids, &ends);
  // "ab" ends at 2, "," at 3, "cé" (c + 2-byte é) at 7, 日 at 11, 本 at 14.
  EXPECT_EQ(ends, (std::vector<uint32_t>{2, 3, 7, 11, 14}));
}

TEST(WordTokenizer, IdsAreHashesOfTokenBytes) {
  std::vector<int32_t> ids = WordTokenizer().Encode("foo bar foo");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], ids[2]);
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_EQ(static_cast<uint32_t>(ids[0]), static_cast<uint32_t>(Xxh3("foo")));
}

TEST(WordTokenizer, CountAgreesWithEncodeOnRandomText) {
  const std::vector<std::string> alphabet = {
      "a",  "Z", "7",      " ",      "\n", ".",    "_",        "é", "\u0301", "日",
      "か", "😀", "\ufe0f", "\u00a0", "ж",  "\xff", "\xe2\x82", "-", "\t",     "ß"};
  std::mt19937 rng(42);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    std::vector<int32_t> ids;
    std::vector<uint32_t> ends;
    WordTokenizer().EncodeWithOffsets(text, &ids, &ends);
    ASSERT_EQ(WordTokenizer().Count(text), static_cast<int64_t>(ids.size())) << text;
    ASSERT_EQ(WordTokenizer().Encode(text), ids) << text;
    for (size_t i = 1; i < ends.size(); ++i) ASSERT_LT(ends[i - 1], ends[i]);
    if (!ends.empty()) {
      ASSERT_LE(ends.back(), text.size());
    }
  }
}

}  // namespace
}  // namespace strata::process
