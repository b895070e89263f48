// SectionTracker: turns the headings met while a document's text is produced into Segments
// whose section is the heading path ("Intro > Setup"). A heading opens a segment at its offset
// that runs to the next heading (of any level) or the end of the text; text before the first
// heading belongs to no segment. Used by the Markdown and HTML parsers; one per document.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ingest/document.h"

namespace strata::ingest {

class SectionTracker {
 public:
  /// Headings are cut to this many bytes: every segment below a heading repeats it.
  static constexpr size_t kMaxHeadingBytes = 1024;

  /// Open the section of a level-`level` heading (1 = top) titled `heading` at byte `offset`.
  /// Headings of this level or deeper are popped from the path first. Empty headings are
  /// ignored.
  void OpenHeading(int level, std::string heading, int64_t offset);

  /// Close the open section at `end` (the text's final size) and return the segments.
  std::vector<Segment> Finish(int64_t end);

 private:
  void Close(int64_t end);

  std::vector<std::pair<int, std::string>> path_;
  std::vector<Segment> segments_;
  bool open_ = false;
  Segment current_;
};

}  // namespace strata::ingest
