// S3 client and store behaviour without a server: a scripted transport answers each request, so
// retries, error mapping, URL styles, paging, multipart and the If-None-Match probe are checked
// exactly. (Round trips against a real server are in s3_store_test.cc.)
#include "io/s3/s3_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "io/s3/s3_objects.h"
#include "io/s3/s3_store.h"
#include "io/s3/s3_xml.h"
#include "testing/test_data.h"

namespace strata::io::s3 {
namespace {

struct Recorded {
  std::string method;
  std::string url;
  std::map<std::string, std::string> headers;
  std::string body;
};

using Handler = std::function<Result<HttpResponse>(const Recorded&)>;

/// Answers each request with `handler` and records what was sent.
class ScriptedTransport final : public HttpTransport {
 public:
  explicit ScriptedTransport(Handler handler) : handler_(std::move(handler)) {}
  Result<HttpResponse> Send(const HttpRequest& request) override {
    Recorded r{request.method, request.url, {}, std::string(request.body)};
    for (const auto& [k, v] : request.headers) {
      std::string name = k;
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = v;
    }
    std::lock_guard<std::mutex> lock(mu_);
    requests.push_back(r);
    return handler_(r);
  }
  std::vector<Recorded> requests;

 private:
  std::mutex mu_;
  Handler handler_;
};

HttpResponse Answer(int status, std::string body = "", std::map<std::string, std::string> h = {}) {
  return HttpResponse{status, std::move(h), std::move(body)};
}

/// Answers from a fixed sequence (the last one repeats).
Handler Sequence(std::vector<Result<HttpResponse>> answers) {
  auto queue = std::make_shared<std::deque<Result<HttpResponse>>>(answers.begin(), answers.end());
  return [queue](const Recorded&) {
    Result<HttpResponse> next = queue->front();
    if (queue->size() > 1) queue->pop_front();
    return next;
  };
}

S3Config TestConfig() {
  S3Config config;
  config.bucket = "bkt";
  config.prefix = "pre";
  config.endpoint = "http://127.0.0.1:9000";
  config.path_style = true;
  config.credentials = {"AKID", "SECRET", ""};
  config.retry = {5, 1, 2};
  config.probe_conditional_put = false;
  return config;
}

std::shared_ptr<S3Store> OpenWith(std::shared_ptr<ScriptedTransport> transport,
                                  S3Config config = TestConfig()) {
  auto store = S3Store::Open(std::move(config), std::move(transport));
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *store : nullptr;
}

const char kNoSuchKey[] =
    "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code>"
    "<Message>The specified key does not exist.</Message></Error>";

TEST(S3ClientTest, RetryTurnsA503SequenceIntoSuccess) {
  auto transport = std::make_shared<ScriptedTransport>(
      Sequence({Answer(503), Answer(503), Answer(503), Answer(200, "payload")}));
  S3Client client(TestConfig(), transport);
  std::vector<int64_t> sleeps;
  client.SetSleepForTesting([&](int64_t ms) { sleeps.push_back(ms); });
  ASSERT_OK_AND_ASSIGN(HttpResponse response, client.Execute({"GET", "pre/k", {}, {}, {}}));
  EXPECT_EQ(response.body, "payload");
  EXPECT_EQ(transport->requests.size(), 4u);
  EXPECT_EQ(sleeps.size(), 3u);
}

TEST(S3ClientTest, RetryWaitsAtLeastTheServersRetryAfter) {
  auto transport = std::make_shared<ScriptedTransport>(
      Sequence({Answer(503, "", {{"retry-after", "3"}}), Answer(200, "ok")}));
  S3Config config = TestConfig();
  config.retry = {3, 10, 60000};
  S3Client client(config, transport);
  std::vector<int64_t> sleeps;
  client.SetSleepForTesting([&](int64_t ms) { sleeps.push_back(ms); });
  ASSERT_OK(client.Execute({"GET", "k", {}, {}, {}}));
  ASSERT_EQ(sleeps.size(), 1u);
  EXPECT_EQ(sleeps[0], 3000);
}

TEST(S3ClientTest, GivesUpWithUnavailableAfterTheLastAttempt) {
  auto transport = std::make_shared<ScriptedTransport>(
      Sequence({Answer(503, "<Error><Code>SlowDown</Code></Error>")}));
  auto store = OpenWith(transport);
  Status st = store->Get("k").status();
  EXPECT_TRUE(st.IsUnavailable()) << st;
  EXPECT_NE(st.message().find("5 attempts"), std::string::npos) << st;
  EXPECT_NE(st.message().find("503 SlowDown"), std::string::npos) << st;
  EXPECT_EQ(transport->requests.size(), 5u);
}

TEST(S3ClientTest, ConnectionErrorsAnd429AreRetried) {
  auto transport = std::make_shared<ScriptedTransport>(Sequence(
      {Status::Unavailable("connection refused"), Answer(429), Answer(500), Answer(200, "ok")}));
  auto store = OpenWith(transport);
  ASSERT_OK_AND_ASSIGN(auto buffer, store->Get("k"));
  EXPECT_EQ(buffer->view(), "ok");
  EXPECT_EQ(transport->requests.size(), 4u);
}

TEST(S3ClientTest, BackoffGrowsExponentiallyWithJitterAndIsCapped) {
  RetryPolicy policy{10, 100, 1000};
  for (int i = 0; i < 50; ++i) {
    int64_t first = BackoffDelayMillis(policy, 1);
    EXPECT_GE(first, 50);
    EXPECT_LE(first, 100);
    int64_t third = BackoffDelayMillis(policy, 3);
    EXPECT_GE(third, 200);
    EXPECT_LE(third, 400);
    int64_t late = BackoffDelayMillis(policy, 9);
    EXPECT_GE(late, 500);
    EXPECT_LE(late, 1000);
  }
}

TEST(S3ClientTest, NotFoundIsNotRetriedAndNamesTheObject) {
  auto transport = std::make_shared<ScriptedTransport>(Sequence({Answer(404, kNoSuchKey)}));
  auto store = OpenWith(transport);
  Status st = store->Get("dir/x.json").status();
  EXPECT_TRUE(st.IsNotFound()) << st;
  EXPECT_NE(st.message().find("s3://bkt/pre/dir/x.json"), std::string::npos) << st;
  EXPECT_NE(st.message().find("NoSuchKey"), std::string::npos) << st;
  EXPECT_EQ(transport->requests.size(), 1u);
  EXPECT_TRUE(store->Head("dir/x.json").status().IsNotFound());
  EXPECT_OK(store->Delete("dir/x.json"));  // deleting a missing object is OK
}

TEST(S3ClientTest, PathStyleRequestIsSignedAndAddressed) {
  S3Client client(TestConfig(), nullptr);
  HttpRequest request = client.BuildRequest(
      {"GET", "pre/a b+c", {{"prefix", "x/y"}, {"list-type", "2"}}, {{"range", "bytes=0-9"}}, {}},
      "UNSIGNED", 1440938160LL * 1000000);
  EXPECT_EQ(request.url, "http://127.0.0.1:9000/bkt/pre/a%20b%2Bc?list-type=2&prefix=x%2Fy");
  std::map<std::string, std::string> headers(request.headers.begin(), request.headers.end());
  EXPECT_EQ(headers["host"], "127.0.0.1:9000");
  EXPECT_EQ(headers["x-amz-date"], "20150830T123600Z");
  EXPECT_EQ(headers["range"], "bytes=0-9");
  EXPECT_TRUE(headers["Authorization"].starts_with(
      "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/s3/aws4_request, "
      "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature="))
      << headers["Authorization"];
}

TEST(S3ClientTest, VirtualHostRequestPutsTheBucketInTheHost) {
  S3Config config = TestConfig();
  config.path_style = false;
  config.endpoint = "https://s3.eu-west-1.amazonaws.com";
  config.credentials = {};
  S3Client client(config, nullptr);
  HttpRequest request = client.BuildRequest({"GET", "pre/k", {}, {}, {}}, "h", 0);
  EXPECT_EQ(request.url, "https://bkt.s3.eu-west-1.amazonaws.com/pre/k");
  for (const auto& [name, value] : request.headers) {
    EXPECT_NE(name, "Authorization");  // no credentials: anonymous request
    if (name == "host") EXPECT_EQ(value, "bkt.s3.eu-west-1.amazonaws.com");
  }
}

TEST(S3ConfigTest, ReadsTheStandardEnvironment) {
  std::map<std::string, std::string> env = {{"AWS_ACCESS_KEY_ID", "AK"},
                                            {"AWS_SECRET_ACCESS_KEY", "SK"},
                                            {"AWS_SESSION_TOKEN", "TOK"},
                                            {"AWS_DEFAULT_REGION", "eu-central-1"}};
  auto getenv = [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  ASSERT_OK_AND_ASSIGN(S3Config aws, S3Config::FromUri("s3://bucket/a/b/", getenv));
  EXPECT_EQ(aws.bucket, "bucket");
  EXPECT_EQ(aws.prefix, "a/b");
  EXPECT_EQ(aws.region, "eu-central-1");
  EXPECT_EQ(aws.endpoint, "https://s3.eu-central-1.amazonaws.com");
  EXPECT_FALSE(aws.path_style);
  EXPECT_EQ(aws.credentials.session_token, "TOK");
  EXPECT_EQ(aws.multipart_threshold, 16 << 20);
  EXPECT_EQ(aws.part_size, 8 << 20);

  env["AWS_REGION"] = "us-west-2";
  env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1234/";
  env["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:5678";
  ASSERT_OK_AND_ASSIGN(S3Config custom, S3Config::FromUri("s3://bucket", getenv));
  EXPECT_EQ(custom.region, "us-west-2");
  EXPECT_EQ(custom.endpoint, "http://127.0.0.1:5678");
  EXPECT_TRUE(custom.path_style);
  EXPECT_EQ(custom.prefix, "");

  env["STRATA_S3_PATH_STYLE"] = "false";
  env["STRATA_S3_PART_SIZE"] = "1000";
  auto bad = S3Config::FromUri("s3://bucket", getenv);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  env["STRATA_S3_PART_SIZE"] = "6291456";
  ASSERT_OK_AND_ASSIGN(S3Config virt, S3Config::FromUri("s3://bucket", getenv));
  EXPECT_FALSE(virt.path_style);
  EXPECT_EQ(virt.part_size, 6291456);
  EXPECT_FALSE(S3Config::FromUri("s3:///nobucket", getenv).ok());
}

TEST(S3ClientTest, PutIfAbsentSendsIfNoneMatchAndMaps412) {
  auto transport = std::make_shared<ScriptedTransport>(
      Sequence({Answer(200), Answer(412, "<Error><Code>PreconditionFailed</Code></Error>")}));
  auto store = OpenWith(transport);
  EXPECT_TRUE(store->SupportsAtomicPutIfAbsent());
  ASSERT_OK(store->PutIfAbsent("log/1.json", "{}"));
  Status st = store->PutIfAbsent("log/1.json", "{}");
  EXPECT_TRUE(st.IsAlreadyExists()) << st;
  ASSERT_EQ(transport->requests.size(), 2u);
  EXPECT_EQ(transport->requests[0].headers["if-none-match"], "*");
  EXPECT_EQ(transport->requests[0].body, "{}");
  EXPECT_EQ(transport->requests[0].headers["x-amz-content-sha256"], Sha256Hex("{}"));
}

/// A fake bucket for the probe: PUT stores, DELETE removes; `honor` decides If-None-Match.
Handler ProbeServer(bool honor) {
  auto keys = std::make_shared<std::set<std::string>>();
  return [keys, honor](const Recorded& r) -> Result<HttpResponse> {
    std::string path = r.url.substr(0, r.url.find('?'));
    if (r.method == "PUT") {
      if (honor && r.headers.count("if-none-match") && keys->count(path)) return Answer(412);
      keys->insert(path);
      return Answer(200);
    }
    if (r.method == "HEAD") {
      return keys->count(path) ? Answer(200, "", {{"content-length", "2"}}) : Answer(404);
    }
    if (r.method == "DELETE") {
      keys->erase(path);
      return Answer(204);
    }
    return Answer(400);
  };
}

TEST(S3StoreTest, ProbeDetectsAServerThatHonoursIfNoneMatch) {
  auto transport = std::make_shared<ScriptedTransport>(ProbeServer(true));
  S3Config config = TestConfig();
  config.probe_conditional_put = true;
  auto store = OpenWith(transport, config);
  EXPECT_TRUE(store->SupportsAtomicPutIfAbsent());
  ASSERT_EQ(transport->requests.size(), 3u);  // PUT, PUT (412), DELETE
  EXPECT_EQ(transport->requests[2].method, "DELETE");
  EXPECT_NE(transport->requests[0].url.find("/bkt/pre/.strata-probe-"), std::string::npos);
}

TEST(S3StoreTest, ConcurrentPutIfAbsentHasExactlyOneWinner) {
  auto transport = std::make_shared<ScriptedTransport>(ProbeServer(true));
  S3Config config = TestConfig();
  config.probe_conditional_put = true;
  auto store = OpenWith(transport, config);
  ASSERT_TRUE(store->SupportsAtomicPutIfAbsent());
  std::atomic<int> winners{0}, losers{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      Status st = store->PutIfAbsent("_delta_log/7.json", "x");
      if (st.ok()) ++winners;
      if (st.IsAlreadyExists()) ++losers;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(losers.load(), 11);
}

TEST(S3StoreTest, ProbeDetectsAServerThatIgnoresIfNoneMatch) {
  auto transport = std::make_shared<ScriptedTransport>(ProbeServer(false));
  S3Config config = TestConfig();
  config.probe_conditional_put = true;
  auto store = OpenWith(transport, config);
  EXPECT_FALSE(store->SupportsAtomicPutIfAbsent());
  // Without atomic support PutIfAbsent checks with HEAD first, so one writer is still correct.
  ASSERT_OK(store->PutIfAbsent("x", "v1"));
  EXPECT_TRUE(store->PutIfAbsent("x", "v2").IsAlreadyExists());
  EXPECT_EQ(transport->requests.back().method, "HEAD");
}

TEST(S3StoreTest, ProbeFailsOpenWhenTheBucketIsMissing) {
  auto transport = std::make_shared<ScriptedTransport>(
      Sequence({Answer(404, "<Error><Code>NoSuchBucket</Code></Error>")}));
  S3Config config = TestConfig();
  config.probe_conditional_put = true;
  auto store = S3Store::Open(config, transport);
  ASSERT_FALSE(store.ok());
  EXPECT_TRUE(store.status().IsNotFound());
  EXPECT_NE(store.status().message().find("NoSuchBucket"), std::string::npos);
}

std::string ListXml(const std::vector<std::string>& keys, const std::string& next) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"x\">";
  for (const auto& key : keys) {
    xml += "<Contents><Key>" + XmlEscape(key) +
           "</Key><LastModified>2026-11-24T20:48:57.000Z</LastModified><ETag>&quot;e&quot;"
           "</ETag><Size>7</Size><StorageClass>STANDARD</StorageClass></Contents>";
  }
  xml += std::string("<IsTruncated>") + (next.empty() ? "false" : "true") + "</IsTruncated>";
  if (!next.empty()) xml += "<NextContinuationToken>" + next + "</NextContinuationToken>";
  return xml + "<KeyCount>1</KeyCount></ListBucketResult>";
}

TEST(S3StoreTest, ListFollowsContinuationTokensAndStripsThePrefix) {
  auto transport = std::make_shared<ScriptedTransport>(
      Sequence({Answer(200, ListXml({"pre/t/b", "pre/t/a&b"}, "tok/1+=")),
                Answer(200, ListXml({"pre/t/c"}, ""))}));
  S3Config config = TestConfig();
  config.list_page_size = 2;
  auto store = OpenWith(transport, config);
  ASSERT_OK_AND_ASSIGN(auto listed, store->List("t/"));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].path, "t/a&b");
  EXPECT_EQ(listed[1].path, "t/b");
  EXPECT_EQ(listed[2].path, "t/c");
  EXPECT_EQ(listed[0].size, 7);
  EXPECT_EQ(listed[0].modified_micros, 1795553337000000LL);
  ASSERT_EQ(transport->requests.size(), 2u);
  EXPECT_NE(transport->requests[0].url.find("max-keys=2"), std::string::npos);
  EXPECT_NE(transport->requests[0].url.find("prefix=pre%2Ft%2F"), std::string::npos);
  EXPECT_NE(transport->requests[1].url.find("continuation-token=tok%2F1%2B%3D"), std::string::npos);
}

TEST(S3StoreTest, GetRangeSendsRangeAndDetectsShortReads) {
  auto transport = std::make_shared<ScriptedTransport>(
      Sequence({Answer(206, "3456"), Answer(206, "89"), Answer(416)}));
  auto store = OpenWith(transport);
  ASSERT_OK_AND_ASSIGN(auto part, store->GetRange("r", 3, 4));
  EXPECT_EQ(part->view(), "3456");
  EXPECT_EQ(transport->requests[0].headers["range"], "bytes=3-6");
  EXPECT_TRUE(store->GetRange("r", 8, 5).status().IsCorruption());
  EXPECT_TRUE(store->GetRange("r", 20, 5).status().IsCorruption());
}

/// A fake multipart endpoint that records part sizes by part number.
struct MultipartServer {
  std::map<int, size_t> parts;
  int single_puts = 0;
  std::string complete_body;
  bool aborted = false;
  bool fail_complete = false;
  Handler handler() {
    return [this](const Recorded& r) -> Result<HttpResponse> {
      if (r.method == "POST" && r.url.ends_with("?uploads=")) {
        return Answer(200,
                      "<InitiateMultipartUploadResult><UploadId>U1</UploadId>"
                      "</InitiateMultipartUploadResult>");
      }
      size_t number_at = r.url.find("partNumber=");
      if (r.method == "PUT" && number_at != std::string::npos) {
        int number = std::atoi(r.url.c_str() + number_at + 11);
        parts[number] = r.body.size();
        return Answer(200, "", {{"etag", "\"e" + std::to_string(number) + "\""}});
      }
      if (r.method == "POST" && r.url.ends_with("?uploadId=U1")) {
        complete_body = r.body;
        if (fail_complete) return Answer(200, "<Error><Code>InternalError</Code></Error>");
        return Answer(200, "<CompleteMultipartUploadResult/>");
      }
      if (r.method == "DELETE" && r.url.ends_with("?uploadId=U1")) {
        aborted = true;
        return Answer(204);
      }
      if (r.method == "PUT") {
        ++single_puts;
        return Answer(200);
      }
      return Answer(400);
    };
  }
};

S3Config SmallMultipartConfig() {
  S3Config config = TestConfig();
  config.part_size = 5 << 20;
  config.multipart_threshold = 5 << 20;
  return config;
}

TEST(S3StoreTest, LargePutUsesMultipartParts) {
  MultipartServer server;
  auto transport = std::make_shared<ScriptedTransport>(server.handler());
  auto store = OpenWith(transport, SmallMultipartConfig());
  ASSERT_OK(store->Put("big", std::string(12 << 20, 'x')));  // parts go up concurrently
  EXPECT_EQ(server.parts, (std::map<int, size_t>{{1, 5 << 20}, {2, 5 << 20}, {3, 2 << 20}}));
  std::string expected_parts;
  for (int i = 1; i <= 3; ++i) {
    expected_parts += "<Part><PartNumber>" + std::to_string(i) + "</PartNumber><ETag>&quot;e" +
                      std::to_string(i) + "&quot;</ETag></Part>";
  }
  EXPECT_EQ(server.complete_body,
            "<CompleteMultipartUpload>" + expected_parts + "</CompleteMultipartUpload>");
  EXPECT_FALSE(server.aborted);
  EXPECT_EQ(server.single_puts, 0);
  ASSERT_OK(store->Put("small", std::string(5 << 20, 'x')));  // at the threshold: one PUT
  EXPECT_EQ(server.single_puts, 1);
  EXPECT_EQ(server.parts.size(), 3u);
}

TEST(S3StoreTest, StreamingWriterUploadsPartsAndAbortsWhenAbandoned) {
  MultipartServer server;
  auto transport = std::make_shared<ScriptedTransport>(server.handler());
  auto store = OpenWith(transport, SmallMultipartConfig());
  {
    ASSERT_OK_AND_ASSIGN(auto out, store->OpenWrite("stream"));
    for (int i = 0; i < 7; ++i) ASSERT_OK(out->Write(std::string(1 << 20, 'a' + i)));
    EXPECT_EQ(server.parts, (std::map<int, size_t>{{1, 5 << 20}}));
  }
  EXPECT_TRUE(server.aborted);
  EXPECT_TRUE(server.complete_body.empty());
}

TEST(S3StoreTest, CompleteWithAnErrorBodyFailsAndAborts) {
  MultipartServer server;
  server.fail_complete = true;
  auto transport = std::make_shared<ScriptedTransport>(server.handler());
  auto store = OpenWith(transport, SmallMultipartConfig());
  Status st = store->Put("big", std::string(11 << 20, 'x'));
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("InternalError"), std::string::npos) << st;
  EXPECT_TRUE(server.aborted);
}

/// Sets environment variables for one test and restores them afterwards.
class ScopedEnv {
 public:
  void Set(const char* name, const char* value) {
    const char* old = std::getenv(name);
    saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) {
        setenv(it->first.c_str(), it->second->c_str(), 1);
      } else {
        unsetenv(it->first.c_str());
      }
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST(S3StoreTest, OpenStoreReportsAnUnreachableEndpointAsUnavailable) {
  ScopedEnv env;
  env.Set("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1");  // nothing listens on port 1
  env.Set("STRATA_S3_MAX_ATTEMPTS", "2");
  auto store = OpenStore("s3://nobucket/ws");
  ASSERT_FALSE(store.ok());
  EXPECT_TRUE(store.status().IsUnavailable()) << store.status();
  EXPECT_NE(store.status().message().find("open store s3://nobucket/ws"), std::string::npos)
      << store.status();
  EXPECT_NE(store.status().message().find("gave up after 2 attempts"), std::string::npos)
      << store.status();
}

TEST(S3XmlTest, DecodesEntitiesCdataAndRejectsTruncation) {
  ASSERT_OK_AND_ASSIGN(auto text, XmlText("<a><K>x&amp;y&#65;&#x42;<![CDATA[<z>]]></K></a>", "K"));
  EXPECT_EQ(*text, "x&yAB<z>");
  ASSERT_OK_AND_ASSIGN(auto none, XmlText("<a><KeyCount>1</KeyCount></a>", "Key"));
  EXPECT_FALSE(none.has_value());
  EXPECT_TRUE(XmlText("<a><K>open", "K").status().IsCorruption());
  EXPECT_TRUE(XmlDecode("&bogus;").status().IsCorruption());
  EXPECT_TRUE(ParseListPage("<html>proxy error</html>").status().IsCorruption());
  EXPECT_TRUE(ParseListPage("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>")
                  .status()
                  .IsCorruption());
  EXPECT_TRUE(ParseListPage("<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents>"
                            "</ListBucketResult>")
                  .status()
                  .IsCorruption());
}

TEST(S3ObjectsTest, ParsesHttpDates) {
  EXPECT_EQ(ParseHttpDateMicros("Sun, 30 Aug 2015 12:36:00 GMT"), 1440938160LL * 1000000);
  EXPECT_EQ(ParseHttpDateMicros("garbage"), 0);
}

}  // namespace
}  // namespace strata::io::s3
