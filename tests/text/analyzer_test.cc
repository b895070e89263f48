// Analyzer: segmentation, possessives, folding, stop words and stemming, checked against what
// Lucene's English analysis chain (StandardTokenizer, EnglishPossessiveFilter, LowerCaseFilter,
// StopFilter, PorterStemFilter) produces for the same text.
#include "index/text/analyzer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "testing/test_data.h"

namespace strata::index {
namespace {

std::vector<std::string> Analyze(std::string_view text, const std::string& stemmer = "none",
                                 bool stopwords = false) {
  TextIndexOptions options;
  options.stemmer = stemmer;
  options.stopwords = stopwords;
  auto analyzer = Analyzer::Make(options);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status().ToString();
  std::vector<std::string> terms;
  (*analyzer)->Terms(text, &terms);
  return terms;
}

using Terms = std::vector<std::string>;

TEST(AnalyzerTest, SplitsOnPunctuationAndSpace) {
  EXPECT_EQ(Analyze("Hello, world!  foo-bar\tbaz\n(qux)"),
            (Terms{"hello", "world", "foo", "bar", "baz", "qux"}));
  EXPECT_EQ(Analyze(""), Terms{});
  EXPECT_EQ(Analyze(" ... --- !!! "), Terms{});
}

TEST(AnalyzerTest, KeepsWordInternalPunctuationLikeUax29) {
  // Letters join across apostrophes, '.' and ':'; digits across '.', ',' and ';'.
  EXPECT_EQ(Analyze("don't U.S.A. 3.14 1,000,000 snake_case covid19 h1n1"),
            (Terms{"don't", "u.s.a", "3.14", "1,000,000", "snake_case", "covid19", "h1n1"}));
  // ... but not at the edges, and not letter '.' digit or letter ',' letter.
  EXPECT_EQ(Analyze("'quoted' end. a,b x.5 -7"), (Terms{"quoted", "end", "a", "b", "x", "5", "7"}));
}

TEST(AnalyzerTest, DropsPossessives) {
  EXPECT_EQ(Analyze("John's dog's bone"), (Terms{"john", "dog", "bone"}));
  EXPECT_EQ(Analyze("JAMES'S car\xE2\x80\x99s"), (Terms{"james", "car"}));  // U+2019
  EXPECT_EQ(Analyze("the dogs' bowls"), (Terms{"the", "dogs", "bowls"}));
  EXPECT_EQ(Analyze("it's"), (Terms{"it"}));
}

TEST(AnalyzerTest, FoldsCaseIncludingNonAscii) {
  EXPECT_EQ(Analyze("ÉCOLE Straße ΣΊΣΥΦΟΣ МОСКВА"),
            (Terms{"école", "strasse", "σίσυφοσ", "москва"}));
  // NFKC: the "ﬁ" ligature and full-width letters become plain letters.
  EXPECT_EQ(Analyze("\xEF\xAC\x81nd \xEF\xBC\xA1\xEF\xBC\xA2"), (Terms{"find", "ab"}));
  // Combining marks stay in their word; decomposed and composed forms fold alike.
  EXPECT_EQ(Analyze("Cafe\xCC\x81"), Analyze("Caf\xC3\xA9"));
}

TEST(AnalyzerTest, IdeographsAreSingleTokens) {
  EXPECT_EQ(Analyze("中文abc検索"), (Terms{"中", "文", "abc", "検", "索"}));
}

TEST(AnalyzerTest, RemovesLuceneEnglishStopWords) {
  EXPECT_EQ(Analyze("The cat is on the mat and it was not there", "none", true),
            (Terms{"cat", "mat"}));
  // Words outside the 33-word list stay, e.g. "we", "have", "from".
  EXPECT_EQ(Analyze("we have it from them", "none", true), (Terms{"we", "have", "from", "them"}));
  EXPECT_TRUE(IsEnglishStopWord("such"));
  EXPECT_FALSE(IsEnglishStopWord("suchlike"));
}

TEST(AnalyzerTest, StemsWithPorterAndEnglish) {
  // Porter (as Lucene's PorterStemFilter, Anserini's default).
  EXPECT_EQ(Analyze("running studies generalizations caresses ponies", "porter"),
            (Terms{"run", "studi", "gener", "caress", "poni"}));
  // Snowball English (Porter2) differs on some words.
  EXPECT_EQ(Analyze("generously", "porter"), (Terms{"gener"}));
  EXPECT_EQ(Analyze("generously", "english"), (Terms{"generous"}));
  EXPECT_EQ(Analyze("Laufen läuft", "german"), (Terms{"lauf", "lauft"}));
}

TEST(AnalyzerTest, FullChainMatchesAnseriniStyleAnalysis) {
  EXPECT_EQ(Analyze("The Patients' Responses to the Vaccines were Encouraging!", "porter", true),
            (Terms{"patient", "respons", "vaccin", "were", "encourag"}));
}

TEST(AnalyzerTest, RejectsUnknownStemmer) {
  TextIndexOptions options;
  options.stemmer = "klingon";
  auto analyzer = Analyzer::Make(options);
  ASSERT_FALSE(analyzer.ok());
  EXPECT_NE(analyzer.status().message().find("klingon"), std::string::npos);
}

TEST(AnalyzerTest, IsThreadSafe) {
  TextIndexOptions options;
  options.stemmer = "english";
  auto analyzer = Analyzer::Make(options);
  ASSERT_TRUE(analyzer.ok());
  const std::string text = "Connected connections connecting generalizations of runners' shoes";
  std::vector<std::string> expected;
  (*analyzer)->Terms(text, &expected);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        std::vector<std::string> terms;
        (*analyzer)->Terms(text, &terms);
        mismatches += terms != expected;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace strata::index
