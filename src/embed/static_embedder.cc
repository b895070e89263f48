#include "embed/static_embedder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/hash.h"
#include "embed/safetensors.h"
#include "process/tokenize/char_class.h"
#include "process/tokenize/tokenizer.h"

namespace strata::embed {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct StaticEmbedder::Model {
  std::string source;                             // model.safetensors path, for errors
  std::unique_ptr<process::Tokenizer> tokenizer;  // WordPiece, BPE or Unigram ("hf:")
  std::optional<int32_t> unk_id;
  // Added tokens matched verbatim in the raw text before tokenization (HF's AddedVocabulary for
  // tokens with normalized=false), longest first.
  struct AddedToken {
    std::string content;
    int32_t id;
    bool lstrip, rstrip;  // the match also swallows the whitespace before / after it
  };
  std::vector<AddedToken> added;
  std::vector<float> embeddings;  // rows × dimension
  int64_t rows = 0;
  std::vector<int64_t> mapping;  // token id -> row (vocab-quantized)
  std::vector<float> weights;    // token id -> scale
};

namespace {

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!fs::exists(path)) return Status::NotFound("static model: " + path.string() + " not found");
    return Status::IOError("static model: cannot open " + path.string());
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The folder that holds model.safetensors: DIR, or DIR/0_StaticEmbedding.
Result<fs::path> ModelFolder(const fs::path& dir) {
  if (!fs::is_directory(dir)) {
    return Status::NotFound("static model: folder " + dir.string() + " not found");
  }
  if (fs::exists(dir / "model.safetensors")) return dir;
  if (fs::exists(dir / "0_StaticEmbedding" / "model.safetensors")) return dir / "0_StaticEmbedding";
  return Status::NotFound("static model: " + (dir / "model.safetensors").string() +
                          " not found (nor in 0_StaticEmbedding/)");
}

// The config's normalize flag: config.json first, then config_sentence_transformers.json, in
// the model folder or the folder given; true when no config says otherwise.
Result<bool> ReadNormalize(const fs::path& dir, const fs::path& folder) {
  for (const fs::path& base : {folder, dir}) {
    for (const char* name : {"config.json", "config_sentence_transformers.json"}) {
      const fs::path path = base / name;
      if (!fs::exists(path)) continue;
      STRATA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
      try {
        const Json cfg = Json::parse(text);
        const Json flag = cfg.is_object() ? cfg.value("normalize", Json()) : Json();
        return flag.is_boolean() ? flag.get<bool>() : true;
      } catch (const Json::exception& e) {
        return Status::Corruption("static model: " + path.string() +
                                  ": malformed JSON: " + e.what());
      }
    }
  }
  return true;
}

struct TokenizerInfo {
  size_t median_token_length = 1;
  std::optional<int32_t> unk_id;
  std::vector<StaticEmbedder::Model::AddedToken> added;
};

Result<TokenizerInfo> InspectTokenizer(const std::string& path, const std::string& text) {
  TokenizerInfo info;
  try {
    const Json root = Json::parse(text);
    const Json& model = root.at("model");
    const Json& vocab = model.at("vocab");
    std::vector<size_t> lens;
    std::optional<int32_t> unk_by_name;
    const std::string unk_token = model.contains("unk_token") && model["unk_token"].is_string()
                                      ? model["unk_token"].get<std::string>()
                                      : "[UNK]";
    if (vocab.is_array()) {  // Unigram: [[piece, score], ...], id = position
      for (size_t i = 0; i < vocab.size(); ++i) {
        const std::string piece = vocab[i].at(0).get<std::string>();
        lens.push_back(piece.size());
        if (piece == unk_token) unk_by_name = static_cast<int32_t>(i);
      }
      const Json unk = model.value("unk_id", Json());
      if (unk.is_number_integer()) unk_by_name = unk.get<int32_t>();
    } else {
      for (const auto& [token, id] : vocab.items()) {
        lens.push_back(token.size());
        if (token == unk_token) unk_by_name = id.get<int32_t>();
      }
    }
    for (const Json& t : root.value("added_tokens", Json::array())) {
      if (t.value("normalized", true) || t.value("content", "").empty()) continue;
      info.added.push_back({t.at("content").get<std::string>(), t.at("id").get<int32_t>(),
                            t.value("lstrip", false), t.value("rstrip", false)});
    }
    std::stable_sort(info.added.begin(), info.added.end(), [](const auto& a, const auto& b) {
      return a.content.size() > b.content.size();
    });
    std::sort(lens.begin(), lens.end());
    info.median_token_length = lens.empty() ? 1 : lens[lens.size() / 2];
    info.unk_id = unk_by_name;
  } catch (const Json::exception& e) {
    return Status::Corruption("static model: " + path + ": malformed tokenizer.json: " + e.what());
  }
  return info;
}

Status LoadTensors(const std::string& path, int* dimension, StaticEmbedder::Model* model,
                   std::string* sha_hex);

}  // namespace

StaticEmbedder::StaticEmbedder(std::unique_ptr<Model> model) : model_(std::move(model)) {}
StaticEmbedder::~StaticEmbedder() = default;

Result<std::unique_ptr<StaticEmbedder>> StaticEmbedder::Open(const std::string& dir_arg,
                                                             const StaticEmbedderOptions& options) {
  if (options.max_length < 0) {
    return Status::InvalidArgument("static model " + dir_arg + ": max_length " +
                                   std::to_string(options.max_length) + " is negative");
  }
  fs::path dir(dir_arg);
  while (dir.has_relative_path() && !dir.has_filename()) dir = dir.parent_path();  // "x/" -> "x"
  STRATA_ASSIGN_OR_RETURN(const fs::path folder, ModelFolder(dir));
  auto model = std::make_unique<Model>();

  const std::string tok_path = (folder / "tokenizer.json").string();
  STRATA_ASSIGN_OR_RETURN(const std::string tok_text, ReadFile(tok_path));
  STRATA_ASSIGN_OR_RETURN(const TokenizerInfo info, InspectTokenizer(tok_path, tok_text));
  STRATA_ASSIGN_OR_RETURN(model->tokenizer, process::MakeTokenizer("hf:" + tok_path));
  model->unk_id = info.unk_id;
  model->added = info.added;

  STRATA_ASSIGN_OR_RETURN(const bool config_normalize, ReadNormalize(dir, folder));
  int dimension = 0;
  std::string sha_hex;
  const std::string model_path = (folder / "model.safetensors").string();
  STRATA_RETURN_IF_ERROR(LoadTensors(model_path, &dimension, model.get(), &sha_hex));

  std::unique_ptr<StaticEmbedder> e(new StaticEmbedder(std::move(model)));
  e->dimension_ = dimension;
  e->normalize_ = options.normalize.value_or(config_normalize);
  e->median_token_length_ = std::max<size_t>(1, info.median_token_length);
  e->max_length_ = options.max_length;
  std::string name = fs::absolute(dir).lexically_normal().filename().string();
  if (name.empty()) name = "model";
  e->model_id_ = "static:" + name + "@" + sha_hex.substr(0, 12);
  if (options.max_length != 512)
    e->model_id_ += "#max_length=" + std::to_string(options.max_length);
  if (e->normalize_ != config_normalize)
    e->model_id_ += e->normalize_ ? "#normalize=1" : "#normalize=0";
  return e;
}

namespace {

Status LoadTensors(const std::string& path, int* dimension, StaticEmbedder::Model* model,
                   std::string* sha_hex) {
  STRATA_ASSIGN_OR_RETURN(SafeTensors st, SafeTensors::Open(path));
  *sha_hex = Sha256Hex(st.bytes());
  const TensorInfo* emb = nullptr;
  for (const char* name : {"embeddings", "embedding.weight", "0"}) {
    if ((emb = st.Find(name)) != nullptr) break;
  }
  if (emb == nullptr) {
    return Status::Corruption("static model: " + path +
                              " has no \"embeddings\" (or \"embedding.weight\", \"0\") tensor");
  }
  if (emb->shape.size() != 2 || emb->shape[0] < 1 || emb->shape[1] < 1) {
    return Status::Corruption("static model: " + path + ": the embeddings tensor must be 2-D " +
                              "and non-empty");
  }
  STRATA_ASSIGN_OR_RETURN(model->embeddings, st.ToFloats(*emb));
  model->rows = emb->shape[0];
  *dimension = static_cast<int>(emb->shape[1]);
  if (const TensorInfo* w = st.Find("weights")) {
    STRATA_ASSIGN_OR_RETURN(model->weights, st.ToFloats(*w));
  }
  if (const TensorInfo* m = st.Find("mapping")) {
    STRATA_ASSIGN_OR_RETURN(model->mapping, st.ToInts(*m));
    for (size_t i = 0; i < model->mapping.size(); ++i) {
      if (model->mapping[i] < 0 || model->mapping[i] >= model->rows) {
        return Status::Corruption("static model: " + path + ": mapping[" + std::to_string(i) +
                                  "] = " + std::to_string(model->mapping[i]) +
                                  " is not a row of the " + std::to_string(model->rows) +
                                  "-row embeddings");
      }
    }
  }
  model->source = path;
  return Status::OK();
}

}  // namespace

namespace {

bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Call on_text(segment) for the text between added tokens and on_token(id) for each added token
// found verbatim (leftmost, then longest), as HF's AddedVocabulary splits before normalizing.
template <typename OnText, typename OnToken>
void SplitAddedTokens(std::string_view text,
                      const std::vector<StaticEmbedder::Model::AddedToken>& added, OnText&& on_text,
                      OnToken&& on_token) {
  size_t segment_begin = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    for (const auto& t : added) {
      if (text.compare(pos, t.content.size(), t.content) != 0) continue;
      size_t begin = pos, end = pos + t.content.size();
      while (t.lstrip && begin > segment_begin && IsAsciiSpace(text[begin - 1])) --begin;
      while (t.rstrip && end < text.size() && IsAsciiSpace(text[end])) ++end;
      on_text(text.substr(segment_begin, begin - segment_begin));
      on_token(t.id);
      segment_begin = end;
      pos = end - 1;
      break;
    }
  }
  on_text(text.substr(segment_begin));
}

}  // namespace

std::vector<int32_t> StaticEmbedder::TokenIds(std::string_view text) const {
  if (max_length_ > 0) {  // cut at max_length × median token length characters
    const size_t max_chars = static_cast<size_t>(max_length_) * median_token_length_;
    size_t pos = 0;
    for (size_t chars = 0; pos < text.size() && chars < max_chars; ++chars) {
      pos += process::tokenize::DecodeAt(text, pos).len;
    }
    text = text.substr(0, pos);
  }
  std::vector<int32_t> ids;
  auto encode = [&](std::string_view segment) {
    if (segment.empty()) return;
    const std::vector<int32_t> part = model_->tokenizer->Encode(segment);
    ids.insert(ids.end(), part.begin(), part.end());
  };
  SplitAddedTokens(text, model_->added, encode, [&](int32_t id) { ids.push_back(id); });
  if (model_->unk_id) std::erase(ids, *model_->unk_id);
  if (max_length_ > 0 && ids.size() > static_cast<size_t>(max_length_)) ids.resize(max_length_);
  return ids;
}

Status StaticEmbedder::EmbedOne(std::string_view text, float* out) const {
  std::fill(out, out + dimension_, 0.0f);
  const std::vector<int32_t> ids = TokenIds(text);
  const Model& m = *model_;
  for (int32_t id : ids) {
    const auto tok = static_cast<size_t>(id);
    const int64_t row = tok < m.mapping.size() ? m.mapping[tok] : id;
    if (id < 0 || row >= m.rows) {
      return Status::Corruption("static model " + m.source + ": token id " + std::to_string(id) +
                                " has no row in the " + std::to_string(m.rows) +
                                "-row embeddings (tokenizer and model do not match)");
    }
    const float scale = tok < m.weights.size() ? m.weights[tok] : 1.0f;
    const float* v = m.embeddings.data() + row * dimension_;
    for (int i = 0; i < dimension_; ++i) out[i] += v[i] * scale;
  }
  const float count = static_cast<float>(std::max<size_t>(ids.size(), 1));
  for (int i = 0; i < dimension_; ++i) out[i] /= count;
  if (normalize_) {
    float sq = 0;
    for (int i = 0; i < dimension_; ++i) sq += out[i] * out[i];
    const float norm = std::max(std::sqrt(sq), 1e-12f);
    for (int i = 0; i < dimension_; ++i) out[i] /= norm;
  }
  return Status::OK();
}

Status StaticEmbedder::Embed(std::span<const std::string_view> texts,
                             std::vector<float>* out) const {
  out->assign(texts.size() * static_cast<size_t>(dimension_), 0.0f);
  for (size_t i = 0; i < texts.size(); ++i) {
    STRATA_RETURN_IF_ERROR(EmbedOne(texts[i], out->data() + i * static_cast<size_t>(dimension_)));
  }
  return Status::OK();
}

}  // namespace strata::embed
