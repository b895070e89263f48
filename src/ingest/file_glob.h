// Glob patterns for the file source: matching, and the filter that decides which files of a
// walked tree a source reads.
//
// Syntax: `*` any run of characters within one path component, `?` one such character,
// `[abc]`/`[a-z]`/`[!a]` a character class, `**` any run including '/', and `**/` zero or more
// whole folders. Paths are '/'-separated and relative to the walk's root.
// Thread-safety: pure functions and an immutable value type.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata::ingest {

/// True when `path` matches the glob `pattern` as a whole.
bool GlobMatch(std::string_view pattern, std::string_view path);
/// True when `text` contains a glob metacharacter (*, ?, [).
bool HasGlobChars(std::string_view text);

/// Which files under a root a file source reads.
struct FileFilter {
  std::string pattern;               // glob over the relative path; empty = every file
  std::vector<std::string> include;  // any must match (none = all)
  std::vector<std::string> exclude;  // none may match; also prunes folders
  bool hidden = false;               // read names starting with '.'

  /// True when the file at relative path `rel` is read.
  bool AcceptsFile(std::string_view rel) const;
  /// True when the walk descends into the folder at relative path `rel`.
  bool EntersDir(std::string_view rel) const;
  /// True when some component of `rel` is hidden and hidden files are skipped.
  bool SkipsHidden(std::string_view rel) const;
};

}  // namespace strata::ingest
