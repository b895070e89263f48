// libFuzzer target: text normalization and PII redaction of arbitrary bytes. Invariants: the
// normalized text is valid UTF-8 and normalizing it again changes nothing; segments cut from
// the first input bytes stay ordered and inside the text through normalization and redaction;
// PII findings are ordered, non-overlapping and inside the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "process/normalize.h"
#include "process/pii.h"

namespace {

void CheckSegments(const strata::ingest::Document& doc) {
  int64_t previous_end = 0;
  for (const strata::ingest::Segment& s : doc.segments) {
    if (s.begin < previous_end || s.begin > s.end ||
        s.end > static_cast<int64_t>(doc.text.size())) {
      std::abort();
    }
    previous_end = s.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strata::process;
  if (size < 2) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::string once = NormalizeText(input);
  if (RepairUtf8(once) != once || NormalizeText(once) != once) std::abort();

  // Two segment boundaries taken from the first two bytes.
  strata::ingest::Document doc;
  doc.text = std::string(input);
  auto n = static_cast<int64_t>(input.size());
  int64_t a = n == 0 ? 0 : data[0] % (n + 1), b = n == 0 ? 0 : data[1] % (n + 1);
  if (a > b) std::swap(a, b);
  doc.segments = {{0, a, "one", 1}, {a, b, "two", 2}, {b, n, "three", 3}};
  NormalizeDocument(&doc);
  CheckSegments(doc);

  static const std::unique_ptr<PiiDetector> detector = [] {
    PiiPolicy policy = PiiPolicy::Default();
    policy.actions["email"] = PiiAction::kMask;
    policy.actions["phone"] = PiiAction::kDrop;
    policy.actions["secret"] = PiiAction::kHash;
    return std::move(PiiDetector::Make(policy)).value();
  }();
  auto findings = detector->Redact(&doc);
  CheckSegments(doc);
  int64_t previous_end = 0;
  for (const PiiFinding& f : findings) {
    if (f.begin < previous_end || f.begin > f.end ||
        f.end > static_cast<int64_t>(doc.text.size())) {
      std::abort();
    }
    previous_end = f.end;
  }
  return 0;
}
