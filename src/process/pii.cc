#include "process/pii.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <optional>

#include "common/hash.h"
#include "process/pii_scan.h"

namespace strata::process {

using pii::PiiSpan;
using pii::PiiType;

namespace {

constexpr size_t kTypeCount = static_cast<size_t>(PiiType::kCount);

// Names indexed by PiiType.
constexpr std::array<std::string_view, kTypeCount> kTypeNames = {
    "secret", "email", "iban", "credit_card", "us_ssn", "ipv6", "ipv4", "phone"};

std::optional<PiiType> TypeNamed(std::string_view name) {
  for (size_t i = 0; i < kTypeCount; ++i) {
    if (kTypeNames[i] == name) return static_cast<PiiType>(i);
  }
  return std::nullopt;
}

/// Every candidate of every type, overlaps resolved: the lower PiiType wins, then the longer
/// span. The result is ordered by offset and non-overlapping.
std::vector<PiiSpan> ScanAll(std::string_view text) {
  std::vector<PiiSpan> spans;
  pii::FindSecrets(text, &spans);
  pii::FindEmails(text, &spans);
  pii::FindIbans(text, &spans);
  pii::FindCreditCards(text, &spans);
  pii::FindUsSsns(text, &spans);
  pii::FindIpAddresses(text, &spans);
  pii::FindPhones(text, &spans);
  std::sort(spans.begin(), spans.end(), [](const PiiSpan& a, const PiiSpan& b) {
    if (a.type != b.type) return a.type < b.type;
    if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
    return a.begin < b.begin;
  });
  std::map<size_t, PiiSpan> accepted;  // by begin; disjoint
  for (const PiiSpan& span : spans) {
    auto next = accepted.lower_bound(span.end);
    if (next != accepted.begin() && std::prev(next)->second.end > span.begin) continue;
    accepted.emplace(span.begin, span);
  }
  std::vector<PiiSpan> result;
  result.reserve(accepted.size());
  for (const auto& [begin, span] : accepted) result.push_back(span);
  return result;
}

std::string Replacement(PiiAction action, std::string_view type, std::string_view original) {
  std::string upper(type);
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  switch (action) {
    case PiiAction::kMask:
      return "[" + upper + "]";
    case PiiAction::kHash:
      return "[" + upper + ":" + Sha256Hex(original).substr(0, 12) + "]";
    case PiiAction::kDrop:
      return "";
    case PiiAction::kTag:
      break;
  }
  return std::string(original);
}

/// A replaced span: where it was and where its replacement is.
struct Edit {
  int64_t old_begin, old_end, new_begin, new_end;
};

/// The offset in the redacted text of `pos` in the original. A position strictly inside a
/// replaced span maps to the end of its replacement, so the replacement stays with the segment
/// the span started in.
int64_t MapOffset(const std::vector<Edit>& edits, int64_t pos) {
  auto it = std::upper_bound(edits.begin(), edits.end(), pos,
                             [](int64_t p, const Edit& e) { return p < e.old_begin; });
  if (it == edits.begin()) return pos;
  const Edit& e = *std::prev(it);
  if (pos == e.old_begin) return e.new_begin;
  if (pos < e.old_end) return e.new_end;
  return e.new_end + (pos - e.old_end);
}

}  // namespace

struct PiiDetector::Impl {
  std::array<std::optional<PiiAction>, kTypeCount> actions;
};

PiiPolicy PiiPolicy::Default() {
  PiiPolicy policy;
  for (const std::string& type : PiiDetector::Types()) policy.actions[type] = PiiAction::kTag;
  return policy;
}

Result<PiiAction> ParsePiiAction(std::string_view name) {
  if (name == "tag") return PiiAction::kTag;
  if (name == "mask") return PiiAction::kMask;
  if (name == "hash") return PiiAction::kHash;
  if (name == "drop") return PiiAction::kDrop;
  return Status::InvalidArgument("unknown PII action '" + std::string(name) +
                                 "' (expected tag, mask, hash or drop)");
}

const std::vector<std::string>& PiiDetector::Types() {
  static const std::vector<std::string> types = {"email",  "phone", "credit_card", "iban",
                                                 "us_ssn", "ipv4",  "ipv6",        "secret"};
  return types;
}

Result<std::unique_ptr<PiiDetector>> PiiDetector::Make(PiiPolicy policy) {
  auto impl = std::make_unique<Impl>();
  for (const auto& [name, action] : policy.actions) {
    std::optional<PiiType> type = TypeNamed(name);
    if (!type) {
      std::string known;
      for (const std::string& t : Types()) known += (known.empty() ? "" : ", ") + t;
      return Status::InvalidArgument("PII policy: unknown type '" + name + "' (known: " + known +
                                     ")");
    }
    impl->actions[static_cast<size_t>(*type)] = action;
  }
  return std::unique_ptr<PiiDetector>(new PiiDetector(std::move(impl)));
}

PiiDetector::PiiDetector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PiiDetector::~PiiDetector() = default;

std::vector<PiiFinding> PiiDetector::Find(std::string_view text) const {
  std::vector<PiiFinding> findings;
  for (const PiiSpan& span : ScanAll(text)) {
    const std::optional<PiiAction>& action = impl_->actions[static_cast<size_t>(span.type)];
    if (!action) continue;
    findings.push_back({std::string(kTypeNames[static_cast<size_t>(span.type)]),
                        static_cast<int64_t>(span.begin), static_cast<int64_t>(span.end), *action});
  }
  return findings;
}

std::vector<PiiFinding> PiiDetector::Redact(ingest::Document* doc) const {
  std::vector<PiiFinding> findings = Find(doc->text);
  std::string_view text = doc->text;
  std::string out;
  out.reserve(text.size());
  std::vector<Edit> edits;
  int64_t last = 0;
  for (PiiFinding& f : findings) {
    out.append(text.substr(last, f.begin - last));
    std::string_view original = text.substr(f.begin, f.end - f.begin);
    auto new_begin = static_cast<int64_t>(out.size());
    out.append(Replacement(f.action, f.type, original));
    edits.push_back({f.begin, f.end, new_begin, static_cast<int64_t>(out.size())});
    last = f.end;
    f.begin = new_begin;
    f.end = static_cast<int64_t>(out.size());
  }
  out.append(text.substr(last));
  auto n = static_cast<int64_t>(text.size());
  for (ingest::Segment& seg : doc->segments) {
    int64_t begin = MapOffset(edits, std::clamp<int64_t>(seg.begin, 0, n));
    seg.end = std::max(begin, MapOffset(edits, std::clamp<int64_t>(seg.end, 0, n)));
    seg.begin = begin;
  }
  doc->text = std::move(out);
  return findings;
}

}  // namespace strata::process
