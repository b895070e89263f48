// Character classes for the tokenizers: a UTF-8 decoder that yields, for each code point, the
// Unicode general-category class bits that the tiktoken / GPT-2 / BERT splitting rules test.
//
// Classes follow the Rust `regex` crate (what tiktoken compiles its patterns with): `\s` is the
// Unicode White_Space property (so U+0085 is a space and U+FEFF is not), `\p{L}` the letter
// categories, `\p{N}` the number categories, `\p{M}` the mark categories, from utf8proc's tables.
// An invalid UTF-8 byte decodes as one code point U+FFFD of class kOther spanning that byte.
// Thread-safety: the tables are built once, at static initialization, and only read after.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace strata::process::tokenize {

/// Class bits of a code point. A code point has at most one of the letter bits.
enum CharClassBits : uint8_t {
  kOther = 0,
  kUpper = 1,        // Lu, Lt
  kLower = 2,        // Ll
  kOtherLetter = 4,  // Lm, Lo
  kMark = 8,         // Mn, Mc, Me
  kNumber = 16,      // Nd, Nl, No
  kSpace = 32,       // White_Space
  kNewline = 64,     // '\r' or '\n' (also kSpace)
  kPunct = 128,      // P* or ASCII punctuation (BERT's notion; independent of the others)
};

inline constexpr uint8_t kLetter = kUpper | kLower | kOtherLetter;

/// One decoded code point: its value, its length in bytes and its class bits.
struct CodePoint {
  uint32_t cp;
  uint32_t len;
  uint8_t cls;
};

/// Class bits of code point `cp` (any value; non-characters and surrogates are kOther).
uint8_t ClassOf(uint32_t cp);

/// The CJK ideograph ranges BERT's basic tokenizer splits around (WordPiece, Unigram).
bool IsBertChineseChar(uint32_t cp);
/// BERT's control characters: categories Cc Cf Cs Co Cn, except tab and newlines.
bool IsBertControl(uint32_t cp);

namespace internal {
extern const uint8_t kAsciiClass[128];
CodePoint DecodeSlow(std::string_view s, size_t pos);
}  // namespace internal

/// The code point that starts at byte `pos` of `s`.
/// REQUIRES: pos < s.size().
inline CodePoint DecodeAt(std::string_view s, size_t pos) {
  const auto b = static_cast<unsigned char>(s[pos]);
  if (b < 0x80) return {b, 1, internal::kAsciiClass[b]};
  return internal::DecodeSlow(s, pos);
}

}  // namespace strata::process::tokenize
