// Boundary scanning for the chunkers: memchr for newlines, a byte table for sentence ends.

#include "process/chunk/boundaries.h"

#include <utf8proc.h>

#include <array>
#include <cstring>

namespace strata::process {
namespace {

/// Bytes that may start a sentence terminator or a newline: . ! ? \n and the first byte of the
/// three-byte CJK terminators (0xE3 for 。 U+3002, 0xEF for ！ U+FF01 and ？ U+FF1F).
constexpr std::array<bool, 256> MakeSentenceBytes() {
  std::array<bool, 256> t{};
  t['.'] = t['!'] = t['?'] = t['\n'] = true;
  t[0xE3] = t[0xEF] = true;
  return t;
}
constexpr std::array<bool, 256> kSentenceBytes = MakeSentenceBytes();

inline bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

size_t SkipAsciiSpaces(std::string_view text, size_t pos, size_t end) {
  while (pos < end && IsAsciiSpace(text[pos])) ++pos;
  return pos;
}

/// If a blank line starts at the newline text[nl], the end of the run of blank lines (after
/// its last newline); else 0.
size_t BlankLineRunEnd(std::string_view text, size_t nl, size_t end) {
  size_t cut = 0;
  size_t i = nl + 1;
  while (true) {
    while (i < end && IsBlank(text[i])) ++i;
    if (i >= end || text[i] != '\n') return cut;
    cut = ++i;
  }
}

size_t NextParagraph(std::string_view text, size_t pos, size_t end) {
  const char* base = text.data();
  while (pos < end) {
    const void* hit = std::memchr(base + pos, '\n', end - pos);
    if (hit == nullptr) return end;
    size_t nl = static_cast<const char*>(hit) - base;
    if (size_t cut = BlankLineRunEnd(text, nl, end); cut != 0) return cut;
    pos = nl + 1;
  }
  return end;
}

/// The length of the CJK terminator at text[i] (0 if none).
size_t CjkTerminatorLength(std::string_view text, size_t i, size_t end) {
  if (i + 3 > end) return 0;
  auto b1 = static_cast<unsigned char>(text[i + 1]);
  auto b2 = static_cast<unsigned char>(text[i + 2]);
  if (static_cast<unsigned char>(text[i]) == 0xE3) return b1 == 0x80 && b2 == 0x82 ? 3 : 0;
  return b1 == 0xBC && (b2 == 0x81 || b2 == 0x9F) ? 3 : 0;
}

size_t NextSentence(std::string_view text, size_t pos, size_t end, bool paragraphs) {
  for (size_t i = pos; i < end; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!kSentenceBytes[c]) continue;
    if (c == '\n') {
      if (!paragraphs) continue;
      if (size_t cut = BlankLineRunEnd(text, i, end); cut != 0) return cut;
    } else if (c >= 0x80) {
      if (size_t n = CjkTerminatorLength(text, i, end); n != 0) {
        return SkipAsciiSpaces(text, i + n, end);
      }
    } else if (i + 1 < end && IsAsciiSpace(text[i + 1])) {
      return SkipAsciiSpaces(text, i + 1, end);
    }
  }
  return end;
}

size_t NextWord(std::string_view text, size_t pos, size_t end) {
  size_t i = pos;
  while (i < end && !IsAsciiSpace(text[i])) ++i;
  return SkipAsciiSpaces(text, i, end);
}

size_t NextCodePoint(std::string_view text, size_t pos, size_t end) {
  size_t i = pos + 1;
  while (i < end && !IsCharBoundary(text, i)) ++i;
  return i;
}

bool IsUnicodeSpace(int32_t cp) {
  if (cp == 0x85) return true;
  auto cat = utf8proc_category(cp);
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

/// Whether the character text[begin, end) is a whitespace character.
bool IsSpaceChar(std::string_view text, size_t begin, size_t end) {
  if (end - begin == 1) return IsAsciiSpace(text[begin]);
  utf8proc_int32_t cp = -1;
  utf8proc_ssize_t n =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + begin),
                       static_cast<utf8proc_ssize_t>(end - begin), &cp);
  return n == static_cast<utf8proc_ssize_t>(end - begin) && IsUnicodeSpace(cp);
}

}  // namespace

size_t NextCut(std::string_view text, size_t pos, size_t end, Boundary level) {
  switch (level) {
    case Boundary::kParagraph:
      return NextParagraph(text, pos, end);
    case Boundary::kLine: {
      const void* hit = std::memchr(text.data() + pos, '\n', end - pos);
      return hit == nullptr ? end : static_cast<const char*>(hit) - text.data() + 1;
    }
    case Boundary::kSentence:
      return NextSentence(text, pos, end, /*paragraphs=*/false);
    case Boundary::kSentenceOrParagraph:
      return NextSentence(text, pos, end, /*paragraphs=*/true);
    case Boundary::kWord:
      return NextWord(text, pos, end);
    case Boundary::kCodePoint:
      return NextCodePoint(text, pos, end);
  }
  return end;
}

Span TrimSpaces(std::string_view text, Span range) {
  auto b = static_cast<size_t>(range.begin);
  auto e = static_cast<size_t>(range.end);
  while (b < e) {
    size_t next = NextCodePoint(text, b, e);
    if (!IsSpaceChar(text, b, next)) break;
    b = next;
  }
  while (e > b) {
    size_t start = e - 1;
    while (start > b && !IsCharBoundary(text, start)) --start;
    if (!IsSpaceChar(text, start, e)) break;
    e = start;
  }
  return Span{static_cast<int64_t>(b), static_cast<int64_t>(e)};
}

}  // namespace strata::process
