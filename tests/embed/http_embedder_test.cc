// HttpEmbedder against a real OpenAI-compatible server on 127.0.0.1 (cpp-httplib), scripted per
// test to batch, fail, stall or answer wrongly.
#include "embed/http_embedder.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "testing/test_data.h"

namespace strata::embed {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// The vector the server gives `text`: a function of the text alone, so a row in the wrong place
// is caught.
std::vector<float> ServerVector(const std::string& text, int dim) {
  std::vector<float> v(dim);
  for (int i = 0; i < dim; ++i) {
    v[i] = static_cast<float>(text.size() * (i + 1)) + (text.empty() ? 0 : text[0] % 17) * 0.25f;
  }
  return v;
}

class EmbeddingServer {
 public:
  // Script (set before requests).
  int dim = 4;
  std::atomic<int> fail_first{0};  // this many requests get fail_status
  int fail_status = 500;
  std::string retry_after;    // Retry-After on failures
  int sleep_ms = 0;           // every request stalls this long
  int reply_dim_delta = 0;    // vectors this much longer than dim
  int reply_count_delta = 0;  // this many more (or fewer) vectors than inputs
  // Observations.
  std::atomic<int> requests{0};
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};
  std::mutex mu;
  std::vector<int> batch_sizes;
  std::string last_auth, last_model;

  EmbeddingServer() {
    server_.Post("/v1/embeddings",
                 [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
    // One request per connection: stop() then need not wait out idle keep-alive connections.
    server_.set_keep_alive_max_count(1);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~EmbeddingServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    ++requests;
    const int now = ++in_flight;
    for (int m = max_in_flight.load(); now > m && !max_in_flight.compare_exchange_weak(m, now);) {
    }
    if (sleep_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
    const Json body = Json::parse(req.body);
    {
      std::lock_guard lock(mu);
      batch_sizes.push_back(static_cast<int>(body["input"].size()));
      last_auth = req.get_header_value("Authorization");
      last_model = body.value("model", "");
    }
    if (fail_first.fetch_sub(1) > 0) {
      res.status = fail_status;
      if (!retry_after.empty()) res.set_header("Retry-After", retry_after);
      res.set_content(R"({"error":{"message":"scripted failure"}})", "application/json");
      --in_flight;
      return;
    }
    Json data = Json::array();
    const auto& input = body["input"];
    const int n = static_cast<int>(input.size()) + reply_count_delta;
    for (int i = n - 1; i >= 0; --i) {  // reversed: the client must order by "index"
      const std::string text =
          i < static_cast<int>(input.size()) ? input[i].get<std::string>() : "";
      data.push_back({{"object", "embedding"},
                      {"index", i},
                      {"embedding", ServerVector(text, dim + reply_dim_delta)}});
    }
    res.set_content(Json{{"object", "list"}, {"data", data}, {"model", "test"}}.dump(),
                    "application/json");
    --in_flight;
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

HttpEmbedderOptions Options(const EmbeddingServer& server) {
  HttpEmbedderOptions o;
  o.url = server.url();
  o.model = "test-model";
  o.dimension = server.dim;
  o.initial_backoff = std::chrono::milliseconds(20);
  o.max_backoff = std::chrono::milliseconds(100);
  o.api_key = "sk-test";
  return o;
}

std::vector<std::string> Texts(int n) {
  std::vector<std::string> t;
  for (int i = 0; i < n; ++i) t.push_back(std::string(i + 1, static_cast<char>('a' + i % 26)));
  return t;
}

TEST(HttpEmbedderTest, BatchesAcrossRequestsInOrder) {
  EmbeddingServer server;
  server.sleep_ms = 100;  // long enough for requests to overlap
  HttpEmbedderOptions o = Options(server);
  o.batch_size = 3;
  o.max_concurrency = 2;
  ASSERT_OK_AND_ASSIGN(auto e, HttpEmbedder::Make(o));
  EXPECT_EQ(e->dimension(), 4);
  EXPECT_EQ(server.requests.load(), 0);  // dimension given: no probe
  const auto texts = Texts(11);
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<float> out;
  ASSERT_OK(e->Embed(views, &out));
  ASSERT_EQ(out.size(), 11u * 4);
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(std::vector<float>(out.begin() + i * 4, out.begin() + i * 4 + 4),
              ServerVector(texts[i], 4))
        << "row " << i;
  }
  EXPECT_EQ(server.requests.load(), 4);  // 3 + 3 + 3 + 2
  std::vector<int> sizes = server.batch_sizes;
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<int>{2, 3, 3, 3}));
  EXPECT_LE(server.max_in_flight.load(), 2);
  EXPECT_EQ(server.max_in_flight.load(), 2);
  EXPECT_EQ(server.last_auth, "Bearer sk-test");
  EXPECT_EQ(server.last_model, "test-model");
  EXPECT_EQ(e->model_id(), "http:test-model@" + server.url() + "/v1/embeddings");
}

TEST(HttpEmbedderTest, ProbesTheDimensionWhenNotGiven) {
  EmbeddingServer server;
  server.dim = 7;
  HttpEmbedderOptions o = Options(server);
  o.dimension = 0;
  ASSERT_OK_AND_ASSIGN(auto e, HttpEmbedder::Make(o));
  EXPECT_EQ(e->dimension(), 7);
  EXPECT_EQ(server.requests.load(), 1);
  ASSERT_OK_AND_ASSIGN(auto from_spec,
                       MakeEmbedder("http:" + server.url() + "/v1#spec-model?batch=2"));
  EXPECT_EQ(from_spec->dimension(), 7);
  const std::string_view texts[] = {"x", "yy", "zzz"};
  std::vector<float> out;
  ASSERT_OK(from_spec->Embed(texts, &out));
  EXPECT_EQ(std::vector<float>(out.begin() + 14, out.end()), ServerVector("zzz", 7));
  EXPECT_EQ(server.last_model, "spec-model");
}

TEST(HttpEmbedderTest, RetriesAfter429HonouringRetryAfter) {
  EmbeddingServer server;
  server.fail_first = 1;
  server.fail_status = 429;
  server.retry_after = "1";
  ASSERT_OK_AND_ASSIGN(auto e, HttpEmbedder::Make(Options(server)));
  const std::string_view texts[] = {"hello"};
  std::vector<float> out;
  const auto start = Clock::now();
  ASSERT_OK(e->Embed(texts, &out));
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(950));  // waited Retry-After: 1
  EXPECT_EQ(server.requests.load(), 2);
  EXPECT_EQ(out, ServerVector("hello", 4));
}

TEST(HttpEmbedderTest, RetriesAfter500) {
  EmbeddingServer server;
  server.fail_first = 2;
  server.fail_status = 500;
  ASSERT_OK_AND_ASSIGN(auto e, HttpEmbedder::Make(Options(server)));
  const std::string_view texts[] = {"a", "bb"};
  std::vector<float> out;
  ASSERT_OK(e->Embed(texts, &out));
  EXPECT_EQ(server.requests.load(), 3);
  EXPECT_EQ(std::vector<float>(out.begin() + 4, out.end()), ServerVector("bb", 4));
}

TEST(HttpEmbedderTest, GivesUpAfterAttemptsOnPersistent503) {
  EmbeddingServer server;
  server.fail_first = 100;
  server.fail_status = 503;
  HttpEmbedderOptions o = Options(server);
  o.max_attempts = 3;
  ASSERT_OK_AND_ASSIGN(auto e, HttpEmbedder::Make(o));
  const std::string_view texts[] = {"a"};
  std::vector<float> out;
  const Status st = e->Embed(texts, &out);
  EXPECT_TRUE(st.IsUnavailable()) << st.ToString();
  EXPECT_NE(st.message().find("3 attempts"), std::string::npos) << st.ToString();
  EXPECT_NE(st.message().find("HTTP 503"), std::string::npos) << st.ToString();
  EXPECT_EQ(server.requests.load(), 3);
}

TEST(HttpEmbedderTest, TimeoutIsRetriedThenReported) {
  EmbeddingServer server;
  server.sleep_ms = 1200;
  HttpEmbedderOptions o = Options(server);
  o.timeout = std::chrono::milliseconds(150);
  o.max_attempts = 2;
  ASSERT_OK_AND_ASSIGN(auto e, HttpEmbedder::Make(o));
  const std::string_view texts[] = {"slow"};
  std::vector<float> out;
  const auto start = Clock::now();
  const Status st = e->Embed(texts, &out);
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(1000));  // did not wait it out
  EXPECT_TRUE(st.IsUnavailable()) << st.ToString();
  EXPECT_NE(st.message().find("timed out after 150 ms"), std::string::npos) << st.ToString();
  EXPECT_NE(st.message().find(server.url()), std::string::npos) << st.ToString();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // both requests reached it
  EXPECT_EQ(server.requests.load(), 2);
}

TEST(HttpEmbedderTest, WrongDimensionOrCountIsCorruption) {
  EmbeddingServer server;
  server.reply_dim_delta = 1;
  ASSERT_OK_AND_ASSIGN(auto e, HttpEmbedder::Make(Options(server)));
  const std::string_view texts[] = {"a", "b", "c"};
  std::vector<float> out;
  Status st = e->Embed(texts, &out);
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  EXPECT_NE(st.message().find("expected vectors of dimension 4, got 5"), std::string::npos)
      << st.ToString();
  EXPECT_NE(st.message().find(server.url() + "/v1/embeddings"), std::string::npos);
  EXPECT_EQ(server.requests.load(), 1);  // not retried

  server.reply_dim_delta = 0;
  server.reply_count_delta = -1;
  st = e->Embed(texts, &out);
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  EXPECT_NE(st.message().find("expected 3 vectors in \"data\", got 2"), std::string::npos)
      << st.ToString();
}

TEST(HttpEmbedderTest, UnauthorizedAndForbiddenNameTheKey) {
  EmbeddingServer server;
  server.fail_first = 100;
  server.fail_status = 401;
  HttpEmbedderOptions o = Options(server);
  o.api_key.clear();
  ASSERT_OK_AND_ASSIGN(auto e, HttpEmbedder::Make(o));
  const std::string_view texts[] = {"a"};
  std::vector<float> out;
  Status st = e->Embed(texts, &out);
  EXPECT_EQ(st.code(), StatusCode::kUnauthenticated) << st.ToString();
  EXPECT_NE(st.message().find(server.url()), std::string::npos);
  EXPECT_NE(st.message().find("STRATA_EMBED_API_KEY"), std::string::npos);
  EXPECT_EQ(server.requests.load(), 1);  // not retried
  server.fail_status = 403;
  st = e->Embed(texts, &out);
  EXPECT_EQ(st.code(), StatusCode::kPermissionDenied) << st.ToString();
  server.fail_status = 400;
  st = e->Embed(texts, &out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find("scripted failure"), std::string::npos) << st.ToString();
}

TEST(HttpEmbedderTest, ApiKeyFromEnvironment) {
  EmbeddingServer server;
  HttpEmbedderOptions o = Options(server);
  o.api_key.clear();
  const std::string_view texts[] = {"a"};
  std::vector<float> out;
  ::setenv("STRATA_EMBED_API_KEY", "sk-strata", 1);
  ::setenv("OPENAI_API_KEY", "sk-openai", 1);
  auto both = HttpEmbedder::Make(o);  // STRATA_EMBED_API_KEY wins
  ::unsetenv("STRATA_EMBED_API_KEY");
  auto fallback = HttpEmbedder::Make(o);  // then OPENAI_API_KEY
  ::unsetenv("OPENAI_API_KEY");
  ASSERT_OK(both);
  ASSERT_OK(fallback);
  ASSERT_OK((*both)->Embed(texts, &out));
  EXPECT_EQ(server.last_auth, "Bearer sk-strata");
  ASSERT_OK((*fallback)->Embed(texts, &out));
  EXPECT_EQ(server.last_auth, "Bearer sk-openai");
}

TEST(HttpEmbedderTest, ConnectionRefusedIsUnavailable) {
  int port;
  {
    EmbeddingServer gone;  // a port that was just free
    port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
  }
  HttpEmbedderOptions o;
  o.url = "http://127.0.0.1:" + std::to_string(port);
  o.dimension = 3;
  o.max_attempts = 2;
  o.initial_backoff = std::chrono::milliseconds(10);
  ASSERT_OK_AND_ASSIGN(auto e, HttpEmbedder::Make(o));
  const std::string_view texts[] = {"a"};
  std::vector<float> out;
  const Status st = e->Embed(texts, &out);
  EXPECT_TRUE(st.IsUnavailable()) << st.ToString();
}

TEST(HttpSpecTest, ParsesUrlModelAndParameters) {
  ASSERT_OK_AND_ASSIGN(auto o, ParseHttpSpec("http://127.0.0.1:8080#nomic?dim=768&batch=32&"
                                             "concurrency=2&timeout=1.5&attempts=3"));
  EXPECT_EQ(o.url, "http://127.0.0.1:8080");
  EXPECT_EQ(o.model, "nomic");
  EXPECT_EQ(o.dimension, 768);
  EXPECT_EQ(o.batch_size, 32);
  EXPECT_EQ(o.max_concurrency, 2);
  EXPECT_EQ(o.timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(o.max_attempts, 3);
  ASSERT_OK_AND_ASSIGN(auto plain, ParseHttpSpec("https://api.openai.com/v1?x=1"));
  EXPECT_EQ(plain.url, "https://api.openai.com/v1?x=1");  // no '#': the query belongs to the URL
  EXPECT_EQ(plain.model, "");
  EXPECT_EQ(plain.batch_size, 64);
  EXPECT_EQ(plain.max_concurrency, 4);
  EXPECT_EQ(plain.timeout, std::chrono::milliseconds(30000));
  EXPECT_EQ(plain.max_attempts, 5);
  ASSERT_OK_AND_ASSIGN(auto no_model, ParseHttpSpec("http://h:1#?dim=8"));
  EXPECT_EQ(no_model.model, "");
  EXPECT_EQ(no_model.dimension, 8);
  for (const char* bad : {"ftp://h#m", "http://h#m?dim=0", "http://h#m?dim=x", "http://h#m?color=1",
                          "http://h#m?timeout=-1", "http://h#m?batch"}) {
    auto r = ParseHttpSpec(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(HttpSpecTest, EndpointFromUrl) {
  EXPECT_EQ(EmbeddingsEndpoint("http://h:1"), "http://h:1/v1/embeddings");
  EXPECT_EQ(EmbeddingsEndpoint("http://h:1/"), "http://h:1/v1/embeddings");
  EXPECT_EQ(EmbeddingsEndpoint("http://h:1/v1"), "http://h:1/v1/embeddings");
  EXPECT_EQ(EmbeddingsEndpoint("http://h:1/v1/embeddings"), "http://h:1/v1/embeddings");
  EXPECT_EQ(EmbeddingsEndpoint("http://h:1/api/embeddings"), "http://h:1/api/embeddings");
}

}  // namespace
}  // namespace strata::embed
