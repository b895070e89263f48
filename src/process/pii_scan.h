// Internal to the PII detector (pii.h): the candidate scanners, one per family of types, and
// what they share. A scanner finds candidates with an RE2 pattern (RE2 has no lookarounds, so
// the characters around a match are checked in code), validates each (checksums, ranges,
// formats in pii_validators.h) and appends the accepted spans. Scanners report every type they
// know regardless of the policy; the detector resolves overlaps, then applies the policy.
// Thread-safety: scanners are pure; their RE2 objects are immutable after first use.
#pragma once

#include <re2/re2.h>

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace strata::process::pii {

enum class PiiType { kSecret, kEmail, kIban, kCreditCard, kUsSsn, kIpv6, kIpv4, kPhone, kCount };

/// A detected span [begin, end) of `type`. Lower enumerators win overlaps (a secret that
/// contains digits stays a secret; a number inside an IBAN is not a phone number).
struct PiiSpan {
  PiiType type;
  size_t begin;
  size_t end;
};

void FindEmails(std::string_view text, std::vector<PiiSpan>* out);
void FindIpAddresses(std::string_view text, std::vector<PiiSpan>* out);  // ipv4 and ipv6
void FindPhones(std::string_view text, std::vector<PiiSpan>* out);
void FindCreditCards(std::string_view text, std::vector<PiiSpan>* out);
void FindIbans(std::string_view text, std::vector<PiiSpan>* out);
void FindUsSsns(std::string_view text, std::vector<PiiSpan>* out);
void FindSecrets(std::string_view text, std::vector<PiiSpan>* out);

inline bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsWordChar(char c) { return IsAlnum(c) || c == '_'; }

/// True when the span starting at `begin` is not glued to a preceding token: the byte before
/// is not a word character, and not a joiner (`joiners`, e.g. "-." for numbers) that itself
/// follows an alphanumeric ("A-4111...", "1.2.3.4" inside "10.1.2.3.4").
inline bool CleanLeft(std::string_view text, size_t begin, std::string_view joiners = "") {
  if (begin == 0) return true;
  char c = text[begin - 1];
  if (IsWordChar(c)) return false;
  if (joiners.find(c) != std::string_view::npos && begin >= 2 && IsAlnum(text[begin - 2])) {
    return false;
  }
  return true;
}

/// As CleanLeft, for the byte after `end`.
inline bool CleanRight(std::string_view text, size_t end, std::string_view joiners = "") {
  if (end >= text.size()) return true;
  char c = text[end];
  if (IsWordChar(c)) return false;
  if (joiners.find(c) != std::string_view::npos && end + 1 < text.size() &&
      IsAlnum(text[end + 1])) {
    return false;
  }
  return true;
}

/// What an accept callback of ForEachCandidate returns to reject a candidate.
inline constexpr size_t kReject = 0;

/// Call accept(begin, end, submatches) for each leftmost match of `re`. accept returns where
/// the scan resumes — the end of the span it accepted, which may be shorter than the match —
/// or kReject, after which the scan resumes after the current word, since a candidate
/// starting inside a word fails CleanLeft anyway.
template <typename Accept>
void ForEachCandidate(const RE2& re, std::string_view text, Accept accept) {
  constexpr int kMaxGroups = 4;
  re2::StringPiece groups[kMaxGroups];
  int n = std::min(kMaxGroups, 1 + re.NumberOfCapturingGroups());
  re2::StringPiece input(text.data(), text.size());
  size_t pos = 0;
  while (pos < text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, groups, n)) {
    auto begin = static_cast<size_t>(groups[0].data() - text.data());
    size_t end = begin + groups[0].size();
    size_t resume = accept(begin, end, groups);
    if (resume > begin) {
      pos = resume;
      continue;
    }
    pos = begin + 1;
    while (pos < text.size() && IsWordChar(text[pos]) && IsWordChar(text[pos - 1])) ++pos;
  }
}

}  // namespace strata::process::pii
