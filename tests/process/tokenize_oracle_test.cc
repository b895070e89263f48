// Parity of the byte-level BPE tokenizers with js-tiktoken (tests/peers), on >= 2,000
// deterministic varied strings: cl100k_base and o200k_base from rank files exported from
// js-tiktoken's data, r50k_base, and a GPT-2 style tokenizer.json (ByteLevel + merges) built from
// r50k_base's ranks, which must encode exactly as r50k_base does, and a Llama-3 layout
// tokenizer.json (Split regex + ByteLevel) built from cl100k_base's ranks.
//
// Known divergence kept out of the strings: js-tiktoken runs the patterns with JavaScript's
// regex, where \s includes U+FEFF and excludes U+0085 and (?i) is spelled out without U+017F;
// Strata follows tiktoken's Rust engine (see tokenize_pieces_test.cc for those characters).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "process/tokenize/tokenizer.h"
#include "testing/subprocess.h"
#include "testing/test_data.h"

namespace strata::process {
namespace {

using ::strata::testing::RunCommand;
using ::strata::testing::ShellQuote;

const char* const kOracle = "tests/process/tokenize_oracle.mjs";

std::string Utf8(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

// Deterministic generator of varied text fragments.
class TextGenerator {
 public:
  explicit TextGenerator(uint32_t seed) : rng_(seed) {}

  std::string Next() {
    std::string s;
    const int fragments = Pick(1, 12);
    for (int i = 0; i < fragments; ++i) {
      s += Fragment();
      if (Pick(0, 2) == 0) s += Separator();
    }
    return s;
  }

 private:
  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <size_t N>
  const char* OneOf(const char* const (&items)[N]) {
    return items[Pick(0, N - 1)];
  }

  std::string Separator() {
    static const char* const kSeps[] = {
        " ",    "  ",   "   ",      "\t",           "\n",           "\n\n", "\r\n", " \n",
        "\n  ", "\t\t", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x83", " \t ", "",     ""};
    return OneOf(kSeps);
  }

  std::string RandomRun(uint32_t lo, uint32_t hi, int max_len) {
    std::string s;
    const int n = Pick(1, max_len);
    for (int i = 0; i < n; ++i) s += Utf8(std::uniform_int_distribution<uint32_t>(lo, hi)(rng_));
    return s;
  }

  std::string Number() {
    std::string s;
    const int n = Pick(1, 20);
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + Pick(0, 9));
    static const char* const kDecor[] = {"", "", ".5", ",000", "%", "e-3", "px", "-"};
    return s + OneOf(kDecor);
  }

  std::string Fragment() {
    static const char* const kWords[] = {"hello",
                                         "World",
                                         "café",
                                         "naïve",
                                         "Ærøskøbing",
                                         "straße",
                                         "ÉCOLE",
                                         "Привет",
                                         "МИР",
                                         "ёжик",
                                         "Καλημέρα",
                                         "ΣΟΦΙΑ",
                                         "λόγος",
                                         "مرحبا",
                                         "العربية",
                                         "שָׁלוֹם",
                                         "नमस्ते",
                                         "हिन्दी",
                                         "你好世界",
                                         "日本語のテキスト",
                                         "한국어",
                                         "안녕하세요",
                                         "สวัสดีครับ",
                                         "ภาษาไทย",
                                         "HelloWorld",
                                         "camelCase",
                                         "XMLHttpRequest",
                                         "ǅemal",
                                         "ǈubljana",
                                         "ÀÉÎõü",
                                         "ʰʲʷ",
                                         "ⅫⅣ",
                                         "x²+y³",
                                         "½¼",
                                         "ｆｕｌｌｗｉｄｔｈ",
                                         "Ａ１",
                                         "e\xCC\x81t\xC3\xA9",
                                         "A\xCC\x8A",
                                         "\xCC\x81"
                                         "abc",
                                         "<|endoftext|>",
                                         "<|fim_prefix|>",
                                         "don't",
                                         "I'm",
                                         "DON'T",
                                         "you'Re",
                                         "they'LL",
                                         "it's",
                                         "We'VE",
                                         "'d",
                                         "O'Neil",
                                         "rock'n'roll",
                                         "'S",
                                         "'ll",
                                         "'Ve",
                                         "'tis",
                                         "shouldn't've",
                                         "y'all'd",
                                         "JOHN'S",
                                         "Pierre's",
                                         "l'été"};
    static const char* const kCode[] = {"for (int i = 0; i < n; ++i) {\n    sum += a[i];\n}",
                                        "def f(x):\n\treturn x**2  # square\n",
                                        "<div class=\"a\">&nbsp;</div>",
                                        "SELECT * FROM t WHERE id=42;",
                                        "https://example.com/path?q=1&r=2#frag",
                                        "// comment\n/* block */",
                                        "a//b",
                                        "\\n\\t",
                                        "```python\nprint('hi')\n```",
                                        "if (a && b || !c) return -1;",
                                        "x = {'k': [1, 2, 3]}",
                                        "$ ls -la /usr/bin | grep x",
                                        "#include <vector>\n",
                                        "std::vector<int> v{1,2};",
                                        "  \n\t  \n",
                                        "    indented\n"};
    static const char* const kPunct[] = {"!!!",      "...",    "?!",      "—",    "–",       "«»",
                                         "“quoted”", "((()))", "--->",    "!\n/", "...\n\n", ",",
                                         ";",        ":)",     "¿¡",      "…",    "、。",    "'",
                                         "''",       "\"",     "@#$%^&*", "~/.",  "\n/\n"};
    static const char* const kEmoji[] = {"👍",
                                         "👍🏽",
                                         "👨‍👩‍👧‍👦",
                                         "🏳️‍🌈",
                                         "❤️",
                                         "🇫🇷",
                                         "🤷🏾‍♀️",
                                         "😀😃😄",
                                         "🧑🏻‍💻",
                                         "✨"};
    static const uint32_t kRanges[][2] = {
        {0x41, 0x7A},       {0xC0, 0x24F},    {0x370, 0x3FF},     {0x400, 0x4FF},
        {0x590, 0x5FF},     {0x600, 0x6FF},   {0x900, 0x97F},     {0xE00, 0xE7F},
        {0x4E00, 0x9FFF},   {0xAC00, 0xD7A3}, {0x300, 0x36F},     {0x2B0, 0x2FF},
        {0x2010, 0x2027},   {0x2100, 0x218F}, {0x2200, 0x22FF},   {0xFF01, 0xFF5E},
        {0x1F300, 0x1FAFF}, {0x3040, 0x30FF}, {0x1D400, 0x1D7FF}, {0x20, 0x7E}};
    switch (Pick(0, 9)) {
      case 0:
      case 1:
      case 2:
        return OneOf(kWords);
      case 3:
        return OneOf(kCode);
      case 4:
        return OneOf(kPunct);
      case 5:
        return OneOf(kEmoji);
      case 6:
        return Number();
      case 7: {
        const auto& r = kRanges[Pick(0, std::size(kRanges) - 1)];
        return RandomRun(r[0], r[1], 8);
      }
      case 8:
        return std::string(static_cast<size_t>(Pick(1, 6)), " \t\n"[Pick(0, 2)]);
      default:
        return std::string(OneOf(kWords)) + OneOf(kPunct) + Number();
    }
  }

  std::mt19937 rng_;
};

std::vector<std::string> TestStrings() {
  std::vector<std::string> v = {
      "",        " ",     "  ",       "\n",    "\n\n\n",      " \n ",     "a",
      "  a",     "a  ",   "a\n",      "\t\tx", "   \n\n   x", "1234567",  "a1b22c333d4444",
      " 12 345", "'s",    "'S 'T",    "x'sy",  "''s",         "it'sa",    "ABCdef",
      "abcDEF",  "ABC'S", "Hello'LL", "é",     "ĳ",           "\r\n\r\n", "!\r\n",
      "?/\n/"};
  TextGenerator gen(20240611);
  while (v.size() < 2400) v.push_back(gen.Next());
  std::string long_text;
  for (int i = 0; i < 60; ++i) long_text += gen.Next() + " ";
  v.push_back(long_text);
  v.push_back(std::string(3000, 'a'));       // a long piece: many merges
  v.push_back(std::string(500, ' ') + "x");  // a long whitespace run
  std::mt19937 rng(7);
  for (const char* alphabet : {"acgt", "etaoinshrdlu", "Zz"}) {  // long pieces: the heap merge
    std::string word;
    const size_t k = std::strlen(alphabet);
    for (int i = 0; i < 1500; ++i) word += alphabet[rng() % k];
    v.push_back(word);
  }
  return v;
}

class TokenizeOracle : public ::testing::Test {
 protected:
  void SetUp() override {
    if (RunCommand("node --version").exit_code != 0) {
      GTEST_SKIP() << "node is not on PATH: the js-tiktoken oracle cannot run";
    }
    if (std::ifstream("tests/peers/node_modules/js-tiktoken/package.json").fail()) {
      GTEST_SKIP() << "tests/peers/node_modules/js-tiktoken is missing (npm ci in tests/peers)";
    }
    dir_ = ::strata::testing::MakeTempDir("strata-tokenize");
  }

  // Run the oracle; fail the test on error.
  std::string Oracle(const std::string& args) {
    auto r = RunCommand("node " + std::string(kOracle) + " " + args, 300);
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.err;
    return r.out;
  }

  // Check `spec`'s ids against js-tiktoken's `encoding` on TestStrings().
  void ExpectParity(const std::string& spec, const std::string& encoding) {
    ASSERT_OK_AND_ASSIGN(auto tok, MakeTokenizer(spec));
    const auto strings = TestStrings();
    const std::string input = dir_ + "/in.jsonl";
    {
      std::ofstream out(input);
      for (const auto& s : strings) out << nlohmann::json(s).dump() << "\n";
    }
    std::istringstream lines(Oracle("encode " + encoding + " " + ShellQuote(input)));
    std::string line;
    size_t i = 0;
    for (; std::getline(lines, line) && i < strings.size(); ++i) {
      const auto expected = nlohmann::json::parse(line).get<std::vector<int32_t>>();
      const std::vector<int32_t> actual = tok->Encode(strings[i]);
      ASSERT_EQ(actual, expected) << spec << " differs from js-tiktoken " << encoding
                                  << " on string " << i << ": " << nlohmann::json(strings[i]);
      ASSERT_EQ(tok->Count(strings[i]), static_cast<int64_t>(expected.size()));
      std::vector<int32_t> ids;
      std::vector<uint32_t> ends;
      tok->EncodeWithOffsets(strings[i], &ids, &ends);
      ASSERT_EQ(ids, expected);
      ASSERT_EQ(ends.size(), ids.size());
      for (size_t k = 0; k < ends.size(); ++k) {
        ASSERT_TRUE(k == 0 || ends[k] >= ends[k - 1]);
        ASSERT_TRUE(ends[k] == strings[i].size() ||
                    (static_cast<unsigned char>(strings[i][ends[k]]) & 0xC0) != 0x80)
            << "token end inside a character";
      }
      if (!ends.empty()) ASSERT_EQ(ends.back(), strings[i].size());
    }
    EXPECT_EQ(i, strings.size()) << "the oracle printed fewer lines than strings";
  }

  std::string dir_;
};

TEST_F(TokenizeOracle, Cl100kMatchesJsTiktoken) {
  Oracle("export cl100k_base " + ShellQuote(dir_ + "/cl100k_base.tiktoken"));
  ExpectParity("tiktoken:" + dir_ + "/cl100k_base.tiktoken", "cl100k_base");
}

TEST_F(TokenizeOracle, O200kMatchesJsTiktoken) {
  Oracle("export o200k_base " + ShellQuote(dir_ + "/ranks.tiktoken"));
  ExpectParity("tiktoken:" + dir_ + "/ranks.tiktoken#o200k_base", "o200k_base");
}

TEST_F(TokenizeOracle, R50kMatchesJsTiktoken) {
  Oracle("export r50k_base " + ShellQuote(dir_ + "/r50k_base.tiktoken"));
  ExpectParity("tiktoken:" + dir_ + "/r50k_base.tiktoken", "r50k_base");
}

TEST_F(TokenizeOracle, HfByteLevelBpeMatchesR50k) {
  Oracle("hfjson r50k_base " + ShellQuote(dir_ + "/tokenizer.json"));
  ExpectParity("hf:" + dir_ + "/tokenizer.json", "r50k_base");
}

// Llama 3's layout: Split(cl100k regex) + ByteLevel without regex, ignore_merges.
TEST_F(TokenizeOracle, HfSplitRegexBpeMatchesCl100k) {
  Oracle("hfjson cl100k_base " + ShellQuote(dir_ + "/tokenizer.json"));
  ExpectParity("hf:" + dir_ + "/tokenizer.json", "cl100k_base");
}

}  // namespace
}  // namespace strata::process
