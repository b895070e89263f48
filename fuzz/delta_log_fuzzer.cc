// libFuzzer target: parse one Delta commit file (newline-delimited JSON actions), then its
// schemaString and stats as a reader would. Any input must give actions or a Status, never a
// crash, hang or unbounded allocation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "table/actions.h"
#include "table/delta_schema.h"
#include "table/file_stats.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strata::table;  // NOLINT: fuzz entry point
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto actions = ParseCommit(text, "fuzz.json");
  if (!actions.ok()) return 0;
  strata::format::Schema schema;
  for (const Action& a : *actions) {
    if (const auto* m = std::get_if<Metadata>(&a)) {
      auto parsed = ParseDeltaSchema(m->schema_string);
      if (parsed.ok()) schema = parsed->schema;
    }
  }
  for (const Action& a : *actions) {
    if (const auto* add = std::get_if<AddFile>(&a); add && add->stats) {
      (void)ParseFileStats(*add->stats, schema);
    }
  }
  (void)SerializeCommit(*actions);
  return 0;
}
