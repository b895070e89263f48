// PII detection and redaction (DESIGN §5) with RE2 and validators: email, phone, credit_card
// (Luhn), iban (mod-97), us_ssn, ipv4, ipv6, secret (common key/token formats: AWS access keys,
// GitHub/GitLab/Slack tokens, OpenAI-style sk- keys, JWTs, PEM private keys, ...).
//
// Policy per type: tag (keep text, record the finding), mask (replace by "[TYPE]"), hash
// (replace by "[TYPE:" + first 12 hex of SHA-256 + "]"), drop (remove the text). Findings carry
// the offsets of the (possibly replaced) span in the new text, so they map onto chunks.
// Every type is scanned whatever the policy; overlapping candidates resolve by type rank
// (secret, email, iban, credit_card, us_ssn, ipv6, ipv4, phone), then length, and only then
// does the policy filter, so a number inside an IBAN is never reported as a phone number.
// Thread-safety: a PiiDetector is immutable after Make; Redact may run on many threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "ingest/document.h"

namespace strata::process {

enum class PiiAction { kTag, kMask, kHash, kDrop };

struct PiiPolicy {
  /// Action per type name; types absent here are not detected. Default: every type, kTag.
  std::map<std::string, PiiAction, std::less<>> actions;
  static PiiPolicy Default();
};

struct PiiFinding {
  std::string type;
  int64_t begin = 0;  // byte offsets of the span in the text after redaction
  int64_t end = 0;
  PiiAction action = PiiAction::kTag;
};

class PiiDetector {
 public:
  /// InvalidArgument naming an unknown type in the policy.
  static Result<std::unique_ptr<PiiDetector>> Make(PiiPolicy policy);
  ~PiiDetector();

  /// Findings in `text` (no redaction), ordered by offset, non-overlapping.
  std::vector<PiiFinding> Find(std::string_view text) const;
  /// Apply the policy to doc->text (segments remapped); return the findings.
  std::vector<PiiFinding> Redact(ingest::Document* doc) const;

  /// The type names this build detects.
  static const std::vector<std::string>& Types();

 private:
  struct Impl;
  explicit PiiDetector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// "tag" | "mask" | "hash" | "drop"; InvalidArgument otherwise.
Result<PiiAction> ParsePiiAction(std::string_view name);

}  // namespace strata::process
