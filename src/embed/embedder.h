// Embedder: text to dense vectors (DESIGN §6; docs/embedding.md has the details and figures).
//
// Kinds (MakeEmbedder spec strings):
//   "hash[:DIM]"        model-free default: signed feature hashing of words, word bigrams and
//                       character n-grams into DIM (default 384, at most 65536) floats,
//                       L2-normalized. Deterministic, no files. See hash_embedder.h.
//   "static:DIR"        a model2vec model folder (model.safetensors F32/F16/I8, optionally
//                       vocab-quantized, + tokenizer.json): token vectors mean-pooled, then
//                       L2-normalized when the model's config says so. See static_embedder.h.
//   "http:URL[#MODEL][?dim=N&batch=N&concurrency=N&timeout=SECONDS&attempts=N]"
//                       an OpenAI-compatible POST URL/v1/embeddings endpoint (OpenAI, Ollama,
//                       vLLM, llama.cpp, TEI); parameters follow the '#'; without dim the
//                       dimension is probed with one request when the embedder is made.
//                       See http_embedder.h for options.
// model_id() names the model and its parameters for the embeddings table key and lineage: two
// embedders with equal ids produce equal vectors ("hash-384-v1",
// "static:potion-base-8M@<12 hex of the model file's SHA-256>", "http:MODEL@ENDPOINT").
// A text without tokens (empty, only spaces) embeds as the zero vector for hash and static.
// Thread-safety: Embed may be called from many threads at once.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::embed {

class Embedder {
 public:
  virtual ~Embedder() = default;
  /// Stable identity of the model and its parameters ("hash-384-v1",
  /// "static:potion-base-8M@3f2a...").
  virtual const std::string& model_id() const = 0;
  /// Length of every vector.
  virtual int dimension() const = 0;
  /// Embed `texts`; `out` is resized to texts.size() * dimension() floats, row-major.
  virtual Status Embed(std::span<const std::string_view> texts, std::vector<float>* out) const = 0;
};

/// Make an embedder from a spec (above). InvalidArgument for an unknown kind or bad parameter;
/// NotFound/Corruption naming the file for a missing or malformed model.
Result<std::unique_ptr<Embedder>> MakeEmbedder(std::string_view spec);

}  // namespace strata::embed
