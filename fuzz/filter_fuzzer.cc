// libFuzzer target: search filter expressions and principal specs from arbitrary text (they
// arrive from the CLI and, later, HTTP requests). Invariants: parsing never crashes; a parsed
// filter prints to text that parses again to the same text; evaluating it on a small chunk-like
// batch either works or fails with a status, and yields one flag per row.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "format/predicate.h"
#include "index/access.h"

namespace {

strata::format::RecordBatch SampleBatch() {
  using namespace strata::format;
  RecordBatch batch;
  batch.schema = Schema({{"lang", String(), true}, {"page", Int32(), true}, {"score", Float64(), true}});
  batch.num_rows = 3;
  Column lang = MakeColumn(String()), page = MakeColumn(Int32()), score = MakeColumn(Float64());
  lang.AppendBinary("en");
  lang.AppendNull();
  lang.AppendBinary("fr");
  page.Append<int32_t>(1);
  page.Append<int32_t>(-7);
  page.AppendNull();
  score.Append<double>(0.5);
  score.AppendNull();
  score.Append<double>(1e300);
  batch.columns = {std::move(lang), std::move(page), std::move(score)};
  return batch;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)strata::index::ParsePrincipal(text);
  auto filter = strata::format::Predicate::Parse(text);
  if (!filter.ok()) return 0;
  std::string printed = filter->ToString();
  auto again = strata::format::Predicate::Parse(printed);
  if (!again.ok() || again->ToString() != printed) std::abort();
  static const strata::format::RecordBatch batch = SampleBatch();
  auto mask = filter->Evaluate(batch);
  if (mask.ok() && mask->size() != static_cast<size_t>(batch.num_rows)) std::abort();
  return 0;
}
