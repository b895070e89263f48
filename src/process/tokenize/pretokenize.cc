#include "process/tokenize/pretokenize.h"

#include "process/tokenize/char_class.h"

namespace strata::process::tokenize {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);
// o200k's case classes: "upper-ish" [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], "lower-ish"
// [\p{Ll}\p{Lm}\p{Lo}\p{M}].
constexpr uint8_t kUpperish = kUpper | kOtherLetter | kMark;
constexpr uint8_t kLowerish = kLower | kOtherLetter | kMark;

// [^\s\p{L}\p{N}]: what the punctuation alternatives match.
inline bool IsSymbol(uint8_t cls) { return (cls & (kSpace | kLetter | kNumber)) == 0; }
// [^\r\n\p{L}\p{N}]: the optional prefix of a letter run.
inline bool IsLetterPrefix(uint8_t cls) { return (cls & (kNewline | kLetter | kNumber)) == 0; }

// End of the run of code points from `pos` whose class intersects `mask` (pos when none).
size_t RunEnd(std::string_view text, size_t pos, uint8_t mask) {
  while (pos < text.size()) {
    const CodePoint c = DecodeAt(text, pos);
    if ((c.cls & mask) == 0) break;
    pos += c.len;
  }
  return pos;
}

// End of at most `max` code points of class `mask` from `pos`.
size_t BoundedRunEnd(std::string_view text, size_t pos, uint8_t mask, int max) {
  for (int i = 0; i < max && pos < text.size(); ++i) {
    const CodePoint c = DecodeAt(text, pos);
    if ((c.cls & mask) == 0) break;
    pos += c.len;
  }
  return pos;
}

// Length of a contraction ('s 't 're 've 'm 'll 'd) at `pos`, 0 when none. Case-insensitive
// matching follows Unicode simple case folding, under which U+017F (long s) equals 's'.
size_t ContractionLength(std::string_view text, size_t pos, bool case_insensitive) {
  if (pos + 1 >= text.size() || text[pos] != '\'') return 0;
  auto at = [&](size_t i) -> char {
    if (i >= text.size()) return 0;
    const char c = text[i];
    return case_insensitive && c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  };
  const char a = at(pos + 1);
  const char b = at(pos + 2);
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
  if ((a == 'l' && b == 'l') || (a == 'v' && b == 'e') || (a == 'r' && b == 'e')) return 3;
  if (case_insensitive && text.substr(pos + 1, 2) == "\xC5\xBF") return 3;
  return 0;
}

// The whitespace alternatives at `pos` (a space): `\s*[\r\n]+` when `newline_rule`, then
// `\s+(?!\S)`, then `\s+`.
size_t WhitespaceEnd(std::string_view text, size_t pos, bool newline_rule) {
  size_t q = pos;
  size_t last_start = pos;
  size_t last_newline_end = kNone;
  while (q < text.size()) {
    const CodePoint c = DecodeAt(text, q);
    if ((c.cls & kSpace) == 0) break;
    last_start = q;
    q += c.len;
    if (c.cls & kNewline) last_newline_end = q;
  }
  if (newline_rule && last_newline_end != kNone) return last_newline_end;
  if (q == text.size()) return q;           // (?!\S) holds at the end of the text
  if (last_start > pos) return last_start;  // leave the last space to the next piece
  return q;
}

// ` ?[^\s\p{L}\p{N}]+` followed by any of `trail` (kNone when it does not match at pos).
size_t SymbolRunEnd(std::string_view text, size_t pos, const CodePoint& c, bool newlines,
                    bool slashes) {
  size_t q = pos;
  if (c.cp == ' ' && pos + 1 < text.size() && IsSymbol(DecodeAt(text, pos + 1).cls)) {
    q = pos + 1;
  } else if (!IsSymbol(c.cls)) {
    return kNone;
  }
  while (q < text.size()) {
    const CodePoint d = DecodeAt(text, q);
    if (!IsSymbol(d.cls)) break;
    q += d.len;
  }
  while (q < text.size() &&
         ((newlines && (text[q] == '\r' || text[q] == '\n')) || (slashes && text[q] == '/'))) {
    ++q;
  }
  return q;
}

size_t Gpt2PieceEnd(std::string_view text, size_t pos) {
  if (size_t n = ContractionLength(text, pos, false)) return pos + n;
  const CodePoint c = DecodeAt(text, pos);
  size_t start = pos;
  uint8_t cls = c.cls;
  if (c.cp == ' ' && pos + 1 < text.size()) {
    const CodePoint d = DecodeAt(text, pos + 1);
    if (d.cls & (kLetter | kNumber)) {
      start = pos + 1;
      cls = d.cls;
    }
  }
  if (cls & kLetter) return RunEnd(text, start, kLetter);
  if (cls & kNumber) return RunEnd(text, start, kNumber);
  if (size_t e = SymbolRunEnd(text, pos, c, false, false); e != kNone) return e;
  return WhitespaceEnd(text, pos, false);
}

size_t Cl100kPieceEnd(std::string_view text, size_t pos) {
  if (size_t n = ContractionLength(text, pos, true)) return pos + n;
  const CodePoint c = DecodeAt(text, pos);
  if (c.cls & kLetter) return RunEnd(text, pos, kLetter);
  if (IsLetterPrefix(c.cls) && pos + c.len < text.size() &&
      (DecodeAt(text, pos + c.len).cls & kLetter)) {
    return RunEnd(text, pos + c.len, kLetter);
  }
  if (c.cls & kNumber) return BoundedRunEnd(text, pos, kNumber, 3);
  if (size_t e = SymbolRunEnd(text, pos, c, true, false); e != kNone) return e;
  return WhitespaceEnd(text, pos, true);
}

// o200k's first two alternatives from `start` (after the optional prefix):
//   lower_required: [upper-ish]*[lower-ish]+   otherwise: [upper-ish]+[lower-ish]*
// with backtracking resolved: returns the match end or kNone.
size_t O200kLettersEnd(std::string_view text, size_t start, bool lower_required) {
  size_t q = start;
  size_t last_lowerish_end = kNone;  // end of the last lower-ish code point of the upper-ish run
  while (q < text.size()) {
    const CodePoint d = DecodeAt(text, q);
    if ((d.cls & kUpperish) == 0) break;
    q += d.len;
    if (d.cls & kLowerish) last_lowerish_end = q;
  }
  const bool lower_next = q < text.size() && (DecodeAt(text, q).cls & kLowerish);
  if (!lower_required) return q == start ? kNone : RunEnd(text, q, kLowerish);
  if (lower_next) return RunEnd(text, q, kLowerish);
  // Backtrack: the upper-ish run gives back its code points down to its last lower-ish one.
  return last_lowerish_end;
}

size_t O200kPieceEnd(std::string_view text, size_t pos) {
  const CodePoint c = DecodeAt(text, pos);
  for (bool lower_required : {true, false}) {
    for (bool with_prefix : {true, false}) {
      if (with_prefix && (!IsLetterPrefix(c.cls) || pos + c.len >= text.size())) continue;
      const size_t e = O200kLettersEnd(text, with_prefix ? pos + c.len : pos, lower_required);
      if (e != kNone) return e + ContractionLength(text, e, true);
    }
  }
  if (c.cls & kNumber) return BoundedRunEnd(text, pos, kNumber, 3);
  if (size_t e = SymbolRunEnd(text, pos, c, true, true); e != kNone) return e;
  return WhitespaceEnd(text, pos, true);
}

}  // namespace

size_t NextPieceEnd(SplitPattern pattern, std::string_view text, size_t pos) {
  switch (pattern) {
    case SplitPattern::kGpt2:
      return Gpt2PieceEnd(text, pos);
    case SplitPattern::kCl100k:
      return Cl100kPieceEnd(text, pos);
    case SplitPattern::kO200k:
      return O200kPieceEnd(text, pos);
  }
  return text.size();
}

}  // namespace strata::process::tokenize
