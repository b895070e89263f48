// libFuzzer target: the html parser (libxml2 HTML parser + boilerplate-dropping walk) and the
// markdown parser over arbitrary bytes. Any input must give documents or a Status, never a
// crash, hang or unbounded allocation; segments must lie inside the text in order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ingest/parsers/parser.h"

namespace {

const strata::ingest::ParserRegistry& Registry() {
  static const auto* registry = [] {
    auto* r = new strata::ingest::ParserRegistry();
    strata::ingest::RegisterTextParsers(r);
    return r;
  }();
  return *registry;
}

void CheckSegments(const strata::ingest::Document& doc) {
  int64_t last = 0;
  for (const auto& s : doc.segments) {
    if (s.begin < last || s.end <= s.begin || s.end > static_cast<int64_t>(doc.text.size())) {
      std::abort();
    }
    last = s.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strata::ingest;  // NOLINT: fuzz entry point
  ParserOptions options;
  options.limits.max_time = std::chrono::seconds(10);
  RawInput input;
  input.source = "fuzz";
  input.uri = "fuzz.html";
  input.content.assign(reinterpret_cast<const char*>(data), size);
  ParseContext context{options, std::chrono::steady_clock::now() + options.limits.max_time};
  auto sink = [](Document doc) {
    CheckSegments(doc);
    return strata::Status::OK();
  };
  (void)Registry().ByName("html")->Parse(input, context, sink);
  input.uri = "fuzz.md";
  (void)Registry().ByName("markdown")->Parse(input, context, sink);
  return 0;
}
