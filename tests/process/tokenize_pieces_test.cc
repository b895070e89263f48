// The hand-coded pre-tokenizers against hand-worked splits of tiktoken's regexes (cl100k_base,
// o200k_base, r50k_base), the characters where tiktoken's Rust engine and JavaScript differ, and
// the errors of MakeTokenizer.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "process/tokenize/pretokenize.h"
#include "process/tokenize/tokenizer.h"
#include "testing/test_data.h"

namespace strata::process::tokenize {
namespace {

std::vector<std::string> Split(SplitPattern pattern, std::string_view text) {
  std::vector<std::string> pieces;
  for (size_t pos = 0; pos < text.size();) {
    const size_t end = NextPieceEnd(pattern, text, pos);
    EXPECT_GT(end, pos);
    pieces.emplace_back(text.substr(pos, end - pos));
    pos = end;
  }
  return pieces;
}

using V = std::vector<std::string>;

TEST(TokenizePieces, Cl100k) {
  const auto p = SplitPattern::kCl100k;
  EXPECT_EQ(Split(p, "Hello world"), (V{"Hello", " world"}));
  EXPECT_EQ(Split(p, "I'm"), (V{"I", "'m"}));
  EXPECT_EQ(Split(p, "it'sa"), (V{"it", "'s", "a"}));
  EXPECT_EQ(Split(p, "DON'T they'LL"), (V{"DON", "'T", " they", "'LL"}));
  EXPECT_EQ(Split(p, "1234567"), (V{"123", "456", "7"}));
  EXPECT_EQ(Split(p, "a  b"), (V{"a", " ", " b"}));
  EXPECT_EQ(Split(p, "a \n\n b"), (V{"a", " \n\n", " b"}));
  EXPECT_EQ(Split(p, "x  "), (V{"x", "  "}));
  EXPECT_EQ(Split(p, "!!!\n\nx"), (V{"!!!\n\n", "x"}));
  EXPECT_EQ(Split(p, "\tfoo"), (V{"\tfoo"}));
  EXPECT_EQ(Split(p, " ...x"), (V{" ...", "x"}));
  EXPECT_EQ(Split(p, "'hello"), (V{"'hello"}));
  EXPECT_EQ(Split(p, "e\xCC\x81t"), (V{"e", "\xCC\x81t"}));  // a mark is not a letter
}

TEST(TokenizePieces, O200k) {
  const auto p = SplitPattern::kO200k;
  EXPECT_EQ(Split(p, "HelloWorld"), (V{"Hello", "World"}));
  EXPECT_EQ(Split(p, "camelCase"), (V{"camel", "Case"}));
  EXPECT_EQ(Split(p, "XMLHttpRequest"), (V{"XMLHttp", "Request"}));
  EXPECT_EQ(Split(p, "ABC"), (V{"ABC"}));
  EXPECT_EQ(Split(p, "abcDEF"), (V{"abc", "DEF"}));
  EXPECT_EQ(Split(p, "don't DON'T"), (V{"don't", " DON'T"}));
  EXPECT_EQ(Split(p, "1234567"), (V{"123", "456", "7"}));
  EXPECT_EQ(Split(p, " (x)/\n/"), (V{" (", "x", ")/\n/"}));
  EXPECT_EQ(Split(p, "नमस्ते"), (V{"नमस्ते"}));  // Lo and marks count as both cases
  EXPECT_EQ(Split(p,
                  "\xCC\x81"
                  "abc"),
            (V{"\xCC\x81"
               "abc"}));                       // a leading mark is the prefix
  EXPECT_EQ(Split(p, "ǅemal"), (V{"ǅemal"}));  // titlecase starts a word
  EXPECT_EQ(Split(p, "a \n\n b"), (V{"a", " \n\n", " b"}));
}

TEST(TokenizePieces, Gpt2) {
  const auto p = SplitPattern::kGpt2;
  EXPECT_EQ(Split(p, "I'M it's"), (V{"I", "'", "M", " it", "'s"}));  // case-sensitive
  EXPECT_EQ(Split(p, "  a"), (V{" ", " a"}));
  EXPECT_EQ(Split(p, "\ta"), (V{"\t", "a"}));
  EXPECT_EQ(Split(p, "123456 12"), (V{"123456", " 12"}));
  EXPECT_EQ(Split(p, "a \n\n b"), (V{"a", " \n\n", " b"}));
  EXPECT_EQ(Split(p, "x!!\n"), (V{"x", "!!", "\n"}));
}

// tiktoken compiles its patterns with Rust's regex: \s is White_Space (U+0085 yes, U+FEFF no)
// and (?i)'s also matches U+017F LATIN SMALL LETTER LONG S.
TEST(TokenizePieces, RustRegexClasses) {
  const auto p = SplitPattern::kCl100k;
  EXPECT_EQ(Split(p,
                  "a\xC2\x85\xC2\x85"
                  "b"),
            (V{"a", "\xC2\x85",
               "\xC2\x85"
               "b"}));
  EXPECT_EQ(Split(p, "x\xEF\xBB\xBF\xEF\xBB\xBFy"), (V{"x", "\xEF\xBB\xBF\xEF\xBB\xBF", "y"}));
  EXPECT_EQ(Split(p,
                  "'\xC5\xBF"
                  "a"),
            (V{"'\xC5\xBF", "a"}));
}

TEST(TokenizePieces, InvalidUtf8IsOneSymbolPerByte) {
  EXPECT_EQ(Split(SplitPattern::kCl100k,
                  "ab\xFF\xFE"
                  "cd"),
            (V{"ab", "\xFF\xFE", "cd"}));
  EXPECT_EQ(Split(SplitPattern::kGpt2, "a\xC3"), (V{"a", "\xC3"}));
}

TEST(TokenizeFactory, WordsIsTheBuiltInWordTokenizer) {
  ASSERT_OK_AND_ASSIGN(auto words, MakeTokenizer("words"));
  EXPECT_EQ(words->name(), "words");
  const std::string text = "Hello, wörld 42!";
  EXPECT_EQ(words->Encode(text), WordTokenizer().Encode(text));
  EXPECT_EQ(words->Count(text), WordTokenizer().Count(text));
  EXPECT_GT(words->Count(text), 0);
}

TEST(TokenizeFactory, Errors) {
  auto unknown = MakeTokenizer("bogus:x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().ToString().find("bogus"), std::string::npos);

  auto missing = MakeTokenizer("tiktoken:/nonexistent/cl100k_base.tiktoken");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().ToString().find("/nonexistent/cl100k_base.tiktoken"),
            std::string::npos);

  const std::string dir = ::strata::testing::MakeTempDir("strata-tokenize");
  std::ofstream(dir + "/bad.tiktoken") << "IQ== 0\nnot base64!! x\n";
  auto encoding = MakeTokenizer("tiktoken:" + dir + "/bad.tiktoken");
  ASSERT_FALSE(encoding.ok());
  EXPECT_EQ(encoding.status().code(), StatusCode::kInvalidArgument);  // no known encoding
  auto bad = MakeTokenizer("tiktoken:" + dir + "/bad.tiktoken#cl100k_base");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
  EXPECT_NE(bad.status().ToString().find("bad.tiktoken line 2"), std::string::npos);

  std::ofstream(dir + "/tokenizer.json") << "{\"model\": {\"type\": \"BPE\", ";
  auto json = MakeTokenizer("hf:" + dir + "/tokenizer.json");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace strata::process::tokenize
