#include "ingest/file_glob.h"

#include <algorithm>

namespace strata::ingest {
namespace {

/// Match a bracket class at pattern[0] == '['; sets *consumed to its length, 0 when malformed.
bool MatchClass(std::string_view pattern, char c, size_t* consumed) {
  size_t i = 1;
  bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negate) ++i;
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (first || pattern[i] != ']')) {
    first = false;
    char lo = pattern[i];
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      matched = matched || (c >= lo && c <= pattern[i + 2]);
      i += 3;
    } else {
      matched = matched || c == lo;
      ++i;
    }
  }
  if (i >= pattern.size()) {
    *consumed = 0;
    return false;
  }
  *consumed = i + 1;
  return matched != negate && c != '/';
}

std::string_view BaseName(std::string_view rel) {
  size_t slash = rel.rfind('/');
  return slash == std::string_view::npos ? rel : rel.substr(slash + 1);
}

bool MatchesAny(const std::vector<std::string>& patterns, std::string_view rel) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) {
    return p.find('/') == std::string::npos ? GlobMatch(p, BaseName(rel)) : GlobMatch(p, rel);
  });
}

}  // namespace

bool GlobMatch(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      std::string_view rest = p.substr(2);
      if (rest.empty()) return true;
      if (rest.front() == '/') {
        rest.remove_prefix(1);
        // Zero folders, or skip through each '/' of s.
        if (GlobMatch(rest, s)) return true;
        for (size_t i = 0; i < s.size(); ++i) {
          if (s[i] == '/' && GlobMatch(rest, s.substr(i + 1))) return true;
        }
        return false;
      }
      for (size_t i = 0; i <= s.size(); ++i) {
        if (GlobMatch(rest, s.substr(i))) return true;
      }
      return false;
    }
    char c = p.front();
    if (c == '*') {
      std::string_view rest = p.substr(1);
      for (size_t i = 0; i <= s.size(); ++i) {
        if (GlobMatch(rest, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') return false;
      }
      return false;
    }
    if (s.empty()) return false;
    if (c == '?') {
      if (s.front() == '/') return false;
      p.remove_prefix(1);
    } else if (c == '[') {
      size_t consumed = 0;
      bool ok = MatchClass(p, s.front(), &consumed);
      if (consumed == 0) {  // a lone '[' is a literal
        if (s.front() != '[') return false;
        consumed = 1;
      } else if (!ok) {
        return false;
      }
      p.remove_prefix(consumed);
    } else {
      if (c != s.front()) return false;
      p.remove_prefix(1);
    }
    s.remove_prefix(1);
  }
  return s.empty();
}

bool HasGlobChars(std::string_view text) {
  return text.find_first_of("*?[") != std::string_view::npos;
}

bool FileFilter::SkipsHidden(std::string_view rel) const {
  if (hidden) return false;
  size_t start = 0;
  while (start < rel.size()) {
    if (rel[start] == '.') return true;
    size_t slash = rel.find('/', start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

bool FileFilter::AcceptsFile(std::string_view rel) const {
  if (SkipsHidden(rel)) return false;
  if (!pattern.empty() && !GlobMatch(pattern, rel)) return false;
  if (!include.empty() && !MatchesAny(include, rel)) return false;
  return !MatchesAny(exclude, rel);
}

bool FileFilter::EntersDir(std::string_view rel) const {
  if (SkipsHidden(rel)) return false;
  if (MatchesAny(exclude, rel)) return false;
  if (pattern.empty() || pattern.find("**") != std::string::npos) return true;
  // Without "**" a pattern has a fixed depth: enter only folders above it.
  size_t pattern_depth = std::count(pattern.begin(), pattern.end(), '/');
  size_t dir_depth = std::count(rel.begin(), rel.end(), '/') + 1;
  return dir_depth <= pattern_depth;
}

}  // namespace strata::ingest
