// HttpEmbedder: an OpenAI-compatible embeddings endpoint ("http:URL[#MODEL][?PARAMS]",
// DESIGN §6) — OpenAI, Ollama, vLLM, llama.cpp server, text-embeddings-inference.
//
// Each request is POST {endpoint} with {"model": MODEL, "input": [texts...]} (no "model" when
// MODEL is empty) and, when an API key is set, "Authorization: Bearer KEY". The reply's
// data[i].embedding rows are placed by data[i].index. Texts are sent in batches of batch_size;
// at most max_concurrency requests of one embedder are in flight at once (shared by all threads
// that call Embed). A request that times out, fails in transport, or gets 429 or 5xx is retried
// with exponential backoff and jitter (Retry-After honoured, up to 120 s) until max_attempts;
// then Unavailable. 401 → Unauthenticated and 403 → PermissionDenied, both naming the endpoint
// and the key variables; other 4xx → InvalidArgument with the server's message; a reply with the
// wrong number of vectors, bad indices, or vectors whose length differs from dimension() →
// Corruption naming the endpoint, what was expected and what came.
// dimension(): options.dimension, or (when 0) learnt by Make from one probe request.
// model_id() is "http:MODEL@ENDPOINT" ("-" for an empty MODEL): the endpoint is part of the
// identity because servers such as llama.cpp ignore the model name.
// Thread-safety: Embed may run on many threads; requests share the in-flight limit.
#pragma once

#include <chrono>
#include <memory>
#include <semaphore>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embed/embedder.h"

namespace strata::embed {

struct HttpEmbedderOptions {
  /// Base URL ("http://127.0.0.1:8080", ".../v1") or the full ".../v1/embeddings" endpoint.
  std::string url;
  /// The request's "model"; empty = omitted.
  std::string model;
  /// Vector length; 0 = probe the server once in Make.
  int dimension = 0;
  int batch_size = 64;
  int max_concurrency = 4;
  std::chrono::milliseconds timeout{30000};  // per request, connect included
  int max_attempts = 5;
  std::chrono::milliseconds initial_backoff{250};  // doubled each retry, jittered
  std::chrono::milliseconds max_backoff{8000};
  /// Bearer token; empty = $STRATA_EMBED_API_KEY, else $OPENAI_API_KEY, else none.
  std::string api_key;
};

/// Parse the part of an "http:" spec after "http:": URL[#MODEL][?k=v&...]. Parameters follow the
/// '#' (a URL fragment is never sent, so URL keeps any query of its own): dim, batch,
/// concurrency, timeout (seconds, decimals allowed), attempts. "http://h:1#?dim=8" has no model.
Result<HttpEmbedderOptions> ParseHttpSpec(std::string_view spec);

/// The endpoint for `url`: url itself when it ends in "/embeddings", url + "/embeddings" when it
/// ends in "/v1", else url + "/v1/embeddings".
std::string EmbeddingsEndpoint(std::string_view url);

class HttpEmbedder final : public Embedder {
 public:
  /// Check the options (InvalidArgument naming the field); probe the dimension when 0.
  static Result<std::unique_ptr<HttpEmbedder>> Make(HttpEmbedderOptions options);
  ~HttpEmbedder() override;

  const std::string& model_id() const override { return model_id_; }
  int dimension() const override { return dimension_; }
  Status Embed(std::span<const std::string_view> texts, std::vector<float>* out) const override;

  const std::string& endpoint() const { return endpoint_; }

 private:
  explicit HttpEmbedder(HttpEmbedderOptions options);
  /// One batch: POST with retries; rows go to out[0, texts.size() * dimension).
  /// `expected_dim` 0 accepts any length and reports it in *got_dim.
  Status Post(std::span<const std::string_view> texts, int expected_dim, std::vector<float>* out,
              int* got_dim) const;

  HttpEmbedderOptions options_;
  std::string endpoint_;
  std::string auth_header_;
  std::string model_id_;
  int dimension_ = 0;
  mutable std::counting_semaphore<1024> in_flight_;
};

}  // namespace strata::embed
