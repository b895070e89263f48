// Network identifiers: e-mail addresses, IPv4 and IPv6 addresses.
#include <algorithm>
#include <string>

#include "process/pii_scan.h"
#include "process/pii_validators.h"

namespace strata::process::pii {
namespace {

bool EmailLocalChar(char c) { return IsAlnum(c) || std::string_view("._%+-").find(c) != std::string_view::npos; }

/// RFC 5321-ish sanity beyond the pattern: no leading, trailing or doubled dots in the local
/// part, and no label of the domain that starts or ends with '-'.
bool EmailValid(std::string_view email) {
  size_t at = email.find('@');
  std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= domain.size()) {
    size_t dot = std::min(domain.find('.', start), domain.size());
    std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    start = dot + 1;
  }
  return true;
}

/// The word before `begin` (skipping spaces and ':'), lower-cased.
std::string PreviousWord(std::string_view text, size_t begin) {
  size_t end = begin;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == ':')) --end;
  size_t start = end;
  while (start > 0 && IsAlnum(text[start - 1])) --start;
  std::string word(text.substr(start, end - start));
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return word;
}

/// "version 1.2.3.4", "build 10.0.19041.1" are versions, not addresses.
bool FollowsVersionWord(std::string_view text, size_t begin) {
  static constexpr std::string_view kWords[] = {"version", "ver", "v", "release", "build",
                                                "firmware", "rev", "revision", "kernel"};
  std::string word = PreviousWord(text, begin);
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

void FindIpv4(std::string_view text, std::vector<PiiSpan>* out) {
  static const RE2 re("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}");
  ForEachCandidate(re, text, [&](size_t begin, size_t end, auto*) {
    if (!CleanLeft(text, begin, ".") || !CleanRight(text, end, ".") ||
        !Ipv4Valid(text.substr(begin, end - begin)) || FollowsVersionWord(text, begin)) {
      return kReject;
    }
    out->push_back({PiiType::kIpv4, begin, end});
    return out->back().end;
  });
}

void FindIpv6(std::string_view text, std::vector<PiiSpan>* out) {
  // A run of hex digits, colons and dots with at least one colon; the validator decides.
  static const RE2 re("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]+");
  ForEachCandidate(re, text, [&](size_t begin, size_t end, auto*) {
    while (end > begin && text[end - 1] == '.') --end;  // sentence end
    if (end - begin >= 2 && text[end - 1] == ':' && text[end - 2] != ':') --end;
    bool glued = (begin > 0 && (text[begin - 1] == ':' || text[begin - 1] == '.')) ||
                 (end < text.size() && text[end] == ':');
    if (glued || !CleanLeft(text, begin) || !CleanRight(text, end, ".") ||
        !Ipv6Valid(text.substr(begin, end - begin))) {
      return kReject;
    }
    out->push_back({PiiType::kIpv6, begin, end});
    return out->back().end;
  });
}

}  // namespace

void FindEmails(std::string_view text, std::vector<PiiSpan>* out) {
  static const RE2 re(
      "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}");
  ForEachCandidate(re, text, [&](size_t begin, size_t end, auto*) {
    if ((begin > 0 && EmailLocalChar(text[begin - 1])) || !CleanRight(text, end, "-") ||
        (end < text.size() && text[end] == '@') || !EmailValid(text.substr(begin, end - begin))) {
      return kReject;
    }
    out->push_back({PiiType::kEmail, begin, end});
    return out->back().end;
  });
}

void FindIpAddresses(std::string_view text, std::vector<PiiSpan>* out) {
  FindIpv4(text, out);
  FindIpv6(text, out);
}

}  // namespace strata::process::pii
