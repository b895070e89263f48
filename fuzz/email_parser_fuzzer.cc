// libFuzzer target: the email parser (RFC 5322 headers, RFC 2047 words, MIME multipart,
// quoted-printable, base64, charsets, HTML parts) with a small decoded-bytes limit. Any input
// must give a document or a Status, never a crash, hang or unbounded allocation.
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
  ParserOptions options;
  options.limits.max_decompressed_bytes = 1 << 20;
  options.limits.max_time = std::chrono::seconds(10);
  RawInput input;
  input.source = "fuzz";
  input.uri = "fuzz.eml";
  input.content.assign(reinterpret_cast<const char*>(data), size);
  ParseContext context{options, std::chrono::steady_clock::now() + options.limits.max_time};
  (void)registry->ByName("email")->Parse(input, context,
                                         [](Document) { return strata::Status::OK(); });
  return 0;
}
