// DetectMime (libmagic + extension hints), the registry's lookups, and ParseInput's limits,
// dispatch and error prefixes.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "ingest/parsers/detect.h"
#include "ingest/parsers/parser.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xFF);
  return out;
}

ParserRegistry TextRegistry() {
  ParserRegistry registry;
  RegisterTextParsers(&registry);
  return registry;
}

RawInput Input(std::string uri, std::string content, std::string mime_hint = "") {
  RawInput input;
  input.source = "test";
  input.uri = std::move(uri);
  input.content = std::move(content);
  input.mime_hint = std::move(mime_hint);
  return input;
}

Result<std::vector<Document>> Parse(const RawInput& input, const ParserOptions& options = {}) {
  std::vector<Document> docs;
  Status st = ParseInput(TextRegistry(), input, options, [&](Document d) {
    docs.push_back(std::move(d));
    return Status::OK();
  });
  if (!st.ok()) return st;
  return docs;
}

TEST(ParserDetectTest, SignaturesOfRealFileKinds) {
  EXPECT_EQ(DetectMime("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "report.bin").ValueOr(""),
            "application/pdf");
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0", 29);
  EXPECT_EQ(DetectMime(png, "image.txt").ValueOr(""), "image/png");  // content beats extension
  std::string gzip("\x1f\x8b\x08\0\0\0\0\0\0\x03", 10);
  EXPECT_EQ(DetectMime(gzip, "a.gz").ValueOr(""), "application/gzip");
  EXPECT_EQ(DetectMime("<!DOCTYPE html><html><body><p>x</p></body></html>", "page").ValueOr(""),
            "text/html");
}

TEST(ParserDetectTest, ExtensionRefinesGenericText) {
  std::string md = "# Title\n\nSome text.\n";
  EXPECT_EQ(DetectMime(md, "notes.md").ValueOr(""), "text/markdown");
  EXPECT_EQ(DetectMime(md, "dir/NOTES.Markdown?v=2").ValueOr(""), "text/markdown");
  EXPECT_EQ(DetectMime(md, "notes.txt").ValueOr(""), "text/plain");
  EXPECT_EQ(DetectMime("a;b\n1;2\n", "t.csv").ValueOr(""), "text/csv");
  EXPECT_EQ(DetectMime("a\tb\n1\t2\n", "t.tsv").ValueOr(""), "text/tab-separated-values");
  EXPECT_EQ(DetectMime("{\"a\":1}\n{\"a\":2}\n", "r.jsonl").ValueOr(""), "application/jsonl");
  EXPECT_EQ(DetectMime("{\"a\":1}\n{\"a\":2}\n", "r.ndjson").ValueOr(""), "application/jsonl");
  EXPECT_EQ(DetectMime("{\"a\":1}\n{\"a\":2}\n", "records").ValueOr(""), "application/jsonl");
  EXPECT_EQ(DetectMime("<p>hello</p>\n", "p.htm").ValueOr(""), "text/html");
  EXPECT_EQ(DetectMime("Message-ID: <x@y>\nDate: Mon\n\nbody\n", "m.eml").ValueOr(""),
            "message/rfc822");
  EXPECT_EQ(DetectMime("", "empty.csv").ValueOr(""), "text/csv");
  EXPECT_EQ(DetectMime("", "empty").ValueOr(""), "text/plain");
}

TEST(ParserDetectTest, ZipWithDocxExtensionIsDocx) {
  EXPECT_EQ(RefineMime("application/zip", "docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(RefineMime("application/zip", "zip"), "application/zip");
}

TEST(ParserDetectTest, UriExtension) {
  EXPECT_EQ(UriExtension("s3://b/x/report.PDF"), "pdf");
  EXPECT_EQ(UriExtension("file:///a.b/c"), "");
  EXPECT_EQ(UriExtension("/x/.bashrc"), "");
  EXPECT_EQ(UriExtension("/x/data.csv#row=3"), "csv");
}

TEST(ParserDetectTest, BinaryGarbageWithTextExtensionIsRefused) {
  std::string garbage = RandomBytes(4096, 7);
  EXPECT_EQ(DetectMime(garbage, "notes.txt").ValueOr(""), "application/octet-stream");
  auto docs = Parse(Input("notes.txt", garbage));
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(docs.status().message().find("notes.txt: binary content in a .txt file"),
            std::string::npos) << docs.status().ToString();
  // Forced through the text parser by a hint, the parser itself refuses.
  docs = Parse(Input("notes.txt", garbage, "text/plain"));
  ASSERT_FALSE(docs.ok());
  EXPECT_NE(docs.status().message().find("notes.txt: text: binary content in a .txt file"),
            std::string::npos) << docs.status().ToString();
}

TEST(ParserDetectTest, DetectionIsSafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        bool pdf = (i + t) % 2 == 1;
        std::string mime = DetectMime(pdf ? "%PDF-1.5\n" : "# x\n\ny\n", "f.md").ValueOr("");
        wrong[t] += mime != (pdf ? "application/pdf" : "text/markdown");
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int w : wrong) EXPECT_EQ(w, 0);
}

TEST(ParserRegistryTest, LookupByMimeAndName) {
  ParserRegistry registry = TextRegistry();
  ASSERT_NE(registry.ForMime("text/x-c"), nullptr);
  EXPECT_EQ(registry.ForMime("text/x-c")->name(), "text");  // the text/* wildcard
  ASSERT_NE(registry.ForMime("TEXT/HTML; charset=utf-8"), nullptr);
  EXPECT_EQ(registry.ForMime("TEXT/HTML; charset=utf-8")->name(), "html");
  EXPECT_EQ(registry.ForMime("text/csv")->name(), "csv");
  EXPECT_EQ(registry.ForMime("application/x-ndjson")->name(), "jsonl");
  EXPECT_EQ(registry.ForMime("message/rfc822")->name(), "email");
  EXPECT_EQ(registry.ForMime("image/png"), nullptr);
  EXPECT_EQ(registry.ForMime("garbage"), nullptr);
  ASSERT_NE(registry.ByName("markdown"), nullptr);
  EXPECT_EQ(registry.ByName("pdf"), nullptr);
}

TEST(ParserRegistryTest, DefaultHasTextAndMediaParsers) {
  const ParserRegistry& registry = ParserRegistry::Default();
  ASSERT_NE(registry.ForMime("text/markdown"), nullptr);
  EXPECT_EQ(registry.ForMime("text/markdown")->name(), "markdown");
  EXPECT_NE(registry.ForMime("application/pdf"), nullptr);
  EXPECT_EQ(&registry, &ParserRegistry::Default());
}

TEST(ParserInputTest, SizeLimitNamesTheLimit) {
  ParserOptions options;
  options.limits.max_bytes = 10;
  auto docs = Parse(Input("big.txt", "eleven byte"), options);
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(docs.status().message(), "big.txt: input is 11 bytes, over the limit max_bytes=10");
}

TEST(ParserInputTest, UnknownTypeIsNotSupported) {
  auto docs = Parse(Input("r.pdf", "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"));
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), StatusCode::kNotSupported);
  EXPECT_EQ(docs.status().message(), "r.pdf: no parser for application/pdf");
}

TEST(ParserInputTest, DocumentCarriesDetectedMimeAndIdentity) {
  RawInput input = Input("src/main.c", "#include <stdio.h>\nint main(void) { return 0; }\n");
  input.labels.tenant = "acme";
  input.metadata["mtime"] = "2024-01-01";
  ASSERT_OK_AND_ASSIGN(auto docs, Parse(input));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].mime, "text/x-c");
  EXPECT_EQ(docs[0].text, input.content);
  EXPECT_EQ(docs[0].uri, "src/main.c");
  EXPECT_EQ(docs[0].source, "test");
  EXPECT_EQ(docs[0].labels.tenant, "acme");
  EXPECT_EQ(docs[0].metadata.at("mtime"), "2024-01-01");
  EXPECT_EQ(docs[0].bytes, static_cast<int64_t>(input.content.size()));
}

TEST(ParserInputTest, ParserErrorsNameUriAndParserButSinkErrorsPassThrough) {
  auto docs = Parse(Input("t.csv", "a,b\n1,\"open\n"));
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().message(), "t.csv: csv: line 2: unterminated quoted field");

  Status st = ParseInput(TextRegistry(), Input("t.csv", "a\n1\n2\n"), {},
                         [](Document) { return Status::IOError("disk full"); });
  EXPECT_EQ(st.code(), StatusCode::kIOError);
  EXPECT_EQ(st.message(), "disk full");
}

TEST(ParserInputTest, DeadlineStopsLongInputs) {
  std::string csv = "n\n";
  for (int i = 0; i < 5000; ++i) csv += std::to_string(i) + "\n";
  ParserOptions options;
  options.limits.max_time = std::chrono::milliseconds(0);
  int emitted = 0;
  Status st = ParseInput(TextRegistry(), Input("n.csv", csv), options, [&](Document) {
    ++emitted;
    return Status::OK();
  });
  EXPECT_EQ(st.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(st.message().find("max_time=0 ms"), std::string::npos) << st.ToString();
  EXPECT_LT(emitted, 5000);
}

}  // namespace
}  // namespace strata::ingest

namespace strata::ingest {
namespace {

TEST(ParserDetectRoutingTest, UnnamedBinaryGoesToTheParserOfItsExtension) {
  EXPECT_EQ(RefineMime("application/octet-stream", "pdf"), "application/pdf");
  EXPECT_EQ(RefineMime("application/octet-stream", "wav"), "audio/x-wav");
  EXPECT_EQ(RefineMime("application/octet-stream", "txt"), "application/octet-stream");
  EXPECT_EQ(RefineMime("application/octet-stream", "bin"), "application/octet-stream");
}

}  // namespace
}  // namespace strata::ingest
