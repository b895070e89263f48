// UnigramTokenizer (the tokenizer.json "Unigram" model): Viterbi choices on hand-made
// vocabularies, the normalizers and pre-tokenizers, offsets, and the model2vec vocab-quantized
// fixture through MakeTokenizer("hf:PATH").
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process/tokenize/hf_tokenizer.h"
#include "process/tokenize/tokenizer.h"
#include "process/tokenize/unigram.h"
#include "testing/test_data.h"

namespace strata::process::tokenize {
namespace {

using Json = nlohmann::json;

// A tokenizer.json with the given vocabulary ([piece, log-probability]; id = position).
std::string TokenizerJson(const Json& vocab, const Json& normalizer, const Json& pre) {
  return Json{{"normalizer", normalizer},
              {"pre_tokenizer", pre},
              {"model", {{"type", "Unigram"}, {"unk_id", 0}, {"vocab", vocab}}}}
      .dump();
}

// The tokenizer of tokenizer.json text `json`, through the entry point MakeTokenizer uses.
Result<std::unique_ptr<Tokenizer>> Parse(const std::string& json, const std::string& source) {
  return ParseHfTokenizer(json, source, "hf:" + source);
}

const Json kMetaspace = {{"type", "Metaspace"},
                         {"replacement", "\u2581"},
                         {"prepend_scheme", "always"},
                         {"split", false}};

TEST(UnigramTokenizerTest, ViterbiPicksTheMostProbableSegmentation) {
  // "▁abc": ▁ab + c scores -1 - 1 = -2; ▁a + bc scores -1.5 - 0.4 = -1.9 (best); ▁abc absent.
  const Json vocab = Json::array({Json::array({"<unk>", 0.0}), Json::array({"\u2581ab", -1.0}),
                                  Json::array({"c", -1.0}), Json::array({"\u2581a", -1.5}),
                                  Json::array({"bc", -0.4}), Json::array({"\u2581", -3.0}),
                                  Json::array({"a", -2.0}), Json::array({"b", -2.0})});
  ASSERT_OK_AND_ASSIGN(auto tok, Parse(TokenizerJson(vocab, nullptr, kMetaspace), "test.json"));
  EXPECT_EQ(tok->Encode("abc"), (std::vector<int32_t>{3, 4}));
  // split=false: the space becomes ▁ inside one piece; "c▁ab" has no cover for "▁ab" but "▁ab".
  EXPECT_EQ(tok->Encode("abc ab"), (std::vector<int32_t>{3, 4, 1}));
  // Characters no piece covers become one fused unknown.
  EXPECT_EQ(tok->Encode("a\u00e9\u00e9b"), (std::vector<int32_t>{3, 0, 7}));
  EXPECT_TRUE(tok->Encode("").empty());
}

// Lower-casing BERT normalizer, "!" grown to " ! ", whitespace runs collapsed, then stripped.
Json BertReplaceStripNormalizer() {
  return {{"type", "Sequence"},
          {"normalizers",
           Json::array({Json{{"type", "BertNormalizer"}, {"lowercase", true}},
                        Json{{"type", "Replace"}, {"pattern", {{"String", "!"}}}, {"content", " ! "}},
                        Json{{"type", "Replace"}, {"pattern", {{"Regex", "\\s+"}}}, {"content", " "}},
                        Json{{"type", "Strip"}, {"strip_left", true}, {"strip_right", true}}})}};
}

TEST(UnigramTokenizerTest, NormalizersAndSplittingMetaspace) {
  const Json vocab = Json::array({Json::array({"<unk>", 0.0}), Json::array({"\u2581hi", -1.0}),
                                  Json::array({"\u2581!", -1.0}), Json::array({"\u2581ok", -1.0})});
  const Json normalizer = BertReplaceStripNormalizer();
  Json split = kMetaspace;
  split["split"] = true;
  ASSERT_OK_AND_ASSIGN(auto tok, Parse(TokenizerJson(vocab, normalizer, split), "t.json"));
  EXPECT_EQ(tok->Encode("  HI!\t\tok  "), (std::vector<int32_t>{1, 2, 3}));
}

TEST(UnigramTokenizerTest, ReplaceStepsApplyInSequence) {
  // "a" -> "b" then "b" -> "c": sequentially, "a" ends as "c" (the one-pass fusion of character
  // replacements must not change that); "x" -> "y" is independent.
  const Json vocab = Json::array({Json::array({"<unk>", 0.0}), Json::array({"\u2581c", -1.0}),
                                  Json::array({"\u2581y", -1.0}), Json::array({"\u2581b", -1.0})});
  auto replace = [](const char* from, const char* to) {
    return Json{{"type", "Replace"}, {"pattern", {{"String", from}}}, {"content", to}};
  };
  const Json normalizer = {
      {"type", "Sequence"},
      {"normalizers", Json::array({replace("a", "b"), replace("x", "y"), replace("b", "c")})}};
  Json split = kMetaspace;
  split["split"] = true;
  ASSERT_OK_AND_ASSIGN(auto tok, Parse(TokenizerJson(vocab, normalizer, split), "t.json"));
  EXPECT_EQ(tok->Encode("a x b"), (std::vector<int32_t>{1, 2, 1}));
}

TEST(UnigramTokenizerTest, UnsupportedPiecesAreNamed) {
  const Json vocab = Json::array({Json::array({"<unk>", 0.0})});
  auto r = Parse(TokenizerJson(vocab, {{"type", "Precompiled"}}, nullptr), "spm.json");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotSupported());
  EXPECT_NE(r.status().message().find("spm.json"), std::string::npos);
  EXPECT_NE(r.status().message().find("Precompiled"), std::string::npos);
  auto bad = Parse("{not json", "broken.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsCorruption());
}

TEST(UnigramTokenizerTest, OffsetsEndWhereTheSourceCharactersEnd) {
  const Json vocab = Json::array({Json::array({"<unk>", 0.0}), Json::array({"\u2581ab", -1.0}),
                                  Json::array({"c", -1.0}), Json::array({"\u2581a", -1.5}),
                                  Json::array({"bc", -0.4}), Json::array({"\u2581", -3.0}),
                                  Json::array({"a", -2.0}), Json::array({"b", -2.0})});
  ASSERT_OK_AND_ASSIGN(auto tok, Parse(TokenizerJson(vocab, nullptr, kMetaspace), "test.json"));
  std::vector<int32_t> ids;
  std::vector<uint32_t> ends;
  // ▁a | bc | ▁ab: the prepended ▁ has no bytes of its own, the space becomes the next ▁.
  tok->EncodeWithOffsets("abc ab", &ids, &ends);
  EXPECT_EQ(ids, tok->Encode("abc ab"));
  EXPECT_EQ(ends, (std::vector<uint32_t>{1, 3, 6}));
  // The fused unknown spans both two-byte é.
  tok->EncodeWithOffsets("a\u00e9\u00e9b", &ids, &ends);
  EXPECT_EQ(ids, (std::vector<int32_t>{3, 0, 7}));
  EXPECT_EQ(ends, (std::vector<uint32_t>{1, 5, 6}));
  tok->EncodeWithOffsets("", &ids, &ends);
  EXPECT_TRUE(ids.empty());
  EXPECT_TRUE(ends.empty());
}

TEST(UnigramTokenizerTest, OffsetsFollowNormalizersThatMoveText) {
  // Lower-casing, accent stripping (é -> e, two bytes to one character), a Replace that grows
  // "!" to " ! ", collapsed spaces and stripping all keep each character's source bytes.
  const Json vocab =
      Json::array({Json::array({"<unk>", 0.0}), Json::array({"\u2581hi", -1.0}),
                   Json::array({"\u2581!", -1.0}), Json::array({"\u2581cafe", -1.0})});
  const Json normalizer = BertReplaceStripNormalizer();
  Json split = kMetaspace;
  split["split"] = true;
  ASSERT_OK_AND_ASSIGN(auto tok, Parse(TokenizerJson(vocab, normalizer, split), "t.json"));
  const std::string text = "  HI!\t\tCaf\u00e9  ";  // é is bytes 10-11
  std::vector<int32_t> ids;
  std::vector<uint32_t> ends;
  tok->EncodeWithOffsets(text, &ids, &ends);
  EXPECT_EQ(ids, (std::vector<int32_t>{1, 2, 3}));
  EXPECT_EQ(ends, (std::vector<uint32_t>{4, 5, 12}));
}

TEST(UnigramTokenizerTest, UnicodeFormOffsetsStayInsideTheText) {
  // NFC composes "e" + U+0301 into é: the composed character covers both source characters.
  const Json vocab = Json::array({Json::array({"<unk>", 0.0}), Json::array({"\u2581caf", -1.0}),
                                  Json::array({"\u00e9", -1.0}), Json::array({"\u2581x", -1.0})});
  const Json normalizer = {{"type", "NFC"}};
  Json split = kMetaspace;
  split["split"] = true;
  ASSERT_OK_AND_ASSIGN(auto tok, Parse(TokenizerJson(vocab, normalizer, split), "t.json"));
  const std::string text = "cafe\u0301 x";  // U+0301 is bytes 4-5
  std::vector<int32_t> ids;
  std::vector<uint32_t> ends;
  tok->EncodeWithOffsets(text, &ids, &ends);
  EXPECT_EQ(ids, (std::vector<int32_t>{1, 2, 3}));
  EXPECT_EQ(ends, (std::vector<uint32_t>{3, 6, 8}));
}

TEST(UnigramTokenizerTest, Model2VecQuantizedFixtureTokenizesWords) {
  constexpr const char* kDir = "model2vec-rs-fixtures/tests/fixtures/test-model-vocab-quantized";
  STRATA_REQUIRE_TEST_DATA(kDir);
  const std::string path = testing::TestDataDir() + "/" + kDir + "/tokenizer.json";
  ASSERT_OK_AND_ASSIGN(auto tok, MakeTokenizer("hf:" + path));
  EXPECT_EQ(tok->name(), "hf:" + path);
  const auto* unigram = dynamic_cast<const UnigramTokenizer*>(tok.get());
  ASSERT_NE(unigram, nullptr);
  EXPECT_EQ(unigram->unk_id(), 1);
  // The ids of whole-word pieces, looked up in the file's own vocabulary.
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const Json vocab = Json::parse(ss.str())["model"]["vocab"];
  auto id_of = [&](const std::string& piece) {
    for (size_t i = 0; i < vocab.size(); ++i) {
      if (vocab[i][0] == piece) return static_cast<int32_t>(i);
    }
    return -1;
  };
  const std::vector<int32_t> expected = {id_of("\u2581hello"), id_of("\u2581,"),
                                         id_of("\u2581world"), id_of("\u2581!")};
  EXPECT_EQ(tok->Encode("Hello, world!"), expected);
  EXPECT_EQ(tok->Count("Hello, world!"), 4);
  // ",": its Replace padding maps to the comma; "▁world": the collapsed ", " run and "world".
  std::vector<int32_t> ids;
  std::vector<uint32_t> ends;
  tok->EncodeWithOffsets("Hello, world!", &ids, &ends);
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(ends, (std::vector<uint32_t>{5, 6, 12, 13}));
}

}  // namespace
}  // namespace strata::process::tokenize
