// Secrets: credentials with a recognizable shape (cloud and SaaS tokens, JWTs, PEM private
// keys) and values assigned to credential-named keys ("password=...", "api_key: ...").
#include <memory>
#include <string>

#include "process/pii_scan.h"

namespace strata::process::pii {
namespace {

struct TokenShape {
  const char* pattern;
  bool needs_digit;  // random tokens of this family always mix digits in; prose does not
};

// Token formats as published by their issuers (prefix + alphabet + length).
constexpr TokenShape kTokenShapes[] = {
    {"(?:AKIA|ASIA)[0-9A-Z]{16}", false},                          // AWS access key id
    {"gh[pousr]_[A-Za-z0-9]{36}", false},                          // GitHub classic tokens
    {"github_pat_[A-Za-z0-9_]{50,255}", false},                    // GitHub fine-grained
    {"glpat-[A-Za-z0-9_-]{20,64}", false},                         // GitLab personal token
    {"xox[abpr]-[A-Za-z0-9-]{10,250}", true},                      // Slack
    {"[sr]k_live_[A-Za-z0-9]{16,247}", false},                     // Stripe secret/restricted
    {"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}", true},  // OpenAI-style
    {"AIza[0-9A-Za-z_-]{35}", false},                              // Google API key
    {"eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*", false},  // JWT
};

bool HasDigit(std::string_view s) {
  for (char c : s) {
    if (IsDigit(c)) return true;
  }
  return false;
}

const std::vector<std::unique_ptr<RE2>>& TokenPatterns() {
  static const std::vector<std::unique_ptr<RE2>> compiled = [] {
    std::vector<std::unique_ptr<RE2>> v;
    for (const TokenShape& shape : kTokenShapes) v.push_back(std::make_unique<RE2>(shape.pattern));
    return v;
  }();
  return compiled;
}

void FindTokens(std::string_view text, std::vector<PiiSpan>* out) {
  const auto& patterns = TokenPatterns();
  for (size_t k = 0; k < patterns.size(); ++k) {
    bool needs_digit = kTokenShapes[k].needs_digit;
    ForEachCandidate(*patterns[k], text, [&](size_t begin, size_t end, auto*) {
      if (!CleanLeft(text, begin, "-") || !CleanRight(text, end) ||
          (needs_digit && !HasDigit(text.substr(begin, end - begin)))) {
        return kReject;
      }
      out->push_back({PiiType::kSecret, begin, end});
      return out->back().end;
    });
  }
}

void FindPrivateKeys(std::string_view text, std::vector<PiiSpan>* out) {
  static const RE2 re(
      "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?s:.*?)-----END [A-Z0-9 ]*PRIVATE KEY-----");
  ForEachCandidate(re, text, [&](size_t begin, size_t end, auto*) {
    out->push_back({PiiType::kSecret, begin, end});
    return out->back().end;
  });
}

/// True for values that are placeholders rather than secrets: "********", "xxxxxx", "<token>",
/// "${API_KEY}".
bool Placeholder(std::string_view value) {
  if (value.find_first_not_of(value[0]) == std::string_view::npos) return true;
  char first = value.front(), last = value.back();
  return (first == '<' && last == '>') || (first == '$' && value.size() > 1 && value[1] == '{') ||
         (first == '{' && last == '}');
}

void FindAssignments(std::string_view text, std::vector<PiiSpan>* out) {
  // The key, an optional closing quote, ':' or '=', an optional opening quote, the value (group
  // 1). Only the value is the finding, so masking keeps "password=" readable.
  static const RE2 re(
      "(?i)(?:password|passwd|pwd|passphrase|secret|secret[_-]?key|client[_-]?secret|"
      "api[_-]?key|apikey|access[_-]?key|access[_-]?token|auth[_-]?token|private[_-]?key)"
      "[\"']?[ \\t]*[:=][ \\t]*[\"']?([^\\s\"',;]{6,200})");
  ForEachCandidate(re, text, [&](size_t begin, size_t, const re2::StringPiece* groups) {
    auto value_begin = static_cast<size_t>(groups[1].data() - text.data());
    size_t value_end = value_begin + groups[1].size();
    if (text[value_end - 1] == '.' && (value_end == text.size() || text[value_end] != '.')) {
      --value_end;  // a sentence's full stop
    }
    if (begin > 0 && IsAlnum(text[begin - 1])) return kReject;  // "xpassword" is not the key
    std::string_view value = text.substr(value_begin, value_end - value_begin);
    if (value.size() < 6 || Placeholder(value)) return kReject;
    out->push_back({PiiType::kSecret, value_begin, value_end});
    return out->back().end;
  });
}

}  // namespace

void FindSecrets(std::string_view text, std::vector<PiiSpan>* out) {
  FindTokens(text, out);
  FindPrivateKeys(text, out);
  FindAssignments(text, out);
}

}  // namespace strata::process::pii
