#include "ingest/parsers/sections.h"

#include <algorithm>

namespace strata::ingest {

void SectionTracker::Close(int64_t end) {
  if (!open_) return;
  open_ = false;
  current_.end = std::max(current_.begin, end);
  if (current_.end > current_.begin) segments_.push_back(std::move(current_));
  current_ = Segment();
}

void SectionTracker::OpenHeading(int level, std::string heading, int64_t offset) {
  if (heading.empty()) return;
  if (heading.size() > kMaxHeadingBytes) {  // cut before a character, not inside one
    size_t cut = kMaxHeadingBytes;
    while (cut > 0 && (static_cast<unsigned char>(heading[cut]) & 0xC0) == 0x80) --cut;
    heading.resize(cut);
  }
  Close(offset);
  while (!path_.empty() && path_.back().first >= level) path_.pop_back();
  path_.emplace_back(level, std::move(heading));
  current_.begin = offset;
  for (const auto& [unused, title] : path_) {
    if (!current_.section.empty()) current_.section += " > ";
    current_.section += title;
  }
  open_ = true;
}

std::vector<Segment> SectionTracker::Finish(int64_t end) {
  Close(end);
  std::vector<Segment> out;
  for (Segment& s : segments_) {  // clamp to a text trimmed after the segment opened
    s.end = std::min(s.end, end);
    if (s.begin < s.end) out.push_back(std::move(s));
  }
  segments_.clear();
  return out;
}

}  // namespace strata::ingest
