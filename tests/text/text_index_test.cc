// TextIndex: BM25 scores against the formula, top-k against exhaustive scoring on random
// corpora (with filters and removals), persistence, and incremental builds.
#include "index/text/text_index.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "common/hash.h"
#include "io/local_store.h"
#include "io/memory_store.h"
#include "testing/test_data.h"
#include "text/reference_bm25.h"

namespace strata::index {
namespace {

TextIndexOptions PlainOptions() {
  TextIndexOptions options;
  options.stemmer = "none";
  options.stopwords = false;
  options.threads = 2;
  return options;
}

std::unique_ptr<TextIndex> Build(const TextIndexOptions& options,
                                 const std::vector<std::string>& docs) {
  auto index = TextIndex::Create(options);
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  std::vector<std::string_view> views(docs.begin(), docs.end());
  EXPECT_TRUE((*index)->Add(views).ok());
  return std::move(index).value();
}

std::vector<Scored> Search(const TextIndex& index, std::string_view query, int k,
                           const AllowSet* allow = nullptr) {
  auto result = index.Search(query, {k, allow});
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : std::vector<Scored>{};
}

/// A random corpus over words w0..w{vocab-1} with Zipf-like frequencies, lengths 0..max_len.
struct RandomCorpus {
  std::vector<std::string> docs;
  std::vector<std::string> queries;
};

RandomCorpus MakeCorpus(uint32_t seed, int docs, int vocab, int max_len, int queries) {
  std::mt19937 rng(seed);
  std::vector<double> weights(vocab);
  for (int i = 0; i < vocab; ++i) weights[i] = 1.0 / (i + 1);
  std::discrete_distribution<int> word(weights.begin(), weights.end());
  std::uniform_int_distribution<int> uniform_word(0, vocab - 1);
  std::uniform_int_distribution<int> length(0, max_len);
  RandomCorpus corpus;
  for (int d = 0; d < docs; ++d) {
    std::string text;
    for (int n = length(rng), i = 0; i < n; ++i) text += "w" + std::to_string(word(rng)) + " ";
    corpus.docs.push_back(std::move(text));
  }
  for (int q = 0; q < queries; ++q) {
    std::string text;
    for (int n = 1 + int(rng() % 6), i = 0; i < n; ++i) {
      // Mix frequent and rare terms, sometimes repeated, sometimes unknown.
      int w = rng() % 2 ? word(rng) : uniform_word(rng);
      text += "w" + std::to_string(rng() % 17 == 0 ? vocab + 5 : w) + " ";
    }
    corpus.queries.push_back(std::move(text));
  }
  return corpus;
}

void ExpectSameRanking(const std::vector<Scored>& got, const std::vector<Scored>& want,
                       const std::string& context) {
  ASSERT_EQ(got.size(), want.size()) << context;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].id, want[i].id) << context << " rank " << i;
    EXPECT_FLOAT_EQ(got[i].score, want[i].score) << context << " rank " << i;
  }
}

TEST(TextIndexTest, ScoresMatchTheBm25Formula) {
  const std::vector<std::string> docs = {"apple banana apple", "banana cherry",
                                         "apple cherry cherry date", "date"};
  auto index = Build(PlainOptions(), docs);
  // Hand computation: N = 4, lengths 3 2 4 1, avgdl = 2.5; df(apple) = 2, df(cherry) = 2.
  const double k1 = 0.9, b = 0.4, avgdl = 2.5, n = 4;
  auto idf = [&](double df) { return std::log(1 + (n - df + 0.5) / (df + 0.5)); };
  auto part = [&](double tf, double dl) { return tf / (tf + k1 * (1 - b + b * dl / avgdl)); };
  auto results = Search(*index, "apple cherry", 10);
  ASSERT_EQ(results.size(), 3u);
  const double doc0 = idf(2) * part(2, 3);
  const double doc1 = idf(2) * part(1, 2);
  const double doc2 = idf(2) * part(1, 4) + idf(2) * part(2, 4);
  std::map<uint32_t, double> expected = {{0, doc0}, {1, doc1}, {2, doc2}};
  for (const Scored& s : results) EXPECT_NEAR(s.score, expected[s.id], 1e-5) << "doc " << s.id;
  EXPECT_EQ(results[0].id, 2u);  // both terms
  EXPECT_EQ(results[1].id, 0u);  // apple twice in a short document
  // A repeated query term weighs by its count (Anserini's bag of words).
  auto twice = Search(*index, "date date", 10);
  ASSERT_EQ(twice.size(), 2u);
  EXPECT_NEAR(twice[0].score, 2 * idf(2) * part(1, 1), 1e-5);
  EXPECT_EQ(twice[0].id, 3u);
  EXPECT_TRUE(Search(*index, "unknown words", 10).empty());
  EXPECT_TRUE(Search(*index, "apple", 0).empty());
  EXPECT_FALSE(index->Search("apple", {-1, nullptr}).ok());
}

TEST(TextIndexTest, LongDocumentLengthsAreQuantizedLikeLucene) {
  std::string long_doc = "apple";
  for (int i = 0; i < 99; ++i) long_doc += " filler" + std::to_string(i);
  auto index = Build(PlainOptions(), {long_doc, "apple"});
  // N = 2, df = 2, avgdl = 101 / 2 exactly; Lucene encodes length 100 as the byte that decodes
  // to 96 (intToByte4(100) = 24 + longToInt4(76) = 24 + (1 | 4 << 3); byte4ToInt gives
  // 24 + (8 | 1) << 3 = 96).
  const double k1 = 0.9, b = 0.4, avgdl = 50.5;
  const double idf = std::log(1 + (2 - 2 + 0.5) / (2 + 0.5));
  auto results = Search(*index, "apple", 10);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].id, 0u);
  EXPECT_NEAR(results[1].score, idf / (1 + k1 * (1 - b + b * 96 / avgdl)), 1e-6);
  EXPECT_NEAR(results[0].score, idf / (1 + k1 * (1 - b + b * 1 / avgdl)), 1e-6);
  EXPECT_EQ(testing::LuceneLength(100), 96u);
  EXPECT_EQ(testing::LuceneLength(23), 23u);
}

TEST(TextIndexTest, TopKMatchesExhaustiveScoringOnRandomCorpora) {
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    RandomCorpus corpus = MakeCorpus(seed, 3000 + 700 * seed, 40 * seed, 8 * seed, 60);
    TextIndexOptions options = PlainOptions();
    options.k1 = seed == 4 ? 1.2f : 0.9f;
    options.b = seed == 3 ? 0.75f : 0.4f;
    auto index = Build(options, corpus.docs);
    testing::ReferenceBm25 reference(options);
    for (auto& d : corpus.docs) reference.Add(d);
    for (size_t q = 0; q < corpus.queries.size(); ++q) {
      for (int k : {1, 10, 100}) {
        ExpectSameRanking(Search(*index, corpus.queries[q], k),
                          reference.Search(corpus.queries[q], k),
                          "seed " + std::to_string(seed) + " query '" + corpus.queries[q] + "' k " +
                              std::to_string(k));
        if (HasFailure()) return;
      }
    }
  }
}

TEST(TextIndexTest, FilteredSearchReturnsKWheneverKAllowedMatchesExist) {
  RandomCorpus corpus = MakeCorpus(7, 6000, 80, 20, 40);
  auto index = Build(PlainOptions(), corpus.docs);
  testing::ReferenceBm25 reference(PlainOptions());
  for (auto& d : corpus.docs) reference.Add(d);
  std::mt19937 rng(11);
  // From very selective (exact path) to permissive (MaxScore path).
  for (double keep : {0.001, 0.01, 0.2, 0.9}) {
    AllowSet allow(uint32_t(corpus.docs.size()));
    for (uint32_t id = 0; id < corpus.docs.size(); ++id) {
      if (std::uniform_real_distribution<double>(0, 1)(rng) < keep) allow.Add(id);
    }
    for (const std::string& query : corpus.queries) {
      auto want = reference.Search(query, 10, &allow);
      auto got = Search(*index, query, 10, &allow);
      ExpectSameRanking(got, want, "keep " + std::to_string(keep) + " query " + query);
      for (const Scored& s : got) EXPECT_TRUE(allow.Contains(s.id));
      if (HasFailure()) return;
    }
  }
}

TEST(TextIndexTest, RemovedDocumentsStopMatching) {
  RandomCorpus corpus = MakeCorpus(5, 4000, 60, 15, 30);
  auto index = Build(PlainOptions(), corpus.docs);
  testing::ReferenceBm25 reference(PlainOptions());
  for (auto& d : corpus.docs) reference.Add(d);
  for (uint32_t id = 0; id < corpus.docs.size(); id += 3) {
    ASSERT_OK(index->Remove(id));
    reference.Remove(id);
  }
  ASSERT_OK(index->Remove(0));  // twice is fine
  EXPECT_EQ(index->live(), corpus.docs.size() - (corpus.docs.size() + 2) / 3);
  EXPECT_FALSE(index->Remove(uint32_t(corpus.docs.size())).ok());
  for (const std::string& query : corpus.queries) {
    // Before a rebuild, removed documents still count in N, df and avgdl.
    ExpectSameRanking(Search(*index, query, 20), reference.Search(query, 20), query);
  }
  io::MemoryStore store;
  ASSERT_OK(index->Save(store, "idx"));
  ASSERT_OK_AND_ASSIGN(auto loaded, TextIndex::Load(store, "idx"));
  reference.Rebuild();
  EXPECT_EQ(loaded->live(), index->live());
  EXPECT_EQ(loaded->size(), index->size());
  for (const std::string& query : corpus.queries) {
    ExpectSameRanking(Search(*loaded, query, 20), reference.Search(query, 20), "loaded " + query);
  }
}

TEST(TextIndexTest, SaveLoadRoundTripOnLocalStore) {
  RandomCorpus corpus = MakeCorpus(9, 5000, 100, 30, 30);
  TextIndexOptions options;  // the default English analysis
  options.threads = 2;
  for (auto& d : corpus.docs) d += " Running studies of the patients' responses";
  auto index = Build(options, corpus.docs);
  ASSERT_OK_AND_ASSIGN(auto store, io::LocalStore::Open(strata::testing::MakeTempDir()));
  ASSERT_OK(index->Save(*store, "text/v1"));
  ASSERT_OK_AND_ASSIGN(auto loaded, TextIndex::Load(*store, "text/v1"));
  EXPECT_EQ(loaded->size(), index->size());
  EXPECT_EQ(loaded->options().stemmer, "english");
  EXPECT_GT(loaded->MemoryBytes(), 0u);
  for (const std::string& query : corpus.queries) {
    ExpectSameRanking(Search(*loaded, query + " study", 10), Search(*index, query + " study", 10),
                      query);
  }
}

TEST(TextIndexTest, IncrementalAddAfterLoadEqualsOneShotBuild) {
  RandomCorpus corpus = MakeCorpus(13, 9000, 300, 25, 50);
  auto one_shot = Build(PlainOptions(), corpus.docs);
  io::MemoryStore store;
  // Three builds: 0..4000, then +3000 after a load, then the rest after another load.
  std::vector<std::string> first(corpus.docs.begin(), corpus.docs.begin() + 4000);
  auto index = Build(PlainOptions(), first);
  ASSERT_OK(index->Save(store, "v1"));
  ASSERT_OK_AND_ASSIGN(auto v1, TextIndex::Load(store, "v1"));
  std::vector<std::string_view> views(corpus.docs.begin(), corpus.docs.end());
  ASSERT_OK(v1->Add(std::span(views).subspan(4000, 3000)));
  for (const std::string& query : corpus.queries) (void)Search(*v1, query, 10);  // mid-way reads
  ASSERT_OK(v1->Save(store, "v2"));
  ASSERT_OK_AND_ASSIGN(auto v2, TextIndex::Load(store, "v2"));
  for (size_t i = 7000; i < views.size(); i += 500) {  // small appends
    ASSERT_OK(v2->Add(std::span(views).subspan(i, std::min<size_t>(500, views.size() - i))));
  }
  ASSERT_EQ(v2->size(), one_shot->size());
  for (const std::string& query : corpus.queries) {
    for (int k : {10, 100}) {
      ExpectSameRanking(Search(*v2, query, k), Search(*one_shot, query, k), query);
    }
  }
  // The next build reads back identically too.
  ASSERT_OK(v2->Save(store, "v3"));
  ASSERT_OK_AND_ASSIGN(auto v3, TextIndex::Load(store, "v3"));
  for (const std::string& query : corpus.queries) {
    ExpectSameRanking(Search(*v3, query, 10), Search(*one_shot, query, 10), query);
  }
}

TEST(TextIndexTest, DamagedFilesAreCorruptionNamingTheFile) {
  RandomCorpus corpus = MakeCorpus(3, 500, 30, 10, 0);
  auto index = Build(PlainOptions(), corpus.docs);
  for (const char* file :
       {"postings.bin", "blocks.bin", "terms.bin", "docs.bin", "strings.bin", "text_index.json"}) {
    io::MemoryStore store;
    ASSERT_OK(index->Save(store, "idx"));
    const std::string path = std::string("idx/") + file;
    ASSERT_OK_AND_ASSIGN(auto buffer, store.Get(path));
    std::string bytes = buffer->ToString();
    if (path.ends_with(".json")) {
      bytes.resize(bytes.size() / 2);  // a flipped byte could still be valid JSON
    } else {
      bytes[bytes.size() / 2] ^= 0x5A;
    }
    ASSERT_OK(store.Put(path, bytes));
    auto loaded = TextIndex::Load(store, "idx");
    ASSERT_FALSE(loaded.ok()) << file;
    EXPECT_TRUE(loaded.status().IsCorruption()) << loaded.status().ToString();
    EXPECT_NE(loaded.status().message().find(path), std::string::npos)
        << loaded.status().ToString();
  }
  io::MemoryStore empty;
  EXPECT_FALSE(TextIndex::Load(empty, "missing").ok());
}

TEST(TextIndexTest, ConcurrentSearchesAgree) {
  RandomCorpus corpus = MakeCorpus(21, 5000, 120, 30, 40);
  TextIndexOptions options;  // English stemming: exercises the per-thread stemmers too
  auto index = Build(options, corpus.docs);
  std::vector<std::vector<Scored>> expected;
  for (const std::string& query : corpus.queries) expected.push_back(Search(*index, query, 10));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        for (size_t q = (t + round) % 2; q < corpus.queries.size(); q += 2) {
          auto got = index->Search(corpus.queries[q], {10, nullptr});
          if (!got.ok() || got->size() != expected[q].size()) {
            ++mismatches;
            continue;
          }
          for (size_t i = 0; i < got->size(); ++i) {
            mismatches += (*got)[i].id != expected[q][i].id;
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// Damage that passes the checksums (the manifest is rewritten to match) must still be caught by
// the structural checks, or load into an index that searches without crashing.
TEST(TextIndexTest, DamagedFilesWithValidChecksumsNeverCrash) {
  RandomCorpus corpus = MakeCorpus(17, 700, 40, 12, 10);
  auto index = Build(PlainOptions(), corpus.docs);
  io::MemoryStore clean;
  ASSERT_OK(index->Save(clean, "idx"));
  std::mt19937 rng(5);
  int rejected = 0;
  for (int trial = 0; trial < 200; ++trial) {
    io::MemoryStore store;
    for (const char* file : {"postings.bin", "blocks.bin", "terms.bin", "docs.bin", "strings.bin",
                             "text_index.json"}) {
      ASSERT_OK_AND_ASSIGN(auto buffer, clean.Get(std::string("idx/") + file));
      ASSERT_OK(store.Put(std::string("idx/") + file, buffer->view()));
    }
    const char* file = std::array{"postings.bin", "blocks.bin", "terms.bin", "docs.bin"}[trial % 4];
    const std::string path = std::string("idx/") + file;
    ASSERT_OK_AND_ASSIGN(auto buffer, store.Get(path));
    std::string bytes = buffer->ToString();
    for (int flips = 1 + int(rng() % 3); flips > 0; --flips) {
      bytes[rng() % bytes.size()] ^= char(1 << (rng() % 8));
    }
    ASSERT_OK(store.Put(path, bytes));
    ASSERT_OK_AND_ASSIGN(auto manifest_bytes, store.Get("idx/text_index.json"));
    auto manifest = nlohmann::json::parse(manifest_bytes->view());
    char hex[17];
    std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(Xxh3(bytes)));
    manifest["files"][file]["xxh3"] = hex;
    ASSERT_OK(store.Put("idx/text_index.json", manifest.dump()));
    auto loaded = TextIndex::Load(store, "idx");
    if (!loaded.ok()) {
      EXPECT_TRUE(loaded.status().IsCorruption()) << loaded.status().ToString();
      ++rejected;
      continue;
    }
    for (const std::string& query : corpus.queries) (void)(*loaded)->Search(query, {10, nullptr});
  }
  EXPECT_GT(rejected, 0);
}

TEST(TextIndexTest, RejectsBadOptions) {
  TextIndexOptions options;
  options.b = 1.5f;
  EXPECT_FALSE(TextIndex::Create(options).ok());
  options = TextIndexOptions();
  options.stemmer = "nope";
  EXPECT_FALSE(TextIndex::Create(options).ok());
}

}  // namespace
}  // namespace strata::index
