#include "process/normalize.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>

namespace strata::process {
namespace {

constexpr char kFffd[] = "\xEF\xBF\xBD";

TEST(NormalizeTest, NfkcFoldsCompatibilityForms) {
  // Expected values from the Unicode data: U+FB01 LATIN SMALL LIGATURE FI -> "fi", fullwidth
  // "ＡＢＣ" -> "ABC", U+00B2 SUPERSCRIPT TWO -> "2", "e" + U+0301 composes to U+00E9,
  // U+2126 OHM SIGN -> U+03A9, U+00BD -> "1⁄2" (U+2044).
  EXPECT_EQ(NormalizeText("\xEF\xAC\x81le"), "file");
  EXPECT_EQ(NormalizeText("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3"), "ABC");
  EXPECT_EQ(NormalizeText("x\xC2\xB2"), "x2");
  EXPECT_EQ(NormalizeText("caf" "e\xCC\x81!"), "caf\xC3\xA9!");
  EXPECT_EQ(NormalizeText("\xE2\x84\xA6"), "\xCE\xA9");
  EXPECT_EQ(NormalizeText("\xC2\xBD"), "1\xE2\x81\x84" "2");
  // Already-normalized non-ASCII text is unchanged.
  EXPECT_EQ(NormalizeText("Gr\xC3\xBC\xC3\x9F" "e \xE4\xB8\xAD\xE6\x96\x87"),
            "Gr\xC3\xBC\xC3\x9F" "e \xE4\xB8\xAD\xE6\x96\x87");
}

TEST(NormalizeTest, RepairsEachInvalidByte) {
  EXPECT_EQ(RepairUtf8("a\xFF" "b"), std::string("a") + kFffd + "b");
  // Truncated 3-byte sequence: both bytes are bad.
  EXPECT_EQ(RepairUtf8("\xE2\x82" "A"), std::string(kFffd) + kFffd + "A");
  // Overlong encoding of '/', a UTF-16 surrogate, a code point above U+10FFFF.
  EXPECT_EQ(RepairUtf8("\xC0\xAF"), std::string(kFffd) + kFffd);
  EXPECT_EQ(RepairUtf8("\xED\xA0\x80"), std::string(kFffd) + kFffd + kFffd);
  EXPECT_EQ(RepairUtf8("\xF4\x90\x80\x80"), std::string(kFffd) + kFffd + kFffd + kFffd);
  // Valid 4-byte sequence survives.
  EXPECT_EQ(RepairUtf8("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(NormalizeText("ok\x80ok"), std::string("ok") + kFffd + "ok");
  EXPECT_EQ(NormalizeText("\xC3"), kFffd);  // truncated at end of text
}

TEST(NormalizeTest, CleansWhitespaceAndControls) {
  EXPECT_EQ(NormalizeText("a  \t b"), "a b");
  EXPECT_EQ(NormalizeText("line one   \nline two\t\n"), "line one\nline two\n");
  EXPECT_EQ(NormalizeText("a\r\nb\rc"), "a\nb\nc");
  EXPECT_EQ(NormalizeText("a\n\n\n\n\nb"), "a\n\nb");
  EXPECT_EQ(NormalizeText("a\r\n\r\n\r\n\r\nb"), "a\n\nb");
  EXPECT_EQ(NormalizeText("bell\x07 null\x01" "x del\x7F!"), "bell nullx del!");
  EXPECT_EQ(NormalizeText("c1\xC2\x85" "control"), "c1control");  // U+0085 NEL is Cc
  // A dropped control does not keep a combining mark from composing with its base.
  EXPECT_EQ(NormalizeText("e\x01\xCC\x81"), "\xC3\xA9");
  EXPECT_EQ(NormalizeText("\xC3\xA9\x01\xE1\x84\x80\x02\xE1\x85\xA1"), "\xC3\xA9\xEA\xB0\x80");
  EXPECT_EQ(NormalizeText("trailing   "), "trailing");
  // U+00A0 NO-BREAK SPACE and U+3000 IDEOGRAPHIC SPACE become spaces under NFKC, then collapse.
  EXPECT_EQ(NormalizeText("a\xC2\xA0\xC2\xA0" "b\xE3\x80\x80 c"), "a b c");
  EXPECT_EQ(NormalizeText(""), "");
}

TEST(NormalizeTest, IsIdempotentOnRandomBytes) {
  std::mt19937 rng(7);
  const std::string alphabet[] = {"a", " ", "\t", "\n", "\r", "\x01", "\xC3\xA9", "e\xCC\x81",
                                  "\xFF", "\xE2\x82", "\xEF\xAC\x81", "\xC2\xA0", "Z", ".",
                                  "\xCC\x81", "\xC2\x85", "\x7F", "\xE1\x84\x80", "\xE1\x85\xA1"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    int len = static_cast<int>(rng() % 60);
    for (int i = 0; i < len; ++i) text += alphabet[rng() % std::size(alphabet)];
    std::string once = NormalizeText(text);
    EXPECT_EQ(NormalizeText(once), once) << "input #" << round;
    EXPECT_EQ(RepairUtf8(once), once) << "output is valid UTF-8";
    EXPECT_EQ(once.find("\n\n\n"), std::string::npos);
    EXPECT_EQ(once.find("  "), std::string::npos);
    EXPECT_EQ(once.find(" \n"), std::string::npos);
  }
}

TEST(NormalizeTest, DocumentSegmentsFollowTheirText) {
  ingest::Document doc;
  std::string s1 = "Intro\xEF\xAC\x81   text  \r\n";   // "Introfi text\n"
  std::string gap = "\n\n\n  \x01";
  std::string s2 = "Page \xEF\xBC\x92 body\t\t";       // "Page 2 body"
  doc.text = s1 + gap + s2;
  doc.title = "  T\xC2\xA0itle ";
  int64_t b2 = static_cast<int64_t>(s1.size() + gap.size());
  doc.segments = {{0, static_cast<int64_t>(s1.size()), "Intro", 1},
                  {b2, static_cast<int64_t>(doc.text.size()), "Body", 2}};
  NormalizeDocument(&doc);
  EXPECT_EQ(doc.title, " T itle");
  EXPECT_EQ(doc.text, "Introfi text\n\n Page 2 body");
  ASSERT_EQ(doc.segments.size(), 2u);
  auto slice = [&](const ingest::Segment& s) { return doc.text.substr(s.begin, s.end - s.begin); };
  EXPECT_EQ(slice(doc.segments[0]), "Introfi text\n");
  // The space that collapsed the gap's run is written lazily, so it belongs to the next piece.
  EXPECT_EQ(slice(doc.segments[1]), " Page 2 body");
  EXPECT_EQ(doc.segments[1].section, "Body");
  EXPECT_EQ(doc.segments[1].page, 2);
}

TEST(NormalizeTest, DocumentOffsetsStayValidOnRandomInput) {
  std::mt19937 rng(11);
  const std::string alphabet[] = {"ab", " ", "\n", "\r\n", "\xC3\xA9", "\xEF\xAC\x81", "\xFF",
                                  "\t", "x"};
  for (int round = 0; round < 200; ++round) {
    ingest::Document doc;
    std::vector<int64_t> starts;  // where each alphabet element begins
    for (int i = 0; i < 40; ++i) {
      starts.push_back(static_cast<int64_t>(doc.text.size()));
      doc.text += alphabet[rng() % std::size(alphabet)];
    }
    int64_t n = static_cast<int64_t>(doc.text.size());
    bool whole_chars = round % 2 == 0;  // even rounds cut between characters, odd anywhere
    std::vector<int64_t> cuts = {0, n};
    for (int i = 0; i < 4; ++i) {
      cuts.push_back(whole_chars ? starts[rng() % starts.size()]
                                 : static_cast<int64_t>(rng() % (n + 1)));
    }
    std::string whole = NormalizeText(doc.text);
    std::sort(cuts.begin(), cuts.end());
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      doc.segments.push_back({cuts[i], cuts[i + 1], "s" + std::to_string(i), 0});
    }
    NormalizeDocument(&doc);
    int64_t prev_end = 0;
    for (const ingest::Segment& s : doc.segments) {
      ASSERT_LE(prev_end, s.begin);
      ASSERT_LE(s.begin, s.end);
      ASSERT_LE(s.end, static_cast<int64_t>(doc.text.size()));
      prev_end = s.end;
    }
    // Segments tile the text as they did before, so the last one ends at the end.
    EXPECT_EQ(doc.segments.front().begin, 0);
    EXPECT_EQ(doc.segments.back().end, static_cast<int64_t>(doc.text.size()));
    EXPECT_EQ(RepairUtf8(doc.text), doc.text);
    // Cut between characters (none a bare combining mark), pieces normalize like the whole.
    if (whole_chars) {
      EXPECT_EQ(doc.text, whole) << "round " << round;
    }
  }
}

TEST(NormalizeTest, AsciiThroughput) {
  std::mt19937 rng(3);
  std::string text;
  const char* words[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog,",
                         "data", "pipeline.", "Strata", "42"};
  while (text.size() < (32u << 20)) {
    text += words[rng() % std::size(words)];
    text += (rng() % 17 == 0) ? "\n" : " ";
  }
  auto start = std::chrono::steady_clock::now();
  std::string out = NormalizeText(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double mbps = static_cast<double>(text.size()) / 1e6 / seconds;
  std::printf("NormalizeText ASCII: %.1f MB/s (%zu bytes)\n", mbps, text.size());
  EXPECT_EQ(out.size(), text.size() - (text.back() == ' ' ? 1 : 0));
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  // A loose floor that catches an accidental per-byte utf8proc path even on a busy machine;
  // unoptimized and sanitizer builds are too slow to judge.
  EXPECT_GT(mbps, 50.0);
#endif
}

}  // namespace
}  // namespace strata::process
