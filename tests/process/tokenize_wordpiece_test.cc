// WordPiece from the model2vec fixtures' tokenizer.json (bge-base-en-v1.5's BERT vocabulary):
// hand-worked splits checked against the vocabulary, and the fixtures' reference embeddings
// (model2vec's mean of the token rows, normalized), which only the right ids reproduce.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "process/tokenize/tokenizer.h"
#include "testing/test_data.h"

namespace strata::process {
namespace {

const char* const kFixtures = "model2vec-rs-fixtures/tests/fixtures";

std::string FixturePath(const std::string& rel) {
  return ::strata::testing::TestDataDir() + "/" + kFixtures + "/" + rel;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// model2vec's encoding of `ids`: the mean of their rows of the F32 [n, 2] safetensors matrix,
// normalized to unit length.
std::vector<double> Embed(const std::string& safetensors, const std::vector<int32_t>& ids) {
  uint64_t header_len = 0;
  std::memcpy(&header_len, safetensors.data(), 8);
  const auto header = nlohmann::json::parse(safetensors.substr(8, header_len));
  const auto& emb = header["embeddings"];
  const size_t dim = emb["shape"][1].get<size_t>();
  const char* data = safetensors.data() + 8 + header_len + emb["data_offsets"][0].get<size_t>();
  std::vector<double> mean(dim, 0.0);
  for (int32_t id : ids) {
    for (size_t d = 0; d < dim; ++d) {
      float v;
      std::memcpy(&v, data + (static_cast<size_t>(id) * dim + d) * 4, 4);
      mean[d] += v / static_cast<double>(ids.size());
    }
  }
  double norm = 0;
  for (double v : mean) norm += v * v;
  for (double& v : mean) v /= std::sqrt(norm);
  return mean;
}

class TokenizeWordPiece : public ::testing::Test {
 protected:
  void SetUp() override {
    STRATA_REQUIRE_TEST_DATA(kFixtures);
    auto tok = MakeTokenizer("hf:" + FixturePath("test-model-float32/tokenizer.json"));
    ASSERT_TRUE(tok.ok()) << tok.status().ToString();
    tok_ = std::move(tok).value();
  }
  std::unique_ptr<Tokenizer> tok_;
};

TEST_F(TokenizeWordPiece, HandWorkedSplits) {
  using V = std::vector<int32_t>;
  // Ids read from the vocabulary: hello 6598, "," 16, world 1094, "!" 5, cafe 6674,
  // token 18210, ##ization 2995, 中 752, 国 805, don 1129, "'" 11, t 62, x 66, ##y 1106,
  // ##z 1486, [UNK] 1.
  EXPECT_EQ(tok_->Encode("Hello, World!"), (V{6598, 16, 1094, 5}));
  EXPECT_EQ(tok_->Encode("  Café\t"), (V{6674}));  // lower-cased, accent stripped
  EXPECT_EQ(tok_->Encode("tokenization"), (V{18210, 2995}));
  EXPECT_EQ(tok_->Encode("中国"), (V{752, 805}));  // CJK ideographs are words of their own
  EXPECT_EQ(tok_->Encode("don't"), (V{1129, 11, 62}));
  EXPECT_EQ(tok_->Encode("XYZ"), (V{66, 1106, 1486}));
  EXPECT_EQ(tok_->Encode("a\xF0\x9F\x98\x80"
                         "b hello"),
            (V{1, 6598}));                                 // uncoverable word
  EXPECT_EQ(tok_->Encode(std::string(101, 'a')), (V{1}));  // longer than 100 characters
  EXPECT_EQ(tok_->Encode("hello\x01 world\xE2\x80\x8B"), (V{6598, 1094}));  // controls go
  EXPECT_EQ(tok_->Encode(""), V{});
}

TEST_F(TokenizeWordPiece, OffsetsEndAtSourceCharacters) {
  std::vector<int32_t> ids;
  std::vector<uint32_t> ends;
  const std::string text = "Café, tokenization";  // é is 2 bytes
  tok_->EncodeWithOffsets(text, &ids, &ends);
  EXPECT_EQ(ids, (std::vector<int32_t>{6674, 16, 18210, 2995}));
  EXPECT_EQ(ends, (std::vector<uint32_t>{5, 6, 12, 19}));
}

TEST_F(TokenizeWordPiece, MatchesModel2VecReferenceEmbeddings) {
  const std::string weights = ReadAll(FixturePath("test-model-float32/model.safetensors"));
  const auto expect_short = nlohmann::json::parse(ReadAll(FixturePath("embeddings_short.json")))[0]
                                .get<std::vector<double>>();
  const auto short_ids = tok_->Encode("hello world");
  const auto short_emb = Embed(weights, short_ids);
  ASSERT_EQ(short_emb.size(), expect_short.size());
  for (size_t d = 0; d < expect_short.size(); ++d) EXPECT_NEAR(short_emb[d], expect_short[d], 1e-5);

  std::string long_text = "hello";
  for (int i = 1; i < 1000; ++i) long_text += " hello";
  const auto long_ids = tok_->Encode(long_text);
  EXPECT_EQ(long_ids.size(), 1000u);
  const auto expect_long = nlohmann::json::parse(ReadAll(FixturePath("embeddings_long.json")))[0]
                               .get<std::vector<double>>();
  const auto long_emb = Embed(weights, long_ids);
  for (size_t d = 0; d < expect_long.size(); ++d) EXPECT_NEAR(long_emb[d], expect_long[d], 1e-5);
}

TEST_F(TokenizeWordPiece, VocabTxtAgreesWithTokenizerJson) {
  // Write the tokenizer.json vocabulary as a BERT vocab.txt (line number = id).
  const auto root =
      nlohmann::json::parse(ReadAll(FixturePath("test-model-float32/tokenizer.json")));
  std::vector<std::string> lines(root["model"]["vocab"].size());
  for (const auto& [token, id] : root["model"]["vocab"].items()) lines[id.get<size_t>()] = token;
  const std::string dir = ::strata::testing::MakeTempDir("strata-wordpiece");
  {
    std::ofstream out(dir + "/vocab.txt");
    for (const auto& l : lines) out << l << "\n";
  }
  ASSERT_OK_AND_ASSIGN(auto vocab_tok, MakeTokenizer("wordpiece:" + dir + "/vocab.txt"));
  EXPECT_EQ(vocab_tok->name(), "wordpiece:" + dir + "/vocab.txt");
  for (const char* text : {"Hello, World!", "Café tokenization 中国 don't", "Ünïcödé ÀÉÎ"}) {
    EXPECT_EQ(vocab_tok->Encode(text), tok_->Encode(text)) << text;
  }
}

TEST(TokenizeHfJson, WordLevelIsNotSupported) {
  // Unigram is read (tokenize_unigram_test.cc); a WordLevel model is named in the error.
  const std::string dir = ::strata::testing::MakeTempDir("strata-wordlevel");
  const std::string path = dir + "/tokenizer.json";
  {
    std::ofstream out(path);
    out << R"({"model": {"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "a"}})";
  }
  auto tok = MakeTokenizer("hf:" + path);
  ASSERT_FALSE(tok.ok());
  EXPECT_EQ(tok.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(tok.status().ToString().find("WordLevel"), std::string::npos);
  EXPECT_NE(tok.status().ToString().find(path), std::string::npos);
}

}  // namespace
}  // namespace strata::process
