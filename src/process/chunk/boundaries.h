// Boundaries: where the chunkers may cut a document's text (chunker.h).
//
// A boundary level splits a byte range into consecutive parts that cover it exactly; the
// separator stays at the end of the part it closes ("para\n\n" | "next"), so parts are byte
// ranges of the text and every cut falls after an ASCII byte or after a whole character:
//   kParagraph            after a blank line (a newline, optional spaces/tabs, a newline; the
//                         whole run of blank lines stays with the part it ends);
//   kLine                 after "\n";
//   kSentence             after ". ", "! ", "? " (the terminator and the whitespace that follows)
//                         and after the CJK terminators 。！？ (with any whitespace that follows);
//   kSentenceOrParagraph  either of the two above (the `sentence` strategy's pieces);
//   kWord                 after each run of ASCII whitespace;
//   kCodePoint            after each UTF-8 character (a byte that does not start one stands
//                         alone).
// Whitespace here is ASCII whitespace plus the Unicode White_Space characters (NBSP, U+3000...).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace strata::process {

enum class Boundary : uint8_t {
  kParagraph,
  kLine,
  kSentence,
  kSentenceOrParagraph,
  kWord,
  kCodePoint,
};

/// A byte range [begin, end) of a document's text.
struct Span {
  int64_t begin = 0;
  int64_t end = 0;
  bool empty() const { return begin >= end; }
  int64_t size() const { return end - begin; }
};

/// The end of the part of text[pos, end) that starts at `pos` under `level` (`end` when the
/// range holds no further boundary). REQUIRES: pos < end <= text.size().
size_t NextCut(std::string_view text, size_t pos, size_t end, Boundary level);

/// Call on_part(begin, end) for each part of text[range] under `level`, in order.
template <typename OnPart>
void ForEachPart(std::string_view text, Span range, Boundary level, OnPart on_part) {
  auto pos = static_cast<size_t>(range.begin);
  const auto end = static_cast<size_t>(range.end);
  while (pos < end) {
    size_t cut = NextCut(text, pos, end, level);
    on_part(static_cast<int64_t>(pos), static_cast<int64_t>(cut));
    pos = cut;
  }
}

inline bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/// `range` without the whitespace characters at either end (empty when it is all whitespace).
Span TrimSpaces(std::string_view text, Span range);

/// Whether `pos` starts a UTF-8 character of `text` (or is its end).
inline bool IsCharBoundary(std::string_view text, size_t pos) {
  return pos >= text.size() || (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

}  // namespace strata::process
