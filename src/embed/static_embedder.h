// StaticEmbedder: a model2vec static model ("static:DIR", DESIGN §6) — a table of token vectors
// and a mean, exactly as the reference implementation model2vec-rs computes it.
//
// Folder layout: model.safetensors and tokenizer.json in DIR (or in DIR/0_StaticEmbedding, the
// sentence-transformers layout); the config from config.json, else
// config_sentence_transformers.json (only its "normalize" flag is read; default true).
// Tensors: the embeddings matrix is "embeddings", "embedding.weight" or "0" (2-D; F32, F16,
// BF16, F64 or I8 widened to float; I8 values are used as they are, as the reference does);
// vocabulary-quantized models add "mapping" (I32/I64, token id -> row) and "weights" (per token
// id scale, any float dtype).
// Encoding one text (model2vec-rs `encode`, max_length 512):
//   1. cut the text to max_length × median_token_length characters, where the median is taken
//      over the byte lengths of the tokenizer's vocabulary entries;
//   2. tokenize without special tokens ([CLS]/[SEP] are not added); as in HF tokenizers, added
//      tokens with normalized=false ("[MASK]", "[CLS]") written in the text are matched verbatim
//      first (lstrip/rstrip honoured, single_word ignored) and the text between them is
//      tokenized piece by piece;
//   3. drop the unknown token (model.unk_token, else model.unk_id for Unigram, else "[UNK]");
//   4. keep the first max_length ids;
//   5. average row(mapping[id]) × weights[id] over the ids (the zero vector when none is left);
//   6. L2-normalize (norm floored at 1e-12) when the config says normalize.
// Tokenizers: WordPiece, byte-level BPE and Unigram tokenizer.json, all through
// process::MakeTokenizer("hf:"), which yields ids only; the added-token split of step 2 and the
// unknown-token drop of step 3 are done here.
// model_id() is "static:<DIR name>@<first 12 hex digits of the SHA-256 of model.safetensors>",
// with "#max_length=N" and/or "#normalize=0|1" appended when they differ from the model's.
// Thread-safety: immutable after Open; Embed may run on many threads.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embed/embedder.h"

namespace strata::embed {

struct StaticEmbedderOptions {
  /// Tokens kept per text (and the character cut, × median token length). 0 = no limit.
  int max_length = 512;
  /// Override the config's normalize flag.
  std::optional<bool> normalize;
};

class StaticEmbedder final : public Embedder {
 public:
  /// Load the model folder `dir`. NotFound naming the missing file; Corruption naming the file
  /// for a malformed tensor, config or tokenizer; NotSupported for a tokenizer pipeline outside
  /// the supported subset.
  static Result<std::unique_ptr<StaticEmbedder>> Open(const std::string& dir,
                                                      const StaticEmbedderOptions& options = {});
  ~StaticEmbedder() override;

  const std::string& model_id() const override { return model_id_; }
  int dimension() const override { return dimension_; }
  Status Embed(std::span<const std::string_view> texts, std::vector<float>* out) const override;

  /// Token ids of `text` after steps 1–4 above (for tests and diagnostics).
  std::vector<int32_t> TokenIds(std::string_view text) const;
  bool normalize() const { return normalize_; }
  size_t median_token_length() const { return median_token_length_; }

  struct Model;  // opaque: the tokenizer and the tensors

 private:
  explicit StaticEmbedder(std::unique_ptr<Model> model);
  Status EmbedOne(std::string_view text, float* out) const;

  std::unique_ptr<Model> model_;
  std::string model_id_;
  int dimension_ = 0;
  bool normalize_ = true;
  size_t median_token_length_ = 1;
  int max_length_ = 512;
};

}  // namespace strata::embed
