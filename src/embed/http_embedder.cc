#include "embed/http_embedder.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace strata::embed {
namespace {

Result<int> ParsePositive(std::string_view key, std::string_view value, int max) {
  int v = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || end != value.data() + value.size() || v < 1 || v > max) {
    return Status::InvalidArgument("embedder spec: " + std::string(key) + "=" + std::string(value) +
                                   " is not an integer in [1, " + std::to_string(max) + "]");
  }
  return v;
}

Status ApplyParam(std::string_view key, std::string_view value, HttpEmbedderOptions* o) {
  if (key == "dim") {
    STRATA_ASSIGN_OR_RETURN(o->dimension, ParsePositive(key, value, 1 << 16));
  } else if (key == "batch") {
    STRATA_ASSIGN_OR_RETURN(o->batch_size, ParsePositive(key, value, 1 << 16));
  } else if (key == "concurrency") {
    STRATA_ASSIGN_OR_RETURN(o->max_concurrency, ParsePositive(key, value, 1024));
  } else if (key == "attempts") {
    STRATA_ASSIGN_OR_RETURN(o->max_attempts, ParsePositive(key, value, 100));
  } else if (key == "timeout") {
    char* end = nullptr;
    const std::string text(value);
    const double seconds = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(seconds > 0) || seconds > 3600) {
      return Status::InvalidArgument("embedder spec: timeout=" + text +
                                     " is not a number of seconds in (0, 3600]");
    }
    o->timeout = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000 + 0.5));
  } else {
    return Status::InvalidArgument("embedder spec: unknown http parameter \"" + std::string(key) +
                                   "\" (known: dim, batch, concurrency, timeout, attempts)");
  }
  return Status::OK();
}

}  // namespace

Result<HttpEmbedderOptions> ParseHttpSpec(std::string_view spec) {
  HttpEmbedderOptions o;
  const size_t hash = spec.find('#');
  o.url = std::string(spec.substr(0, hash));
  if (hash != std::string_view::npos) {
    std::string_view rest = spec.substr(hash + 1);
    const size_t q = rest.find('?');
    o.model = std::string(rest.substr(0, q));
    std::string_view params = q == std::string_view::npos ? "" : rest.substr(q + 1);
    while (!params.empty()) {
      const size_t amp = params.find('&');
      const std::string_view kv = params.substr(0, amp);
      params = amp == std::string_view::npos ? "" : params.substr(amp + 1);
      if (kv.empty()) continue;
      const size_t eq = kv.find('=');
      if (eq == std::string_view::npos) {
        return Status::InvalidArgument("embedder spec: http parameter \"" + std::string(kv) +
                                       "\" has no value (write key=value)");
      }
      STRATA_RETURN_IF_ERROR(ApplyParam(kv.substr(0, eq), kv.substr(eq + 1), &o));
    }
  }
  if (!o.url.starts_with("http://") && !o.url.starts_with("https://")) {
    return Status::InvalidArgument("embedder spec: http URL \"" + o.url +
                                   "\" must start with http:// or https://");
  }
  return o;
}

std::string EmbeddingsEndpoint(std::string_view url) {
  std::string u(url);
  while (u.size() > 8 && u.back() == '/') u.pop_back();
  if (u.ends_with("/embeddings")) return u;
  if (u.ends_with("/v1")) return u + "/embeddings";
  return u + "/v1/embeddings";
}

HttpEmbedder::HttpEmbedder(HttpEmbedderOptions options)
    : options_(std::move(options)), in_flight_(options_.max_concurrency) {}

HttpEmbedder::~HttpEmbedder() = default;

Result<std::unique_ptr<HttpEmbedder>> HttpEmbedder::Make(HttpEmbedderOptions options) {
  auto bad = [](const std::string& what) {
    return Status::InvalidArgument("http embedder: " + what);
  };
  if (!options.url.starts_with("http://") && !options.url.starts_with("https://")) {
    return bad("url \"" + options.url + "\" must start with http:// or https://");
  }
  if (options.dimension < 0) return bad("dimension must be >= 0 (0 = probe)");
  if (options.batch_size < 1) return bad("batch_size must be >= 1");
  if (options.max_concurrency < 1 || options.max_concurrency > 1024) {
    return bad("max_concurrency must be in [1, 1024]");
  }
  if (options.max_attempts < 1) return bad("max_attempts must be >= 1");
  if (options.timeout.count() < 1) return bad("timeout must be positive");
  if (options.api_key.empty()) {
    for (const char* name : {"STRATA_EMBED_API_KEY", "OPENAI_API_KEY"}) {
      const char* v = std::getenv(name);
      if (v != nullptr && *v != '\0') {
        options.api_key = v;
        break;
      }
    }
  }
  std::unique_ptr<HttpEmbedder> e(new HttpEmbedder(std::move(options)));
  const HttpEmbedderOptions& o = e->options_;
  e->endpoint_ = EmbeddingsEndpoint(o.url);
  if (!o.api_key.empty()) e->auth_header_ = "Authorization: Bearer " + o.api_key;
  e->model_id_ = "http:" + (o.model.empty() ? std::string("-") : o.model) + "@" + e->endpoint_;
  e->dimension_ = o.dimension;
  if (e->dimension_ == 0) {  // probe
    const std::string_view probe[] = {"dimension probe"};
    std::vector<float> v;
    STRATA_RETURN_IF_ERROR(e->Post(probe, 0, &v, &e->dimension_));
  }
  return e;
}

Status HttpEmbedder::Embed(std::span<const std::string_view> texts, std::vector<float>* out) const {
  const size_t dim = static_cast<size_t>(dimension_);
  out->assign(texts.size() * dim, 0.0f);
  const size_t batch = static_cast<size_t>(options_.batch_size);
  const size_t batches = (texts.size() + batch - 1) / batch;
  if (batches == 0) return Status::OK();
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  Status first_error;
  auto work = [&] {
    std::vector<float> rows;
    for (size_t b; !failed.load() && (b = next.fetch_add(1)) < batches;) {
      const size_t begin = b * batch;
      const auto part = texts.subspan(begin, std::min(batch, texts.size() - begin));
      int got = 0;
      Status st = Post(part, dimension_, &rows, &got);
      if (!st.ok()) {
        std::lock_guard lock(mu);
        if (!failed.exchange(true)) first_error = std::move(st);
        return;
      }
      std::copy(rows.begin(), rows.end(), out->begin() + static_cast<ptrdiff_t>(begin * dim));
    }
  };
  const size_t workers = std::min<size_t>(batches, static_cast<size_t>(options_.max_concurrency));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers; ++i) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return first_error;
}

}  // namespace strata::embed
