// The built-in Unicode word tokenizer ("words", tokenizer.h).
//
// Tokens, scanning the text code point by code point:
//   - a maximal run of letters, digits and marks (general categories L*, N*, M*) is one token;
//   - a CJK ideograph (the ranges BERT's BasicTokenizer splits) is a token of its own, so text
//     without spaces between words still counts about one token per word;
//   - any other non-space code point (punctuation, symbols, emoji, controls, a byte that is not
//     valid UTF-8) is a token of its own;
//   - marks following such a single-code-point token belong to it ("❤️" is one token, not two);
//   - whitespace (White_Space: ASCII \t\n\v\f\r and space, U+0085, categories Zs, Zl, Zp)
//     separates tokens and is never part of one.
// Ids are the low 32 bits of XXH3 of the token's bytes. Count() runs a table-driven state
// machine over ASCII bytes and allocates nothing.

#include <utf8proc.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/hash.h"
#include "process/tokenize/tokenizer.h"

namespace strata::process {
namespace {

// Code point classes. kRun continues a run of its own class; kMark continues any token.
enum class CharClass : uint8_t { kSpace = 0, kRun = 1, kSingle = 2, kMark = 3 };

constexpr std::array<CharClass, 128> MakeAsciiClasses() {
  std::array<CharClass, 128> t{};
  for (int c = 0; c < 128; ++c) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    bool space = c == ' ' || (c >= '\t' && c <= '\r');
    t[c] = alnum ? CharClass::kRun : space ? CharClass::kSpace : CharClass::kSingle;
  }
  return t;
}
constexpr std::array<CharClass, 128> kAscii = MakeAsciiClasses();

bool IsCjkIdeograph(int32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

CharClass ClassifyCodePoint(int32_t cp) {
  if (cp < 0) return CharClass::kSingle;  // invalid UTF-8 byte
  if (cp == 0x85) return CharClass::kSpace;
  if (IsCjkIdeograph(cp)) return CharClass::kSingle;
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return CharClass::kRun;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CharClass::kMark;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
      return CharClass::kSpace;
    default:
      return CharClass::kSingle;
  }
}

/// Decode the non-ASCII code point at text[i]; set *len to its byte length (1 for a bad byte,
/// whose code point is -1).
CharClass ClassifyNonAscii(std::string_view text, size_t i, size_t* len) {
  utf8proc_int32_t cp = -1;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                        static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  if (n <= 0) {
    *len = 1;
    return CharClass::kSingle;
  }
  *len = static_cast<size_t>(n);
  return ClassifyCodePoint(cp);
}

/// Whether a code point of class `c` starts a new token after one of class `prev`; updates the
/// state `prev` (kSpace, kRun or kSingle) to the token kind now open.
inline bool StartsToken(CharClass c, CharClass* prev) {
  switch (c) {
    case CharClass::kSpace:
      *prev = CharClass::kSpace;
      return false;
    case CharClass::kRun: {
      bool starts = *prev != CharClass::kRun;
      *prev = CharClass::kRun;
      return starts;
    }
    case CharClass::kMark:
      if (*prev != CharClass::kSpace) return false;
      *prev = CharClass::kRun;  // a mark after a space opens a run
      return true;
    case CharClass::kSingle:
      *prev = CharClass::kSingle;
      return true;
  }
  return false;
}

/// The class of the code point at text[i] and, in *len, its byte length.
inline CharClass ClassAt(std::string_view text, size_t i, size_t* len) {
  auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    *len = 1;
    return kAscii[b];
  }
  return ClassifyNonAscii(text, i, len);
}

/// Call on_token(begin, end) for each token of `text`, in order.
template <typename OnToken>
void ForEachToken(std::string_view text, OnToken on_token) {
  const size_t n = text.size();
  size_t i = 0;
  size_t len = 1;
  while (i < n) {
    CharClass c = ClassAt(text, i, &len);
    if (c == CharClass::kSpace) {
      i += len;
      continue;
    }
    const size_t begin = i;
    const bool run = c != CharClass::kSingle;  // a mark after a space opens a run
    for (i += len; i < n; i += len) {
      CharClass next = ClassAt(text, i, &len);
      if (next != CharClass::kMark && !(run && next == CharClass::kRun)) break;
    }
    on_token(begin, i);
  }
}

int32_t TokenId(std::string_view token) {
  return static_cast<int32_t>(static_cast<uint32_t>(Xxh3(token)));
}

class WordTokenizerImpl final : public Tokenizer {
 public:
  std::string_view name() const override { return "words"; }

  std::vector<int32_t> Encode(std::string_view text) const override {
    std::vector<int32_t> ids;
    ForEachToken(text, [&](size_t b, size_t e) { ids.push_back(TokenId(text.substr(b, e - b))); });
    return ids;
  }

  void EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                         std::vector<uint32_t>* ends) const override {
    ids->clear();
    ends->clear();
    ForEachToken(text, [&](size_t b, size_t e) {
      ids->push_back(TokenId(text.substr(b, e - b)));
      ends->push_back(static_cast<uint32_t>(e));
    });
  }

  int64_t Count(std::string_view text) const override {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    int64_t count = 0;
    CharClass state = CharClass::kSpace;
    size_t i = 0;
    while (i < n) {
      // ASCII fast path: kSingle always starts a token, kRun only after a non-run.
      const size_t ascii_begin = i;
      uint32_t in_run = state == CharClass::kRun;
      while (i < n && p[i] < 0x80) {
        auto c = static_cast<uint32_t>(kAscii[p[i]]);
        count += (c >> 1) | (c & 1 & ~in_run);
        in_run = c & 1;
        ++i;
      }
      if (i > ascii_begin) state = in_run ? CharClass::kRun : kAscii[p[i - 1]];
      if (i >= n) break;
      size_t len = 1;
      CharClass c = ClassifyNonAscii(text, i, &len);
      count += StartsToken(c, &state);
      i += len;
    }
    return count;
  }
};

}  // namespace

const Tokenizer& WordTokenizer() {
  static const WordTokenizerImpl* const kTokenizer = new WordTokenizerImpl();
  return *kTokenizer;
}

}  // namespace strata::process
