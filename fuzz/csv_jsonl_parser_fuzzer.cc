// libFuzzer target: the csv and jsonl parsers and the row template. The first byte picks the
// parser (bit 0), a template (bit 1) and a title field (bit 2); the rest is the content. Any
// input must give documents or a Status, never a crash, hang or unbounded allocation.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest/parsers/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strata::ingest;  // NOLINT: fuzz entry point
  static const auto* registry = [] {
    auto* r = new ParserRegistry();
    RegisterTextParsers(r);
    return r;
  }();
  if (size == 0) return 0;
  uint8_t mode = data[0];
  ParserOptions options;
  options.limits.max_documents = 1000;
  options.limits.max_time = std::chrono::seconds(10);
  if (mode & 2) options.row_template = "{a} / {b.c} / {{literal}} / {tags} {tags.0}";
  if (mode & 4) options.title_field = "a";
  RawInput input;
  input.source = "fuzz";
  input.uri = mode & 1 ? "fuzz.jsonl" : "fuzz.csv";
  input.content.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  ParseContext context{options, std::chrono::steady_clock::now() + options.limits.max_time};
  size_t emitted = 0;
  (void)registry->ByName(mode & 1 ? "jsonl" : "csv")
      ->Parse(input, context, [&](Document doc) {
        if (++emitted > 1000) __builtin_trap();  // max_documents must hold
        return strata::Status::OK();
      });
  return 0;
}
