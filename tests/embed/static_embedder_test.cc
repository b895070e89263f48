// StaticEmbedder against model2vec-rs's own fixtures: the expected vectors in embeddings_*.json
// were computed by Python model2vec, and the inputs are those of model2vec-rs's
// tests/test_rust_matches_python.rs ("hello world"; "hello" repeated 1000 times).
#include "embed/static_embedder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "testing/test_data.h"

namespace strata::embed {
namespace {

constexpr const char* kFixtures = "model2vec-rs-fixtures/tests/fixtures";

std::string Fixture(const std::string& name) {
  return testing::TestDataDir() + "/" + kFixtures + "/" + name;
}

std::vector<float> Expected(const std::string& file) {
  std::ifstream in(Fixture(file));
  const auto j = nlohmann::json::parse(in);
  return j.at(0).get<std::vector<float>>();
}

std::string LongText() {
  std::string s;
  for (int i = 0; i < 1000; ++i) s += i ? " hello" : "hello";
  return s;
}

std::vector<float> EmbedText(const Embedder& e, std::string_view text) {
  std::vector<float> out;
  const std::string_view texts[] = {text};
  EXPECT_OK(e.Embed(texts, &out));
  return out;
}

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want, float tol) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "component " << i;
}

TEST(StaticEmbedderTest, Float32MatchesPythonModel2Vec) {
  STRATA_REQUIRE_TEST_DATA(kFixtures);
  ASSERT_OK_AND_ASSIGN(auto e, StaticEmbedder::Open(Fixture("test-model-float32")));
  EXPECT_EQ(e->dimension(), 2);
  EXPECT_TRUE(e->normalize());
  ExpectNear(EmbedText(*e, "hello world"), Expected("embeddings_short.json"), 1e-5f);
  ExpectNear(EmbedText(*e, LongText()), Expected("embeddings_long.json"), 1e-5f);
  EXPECT_EQ(e->TokenIds(LongText()).size(), 512u);  // truncated to max_length
}

TEST(StaticEmbedderTest, VocabQuantizedMatchesPythonModel2Vec) {
  STRATA_REQUIRE_TEST_DATA(kFixtures);
  ASSERT_OK_AND_ASSIGN(auto e, StaticEmbedder::Open(Fixture("test-model-vocab-quantized")));
  EXPECT_EQ(e->dimension(), 64);
  ExpectNear(EmbedText(*e, LongText()), Expected("embeddings_vocab_quantized.json"), 1e-5f);
}

TEST(StaticEmbedderTest, SentenceTransformersLayoutMatchesNative) {
  STRATA_REQUIRE_TEST_DATA(kFixtures);
  ASSERT_OK_AND_ASSIGN(auto st, StaticEmbedder::Open(Fixture("test-model-sentence-transformers")));
  ASSERT_OK_AND_ASSIGN(auto native, StaticEmbedder::Open(Fixture("test-model-float32")));
  ExpectNear(EmbedText(*st, "hello world"), Expected("embeddings_short.json"), 1e-5f);
  ExpectNear(EmbedText(*st, LongText()), Expected("embeddings_long.json"), 1e-5f);
  for (std::string_view text : {"hello", "world test sentence", "Ünïcödé, punctuation!?"}) {
    ExpectNear(EmbedText(*st, text), EmbedText(*native, text), 1e-6f);
  }
}

TEST(StaticEmbedderTest, QuantizedTablesStayCloseToFloat32) {
  STRATA_REQUIRE_TEST_DATA(kFixtures);
  // model2vec-rs's quantized_models_match_float32: relative 1e-1 for F16 and I8 tables.
  ASSERT_OK_AND_ASSIGN(auto f32, StaticEmbedder::Open(Fixture("test-model-float32")));
  for (const char* name : {"test-model-float16", "test-model-int8"}) {
    ASSERT_OK_AND_ASSIGN(auto q, StaticEmbedder::Open(Fixture(name)));
    const auto want = EmbedText(*f32, "hello world");
    const auto got = EmbedText(*q, "hello world");
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(got[i], want[i], 0.1 * std::fabs(want[i])) << name << " component " << i;
    }
  }
  // F16 widening is exact, so the float16 model matches the Python float32 output closely.
  ASSERT_OK_AND_ASSIGN(auto f16, StaticEmbedder::Open(Fixture("test-model-float16")));
  ExpectNear(EmbedText(*f16, "hello world"), Expected("embeddings_short.json"), 1e-3f);
}

TEST(StaticEmbedderTest, EmptyTextIsZeroAndUnknownTokensAreDropped) {
  STRATA_REQUIRE_TEST_DATA(kFixtures);
  ASSERT_OK_AND_ASSIGN(auto e, StaticEmbedder::Open(Fixture("test-model-float32")));
  for (float v : EmbedText(*e, "")) EXPECT_EQ(v, 0.0f);
  // A word the vocabulary cannot cover becomes [UNK], which pooling skips.
  ExpectNear(EmbedText(*e, "hello \u2603\u2603\u2603 world"), EmbedText(*e, "hello world"), 1e-7f);
}

TEST(StaticEmbedderTest, AddedTokensInTheTextAreMatchedVerbatim) {
  STRATA_REQUIRE_TEST_DATA(kFixtures);
  ASSERT_OK_AND_ASSIGN(auto e, StaticEmbedder::Open(Fixture("test-model-float32")));
  // tokenizer.json's added_tokens: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, [MASK] 4.
  std::vector<int32_t> want = e->TokenIds("hello");
  want.push_back(4);
  for (int32_t id : e->TokenIds("world")) want.push_back(id);
  EXPECT_EQ(e->TokenIds("hello [MASK] world"), want);
  EXPECT_EQ(e->TokenIds("hello[MASK]world"), want);
  EXPECT_EQ(e->TokenIds("hello [UNK] world"), e->TokenIds("hello world"));  // unk is dropped
  EXPECT_NE(e->TokenIds("hello [mask] world"), want);  // matched before lower-casing only
}

TEST(StaticEmbedderTest, NormalizeOverrideAndModelId) {
  STRATA_REQUIRE_TEST_DATA(kFixtures);
  ASSERT_OK_AND_ASSIGN(auto norm, StaticEmbedder::Open(Fixture("test-model-float32")));
  StaticEmbedderOptions raw_opt;
  raw_opt.normalize = false;
  ASSERT_OK_AND_ASSIGN(auto raw, StaticEmbedder::Open(Fixture("test-model-float32"), raw_opt));
  auto length = [](const std::vector<float>& v) {
    double s = 0;
    for (float x : v) s += x * x;
    return std::sqrt(s);
  };
  EXPECT_NEAR(length(EmbedText(*norm, "test sentence")), 1.0, 1e-5);
  EXPECT_GT(length(EmbedText(*raw, "test sentence")), 1.0 + 1e-3);
  // static:<folder>@<first 12 hex of the SHA-256 of model.safetensors>
  EXPECT_TRUE(norm->model_id().starts_with("static:test-model-float32@")) << norm->model_id();
  EXPECT_EQ(norm->model_id().size(), std::string("static:test-model-float32@").size() + 12);
  EXPECT_EQ(raw->model_id(), norm->model_id() + "#normalize=0");
  ASSERT_OK_AND_ASSIGN(auto f16, StaticEmbedder::Open(Fixture("test-model-float16")));
  EXPECT_NE(f16->model_id().substr(f16->model_id().find('@')),
            norm->model_id().substr(norm->model_id().find('@')));
}

TEST(StaticEmbedderTest, MissingFolderAndFilesAreNamed) {
  auto missing = StaticEmbedder::Open("/nonexistent/model-dir");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.status().IsNotFound());
  EXPECT_NE(missing.status().message().find("/nonexistent/model-dir"), std::string::npos);

  const std::string dir = testing::MakeTempDir("static-embedder");
  auto no_model = StaticEmbedder::Open(dir);
  ASSERT_FALSE(no_model.ok());
  EXPECT_NE(no_model.status().message().find("model.safetensors"), std::string::npos);

  std::ofstream(dir + "/model.safetensors") << "garbage";
  std::ofstream(dir + "/tokenizer.json") << "{}";
  auto bad = StaticEmbedder::Open(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsCorruption()) << bad.status().ToString();
  EXPECT_NE(bad.status().message().find("tokenizer.json"), std::string::npos);
}

// Throughput on the Cranfield abstracts in ~1 KB chunks: WordPiece (float32 model) and Unigram
// (vocabulary-quantized model) tokenization dominate; logged for docs/embedding.md.
TEST(StaticEmbedderTest, ThroughputIsLogged) {
  STRATA_REQUIRE_TEST_DATA(kFixtures);
  STRATA_REQUIRE_TEST_DATA("cranfield");
  std::ifstream in(testing::TestDataDir() + "/cranfield/cran.all.1400");
  const std::string corpus((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string_view> chunks;
  for (size_t pos = 0; pos < corpus.size(); pos += 1024) {
    chunks.push_back(std::string_view(corpus).substr(pos, 1024));
  }
  for (const char* name : {"test-model-float32", "test-model-vocab-quantized"}) {
    ASSERT_OK_AND_ASSIGN(auto e, StaticEmbedder::Open(Fixture(name)));
    std::vector<float> out;
    const auto start = std::chrono::steady_clock::now();
    ASSERT_OK(e->Embed(chunks, &out));
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %.2f MB in %.3f s = %.1f MB/s single-threaded\n", name, corpus.size() / 1e6,
                secs, corpus.size() / 1e6 / secs);
    EXPECT_GT(corpus.size() / 1e6 / secs, 0.1);  // catches quadratic blow-ups, even under ASan
  }
}

}  // namespace
}  // namespace strata::embed
