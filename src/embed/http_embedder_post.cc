// HttpEmbedder::Post: one batch over libcurl, with retries and reply checks.
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "embed/http_embedder.h"

namespace strata::embed {
namespace {

using Json = nlohmann::json;

struct Reply {
  long status = 0;
  std::string body;
  std::string retry_after;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  static_cast<Reply*>(user)->body.append(data, size * count);
  return size * count;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string head(line.substr(0, kName.size()));
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head == kName) {
      std::string_view v = line.substr(kName.size());
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) {
        v.remove_suffix(1);
      }
      static_cast<Reply*>(user)->retry_after = std::string(v);
    }
  }
  return size * count;
}

// Loopback and $no_proxy hosts never go through a proxy.
const std::string& NoProxyList() {
  static const std::string list = [] {
    std::string l = "127.0.0.1,localhost,::1";
    for (const char* name : {"no_proxy", "NO_PROXY"}) {
      const char* v = std::getenv(name);
      if (v != nullptr && *v != '\0') l += std::string(",") + v;
    }
    return l;
  }();
  return list;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

// One easy handle per thread, reused so that connections stay alive between batches.
CURL* ThreadCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  thread_local std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
  curl_easy_reset(handle.get());
  return handle.get();
}

std::string Snippet(const std::string& body) {
  std::string s = body.substr(0, 300);
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s.empty() ? "(empty body)" : s;
}

// Wait before attempt `attempt` (2, 3, ...): base × 2^(attempt-2), capped, "equal jitter"
// (half fixed, half random); at least Retry-After seconds when the server sent one.
std::chrono::milliseconds Backoff(const HttpEmbedderOptions& o, int attempt,
                                  const std::string& retry_after) {
  thread_local std::mt19937_64 rng(std::random_device{}());
  int64_t base = o.initial_backoff.count();
  for (int i = 2; i < attempt && base < o.max_backoff.count(); ++i) base *= 2;
  base = std::min<int64_t>(base, o.max_backoff.count());
  int64_t wait = base / 2 + static_cast<int64_t>(rng() % static_cast<uint64_t>(base / 2 + 1));
  if (!retry_after.empty() &&
      std::all_of(retry_after.begin(), retry_after.end(), [](char c) { return std::isdigit(c); })) {
    const int64_t seconds = std::min<int64_t>(std::atoll(retry_after.c_str()), 120);
    wait = std::max<int64_t>(wait, seconds * 1000);
  }
  return std::chrono::milliseconds(wait);
}

}  // namespace

Status HttpEmbedder::Post(std::span<const std::string_view> texts, int expected_dim,
                          std::vector<float>* out, int* got_dim) const {
  Json body = Json::object();
  if (!options_.model.empty()) body["model"] = options_.model;
  Json input = Json::array();
  for (std::string_view t : texts) input.push_back(std::string(t));
  body["input"] = std::move(input);
  std::string payload;
  try {
    payload = body.dump(-1, ' ', false, Json::error_handler_t::replace);  // invalid UTF-8 → U+FFFD
  } catch (const Json::exception& e) {
    return Status::InvalidArgument("embedding request to " + endpoint_ + ": " + e.what());
  }

  Reply reply;
  std::string last_problem;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(Backoff(options_, attempt, reply.retry_after));
    reply = Reply{};
    CURLcode code;
    {
      in_flight_.acquire();
      CURL* curl = ThreadCurl();
      curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
      if (!auth_header_.empty()) headers = curl_slist_append(headers, auth_header_.c_str());
      curl_easy_setopt(curl, CURLOPT_URL, endpoint_.c_str());
      curl_easy_setopt(curl, CURLOPT_POST, 1L);
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
      curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
      curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt(curl, CURLOPT_NOPROXY, NoProxyList().c_str());
      curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
      curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
      curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
      curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply);
      code = curl_easy_perform(curl);
      if (code == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
      curl_slist_free_all(headers);
      in_flight_.release();
    }
    if (code != CURLE_OK) {
      last_problem = code == CURLE_OPERATION_TIMEDOUT
                         ? "timed out after " + std::to_string(options_.timeout.count()) + " ms"
                         : std::string(curl_easy_strerror(code));
      continue;
    }
    if (reply.status == 429 || reply.status >= 500) {
      last_problem = "HTTP " + std::to_string(reply.status) + ": " + Snippet(reply.body);
      continue;
    }
    if (reply.status == 401 || reply.status == 403) {
      std::string msg =
          "embedding server " + endpoint_ + " answered HTTP " + std::to_string(reply.status) +
          " (" + Snippet(reply.body) + "); " +
          (auth_header_.empty() ? "no API key was sent: set" : "check the API key in") +
          " STRATA_EMBED_API_KEY (or OPENAI_API_KEY)";
      return reply.status == 401 ? Status::Unauthenticated(std::move(msg))
                                 : Status::PermissionDenied(std::move(msg));
    }
    if (reply.status != 200) {
      return Status::InvalidArgument("embedding server " + endpoint_ + " answered HTTP " +
                                     std::to_string(reply.status) + ": " + Snippet(reply.body));
    }
    break;
  }
  if (reply.status != 200) {
    return Status::Unavailable("embedding server " + endpoint_ + ": gave up after " +
                               std::to_string(options_.max_attempts) +
                               " attempts; last: " + last_problem);
  }

  // Check and place the reply.
  const std::string where = "embedding server " + endpoint_ + ": ";
  try {
    const Json doc = Json::parse(reply.body);
    const Json& data = doc.at("data");
    if (!data.is_array() || data.size() != texts.size()) {
      return Status::Corruption(where + "expected " + std::to_string(texts.size()) +
                                " vectors in \"data\", got " +
                                (data.is_array() ? std::to_string(data.size()) : data.type_name()));
    }
    int dim = expected_dim;
    std::vector<bool> seen(texts.size(), false);
    for (size_t i = 0; i < data.size(); ++i) {
      const Json& item = data[i];
      const Json& vec = item.at("embedding");
      const int64_t index =
          item.contains("index") ? item["index"].get<int64_t>() : static_cast<int64_t>(i);
      if (index < 0 || static_cast<size_t>(index) >= texts.size() || seen[index]) {
        return Status::Corruption(where + "data[" + std::to_string(i) + "].index " +
                                  std::to_string(index) + " is out of range or repeated (" +
                                  std::to_string(texts.size()) + " inputs)");
      }
      seen[index] = true;
      if (!vec.is_array() || vec.empty()) {
        return Status::Corruption(where + "data[" + std::to_string(i) +
                                  "].embedding is not a non-empty array of numbers");
      }
      if (dim == 0) {
        dim = static_cast<int>(vec.size());
        out->assign(texts.size() * static_cast<size_t>(dim), 0.0f);
      } else if (static_cast<int>(vec.size()) != dim) {
        return Status::Corruption(where + "expected vectors of dimension " + std::to_string(dim) +
                                  ", got " + std::to_string(vec.size()) + " (data[" +
                                  std::to_string(i) + "])");
      }
      if (out->size() != texts.size() * static_cast<size_t>(dim)) {
        out->assign(texts.size() * static_cast<size_t>(dim), 0.0f);
      }
      float* row = out->data() + static_cast<size_t>(index) * static_cast<size_t>(dim);
      for (size_t k = 0; k < vec.size(); ++k) row[k] = vec[k].get<float>();
    }
    *got_dim = dim;
  } catch (const Json::exception& e) {
    return Status::Corruption(where + "malformed reply (" + e.what() + "): " + Snippet(reply.body));
  }
  return Status::OK();
}

}  // namespace strata::embed
