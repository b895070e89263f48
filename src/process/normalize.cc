#include "process/normalize.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace strata::process {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

/// Length (1-4) of the well-formed UTF-8 sequence at p[0..n), or 0 when p[0] starts none.
size_t SequenceLength(const uint8_t* p, size_t n) {
  uint8_t b = p[0];
  if (b < 0x80) return 1;
  size_t len;
  uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte (Unicode Table 3-7)
  if (b >= 0xC2 && b <= 0xDF) {
    len = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    len = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;  // no surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    len = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (n < len || p[1] < lo || p[1] > hi) return 0;
  for (size_t i = 2; i < len; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return len;
}

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  for (size_t i = 0; i < text.size();) {
    size_t len = SequenceLength(p + i, text.size() - i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

/// Index of the first byte >= 0x80 at or after `i`, or text.size().
size_t FindNonAscii(std::string_view text, size_t i) {
  const char* p = text.data();
  size_t n = text.size();
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < n && static_cast<uint8_t>(p[i]) < 0x80) ++i;
  return i;
}

inline bool IsPrintableAscii(uint8_t c) { return c > 0x20 && c < 0x7F; }

/// The whitespace and control-character pass. Input arrives in pieces of valid UTF-8; state
/// (a pending space, the current newline run, a preceding \r) carries across pieces so the
/// result does not depend on where the pieces were cut. Spaces are written lazily, just before
/// the next visible character, so trailing spaces never reach the output and the output only
/// grows: size() at a piece boundary is that boundary's offset in the output.
class Cleaner {
 public:
  explicit Cleaner(std::string* out) : out_(out) {}

  void Append(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    size_t n = s.size(), i = 0;
    while (i < n) {
      size_t start = i;
      while (i < n) {  // visible ASCII, with single spaces between visible characters
        if (IsPrintableAscii(p[i])) {
          ++i;
        } else if (p[i] == ' ' && i > start && i + 1 < n && IsPrintableAscii(p[i + 1])) {
          i += 2;
        } else {
          break;
        }
      }
      if (i > start) Content(s.substr(start, i - start));
      if (i < n) i = Special(s, i);
    }
  }

  size_t size() const { return out_->size(); }

 private:
  void Content(std::string_view s) {
    if (pending_space_) out_->push_back(' ');
    pending_space_ = false;
    newlines_ = 0;
    after_cr_ = false;
    out_->append(s);
  }

  void Newline() {
    pending_space_ = false;
    if (newlines_ < 2) out_->push_back('\n');
    ++newlines_;
  }

  /// Handle the byte at s[i] that is not plain visible ASCII; return the next index.
  size_t Special(std::string_view s, size_t i) {
    auto c = static_cast<uint8_t>(s[i]);
    if (c >= 0x80) {
      size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      len = std::min(len, s.size() - i);
      bool c1_control = c == 0xC2 && len == 2 && static_cast<uint8_t>(s[i + 1]) < 0xA0;
      if (!c1_control) Content(s.substr(i, len));
      return i + len;
    }
    bool was_cr = after_cr_;
    after_cr_ = false;
    if (c == ' ' || c == '\t') {
      pending_space_ = true;
    } else if (c == '\r') {
      Newline();
      after_cr_ = true;
    } else if (c == '\n') {
      if (!was_cr) Newline();
    } else if (IsPrintableAscii(c)) {
      Content(s.substr(i, 1));
    }  // other C0 controls and DEL are dropped
    return i + 1;
  }

  std::string* out_;
  bool pending_space_ = false;
  bool after_cr_ = false;
  int newlines_ = 0;
};

/// True for the ASCII controls the cleaner drops (all but \t, \n and \r).
bool IsDroppedControl(char ch) {
  auto c = static_cast<uint8_t>(ch);
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

/// `run` (valid UTF-8) without the controls the cleaner would drop, so that NFKC sees the
/// characters on either side of a control as neighbours ("e", U+0001, U+0301 -> U+00E9).
std::string WithoutControls(std::string_view run) {
  std::string out;
  out.reserve(run.size());
  for (size_t i = 0; i < run.size(); ++i) {
    auto c = static_cast<uint8_t>(run[i]);
    if (IsDroppedControl(run[i])) continue;
    if (c == 0xC2 && i + 1 < run.size() && static_cast<uint8_t>(run[i + 1]) < 0xA0) {
      ++i;  // C1 control U+0080..U+009F
      continue;
    }
    out.push_back(run[i]);
  }
  return out;
}

/// Repair and NFKC-normalize a run that contains non-ASCII bytes, then clean it.
void AppendNfkc(std::string_view raw, Cleaner* cleaner) {
  std::string run = WithoutControls(IsValidUtf8(raw) ? std::string(raw) : RepairUtf8(raw));
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t len = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(run.data()), static_cast<utf8proc_ssize_t>(run.size()),
      &mapped, static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_STABLE));
  if (len < 0) {  // cannot happen on repaired input; keep the text rather than lose it
    cleaner->Append(run);
  } else {
    cleaner->Append(std::string_view(reinterpret_cast<const char*>(mapped), len));
  }
  std::free(mapped);
}

/// Normalize one piece of text into `cleaner`. ASCII is already NFKC, so only runs of
/// non-ASCII bytes go through utf8proc, together with the ASCII character before them (a
/// combining mark may compose with it). An ASCII character after a run is a starter that
/// composes with nothing before it, so cutting there changes nothing.
void NormalizePiece(std::string_view piece, Cleaner* cleaner) {
  size_t i = 0, n = piece.size();
  while (i < n) {
    size_t j = FindNonAscii(piece, i);
    if (j == n) {
      cleaner->Append(piece.substr(i));
      return;
    }
    // Step back over controls (dropped later) to the character a mark may compose with.
    size_t start = j;
    while (start > i && (start == j || IsDroppedControl(piece[start]))) --start;
    cleaner->Append(piece.substr(i, start - i));
    size_t k = j;
    while (k < n) {  // the run, including controls between its non-ASCII characters
      if (static_cast<uint8_t>(piece[k]) >= 0x80) {
        ++k;
        continue;
      }
      size_t m = k;
      while (m < n && IsDroppedControl(piece[m])) ++m;
      if (m == k || m == n || static_cast<uint8_t>(piece[m]) < 0x80) break;
      k = m;
    }
    AppendNfkc(piece.substr(start, k - start), cleaner);
    i = k;
  }
}

}  // namespace

std::string RepairUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  for (size_t i = 0; i < text.size();) {
    size_t len = SequenceLength(p + i, text.size() - i);
    if (len == 0) {
      out.append(kReplacement, 3);
      ++i;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
  return out;
}

std::string NormalizeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  Cleaner cleaner(&out);
  NormalizePiece(text, &cleaner);
  return out;
}

void NormalizeDocument(ingest::Document* doc) {
  doc->title = NormalizeText(doc->title);
  auto n = static_cast<int64_t>(doc->text.size());
  auto clamp = [n](int64_t v) { return std::clamp<int64_t>(v, 0, n); };
  std::vector<int64_t> cuts = {0, n};
  for (const ingest::Segment& seg : doc->segments) {
    cuts.push_back(clamp(seg.begin));
    cuts.push_back(clamp(seg.end));
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  std::string out;
  out.reserve(doc->text.size());
  Cleaner cleaner(&out);
  std::vector<int64_t> mapped(cuts.size());
  std::string_view text = doc->text;
  for (size_t k = 0; k < cuts.size(); ++k) {
    mapped[k] = static_cast<int64_t>(cleaner.size());
    if (k + 1 < cuts.size()) NormalizePiece(text.substr(cuts[k], cuts[k + 1] - cuts[k]), &cleaner);
  }
  auto remap = [&](int64_t v) {
    auto it = std::lower_bound(cuts.begin(), cuts.end(), clamp(v));
    return mapped[it - cuts.begin()];
  };
  for (ingest::Segment& seg : doc->segments) {
    int64_t begin = remap(seg.begin);
    seg.end = std::max(begin, remap(seg.end));
    seg.begin = begin;
  }
  doc->text = std::move(out);
}

}  // namespace strata::process
