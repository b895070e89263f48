#include "embed/hash_embedder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include "common/hash.h"
#include "testing/test_data.h"

namespace strata::embed {
namespace {

std::vector<float> Vec(const Embedder& e, std::string_view text) {
  std::vector<float> out;
  const std::string_view texts[] = {text};
  EXPECT_OK(e.Embed(texts, &out));
  return out;
}

double Cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0;
  for (size_t i = 0; i < a.size(); ++i) dot += static_cast<double>(a[i]) * b[i];
  return dot;  // both are unit vectors
}

TEST(HashEmbedderTest, SpecsDimensionsAndIds) {
  ASSERT_OK_AND_ASSIGN(auto def, MakeEmbedder("hash"));
  EXPECT_EQ(def->dimension(), 384);
  EXPECT_EQ(def->model_id(), "hash-384-v1");
  ASSERT_OK_AND_ASSIGN(auto small, MakeEmbedder("hash:64"));
  EXPECT_EQ(small->dimension(), 64);
  EXPECT_EQ(small->model_id(), "hash-64-v1");
  for (const char* bad : {"hash:0", "hash:-3", "hash:12x", "hash:", "hash:99999999"}) {
    auto r = MakeEmbedder(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  auto unknown = MakeEmbedder("onnx:/x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown kind \"onnx\""), std::string::npos);
}

TEST(HashEmbedderTest, UnitLengthDeterministicAndCaseFolded) {
  ASSERT_OK_AND_ASSIGN(auto e, HashEmbedder::Make());
  const auto a = Vec(*e, "Strata ingests Parquet files, quickly.");
  double norm = 0;
  for (float x : a) norm += x * x;
  EXPECT_NEAR(norm, 1.0, 1e-5);
  EXPECT_EQ(a, Vec(*e, "Strata ingests Parquet files, quickly."));
  EXPECT_EQ(a, Vec(*e, "STRATA   ingests parquet FILES quickly"));  // case, spaces, punctuation
  EXPECT_NEAR(Cosine(Vec(*e, "ÉCOLE Über"), Vec(*e, "école über")), 1.0, 1e-6);
  for (const char* empty : {"", "   ", "!!! ... ---"}) {
    for (float x : Vec(*e, empty)) EXPECT_EQ(x, 0.0f) << "\"" << empty << "\"";
  }
}

// The vector of a one-word text, recomputed from the documented feature definition.
TEST(HashEmbedderTest, OneWordMatchesTheDocumentedFeatures) {
  ASSERT_OK_AND_ASSIGN(auto e, HashEmbedder::Make(32));
  std::vector<double> want(32, 0.0);
  auto add = [&](uint64_t h, double w) {
    const uint64_t bucket = ((h >> 32) * 32) >> 32;
    want[bucket] += (h & 1) ? -w : w;
  };
  add(Xxh3("zq", 0x5354524154413157ULL), 1.0);  // the word
  const double gram = 1.5 / std::sqrt(3.0);     // "<zq", "zq>", "<zq>"
  add(Xxh3("<zq", 0x5354524154413343ULL + 3), gram);
  add(Xxh3("zq>", 0x5354524154413343ULL + 3), gram);
  add(Xxh3("<zq>", 0x5354524154413343ULL + 4), gram);
  double norm = 0;
  for (double x : want) norm += x * x;
  const auto got = Vec(*e, "ZQ");
  for (int i = 0; i < 32; ++i) EXPECT_NEAR(got[i], want[i] / std::sqrt(norm), 1e-6) << i;
}

TEST(HashEmbedderTest, SimilarTextsAreCloserThanUnrelatedOnes) {
  ASSERT_OK_AND_ASSIGN(auto e, HashEmbedder::Make());
  const auto q = Vec(*e, "boundary layer separation on swept wings");
  const auto near = Vec(*e, "separation of the boundary layer over a swept wing");
  const auto far = Vec(*e, "the quarterly revenue of the retail division grew");
  EXPECT_GT(Cosine(q, near), 0.4);
  EXPECT_LT(Cosine(q, far), 0.15);
  // Character n-grams: an inflection or a typo keeps most of the similarity.
  EXPECT_GT(Cosine(Vec(*e, "embeddings"), Vec(*e, "embedding")), 0.5);
  EXPECT_GT(Cosine(Vec(*e, "retrieval"), Vec(*e, "retreival")), 0.2);
  EXPECT_LT(std::fabs(Cosine(Vec(*e, "retrieval"), Vec(*e, "volcano"))), 0.2);
  // Function words weigh less than content words.
  EXPECT_GT(Cosine(Vec(*e, "the wing of the plane"), Vec(*e, "wing plane")),
            Cosine(Vec(*e, "the wing of the plane"), Vec(*e, "the of the")));
}

TEST(HashEmbedderTest, BatchEqualsSingleAndRowsAreInOrder) {
  ASSERT_OK_AND_ASSIGN(auto e, HashEmbedder::Make(48));
  const std::string_view texts[] = {"alpha beta", "", "gamma delta epsilon", "alpha beta"};
  std::vector<float> out;
  ASSERT_OK(e->Embed(texts, &out));
  ASSERT_EQ(out.size(), 4u * 48);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(std::vector<float>(out.begin() + i * 48, out.begin() + (i + 1) * 48),
              Vec(*e, texts[i]));
  }
}

// Throughput on real prose (the Cranfield abstracts, else a synthetic text); logged, and
// checked only against a generous floor so the test stays meaningful on a loaded machine.
TEST(HashEmbedderTest, ThroughputIsLogged) {
  std::string corpus;
  std::ifstream in(testing::TestDataDir() + "/cranfield/cran.all.1400");
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    corpus = ss.str();
  } else {
    for (int i = 0; corpus.size() < (1 << 20); ++i) {
      corpus += "Chunk " + std::to_string(i) + " discusses boundary layers, wings and flows. ";
    }
  }
  std::vector<std::string_view> chunks;  // ~1 KB chunks, as the chunker makes
  for (size_t pos = 0; pos < corpus.size(); pos += 1024) {
    chunks.push_back(std::string_view(corpus).substr(pos, 1024));
  }
  ASSERT_OK_AND_ASSIGN(auto e, HashEmbedder::Make());
  std::vector<float> out;
  constexpr int kRounds = 4;
  const auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < kRounds; ++round) ASSERT_OK(e->Embed(chunks, &out));
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double mb = kRounds * corpus.size() / 1e6;
  const double mbps = mb / secs;
  std::printf("hash-384-v1: %.2f MB in %.3f s = %.1f MB/s single-threaded (%zu chunks x %d)\n", mb,
              secs, mbps, chunks.size(), kRounds);
  RecordProperty("MBps", std::to_string(mbps));
  EXPECT_GT(mbps, 0.5);  // catches quadratic blow-ups, even under ASan
}

}  // namespace
}  // namespace strata::embed
